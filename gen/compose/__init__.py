"""Compose stage: a profile turns the computed budget into the format-neutral document."""

from __future__ import annotations

from typing import Any

from gen.compose import forms, tables
from gen.compose.cells import TableContext
from gen.compose.document import Block, Document, Paragraph, Part, Section, TitlePage
from gen.compose.numbers import numbered
from gen.compose.profile import ResolvedProfile, SectionSpec, load_profile
from gen.compose.templating import ProfileTemplateError, environment, render_blocks, render_string
from gen.compute.budget import ComputedBudget
from gen.compute.classification import FUNCTION_COLUMNS
from gen.compute.rows import RowKind
from gen.compute.yoy import Change
from models.amount import ZERO
from models.budget import APPROPRIATIONS, FundSource

__all__ = ["compose", "load_profile"]

NARRATIVE = "narrative.j2"
BUILDERS = {**tables.BUILDERS, **forms.BUILDERS}
# What each table kind lets a profile set on its section; anything else is refused, never ignored.
OPTIONS = {**tables.OPTIONS, **forms.OPTIONS}
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


def template_context(computed: ComputedBudget, profile: ResolvedProfile) -> dict[str, Any]:
    """What narrative templates see: the input (for prose) and computed figures (for numbers)."""
    budget, figures = computed.budget, computed.figures
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
    appropriation = computed.tables["appropriation"]
    department = budget.meta.department
    expenditure_total = computed.tables["expenditure"].total()
    spending_kinds = [
        c.label for c in FUNCTION_COLUMNS if c.key in SPENDING_KINDS and expenditure_total.value(c.key)
    ] or ["基本支出", "项目支出"]
    narrative = budget.narrative
    labelled: list[tuple[str, Change]] = [
        (label, change)
        for label, change in (
            (narrative.project_change_label, figures.project),
            (narrative.basic_change_label, figures.basic),
        )
        if label and change.delta
    ]
    # The split of the change is only the 一般公共预算's own when all money is 一般公共预算.
    if figures.general.current != figures.total.current:
        labelled = []
    labelled.sort(key=lambda pair: abs(pair[1].delta or ZERO), reverse=True)
    drivers = [{"label": label, "change": change} for label, change in labelled]
    procurement_lines = [
        {"name": category.value, "amount": amount, "usage": narrative.procurement_usage.get(category)}
        for category, amount in figures.procurement.by_category.items()
        if amount
    ]
    return {
        "dept_name": department.short_name or department.name,
        "unit_names": [u.short_name or u.name for u in budget.units],
        "spending_kinds": spending_kinds,
        "general_drivers": drivers,
        "procurement_lines": procurement_lines,
        "tp": figures.three_public,
        "year": budget.meta.year,
        "prior_year": prior_year,
        "unit": budget.meta.amount_unit,
        "dept": budget.meta.department,
        "meta": budget.meta,
        "b": budget,
        "f": figures,
        "n": budget.narrative,
        "units": budget.units,
        "income_lines": income_lines,
        "appropriation_income": [
            {
                "label": labels.get(f"{s.value}-财政拨款", s.value + "拨款"),
                "amount": figures.income_by_source[s],
            }
            for s in APPROPRIATIONS
            if figures.income_by_source[s]
        ],
        "appropriation_classes": [
            {"code": r.code, "name": r.name, "amount": r.value("amount")}
            for r in appropriation.rows
            if r.kind is RowKind.CLASS and r.value("amount")
        ],
        "gov_fund_total": computed.tables["gov_fund_by_function"].total().value("total"),
        "state_capital_total": computed.tables["state_capital_by_function"].total().value("total"),
        "glossary": {term: meaning for term, meaning in profile.spec.glossary.items() if meaning},
    }


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


class _Composer:
    def __init__(self, computed: ComputedBudget, profile: ResolvedProfile) -> None:
        self.computed = computed
        self.profile = profile
        self.spec = profile.spec
        self.env = environment(profile, autoescape=False)
        self.context = template_context(computed, profile)
        self.texts = render_blocks(self.env, NARRATIVE, self.context)
        self.table_count = 0

    def string(self, source: str, where: str) -> str:
        return render_string(self.env, source, self.context, where)

    def text(self, block: str, where: str) -> list[Block]:
        if block not in self.texts:
            raise ProfileTemplateError(f"{where}：{NARRATIVE} 中没有名为“{block}”的 block")
        return _paragraphs(self.texts[block])

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
        title = self.string(spec.title, f"{where}.title")
        section = Section(spec.id, number, title, level, show_number_in_body=spec.numbered)
        if spec.text:
            section.blocks += self.text(spec.text, where)
        if spec.table:
            section.blocks += self.table(spec, title, where)
        section.children = self.sections(spec.sections, level + 1, path)
        return section

    def table(self, spec: SectionSpec, title: str, where: str) -> list[Block]:
        kind = spec.table or ""
        if kind not in BUILDERS:
            known = "、".join(BUILDERS)
            raise ProfileTemplateError(f"{where}.table：未知的表格种类“{kind}”（可用：{known}）")
        unsupported = sorted(spec.model_fields_set & SECTION_TABLE_OPTIONS - OPTIONS[kind])
        if unsupported:
            raise ProfileTemplateError(
                f"{where}：表格种类 {kind} 不能设置 {'、'.join(unsupported)}"
                f"（可设置：{'、'.join(sorted(OPTIONS[kind]))}）"
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
        )
        return list(BUILDERS[kind](ctx))

    def document(self) -> Document:
        parts = []
        for index, part_spec in enumerate(self.spec.parts):
            where = self.profile.where("parts", index)
            number = numbered(self.spec.numbering.part, index + 1)
            part = Part(part_spec.id, number, self.string(part_spec.title, f"{where}.title"))
            if part_spec.text:
                part.blocks += self.text(part_spec.text, where)
            part.sections = self.sections(part_spec.sections, 1, ("parts", index))
            parts.append(part)
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
    """Lay out the whole disclosure as the profile describes it; every number comes from `computed`."""
    return _Composer(computed, profile).document()
