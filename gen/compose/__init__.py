"""Compose stage: a profile turns the computed budget into the format-neutral document."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from gen.compose.cells import TableContext
from gen.compose.context import items, template_context
from gen.compose.document import (
    Block,
    Document,
    Entry,
    Orientation,
    Paragraph,
    Part,
    Section,
    TitlePage,
    joined,
)
from gen.compose.forms import performance_forms
from gen.compose.layout import arrange
from gen.compose.measures import Evaluator
from gen.compose.numbers import numbered
from gen.compose.pivot import Pivot
from gen.compose.profile import ResolvedProfile, SectionSpec, load_profile
from gen.compose.templating import Narrative, ProfileTemplateError, environment, render_string
from gen.compose.unknown import Unknown, Unknowns
from gen.compute.budget import ComputedBudget
from gen.compute.revealed import Missing, Unrevealed
from gen.errors import BudgetDocError
from gen.findings import Location
from gen.load.source import Path_

__all__ = ["DocumentIncomplete", "Gap", "compose", "load_profile", "template_context"]

NARRATIVE = "narrative.j2"


@dataclass(frozen=True)
class Gap:
    """A section the document cannot print as the input stands, and why."""

    section: str
    where: Location
    """The section's place in the profile."""
    missing: Missing | None = None
    """A fact the section needs that the input does not reveal; None when the section is only empty."""
    empty_fields: tuple[Path_, ...] = ()
    """Input fields the section's text read and found empty."""
    hint: str = ""


class DocumentIncomplete(BudgetDocError):
    """The profile prints sections the input has nothing for; each gap names the section and the fields."""

    def __init__(self, gaps: list[Gap]) -> None:
        super().__init__(f"{len(gaps)} 处缺少数据")
        self.gaps = gaps


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


Path = tuple[str | int, ...]
# Punctuation a run-in heading may end in itself; any other heading is followed by a colon.
RUN_IN_ENDS = "：:。，、．.）)"


def _per_item_blocks(sections: list[SectionSpec], repeated: bool = False) -> set[str]:
    """The narrative blocks only sections repeated per item use (rendered per item, not once)."""
    found: set[str] = set()
    for spec in sections:
        inside = repeated or spec.each is not None
        if inside and spec.text:
            found.add(spec.text)
        found |= _per_item_blocks(spec.sections, inside)
    return found


def _entries(sections: list[Section], level: int, depth: int) -> list[Entry]:
    """The 目录 lines of `sections` at `level` (1 for the top lines), down to the profile's depth."""
    if level > depth + 1:
        return []
    return [Entry(s.entry, s.anchor, level, _entries(s.children, level + 1, depth)) for s in sections]


def contents(parts: list[Part], depth: int) -> list[Entry]:
    """The 目录: each part and its sections; a part without a heading lists its sections at the top."""
    entries: list[Entry] = []
    for part in parts:
        if part.show_heading:
            entries.append(Entry(part.entry, part.anchor, 1, _entries(part.sections, 2, depth)))
        else:
            entries += _entries(part.sections, 1, depth)
    return entries


