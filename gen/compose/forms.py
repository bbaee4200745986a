"""The 绩效目标申报表, laid out as the profile declares them (`form_kinds:`, gen/compose/formspec.py).

A form is printed as a titled first grid followed by grids that continue it (`Table.continues`).
Each grid has its own heading rows, so a long form breaks between or inside grids and every page
repeats the headings it needs. Every word is the profile's; every value a field of the form or an
amount computed from the budget.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from gen.compose.cells import TableContext, blank_or, count, emptied, head, make_table, text
from gen.compose.document import Align, Cell, Table, TableRow
from gen.compose.formspec import FormCell, FormGrid, FormKind, FormRow, FundingRows, IndicatorGrid
from gen.compose.numbers import date_text, number_text, percent_format, percent_text
from gen.compute.indicators import (
    SYMBOL_NATURE,
    IndicatorValueError,
    ParsedValue,
    indicator_tree,
    reading,
)
from gen.compute.performance import FundingComposition, ProjectFunding
from gen.compute.revealed import Fact
from gen.compute.yoy import share
from models.performance import Indicator

CHECKED, UNCHECKED = "■", "□"
Scope = Mapping[str, Any]
_FIELD = re.compile(r"\{(\w+)\}")


# ------------------------------------------------------------------ what a form's fields are


def _filled(value: Any) -> bool:
    return value not in (None, "", [], ())


def _overall_scope(ctx: TableContext, fc: FundingComposition) -> dict[str, Any]:
    form, budget = fc.form, ctx.computed.budget
    pairs = max(len(form.long_term_goals), len(form.annual_goals))
    filled = budget.meta.filled_on
    return {
        "name": fc.name,
        "filled_by": form.filled_by,
        "phone": form.phone,
        "filled_on": date_text(filled) if filled else None,
        "functions": form.functions or budget.overview.functions,
        "annual_tasks": form.annual_tasks,
        "horizon": f"（截止{form.long_term_horizon}年）" if form.long_term_horizon else "",
        "funding": fc,
        "projects": [
            {
                "name": line.project.name,
                "category": line.project.category.value,
                "total_budget": line.total_budget,
                "this_year": line.this_year,
                "purpose": line.project.purpose,
            }
            for line in fc.projects
        ],
        "projects_total_budget": fc.projects_total[0],
        "projects_this_year": fc.projects_total[1],
        "goal_pairs": [
            {
                "n": i + 1,
                "long_term": form.long_term_goals[i].text if i < len(form.long_term_goals) else "",
                "annual": form.annual_goals[i].text if i < len(form.annual_goals) else "",
            }
            for i in range(pairs)
        ],
        "long_term_goals": [
            {"n": i, "text": g.text, "indicators": g.indicators}
            for i, g in enumerate(form.long_term_goals, 1)
        ],
        "annual_goals": [
            {"n": i, "text": g.text, "indicators": g.indicators} for i, g in enumerate(form.annual_goals, 1)
        ],
        "long_term_goal_texts": [g.text for g in form.long_term_goals],
        "annual_goal_texts": [g.text for g in form.annual_goals],
        **fc.amounts,
        "income_total": fc.group_total("income"),
        "spending_total": fc.group_total("spending"),
        "year": ctx.computed.budget.meta.year,
    }


def _project_scope(ctx: TableContext, funding: ProjectFunding) -> dict[str, Any]:
    form, project = funding.form, funding.project
    budget = ctx.computed.budget
    units = {u.code: u.name for u in budget.units}
    local, transfer, other = funding.details_total
    return {
        "name": project.name if project else "",
        "label": project.name if project else form.project,
        "code": form.project,
        "unit_name": units.get(project.unit, "") if project else "",
        "department": budget.meta.department.name,
        "implementing_unit": form.executing_unit or (units.get(project.unit, "") if project else ""),
        "competent_department": form.competent_department,
        "executing_unit": form.executing_unit,
        "manager": form.manager,
        "phone": form.phone,
        "period": form.period,
        "kind": form.kind.value if form.kind else None,
        "category": project.category.value if project else None,
        "classification": form.classification,
        # 项目概述 is written once: on the form or on the project (which the narrative reads too).
        "summary": form.summary or (project.overview if project else None),
        "basis": form.basis,
        "plan": form.plan,
        "last_evaluation": form.last_evaluation,
        "budget_history": form.budget_history,
        "total_budget": funding.total_budget,
        "this_year": funding.this_year,
        "local": funding.local,
        "transfer": funding.transfer,
        "special_account": funding.special_account,
        "other": funding.other,
        "sources": [{"source": key, "amount": amount} for key, amount in funding.sources if amount],
        "details": [_attributes(d) for d in form.details],
        "details_local": local,
        "details_transfer": transfer,
        "details_other": other,
        "asset_plan": [_attributes(a) for a in form.asset_plan],
        "long_term_goal": form.long_term_goal,
        "annual_goal": form.annual_goal,
        "long_term_indicators": form.long_term_indicators,
        "annual_indicators": form.annual_indicators,
        "execution_weight": form.execution_weight,
        "year": budget.meta.year,
    }


def _attributes(model: BaseModel) -> dict[str, Any]:
    """A model's fields as they are (model_dump would turn amounts into their JSON strings)."""
    return {name: getattr(model, name) for name in type(model).model_fields}


