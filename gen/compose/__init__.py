"""Compose stage: a profile turns the computed budget into the format-neutral document."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gen.compose import forms
from gen.compose.cells import TableContext
from gen.compose.document import Block, Document, Paragraph, Part, Section, TitlePage
from gen.compose.layout import arrange
from gen.compose.measures import Evaluator
from gen.compose.numbers import numbered
from gen.compose.pivot import Pivot
from gen.compose.profile import ResolvedProfile, SectionSpec, load_profile
from gen.compose.templating import ProfileTemplateError, environment, render_blocks, render_string
from gen.compose.unknown import Unknown, Unknowns
from gen.compute.budget import ComputedBudget, Figures
from gen.compute.revealed import Fact, Missing, Unrevealed
from gen.compute.rows import RowKind
from gen.compute.yoy import Change
from gen.errors import BudgetDocError
from gen.findings import Location
from gen.load.source import Path_
from models.amount import ZERO
from models.budget import APPROPRIATIONS, FundSource, Narrative

__all__ = ["DocumentIncomplete", "Gap", "compose", "load_profile"]

NARRATIVE = "narrative.j2"
SECTION_TABLE_OPTIONS = frozenset(SectionSpec.model_fields) - {
    "id",
    "title",
    "text",
    "table",
    "numbered",
    "sections",
}
# The kinds of spending the 支出预算总表 has columns for, as the narrative lists them.
SPENDING_KINDS = ("basic", "project", "institution_operating", "remit_upper", "subsidiary_grant")


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


def _spending_kinds(
    computed: ComputedBudget, profile: ResolvedProfile, unknowns: Unknowns
) -> list[str] | Unknown:
    """The kinds of spending the budget has, as the 支出预算总表 names its columns."""
    figures = computed.figures
    if computed.revealed.known(Fact.FUNCTION_DETAIL):
        row = computed.tables["expenditure"].total()
        amounts: dict[str, Decimal | None] = {key: row.value(key) for key in SPENDING_KINDS}
    else:
        basic = figures.basic.current if figures.basic else None
        project = figures.project.current if figures.project else None
        total = figures.total.current if figures.total else None
        # Known only by 类: the other kinds are zero exactly when 基本 and 项目 make up the total.
        others = (
            None if total is None or basic is None or project is None or total != basic + project else ZERO
        )
        amounts = {key: others for key in SPENDING_KINDS}
        amounts.update(basic=basic, project=project)
    if any(v is None for v in amounts.values()):
        return Unknown(unknowns.missing(Fact.FUNCTION_DETAIL))
    labels = profile.spec.labels.get("spending_type", {})
    return [labels.get(key, key) for key in SPENDING_KINDS if amounts[key]]


def _drivers(figures: Figures, narrative: Narrative) -> list[dict[str, Any]]:
    """The labelled 基本/项目 changes behind the 一般公共预算's change, largest first."""
    labelled: list[tuple[str, Change]] = [
        (label, change)
        for label, change in (
            (narrative.project_change_label, figures.project),
            (narrative.basic_change_label, figures.basic),
        )
        if label and change is not None and change.delta
    ]
    # The split of the change is only the 一般公共预算's own when all money is 一般公共预算.
    general, total = figures.general, figures.total
    if general is None or total is None or general.current != total.current:
        labelled = []
    labelled.sort(key=lambda pair: abs(pair[1].delta or ZERO), reverse=True)
    return [{"label": label, "change": change} for label, change in labelled]


