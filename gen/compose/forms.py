"""The 绩效目标申报表 as tables.

A form is printed as a titled first grid followed by grids that continue it (`Table.continues`).
Each grid has its own heading rows, so a long form breaks between or inside grids and every page
repeats the headings it needs (the goal and 一级/二级/三级指标 of an indicator table).
"""

from __future__ import annotations

from collections.abc import Sequence

from gen.compose.cells import (
    BASE_OPTIONS,
    Builder,
    TableContext,
    blank_or,
    count,
    emptied,
    head,
    make_table,
    text,
)
from gen.compose.document import Align, Cell, Table, TableRow
from gen.compose.numbers import date_text, percent_format, percent_text
from gen.compute.indicators import indicator_tree, value_text
from gen.compute.performance import FundingComposition, ProjectFunding
from gen.compute.revealed import Fact
from models.budget import ProjectCategory
from models.performance import Indicator, ProjectKind

CHECKED, UNCHECKED = "■", "□"
FREQUENCY = {
    ProjectCategory.ONE_OFF: "一次性项目",
    ProjectCategory.RECURRING: "常年项目",
    ProjectCategory.MULTI_YEAR: "延续性项目",
}


def _label(value: str, colspan: int = 1) -> Cell:
    return Cell(value, Align.LEFT, colspan, is_label=True)


def _lines(items: Sequence[str], numbering: str = "") -> str:
    """One item per line; `numbering` ("{}、") numbers items the officer left unnumbered."""
    return "\n".join(numbering.format(i) + item if numbering else item for i, item in enumerate(items, 1))


def _boxes(options: Sequence[str], chosen: str | None) -> str:
    return "\u3000".join(f"{CHECKED if o == chosen else UNCHECKED}{o}" for o in options)


def _grid(
    ctx: TableContext, header: list[list[Cell]], rows: list[TableRow], widths: Sequence[float]
) -> Table:
    grid = make_table(ctx, header, rows, widths)
    grid.continues, grid.unit_label, grid.notes = True, "", []
    return grid


def _form(ctx: TableContext, grids: list[Table], label: str, subtitle: str) -> list[Table]:
    """The first grid carries the form's title, unit and label; notes follow the last."""
    first = grids[0]
    first.continues, first.unit_label, first.label, first.subtitle = False, ctx.unit_label, label, subtitle
    grids[-1].notes = list(ctx.notes)
    return grids


# ------------------------------------------------------------------ indicator tables


def _indicators(ctx: TableContext, caption: str, indicators: list[Indicator]) -> Table:
    """一级 → 二级 → 三级 with merged cells from the tree; year columns when values have history."""
    years = sorted({y for row in indicators for y in row.history})
    weighted = any(row.weight is not None for row in indicators)
    flagged = any(row.core is not None for row in indicators)
    extra = [("权重", 0.7)] * weighted + [("核心指标", 0.8)] * flagged
    depth = 2 if years else 1
    leading = [head(name, rowspan=depth) for name in ("一级指标", "二级指标", "三级指标")]
    trailing = [head("指标值确定依据", rowspan=depth), *(head(name, rowspan=depth) for name, _ in extra)]
    width = 5 + len(years) + len(extra)
    header = [[_label(caption, width)]]
    if years:
        header.append([*leading, head("指标值", len(years) + 1), *trailing])
        header.append([*(head(f"{y}年") for y in years), head("预期当年实现值")])
    else:
        header.append([*leading, head("指标值"), *trailing])
    rows = []
    for level1 in indicator_tree(indicators):
        for i, level2 in enumerate(level1.children):
            for j, row in enumerate(level2.indicators):
                cells = []
                if i == 0 and j == 0:
                    cells.append(Cell(level1.name, Align.CENTER, rowspan=level1.span))
                if j == 0:
                    cells.append(Cell(level2.name, Align.CENTER, rowspan=len(level2.indicators)))
                cells += [
                    text(row.level3),
                    *(
                        Cell(value_text(row.history[y]) if y in row.history else "", Align.CENTER)
                        for y in years
                    ),
                    Cell(value_text(row.value), Align.CENTER),
                    text(row.basis or ""),
                ]
                if weighted:
                    cells.append(count(row.weight))
                if flagged:
                    cells.append(Cell("是" if row.core else "", Align.CENTER))
                rows.append(TableRow(cells))
    widths = (1.1, 1.3, 2.6, *[1.2] * (len(years) + 1), 2.4, *(w for _, w in extra))
    return _grid(ctx, header, rows, widths)