def _words(template: str, scope: Scope, ctx: TableContext, *, whole: bool = False) -> str | None:
    """Words with their {field}s filled in ({unit} is the table's unit). An empty field is left
    blank, or with `whole` the words are dropped (None): 填报日期：{filled_on} with no date.

    Only bare names are replaced, so a profile's braces cannot reach attributes or formats."""
    empty = False

    def fill(match: re.Match[str]) -> str:
        nonlocal empty
        name = match.group(1)
        value = ctx.unit if name == "unit" else scope.get(name)
        if not _filled(value):
            empty = True
            return ""
        return str(value)

    filled = _FIELD.sub(fill, template)
    return None if whole and empty else filled


def _any(scope: Scope, names: str | Sequence[str]) -> bool:
    """Whether any of the fields has content."""
    return any(_filled(scope.get(name)) for name in ([names] if isinstance(names, str) else names))


# ------------------------------------------------------------------ cells and rows


class _Form:
    def __init__(self, ctx: TableContext, kind: FormKind) -> None:
        self.ctx = ctx
        self.kind = kind
        self.labels = ctx.profile.labels

    def cell(self, spec: FormCell, scope: Scope, width: int, column: int) -> Cell:
        span = width - column if spec.span == "rest" else spec.span
        if spec.label is not None:
            words = _words(spec.label, scope, self.ctx) or ""
            align = Align.LEFT if spec.left else Align.CENTER
            return Cell(words, align, span, spec.rows, is_label=True)
        value = scope.get(spec.field) if spec.field else _words(spec.text or "", scope, self.ctx)
        if isinstance(spec.options, str) and spec.format != "boxes":
            value = self.labels.get(spec.options, {}).get(str(value), value) if value is not None else None
        shown = self.value(spec, value)
        if isinstance(shown, Cell):
            return Cell(
                shown.text, shown.align, span, spec.rows, value=shown.value, number_format=shown.number_format
            )
        align = Align.CENTER if spec.format == "center" else Align.LEFT
        return Cell(shown, align, span, spec.rows)

    def value(self, spec: FormCell, value: Any) -> str | Cell:
        match spec.format:
            case "money":
                return self.ctx.money(value)
            case "count":
                return count(value)
            case "percent":
                return blank_or(percent_text(value) if value else "", value, percent_format())
            case "lines":
                return "\n".join(str(v) for v in value or [])
            case "numbered":
                return "\n".join(f"{i}、{v}" for i, v in enumerate(value or [], 1))
            case "boxes":
                options = spec.options or []
                if isinstance(options, str):
                    words = self.labels.get(options, {})
                    chosen = words.get(str(value)) if value is not None else None
                    options = list(words.values())
                else:
                    chosen = value
                return "\u3000".join(f"{CHECKED if o == chosen else UNCHECKED}{o}" for o in options)
        return "" if value is None else str(value)

    def row(self, spec: FormRow, scope: Scope, width: int, start: int = 0) -> TableRow:
        """A row of cells; `start` columns on its left are taken by cells spanning rows above."""
        cells, column = [], start
        for cell_spec in spec.cells:
            made = self.cell(cell_spec, scope, width, column)
            cells.append(made)
            column += made.colspan
        return TableRow(cells, spec.role)

    def body(self, grid: FormGrid, scope: Scope, width: int) -> tuple[list[TableRow], int]:
        """The grid's rows, and how many came from a list (for the total row and the empty note)."""
        rows: list[TableRow] = []
        listed = 0
        for spec in grid.rows:
            if spec.when and not _any(scope, spec.when):
                continue
            if spec.unless and _any(scope, spec.unless):
                continue
            if spec.funding is not None:
                rows += self.funding(spec.funding, scope["funding"], width)
            elif spec.each is not None:
                made = self.listed(spec, scope, width)
                rows += made
                listed += len(made)
            else:
                rows.append(self.row(spec, scope, width))
        return rows, listed

    def listed(self, spec: FormRow, scope: Scope, width: int) -> list[TableRow]:
        """A row for each element of a list, the `lead` cell merged down their left."""
        elements = [{**scope, **element} for element in scope.get(spec.each or "") or []]
        lead = self.cell(spec.lead, scope, width, 0) if spec.lead is not None and elements else None
        start = lead.colspan if lead is not None else 0
        rows = [self.row(spec, element, width, start) for element in elements]
        if lead is not None:
            rows[0].cells.insert(0, replace(lead, rowspan=len(rows)))
        return rows

    # ------------------------------------------------------------------ the 整体 form's composition

    def funding(self, spec: FundingRows, fc: FundingComposition, width: int) -> list[TableRow]:
        years = fc.years
        depth = 2 if years else 1
        words = spec.labels
        rows = [
            TableRow(
                [
                    head(spec.title, 2, depth),
                    head(spec.current, rowspan=depth),
                    head(spec.share, rowspan=depth),
                    *([head(spec.years, len(years))] if years else []),
                ],
                "label",
            )
        ]
        if years:
            rows.append(TableRow([head(f"{y}年") for y in years], "label"))
        income = [fc.line("income", key) for key in spec.income_keys(fc)]
        groups = [("income", income), ("spending", fc.spending())]
        for group, lines in groups:
            total = fc.total(group, lines)
            entries = [(words.get(line.key, line.key), line, "detail") for line in lines]
            entries.append((words.get("total", "合计"), total, "total"))
            for index, (label, line, role) in enumerate(entries):
                lead = [head(words.get(group, group), rowspan=len(entries))] if index == 0 else []
                amount = share(line.current, total.current)
                shown = blank_or(percent_text(amount) if line.current else "", amount, percent_format())
                cells = [
                    *lead,
                    text(label),
                    self.ctx.money(line.current),
                    shown,
                    *(self.ctx.money(line.prior.get(y)) for y in years),
                ]
                rows.append(TableRow(cells, role))
        return rows

    # ------------------------------------------------------------------ indicator tables

    def indicators(
        self, spec: IndicatorGrid, indicators: list[Indicator], caption: str, weight: Decimal | None
    ) -> Table:
        declared = spec.columns if spec.columns is not None else self.kind.indicator_columns
        fixed = spec.fixed if weight is not None else None
        columns = [
            c
            for c in declared
            if not c.optional or _present(indicators, c.key) or (c.key == "weight" and fixed)
        ]
        years = (
            sorted({y for row in indicators for y in row.history})
            if any(c.key == "history" for c in columns)
            else []
        )
        depth = 2 if years else 1
        width = sum(len(years) + 1 if c.key == "history" else 1 for c in columns)
        header: list[list[Cell]] = [[Cell(caption, Align.LEFT, width, is_label=True)]] if caption else []
        top, below = [], []
        for column in columns:
            if column.key == "history" and years:
                top.append(head(column.header, len(years) + 1))
                below += [*(head(f"{y}年") for y in years), head(self.kind.current)]
            else:
                top.append(head(column.header, rowspan=depth))
        header.append(top)
        if below:
            header.append(below)
        rows = []
        for level1 in indicator_tree(indicators):
            for i, level2 in enumerate(level1.children):
                for j, row in enumerate(level2.indicators):
                    cells = []
                    for column in columns:
                        cells += self.indicator_cells(
                            spec,
                            column.key,
                            row,
                            years,
                            i == 0 and j == 0,
                            j == 0,
                            level1.span,
                            len(level2.indicators),
                        )
                    rows.append(TableRow(cells))
        if fixed and any(c.key == "weight" for c in columns):
            before = sum(
                len(years) + 1 if c.key == "history" else 1
                for c in columns[: [c.key for c in columns].index("weight")]
            )
            after = width - before - 1
            cells = [Cell(fixed, Align.CENTER, before), count(weight)]
            rows.append(TableRow(cells + ([text("", colspan=after)] if after else [])))
        widths = []
        for column in columns:
            widths += [column.width] * (len(years) + 1 if column.key == "history" else 1)
        return self.grid(header, rows, widths)

    def indicator_cells(
        self, spec: IndicatorGrid, key: str, row: Indicator, years: list[int],
        first1: bool, first2: bool, span1: int, span2: int,
    ) -> list[Cell]:  # fmt: skip
        parsed = _reading(row)
        match key:
            case "level1":
                return [Cell(row.level1, Align.CENTER, rowspan=span1)] if first1 else []
            case "level2":
                return [Cell(row.level2, Align.CENTER, rowspan=span2)] if first2 else []
            case "level3":
                return [text(row.level3)]
            case "history":
                past = [Cell(_shown(row, row.history.get(y)), Align.CENTER) for y in years]
                return [*past, Cell(_shown(row, row.value), Align.CENTER)]
            case "value":
                return [Cell(_shown(row, row.value), Align.CENTER)]
            case "nature":
                if parsed is None or parsed.rank:
                    shown = ""
                elif not parsed.quantitative:
                    shown = "定性"
                else:
                    shown = SYMBOL_NATURE.get(parsed.operator or "", "")
                return [Cell(shown, Align.CENTER)]
            case "unit":
                return [Cell(parsed.unit if parsed and not parsed.rank else "", Align.CENTER)]
            case "target":
                if parsed is not None and parsed.quantitative and not parsed.rank:
                    shown = number_text(parsed.number) + (
                        f"-{number_text(parsed.upper)}" if parsed.upper is not None else ""
                    )
                else:
                    shown = _shown(row, row.value)
                return [Cell(shown, Align.CENTER)]
            case "basis":
                return [text(row.basis or "")]
            case "weight":
                return [count(row.weight)]
            case "core":
                yes, no = self.kind.core_words
                word = yes if row.core else no if row.core is False else ""
                return [Cell(word, Align.CENTER)]
        return [text("")]

    # ------------------------------------------------------------------ grids and the form

    def grid(self, header: list[list[Cell]], rows: list[TableRow], widths: Sequence[float]) -> Table:
        grid = make_table(self.ctx, header, rows, widths)
        grid.continues, grid.unit_label, grid.notes, grid.widths_exact = True, "", [], True
        return grid

    def grids(self, spec: FormGrid, scope: Scope) -> list[Table]:
        elements = [{**scope, **e} for e in scope.get(spec.each) or []] if spec.each else [scope]
        made = []
        for element in elements:
            if spec.when and not _any(element, spec.when):
                continue
            if spec.stated and not _stated(element, spec.stated):
                continue
            caption = _words(spec.caption, element, self.ctx) if spec.caption else None
            if spec.indicators is not None:
                indicators = element.get(spec.indicators.field) or []
                made.append(
                    self.indicators(
                        spec.indicators, indicators, caption or "", element.get("execution_weight")
                    )
                )
                continue
            made.append(self.plain(spec, element, caption))
        return made

    def plain(self, spec: FormGrid, scope: Scope, caption: str | None) -> Table:
        years = len(scope["funding"].years) if any(r.funding for r in spec.rows) else 0
        widths = [*spec.widths, *[spec.year_width] * years]
        width = len(widths)
        header = [[Cell(caption, Align.LEFT, width, is_label=True)]] if caption else []
        header += [self.row(FormRow(cells=cells), scope, width).cells for cells in spec.header]
        rows, listed = self.body(spec, scope, width)
        if spec.total is not None and listed:
            rows.append(self.row(spec.total, scope, width))
        grid = self.grid(header, rows, widths)
        if not listed and spec.empty_note and any(r.each for r in spec.rows):
            grid.rows, grid.empty_note = [r for r in rows if r.role == "label"], spec.empty_note
        return grid

    def form(self, scope: Scope) -> list[Table]:
        grids = [grid for spec in self.kind.grids for grid in self.grids(spec, scope)]
        if not grids:
            return []
        first = grids[0]
        first.continues, first.unit_label = False, self.ctx.unit_label
        first.label = _words(self.kind.label, scope, self.ctx) or ""
        first.subtitle = _words(self.kind.subtitle, scope, self.ctx, whole=True) or ""
        grids[-1].notes = list(self.ctx.notes)
        return grids


