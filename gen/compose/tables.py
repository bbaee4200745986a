"""Table layouts: the disclosure tables' columns and multi-row headers, filled from computed tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

from gen.compose.cells import BASE_OPTIONS, Builder, TableContext, emptied, head, make_table, spaced, text
from gen.compose.columns import (
    ECONOMIC_LEVELS,
    FUNCTION_LEVELS,
    Col,
    Levels,
    cells,
    check_hidden,
    choose,
    col,
    from_computed,
    header,
    indent_by_depth,
    kept,
    rounding_differs,
    split_codes,
    tail_difference,
)
from gen.compose.document import Table, TableRow
from gen.compose.numbers import numbered
from gen.compute.rows import DataTable, Row, RowKind
from gen.compute.schedules import PROCUREMENT_COLUMNS, PROJECT_COLUMNS, SERVICE_COLUMNS
from models.budget import APPROPRIATIONS, FundSource

__all__ = ["BUILDERS", "Builder", "TableContext"]


def coded_table(
    ctx: TableContext,
    table: DataTable,
    known: Sequence[Col],
    *,
    default: Sequence[str] | None = None,
    levels: Levels | None = None,
    indent: Callable[[Row], int] = indent_by_depth,
    empty: str,
) -> Table:
    """A table of rows under multi-row headings, with the columns, codes and rows the profile chose."""
    chosen = choose(ctx, known, default)
    check_hidden(ctx, known, chosen, table.rows)
    columns = split_codes(ctx, chosen, levels)
    rows = kept(ctx, chosen, table.rows)
    body = [TableRow(cells(ctx, columns, r, indent), r.kind.name.lower()) for r in rows]
    made = make_table(ctx, header(columns), body, [c.width for c in columns])
    if not any(any(r.values.values()) for r in table.rows):
        return emptied(ctx, made, empty)
    if tail_difference(ctx, chosen, rows):
        made.notes.append(ctx.profile.tables.rounding_note)
    return made


# ------------------------------------------------------------------ 收支总表 (two-sided)

Line = tuple[str, Decimal | None]


def _lines(ctx: TableContext, items: list[tuple[str, Decimal]], pattern: str) -> list[Line]:
    """Numbered lines of a standard list; with rows: nonempty, only those with an amount."""
    if ctx.rows == "nonempty":
        items = [(label, value) for label, value in items if value]
    return [(numbered(pattern, i) + label, value) for i, (label, value) in enumerate(items, start=1)]


def _class_lines(ctx: TableContext, table: DataTable, pattern: str) -> list[Line]:
    """The profile's standard 类 list, in its order, then any other 类 the budget has."""
    values = {r.code: r.value("amount") for r in table.rows if r.kind is RowKind.CLASS}
    names = {r.code: r.name for r in table.rows if r.kind is RowKind.CLASS}
    standard = ctx.profile.summary_classes
    codes = list(standard) + sorted(c for c in values if c and c not in standard)
    items = [
        (names.get(code) or ctx.computed.codes.functional.name(code) or code, values.get(code, Decimal(0)))
        for code in codes
    ]
    return _lines(ctx, items, pattern)


def _totals(table: DataTable) -> dict[str, Decimal]:
    return {r.name: r.value("amount") for r in table.rows if r.kind is RowKind.TOTAL}


Sum = tuple[Decimal, list[Line]]
"""A printed total and the lines that add up to it."""


def _two_sided(
    ctx: TableContext,
    left: list[Line],
    right: list[Line],
    closing: list[tuple[str, Decimal, str, Decimal]],
    sums: list[Sum],
) -> Table:
    header = [
        [spaced("收入", 2), spaced("支出", 2)],
        [spaced("项目"), head("预算数"), spaced("项目"), head("预算数")],
    ]
    rows = []
    for index in range(max(len(left), len(right))):
        l_label, l_value = left[index] if index < len(left) else ("", None)
        r_label, r_value = right[index] if index < len(right) else ("", None)
        rows.append(TableRow([text(l_label), ctx.money(l_value), text(r_label), ctx.money(r_value)]))
    for l_label, l_value, r_label, r_value in closing:
        # The grand totals are set wide (收 入 总 计) by letter spacing; their text stays the words.
        label = spaced if l_label.endswith("总计") else head
        rows.append(
            TableRow([label(l_label), ctx.money(l_value), label(r_label), ctx.money(r_value)], "total")
        )
    made = make_table(ctx, header, rows, (3, 1.4, 3, 1.4))
    if any(rounding_differs(ctx, total, [v or Decimal(0) for _, v in lines]) for total, lines in sums):
        made.notes.append(ctx.profile.tables.rounding_note)
    return made