class _Composer:
    def __init__(self, computed: ComputedBudget, profile: ResolvedProfile) -> None:
        self.computed = computed
        self.profile = profile
        self.spec = profile.spec
        self.unknowns = Unknowns(computed.revealed, computed.budget)
        self.env = environment(
            profile, autoescape=False, unknowns=self.unknowns, amount_unit=computed.budget.meta.amount_unit
        )
        self.context = template_context(computed, profile, self.unknowns)
        per_item = set().union(*(_per_item_blocks(p.sections) for p in self.spec.parts))
        self.narrative = Narrative(self.env, NARRATIVE, self.context, per_item)
        self.items = items(computed, profile, self.unknowns)
        self.evaluator = Evaluator(computed, profile.spec.measures)
        self.table_count = 0
        self.gaps: list[Gap] = []
        self.part_id = ""
        self.within = ""
        """The heading of the repeated section being composed (its item's), for naming gaps."""

    def string(self, source: str, where: str, item: Any = None) -> str:
        context = self.context if item is None else {**self.context, "item": item}
        return render_string(self.env, source, context, where)

    def title(
        self, source: str, heading: str, path: Path, where: str, item: Any = None, key: str = "title"
    ) -> str:
        """A title from profile.yaml; a title needing what the input lacks is a gap, printed as written."""
        try:
            return self.string(source, f"{where}.{key}", item)
        except Unrevealed as gap:
            self.gaps.append(Gap(heading or source, self.profile.locate(*path, key), gap.missing))
            return source

    def text(
        self, block: str, heading: str, path: Path, where: str, item: Any = None
    ) -> tuple[list[Block], Gap | None]:
        """The block's paragraphs, and the gap to report if the section ends up with nothing at all."""
        if block not in self.narrative:
            raise ProfileTemplateError(f"{where}：{NARRATIVE} 中没有名为“{block}”的 block")
        rendered = self.narrative.block(block, item)
        located = self.profile.locate(*path, "text")
        self.gaps += [Gap(heading, located, missing) for missing in rendered.missing]
        return _paragraphs(rendered.text), Gap(heading, located, None, rendered.empty_fields)

    def nothing(self, heading: str, since: int, empty: Gap | None, path: Path) -> None:
        """A heading with nothing under it is a gap, unless a missing fact already explains it."""
        if len(self.gaps) == since:
            self.gaps.append(empty or Gap(heading, self.profile.locate(*path)))

    def repeated(self, spec: SectionSpec, path: Path) -> list[Any]:
        """The items a section is repeated over; none (and a gap) when the input does not reveal them."""
        found = self.items[spec.each or ""]
        if isinstance(found, Unknown):
            self.gaps.append(Gap(spec.title, self.profile.locate(*path, "each"), found.missing))
            return []
        return list(found)

    def sections(
        self,
        specs: list[SectionSpec],
        level: int,
        path: Path,
        page: str | None,
        item: Any = None,
        suffix: str = "",
    ) -> list[Section]:
        """Headings numbered among their text siblings (a repeated section once per item); tables
        numbered through the whole document."""
        made, count = [], 0
        for index, spec in enumerate(specs):
            at = (*path, "sections", index)
            pattern = self.spec.numbering.section if level == 1 else self.spec.numbering.subsection
            if spec.each:
                for n, each in enumerate(self.repeated(spec, at), start=1):
                    count += 1
                    made.append(
                        self.section(spec, numbered(pattern, count), level, at, page, each, f"{suffix}-{n}")
                    )
                continue
            if spec.table:
                self.table_count += 1
                number = numbered(self.spec.numbering.table, self.table_count)
            else:
                count += 1
                number = numbered(pattern, count)
            made.append(self.section(spec, number, level, at, page, item, suffix))
        return made

    def section(
        self, spec: SectionSpec, number: str, level: int, path: Path, page: str | None, item: Any, suffix: str
    ) -> Section:
        where = self.profile.where(*path)
        title = self.title(spec.title, "", path, where, item)
        section = Section(spec.id + suffix, number, title, level, show_number_in_body=spec.numbered)
        section.anchor = f"{self.part_id}-{section.id}"
        shown = self.title(spec.toc_text, "", path, where, item, "toc_text") if spec.toc_text else title
        section.entry = joined(number, shown)
        section.new_page = spec.new_page
        own = spec.orientation or page
        section.page = Orientation(own) if own else None
        # In a repeated section a gap names the item's heading too: 一、某项目 › （二）立项依据.
        named = f"{self.within} › {section.heading}" if self.within else section.heading
        since, empty = len(self.gaps), None
        if spec.text:
            paragraphs, empty = self.text(spec.text, named, path, where, item)
            if spec.run_in and paragraphs and isinstance(paragraphs[0], Paragraph):
                lead = section.body_heading
                joint = "" if lead.endswith(tuple(RUN_IN_ENDS)) else "："
                paragraphs[0] = replace(paragraphs[0], lead=lead, joint=joint)
                section.run_in = True
            section.blocks += paragraphs
        if spec.table:
            try:
                made = self.table(spec, title, where, own)
            except Unrevealed as gap:
                self.gaps.append(Gap(named, self.profile.locate(*path, "table"), gap.missing))
            else:
                section.blocks += made
                hint = "表中没有数据，模板也没有写无数据时的说明（empty_note）"
                empty = empty or Gap(named, self.profile.locate(*path, "table"), hint=hint)
        outer, self.within = self.within, named if spec.each else self.within
        section.children = self.sections(spec.sections, level + 1, path, own, item, suffix)
        self.within = outer
        if not section.blocks and not section.children:
            self.nothing(named, since, empty, path)
        return section

    def table(self, spec: SectionSpec, title: str, where: str, page: str | None = None) -> list[Block]:
        """A declared table or form (the profile was checked when loaded: the kind exists)."""
        kind = spec.table or ""
        declared = self.spec.table_kinds.get(kind)
        form = self.spec.form_kinds.get(kind)
        if declared is None and form is None:
            known = "、".join([*self.spec.table_kinds, *self.spec.form_kinds])
            raise ProfileTemplateError(f"{where}.table：未知的表格种类“{kind}”（可用：{known}）")
        ctx = TableContext(
            self.computed,
            self.spec,
            spec,
            title,
            where,
            notes=tuple(self.string(n, f"{where}.notes[{i}]") for i, n in enumerate(spec.notes, start=1)),
            caption=self.string(spec.caption or "", f"{where}.caption"),
            empty_note=self.string(spec.empty_note, f"{where}.empty_note") if spec.empty_note else None,
            kind_orientation=declared.orientation if declared is not None else None,
            page=page,
        )
        if declared is not None:
            return list(Pivot(ctx, declared, self.evaluator).tables())
        assert form is not None
        return list(performance_forms(ctx, form))

    def document(self) -> Document:
        parts, count = [], 0
        for index, part_spec in enumerate(self.spec.parts):
            path: Path = ("parts", index)
            where = self.profile.where(*path)
            count += part_spec.heading
            number = numbered(self.spec.numbering.part, count) if part_spec.heading else ""
            title = self.title(part_spec.title, "", path, where)
            part = Part(part_spec.id, number, title, show_heading=part_spec.heading, anchor=part_spec.id)
            shown = (
                self.title(part_spec.toc_text, "", path, where, key="toc_text")
                if part_spec.toc_text
                else title
            )
            part.entry = joined(number, shown)
            part.page = Orientation(part_spec.orientation) if part_spec.orientation else None
            self.part_id = part.id
            since, empty = len(self.gaps), None
            if part_spec.text:
                paragraphs, empty = self.text(part_spec.text, part.heading, path, where)
                part.blocks += paragraphs
            part.sections = self.sections(part_spec.sections, 1, path, part_spec.orientation)
            if not part.blocks and not part.sections:
                self.nothing(part.heading, since, empty, path)
            parts.append(part)
        if self.gaps:
            raise DocumentIncomplete(self.gaps)
        department = self.computed.budget.meta.department
        title = self.string(self.spec.title, self.profile.where("title"))
        cover = self.spec.title_page
        lines = [
            self.string(line, self.profile.where("title_page", "lines", i))
            for i, line in enumerate(cover.lines)
        ]
        if not cover.show and not self.spec.toc and parts:
            parts[0].new_page = False  # only the title heading is before it
        return Document(
            title=title,
            author=department.name,
            language=self.spec.language,
            title_page=TitlePage(
                title, [line for line in lines if line.strip()], cover.show, as_heading=not cover.show
            ),
            parts=parts,
            toc_title=self.spec.toc_title,
            toc_depth=self.spec.toc_depth,
            show_toc=self.spec.toc,
            contents=contents(parts, self.spec.toc_depth) if self.spec.toc else [],
        )


def compose(computed: ComputedBudget, profile: ResolvedProfile) -> Document:
    """Lay out the whole disclosure as the profile describes it; every number comes from `computed`.

    Raises DocumentIncomplete, naming every section and the input fields it lacks, when the profile
    prints something the input does not reveal (or a section would have nothing under it).
    """
    return arrange(_Composer(computed, profile).document())