def template_context(
    computed: ComputedBudget, profile: ResolvedProfile, unknowns: Unknowns | None = None
) -> dict[str, Any]:
    """What narrative templates see: the input (for prose) and computed figures (for numbers).

    What the input does not reveal is an Unknown, never None or zero (see gen.compose.unknown).
    """
    budget, figures = computed.budget, computed.figures
    unknowns = unknowns or Unknowns(computed.revealed, budget)

    def known(fact: Fact, value: Any) -> Any:
        return value if computed.revealed.known(fact) else Unknown(unknowns.missing(fact))

    prior_year = computed.prior.budget.meta.year if computed.prior else budget.meta.year - 1
    labels = profile.spec.income_labels
    income_lines = [
        {
            "label": labels.get(s.value, s.value),
            "source": s.value,
            "amount": figures.income_by_source[s],
            "share": figures.income_share(s),
        }
        for s in FundSource
        if figures.income_by_source[s]
    ]
    department = budget.meta.department
    narrative = budget.narrative
    procurement_lines = (
        [
            {"name": category.value, "amount": amount, "usage": narrative.procurement_usage.get(category)}
            for category, amount in figures.procurement.by_category.items()
            if amount
        ]
        if figures.procurement is not None
        else Unknown(unknowns.missing(Fact.PROCUREMENT))
    )
    funds = figures.fund_totals
    return {
        "dept_name": department.short_name or department.name,
        "unit_names": known(Fact.UNITS, [u.short_name or u.name for u in budget.units]),
        "spending_kinds": _spending_kinds(computed, profile, unknowns),
        "general_drivers": _drivers(figures, narrative),
        "procurement_lines": procurement_lines,
        "tp": figures.three_public,
        "year": budget.meta.year,
        "prior_year": prior_year,
        "unit": profile.spec.text.unit or budget.meta.amount_unit,
        "dept": budget.meta.department,
        "meta": budget.meta,
        "b": budget,
        "f": figures,
        "n": budget.narrative,
        "units": known(Fact.UNITS, budget.units),
        "income_lines": income_lines,
        "appropriation_income": [
            {
                "label": labels.get(f"{s.value}-财政拨款", s.value + "拨款"),
                "amount": figures.income_by_source[s],
            }
            for s in APPROPRIATIONS
            if figures.income_by_source[s]
        ],
        "appropriation_classes": known(
            Fact.FUNCTIONS,
            [
                {"code": r.code, "name": r.name, "amount": r.value("total")}
                for r in computed.tables["appropriation_by_function"].rows
                if r.kind is RowKind.CLASS and r.value("total")
            ],
        ),
        "gov_fund_total": funds[FundSource.GOV_FUND] if funds else Unknown(unknowns.missing(Fact.FUNCTIONS)),
        "state_capital_total": funds[FundSource.STATE_CAPITAL]
        if funds
        else Unknown(unknowns.missing(Fact.FUNCTIONS)),
        "glossary": {term: meaning for term, meaning in profile.spec.glossary.items() if meaning},
    }


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


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
        self.texts = render_blocks(self.env, NARRATIVE, self.context)
        self.evaluator = Evaluator(computed, profile.spec.measures)
        self.table_count = 0
        self.gaps: list[Gap] = []

    def string(self, source: str, where: str) -> str:
        return render_string(self.env, source, self.context, where)

    def title(self, source: str, heading: str, path: tuple[str | int, ...], where: str) -> str:
        """A title from profile.yaml; a title needing what the input lacks is a gap, printed as written."""
        try:
            return self.string(source, f"{where}.title")
        except Unrevealed as gap:
            self.gaps.append(Gap(heading or source, self.profile.locate(*path, "title"), gap.missing))
            return source

    def text(
        self, block: str, heading: str, path: tuple[str | int, ...], where: str
    ) -> tuple[list[Block], Gap | None]:
        """The block's paragraphs, and the gap to report if the section ends up with nothing at all."""
        if block not in self.texts:
            raise ProfileTemplateError(f"{where}：{NARRATIVE} 中没有名为“{block}”的 block")
        rendered = self.texts[block]
        located = self.profile.locate(*path, "text")
        self.gaps += [Gap(heading, located, missing) for missing in rendered.missing]
        return _paragraphs(rendered.text), Gap(heading, located, None, rendered.empty_fields)

    def nothing(self, heading: str, since: int, empty: Gap | None, path: tuple[str | int, ...]) -> None:
        """A heading with nothing under it is a gap, unless a missing fact already explains it."""
        if len(self.gaps) == since:
            self.gaps.append(empty or Gap(heading, self.profile.locate(*path)))

    def sections(self, specs: list[SectionSpec], level: int, path: tuple[str | int, ...]) -> list[Section]:
        """Headings numbered among their text siblings; tables numbered through the whole document."""
        made, count = [], 0
        for index, spec in enumerate(specs):
            if spec.table:
                self.table_count += 1
                number = numbered(self.spec.numbering.table, self.table_count)
            else:
                count += 1
                pattern = self.spec.numbering.section if level == 1 else self.spec.numbering.subsection
                number = numbered(pattern, count)
            made.append(self.section(spec, number, level, (*path, "sections", index)))
        return made

    def section(self, spec: SectionSpec, number: str, level: int, path: tuple[str | int, ...]) -> Section:
        where = self.profile.where(*path)
        title = self.title(spec.title, "", path, where)
        section = Section(spec.id, number, title, level, show_number_in_body=spec.numbered)
        since, empty = len(self.gaps), None
        if spec.text:
            paragraphs, empty = self.text(spec.text, section.heading, path, where)
            section.blocks += paragraphs
        if spec.table:
            try:
                made = self.table(spec, title, where)
            except Unrevealed as gap:
                self.gaps.append(Gap(section.heading, self.profile.locate(*path, "table"), gap.missing))
            else:
                section.blocks += made
                hint = "表中没有数据，模板也没有写无数据时的说明（empty_note）"
                empty = empty or Gap(section.heading, self.profile.locate(*path, "table"), hint=hint)
        section.children = self.sections(spec.sections, level + 1, path)
        if not section.blocks and not section.children:
            self.nothing(section.heading, since, empty, path)
        return section

    def table(self, spec: SectionSpec, title: str, where: str) -> list[Block]:
        kind = spec.table or ""
        declared = self.spec.table_kinds.get(kind)
        if declared is None and kind not in forms.BUILDERS:
            known = "、".join([*self.spec.table_kinds, *forms.BUILDERS])
            raise ProfileTemplateError(f"{where}.table：未知的表格种类“{kind}”（可用：{known}）")
        unsupported = (
            sorted(spec.model_fields_set & SECTION_TABLE_OPTIONS - forms.OPTIONS[kind])
            if declared is None
            else []
        )
        if unsupported:
            raise ProfileTemplateError(
                f"{where}：表格种类 {kind} 不能设置 {'、'.join(unsupported)}"
                f"（可设置：{'、'.join(sorted(forms.OPTIONS[kind]))}）"
            )
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
        )
        if declared is not None:
            return list(Pivot(ctx, declared, self.evaluator).tables())
        return list(forms.BUILDERS[kind](ctx))

    def document(self) -> Document:
        parts = []
        for index, part_spec in enumerate(self.spec.parts):
            path: tuple[str | int, ...] = ("parts", index)
            where = self.profile.where(*path)
            number = numbered(self.spec.numbering.part, index + 1)
            part = Part(part_spec.id, number, self.title(part_spec.title, "", path, where))
            since, empty = len(self.gaps), None
            if part_spec.text:
                paragraphs, empty = self.text(part_spec.text, part.heading, path, where)
                part.blocks += paragraphs
            part.sections = self.sections(part_spec.sections, 1, path)
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
        return Document(
            title=title,
            author=department.name,
            language=self.spec.language,
            title_page=TitlePage(title, [line for line in lines if line.strip()], cover.show),
            parts=parts,
            toc_title=self.spec.toc_title,
            toc_depth=self.spec.toc_depth,
        )


def compose(computed: ComputedBudget, profile: ResolvedProfile) -> Document:
    """Lay out the whole disclosure as the profile describes it; every number comes from `computed`.

    Raises DocumentIncomplete, naming every section and the input fields it lacks, when the profile
    prints something the input does not reveal (or a section would have nothing under it).
    """
    return arrange(_Composer(computed, profile).document())