def summary(ctx: TableContext) -> list[Table]:
    table = ctx.computed.table("summary")
    income = {
        r.name: r.value("amount")
        for r in table.rows
        if r.texts.get("side") == "收入" and r.kind is RowKind.DETAIL
    }
    pattern = ctx.profile.numbering.summary_row
    sources = [
        (ctx.profile.income_labels.get(s.value, s.value), income.get(s.value, Decimal(0))) for s in FundSource
    ]
    t = _totals(table)
    closing = [
        ("本年收入合计", t["本年收入合计"], "本年支出合计", t["本年支出合计"]),
        ("上年结转结余", t["上年结转结余"], "年终结转结余", t["年终结转结余"]),
        ("收入总计", t["收入总计"], "支出总计", t["支出总计"]),
    ]
    left, right = _lines(ctx, sources, pattern), _class_lines(ctx, table, pattern)
    sums = [(t["本年收入合计"], left), (t["本年支出合计"], right)]
    return [_two_sided(ctx, left, right, closing, sums)]


def appropriation(ctx: TableContext) -> list[Table]:
    table = ctx.computed.table("appropriation")
    values = {r.name: r.value("amount") for r in table.rows if r.kind is RowKind.DETAIL}
    sub = ctx.profile.numbering.subsection
    labels = ctx.profile.income_labels
    t = _totals(table)

    def fund_lines(prefix: str) -> list[Line]:
        funds = [
            (
                labels.get(f"{f.value}-财政拨款", f.value + "拨款"),
                values.get(f"{prefix}-{f.value}", Decimal(0)),
            )
            for f in APPROPRIATIONS
        ]
        return _lines(ctx, funds, sub)

    top = ctx.profile.numbering.summary_row
    this_year, carried = fund_lines("本年收入"), fund_lines("上年结转")
    spending = _class_lines(ctx, table, ctx.profile.numbering.summary_subrow)
    left: list[Line] = [
        (numbered(top, 1) + "本年收入", t["本年收入合计"]),
        *this_year,
        (numbered(top, 2) + "上年结转", t["上年结转结余"]),
        *carried,
    ]
    right: list[Line] = [
        (numbered(top, 1) + "本年支出", t["本年支出合计"]),
        *spending,
        (numbered(top, 2) + "年终结转结余", t["年终结转结余"]),
    ]
    closing = [("收入总计", t["收入总计"], "支出总计", t["支出总计"])]
    sums = [(t["本年收入合计"], this_year), (t["上年结转结余"], carried), (t["本年支出合计"], spending)]
    return [_two_sided(ctx, left, right, closing, sums)]


# ------------------------------------------------------------------ classification tables

CODE, NAME = col("code", "科目编码", kind="code"), col("name", "科目名称", kind="name", width=3.4)
UNIT_CODE, UNIT_NAME = col("code", "单位编码", kind="code"), col("name", "单位名称", kind="name", width=3.4)


def _basic_split(*lead: str) -> list[Col]:
    """合计 | 基本支出 (小计 人员经费 公用经费) | 项目支出, under `lead` headings."""
    return [
        col("total", *lead, "合计"),
        col("basic", *lead, "基本支出", "小计", summed=True),
        col("personnel", *lead, "基本支出", "人员经费"),
        col("public", *lead, "基本支出", "公用经费"),
        col("project", *lead, "项目支出", summed=True),
    ]