# ------------------------------------------------------------------ 部门（单位）整体绩效目标申报表


def _overall_head(ctx: TableContext, fc: FundingComposition) -> Table:
    form, years = fc.form, fc.years
    width = 4 + len(years)
    depth = 2 if years else 1
    rows = [
        TableRow([head("部门（单位）名称"), text(fc.name, colspan=width - 1)], "label"),
        TableRow(
            [
                head("填报人"),
                text(form.filled_by or ""),
                head("联系电话"),
                text(form.phone or "", colspan=width - 3),
            ],
            "label",
        ),
        TableRow(
            [
                head("总体资金情况", 2, depth),
                head("当年金额", rowspan=depth),
                head("占比", rowspan=depth),
                *([head("近年收支金额", len(years))] if years else []),
            ],
            "label",
        ),
    ]
    if years:
        rows.append(TableRow([head(f"{y}年") for y in years], "label"))
    sizes: dict[str, int] = {}
    for line in fc.lines:
        sizes[line.group] = sizes.get(line.group, 0) + 1
    for index, line in enumerate(fc.lines):
        lead = (
            []
            if index and fc.lines[index - 1].group == line.group
            else [head(line.group, rowspan=sizes[line.group])]
        )
        share = blank_or(percent_text(line.share) if line.current else "", line.share, percent_format())
        cells = [
            *lead,
            text(line.label),
            ctx.money(line.current),
            share,
            *(ctx.money(line.prior[y]) for y in years),
        ]
        rows.append(TableRow(cells, "total" if line.is_total else "detail"))
    functions = form.functions or ctx.computed.budget.overview.functions
    if functions:
        rows.append(
            TableRow([head("部门职能概述"), text(_lines(functions, "{}、"), colspan=width - 1)], "label")
        )
    if form.annual_tasks:
        rows.append(
            TableRow(
                [head("年度工作任务"), text(_lines(form.annual_tasks, "{}、"), colspan=width - 1)], "label"
            )
        )
    return _grid(ctx, [], rows, (1.8, 2.2, 1.4, 1, *[1.4] * len(years)))


def _project_list(ctx: TableContext, fc: FundingComposition) -> Table:
    header = [
        [_label(f"项目支出情况（{ctx.unit}）", 5)],
        [
            head("项目名称"),
            head("项目类型"),
            head("项目总预算"),
            head("项目本年度预算"),
            head("项目主要支出方向和用途"),
        ],
    ]
    rows = [
        TableRow(
            [
                text(line.project.name),
                Cell(line.project.category.value, Align.CENTER),
                ctx.money(line.total_budget),
                ctx.money(line.this_year),
                text(line.project.purpose or ""),
            ]
        )
        for line in fc.projects
    ]
    if rows:
        total_budget, this_year = fc.projects_total
        rows.append(
            TableRow(
                [text("合计"), text(""), ctx.money(total_budget), ctx.money(this_year), text("")], "total"
            )
        )
    grid = _grid(ctx, header, rows, (3, 1.1, 1.3, 1.3, 3.6))
    grid.empty_note = "本单位无项目支出"
    return grid