def _stated(scope: Scope, name: str) -> bool:
    """Whether the input wrote the field (an asset plan written empty is printed as 无)."""
    return name not in scope.get("unstated", ())


def _present(indicators: list[Indicator], key: str) -> bool:
    if key == "weight":
        return any(row.weight is not None for row in indicators)
    if key == "core":
        return any(row.core is not None for row in indicators)
    if key == "basis":
        return any(row.basis for row in indicators)
    return True


def _reading(row: Indicator) -> ParsedValue | None:
    try:
        return reading(row)
    except IndicatorValueError:  # PERF-001 reports it; the form prints the value as written
        return None


def _shown(row: Indicator, written: str | None) -> str:
    """A value as printed: with the row's 指标性质 and 计量单位 when typed apart (≥250人)."""
    if written is None:
        return ""
    try:
        return reading(row, written).text
    except IndicatorValueError:
        return written


def performance_forms(ctx: TableContext, kind: FormKind) -> list[Table]:
    """Every form of the input the kind is repeated for, or the kind's empty wording."""
    computed = ctx.computed
    if kind.each == "overall_forms":
        computed.revealed.need(Fact.OVERALL_FORMS)
        scopes = [_overall_scope(ctx, fc) for fc in computed.funding]
    else:
        computed.revealed.need(Fact.PROJECT_FORMS, Fact.PROJECTS)
        scopes = []
        for funding in computed.project_funding:
            scope = _project_scope(ctx, funding)
            scope["unstated"] = () if "asset_plan" in funding.form.model_fields_set else ("asset_plan",)
            scopes.append(scope)
    made = _Form(ctx, kind)
    tables = [table for scope in scopes for table in made.form(scope)]
    if not tables and ctx.empty_note:
        empty = make_table(ctx, [[head(words) for words in kind.empty_header or [ctx.title]]], [])
        tables.append(emptied(ctx, empty, ctx.empty_note))
    return tables