def expenditure(ctx: TableContext) -> list[Table]:
    table = ctx.computed.table("expenditure")
    labels = {c.key: c.label for c in table.columns}
    known = [
        CODE,
        NAME,
        *_basic_split(),
        *(
            col(k, labels[k], summed=True)
            for k in ("institution_operating", "remit_upper", "subsidiary_grant")
        ),
    ]
    # 人员/公用 are printed inside 基本支出 elsewhere.
    default = [c.key for c in known if c.key not in ("personnel", "public")]
    return [coded_table(ctx, table, known, default=default, levels=FUNCTION_LEVELS, empty="本单位无支出预算")]


def general_by_function(ctx: TableContext) -> list[Table]:
    table = ctx.computed.table("general_by_function")
    known = [CODE, NAME, *_basic_split()]
    return [coded_table(ctx, table, known, levels=FUNCTION_LEVELS, empty="本单位无一般公共预算支出")]


def general_by_unit(ctx: TableContext) -> list[Table]:
    table = ctx.computed.table("general_by_unit")
    return [
        coded_table(ctx, table, [UNIT_CODE, UNIT_NAME, *_basic_split()], empty="本单位无一般公共预算支出")
    ]


def general_basic_economic(ctx: TableContext) -> list[Table]:
    lead, amounts = "部门预算支出经济分类科目", "本年一般公共预算基本支出"
    known = [
        col("code", lead, "科目编码", kind="code"),
        col("name", lead, "科目名称", kind="name", width=3.4),
        col("total", amounts, "合计", width=1.4),
        col("personnel", amounts, "人员经费", width=1.4, summed=True),
        col("public", amounts, "公用经费", width=1.4, summed=True),
    ]
    table = ctx.computed.table("general_basic_economic")
    return [coded_table(ctx, table, known, levels=ECONOMIC_LEVELS, empty="本单位无一般公共预算基本支出")]


def _fund_function(ctx: TableContext, table_id: str, label: str, fund: str) -> list[Table]:
    known = [
        CODE,
        NAME,
        col("total", label, "合计", width=1.4),
        col("basic", label, "基本支出", width=1.4, summed=True),
        col("project", label, "项目支出", width=1.4, summed=True),
    ]
    table = ctx.computed.table(table_id)
    return [coded_table(ctx, table, known, levels=FUNCTION_LEVELS, empty=f"本单位无{fund}安排的支出")]


def gov_fund_by_function(ctx: TableContext) -> list[Table]:
    return _fund_function(ctx, "gov_fund_by_function", "本年政府性基金预算支出", "政府性基金预算")


def state_capital_by_function(ctx: TableContext) -> list[Table]:
    return _fund_function(ctx, "state_capital_by_function", "本年国有资本经营预算支出", "国有资本经营预算")


# ------------------------------------------------------------------ schedules


def three_public(ctx: TableContext) -> list[Table]:
    table = ctx.computed.table("three_public")
    known = [
        col("total", "“三公”经费合计"),
        col("abroad", "因公出国（境）费", summed=True),
        col("vehicle", "公务用车购置及运行费", "小计", summed=True),
        col("vehicle_purchase", "公务用车购置及运行费", "公务用车购置费"),
        col("vehicle_operation", "公务用车购置及运行费", "公务用车运行费"),
        col("reception", "公务接待费", summed=True),
    ]
    chosen = choose(ctx, known)
    check_hidden(ctx, known, chosen, table.rows)
    row = TableRow([ctx.money(table.total().value(c.key)) for c in chosen], "total")
    made = make_table(ctx, header(chosen), [row])
    if ctx.empty_note and not table.total().value("total"):
        return [emptied(ctx, made, ctx.empty_note)]
    if tail_difference(ctx, chosen, table.rows):
        made.notes.append(ctx.profile.tables.rounding_note)
    return [made]


def income(ctx: TableContext) -> list[Table]:
    table = ctx.computed.table("income")
    sources = [
        col(c.key, "本年收入", c.label, width=1.1, summed=True)
        for c in table.columns
        if c.key not in ("total", "carryover")
    ]
    known = [
        col("code", "单位编码", kind="code", width=1.1),
        col("name", "单位名称", kind="name", width=3),
        col("total", "合计", width=1.1),
        *sources,
        col("carryover", "上年结转（结余）", width=1.1, summed=True),
    ]
    return [coded_table(ctx, table, known, empty="本单位无收入预算")]