def _overall_goals(ctx: TableContext, fc: FundingComposition) -> list[Table]:
    form = fc.form
    count = max(len(form.long_term_goals), len(form.annual_goals))
    if not count:
        return []
    horizon = f"（截止{form.long_term_horizon}年）" if form.long_term_horizon else ""
    header = [[_label("整体绩效总目标", 3)], [head(""), head(f"长期目标{horizon}"), head("年度目标")]]
    rows = []
    for i in range(count):
        long_term = form.long_term_goals[i].text if i < len(form.long_term_goals) else ""
        annual = form.annual_goals[i].text if i < len(form.annual_goals) else ""
        rows.append(TableRow([head(f"目标{i + 1}"), text(long_term), text(annual)]))
    grids = [_grid(ctx, header, rows, (0.8, 4, 4))]
    for kind, goals in (("长期", form.long_term_goals), ("年度", form.annual_goals)):
        grids += [
            _indicators(ctx, f"{kind}目标{i}：{goal.text}", goal.indicators)
            for i, goal in enumerate(goals, 1)
            if goal.indicators
        ]
    return grids


def overall_performance(ctx: TableContext) -> list[Table]:
    ctx.computed.revealed.need(Fact.OVERALL_FORMS)
    filled = ctx.computed.budget.meta.filled_on
    subtitle = f"填报日期：{date_text(filled)}" if filled else ""
    tables = []
    for fc in ctx.computed.funding:
        grids = [_overall_head(ctx, fc), _project_list(ctx, fc), *_overall_goals(ctx, fc)]
        tables += _form(ctx, grids, fc.name, subtitle)
    if not tables and ctx.empty_note:
        empty = make_table(ctx, [[head("部门（单位）名称"), head("填报人"), head("联系电话")]], [])
        tables.append(emptied(ctx, empty, ctx.empty_note))
    return tables


# ------------------------------------------------------------------ 项目支出绩效目标申报表


def _project_head(ctx: TableContext, funding: ProjectFunding) -> Table:
    form, project = funding.form, funding.project
    year = ctx.computed.budget.meta.year

    def wide(label: str, value: str) -> TableRow:
        return TableRow([head(label), text(value, colspan=3)], "label")

    def pair(a: str, x: str, b: str, y: str) -> TableRow:
        return TableRow([head(a), text(x), head(b), text(y)], "label")

    rows = [
        pair("项目名称", project.name if project else "", "项目代码", form.project),
        pair("项目主管部门", form.competent_department or "", "项目执行单位", form.executing_unit or ""),
        pair("项目负责人", form.manager or "", "联系电话", form.phone or ""),
        wide("项目起止时间", form.period) if form.period else wide("项目年度", f"{year}年"),
        wide("项目类别", _boxes([k.value for k in ProjectKind], form.kind.value if form.kind else None)),
        wide(
            "项目安排频度", _boxes(list(FREQUENCY.values()), FREQUENCY[project.category] if project else None)
        ),
    ]
    for label, items in (
        ("立项依据", form.basis),
        ("项目实施方案", form.plan),
        ("上年绩效评价结果、整改及应用", form.last_evaluation),
        ("项目前两年预算及当年预算变动情况", form.budget_history),
    ):
        if items:
            rows.append(wide(label, _lines(items)))
    rows.append(
        TableRow(
            [
                head("项目总预算"),
                ctx.money(funding.total_budget),
                head("项目当年预算"),
                ctx.money(funding.this_year),
            ],
            "label",
        )
    )
    return _grid(ctx, [], rows, (1.6, 2.6, 1.4, 2.4))


def _project_sources(ctx: TableContext, funding: ProjectFunding) -> Table:
    year = ctx.computed.budget.meta.year
    header = [[_label(f"{year}年预算申报项目资金来源", 2)], [head("来源项目"), head(f"{year}年预算申报数")]]
    lines = [
        ("当年预算合计", funding.this_year, "total"),
        ("1. 财政拨款收入（区级安排数）", funding.local, "detail"),
        ("2. 财政拨款收入（上级转移支付）", funding.transfer, "detail"),
        ("3. 专户管理的非税收入拨款", funding.special_account, "detail"),
        ("4. 其他资金（含事业基金及上年结转或结余等）", funding.other, "detail"),
    ]
    rows = [TableRow([text(label), ctx.money(amount)], role) for label, amount, role in lines]
    return _grid(ctx, header, rows, (5, 2))