def projects(ctx: TableContext) -> list[Table]:
    known = [
        col("code", "项目编码", kind="code", width=2.6),
        col("name", "项目名称", kind="name", width=3.2),
        col("unit_name", "项目单位", kind="text", width=2.2),
        *(from_computed(c, summed=c.key != "total", width=1.1) for c in PROJECT_COLUMNS),
    ]

    def indent(row: Row) -> int:
        return 0 if row.kind is RowKind.DETAIL else indent_by_depth(row)

    table = ctx.computed.table("projects")
    return [coded_table(ctx, table, known, indent=indent, empty="本单位无项目支出")]


def _listing(ctx: TableContext, table: DataTable, known: list[Col], empty: str) -> Table:
    """A detail listing; under the 合计 row, a department row when it starts with 单位代码 | 单位名称."""
    default = [c.key for c in known if c.key != "category"]
    made = coded_table(ctx, table, known, default=default, empty=empty)
    keys = [c.key for c in choose(ctx, known, default)]
    if made.rows and keys[:2] == ["unit_code", "unit_name"]:
        department = ctx.computed.budget.meta.department
        cells_ = [text(department.code), text(department.name)] + [text("") for _ in keys[2:]]
        made.rows.insert(1, TableRow(cells_, "department"))
    return made


def procurement(ctx: TableContext) -> list[Table]:
    amounts = f"采购金额（{ctx.unit}）"
    known = [
        from_computed(c, width=2.4 if c.kind == "text" else 1.2)
        for c in PROCUREMENT_COLUMNS
        if c.key not in ("unit_price", "amount", "sme_amount", "micro_amount")
    ]
    quantity = next(i for i, c in enumerate(known) if c.key == "quantity")
    known.insert(quantity + 1, col("unit_price", f"单价（{ctx.unit}）", kind="price", width=1.2))
    known += [
        col("amount", amounts, "采购金额合计", width=1.2),
        col("sme_amount", amounts, "其中面向中小企业", width=1.2),
        col("micro_amount", amounts, "其中面向小微企业", width=1.2),
    ]
    return [_listing(ctx, ctx.computed.table("procurement"), known, "本单位无政府采购预算")]


def purchased_services(ctx: TableContext) -> list[Table]:
    known = [
        replace(c, path=("政府购买服务指导目录", c.path[-1] + "目录")) if c.key.startswith("catalog") else c
        for c in (from_computed(c, width=2.4 if c.kind == "text" else 1.2) for c in SERVICE_COLUMNS)
    ]
    return [_listing(ctx, ctx.computed.table("purchased_services"), known, "本单位无政府购买服务预算")]


BUILDERS: dict[str, Builder] = {
    "summary": summary,
    "income": income,
    "expenditure": expenditure,
    "appropriation": appropriation,
    "general_by_function": general_by_function,
    "general_by_unit": general_by_unit,
    "general_basic_economic": general_basic_economic,
    "three_public": three_public,
    "gov_fund_by_function": gov_fund_by_function,
    "state_capital_by_function": state_capital_by_function,
    "projects": projects,
    "procurement": procurement,
    "purchased_services": purchased_services,
}

_CODED = BASE_OPTIONS | {"columns", "rows", "empty_note"}
OPTIONS: dict[str, frozenset[str]] = {
    "summary": BASE_OPTIONS | {"rows"},
    "appropriation": BASE_OPTIONS | {"rows"},
    "income": _CODED,
    "general_by_unit": _CODED,
    "projects": _CODED,
    "procurement": _CODED,
    "purchased_services": _CODED,
    "expenditure": _CODED | {"code_style"},
    "general_by_function": _CODED | {"code_style"},
    "general_basic_economic": _CODED | {"code_style"},
    "gov_fund_by_function": _CODED | {"code_style"},
    "state_capital_by_function": _CODED | {"code_style"},
    "three_public": BASE_OPTIONS | {"columns", "empty_note"},
}