def _project_details(ctx: TableContext, funding: ProjectFunding) -> Table:
    year = ctx.computed.budget.meta.year
    names = ("项目内容", "测算依据及说明", "本级财政拨款金额", "上级转移支付金额", "其他资金")
    header = [[_label(f"{year}年项目支出明细及依据", 5)], [head(n) for n in names]]
    rows = [
        TableRow(
            [
                text(d.content),
                text(d.basis or ""),
                ctx.money(d.local_amount),
                ctx.money(d.transfer_amount),
                ctx.money(d.other_amount),
            ]
        )
        for d in funding.form.details
    ]
    rows.append(TableRow([text("合计"), text(""), *(ctx.money(v) for v in funding.details_total)], "total"))
    return _grid(ctx, header, rows, (2, 4, 1.2, 1.2, 1.2))


def _asset_plan(ctx: TableContext, funding: ProjectFunding) -> Table:
    header = [[_label("项目资产配置计划及采购计划", 3)], [head("品名"), head("数量"), head("金额")]]
    rows = [TableRow([text(a.item), count(a.quantity), ctx.money(a.amount)]) for a in funding.form.asset_plan]
    grid = _grid(ctx, header, rows, (4, 1.5, 1.5))
    grid.empty_note = "无"
    return grid


def _project_goals(ctx: TableContext, funding: ProjectFunding) -> list[Table]:
    form = funding.form
    goals = [
        (label, goal)
        for label, goal in (("长期绩效目标", form.long_term_goal), ("年度绩效目标", form.annual_goal))
        if goal
    ]
    grids = []
    if goals:
        header = [[_label("项目绩效总目标", 2)]]
        grids.append(_grid(ctx, header, [TableRow([head(a), text(b)]) for a, b in goals], (1.6, 6.4)))
    if form.long_term_indicators:
        grids.append(_indicators(ctx, "长期绩效目标表", form.long_term_indicators))
    if form.annual_indicators:
        grids.append(_indicators(ctx, "年度绩效目标表", form.annual_indicators))
    return grids


def project_performance(ctx: TableContext) -> list[Table]:
    ctx.computed.revealed.need(Fact.PROJECT_FORMS, Fact.PROJECTS)
    budget = ctx.computed.budget
    units = {u.code: u.name for u in budget.units}
    tables = []
    for funding in ctx.computed.project_funding:
        form = funding.form
        # What the officer did not write is left out; an asset plan stated empty prints 无.
        grids = [
            _project_head(ctx, funding),
            _project_sources(ctx, funding),
            *([_project_details(ctx, funding)] if form.details else []),
            *([_asset_plan(ctx, funding)] if "asset_plan" in form.model_fields_set else []),
            *_project_goals(ctx, funding),
        ]
        unit = units.get(funding.project.unit, "") if funding.project else ""
        name = funding.project.name if funding.project else funding.form.project
        tables += _form(ctx, grids, name, f"单位名称：{unit}" if unit else "")
    if not tables and ctx.empty_note:
        empty = make_table(ctx, [[head("项目名称"), head("项目单位"), head("项目当年预算")]], [])
        tables.append(emptied(ctx, empty, ctx.empty_note))
    return tables


BUILDERS: dict[str, Builder] = {
    "overall_performance": overall_performance,
    "project_performance": project_performance,
}
# A form's first grid carries its own subtitle (填报日期, 单位名称), so no caption.
OPTIONS: dict[str, frozenset[str]] = {
    kind: (BASE_OPTIONS - {"caption"}) | {"empty_note"} for kind in BUILDERS
}
