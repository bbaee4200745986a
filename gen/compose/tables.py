"""Table layouts: the reference's columns and multi-row headers, filled from computed tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gen.compose.document import Align, Cell, Orientation, Table, TableRow
from gen.compose.numbers import amount_text, number_text, numbered
from gen.compose.profile import Profile, SectionSpec
from gen.compose.templating import ProfileTemplateError
from gen.compute.budget import ComputedBudget
from gen.compute.rows import Column, DataTable, Row, RowKind
from gen.compute.schedules import PROCUREMENT_COLUMNS, SERVICE_COLUMNS
from models.budget import APPROPRIATIONS, PROJECT_SOURCE_FIELDS, FundSource


@dataclass(frozen=True)
class TableContext:
    computed: ComputedBudget
    profile: Profile
    spec: SectionSpec
    title: str
    unit_label: str
    where: str = ""
    """The section's place in the profile (…profile.yaml parts[1].sections[2]), for messages."""

    @property
    def amount_unit(self) -> str:
        """The input's unit of amounts (万元 or 元), for column headings that name it."""
        return self.computed.budget.meta.amount_unit


Builder = Callable[[TableContext], list[Table]]


def head(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, Align.CENTER, colspan, rowspan, is_label=True)


def money(value: Decimal | None) -> Cell:
    return Cell(amount_text(value, blank_zero=True), Align.RIGHT, value=value)


def text(value: str, indent: int = 0, colspan: int = 1) -> Cell:
    return Cell(value, Align.LEFT, colspan=colspan, indent=indent)


def make_table(
    ctx: TableContext, header: list[list[Cell]], rows: list[TableRow], widths: Sequence[float] = ()
) -> Table:
    table = Table(
        id=ctx.spec.id,
        title=ctx.title,
        header=header,
        rows=rows,
        unit_label=ctx.unit_label,
        notes=list(ctx.spec.notes),
        widths=list(widths),
    )
    wide = table.column_count >= ctx.profile.landscape_columns
    table.orientation = Orientation(ctx.spec.orientation or ("landscape" if wide else "portrait"))
    return table


def _indent(row: Row) -> int:
    """Indentation steps of a row's name: totals and 类 flush, one step per level below."""
    return max(row.depth - 1, 0)


def _coded_rows(table: DataTable, keys: Sequence[str]) -> list[TableRow]:
    """Code | name | amounts, names indented by level (类/款/项, department/unit)."""
    rows = []
    for row in table.rows:
        name = "合计" if row.kind is RowKind.TOTAL else row.name
        cells = [text(row.code or ""), text(name, _indent(row))]
        rows.append(TableRow(cells + [money(row.value(k)) for k in keys], row.kind.name.lower()))
    return rows


def _is_empty(table: DataTable) -> bool:
    return all(r.kind is RowKind.TOTAL for r in table.rows)


# ------------------------------------------------------------------ 收支总表 (two-sided)


def _class_lines(ctx: TableContext, table: DataTable, pattern: str) -> list[tuple[str, Decimal]]:
    """The profile's standard 类 list, in its order, then any other 类 the budget has."""
    values = {r.code: r.value("amount") for r in table.rows if r.kind is RowKind.CLASS}
    names = {r.code: r.name for r in table.rows if r.kind is RowKind.CLASS}
    codes = list(ctx.profile.summary_classes) + sorted(
        c for c in values if c and c not in ctx.profile.summary_classes
    )
    lines = []
    for index, code in enumerate(codes, start=1):
        name = names.get(code) or ctx.computed.codes.functional.name(code) or code
        lines.append((numbered(pattern, index) + name, values.get(code, Decimal(0))))
    return lines


def _totals(table: DataTable) -> dict[str, Decimal]:
    return {r.name: r.value("amount") for r in table.rows if r.kind is RowKind.TOTAL}


def _two_sided(
    ctx: TableContext,
    left: list[tuple[str, Decimal | None]],
    right: list[tuple[str, Decimal | None]],
    closing: list[tuple[str, Decimal, str, Decimal]],
) -> Table:
    header = [
        [head("收 入", 2), head("支 出", 2)],
        [head("项 目"), head("预算数"), head("项 目"), head("预算数")],
    ]
    rows = []
    for index in range(max(len(left), len(right))):
        l_label, l_value = left[index] if index < len(left) else ("", None)
        r_label, r_value = right[index] if index < len(right) else ("", None)
        rows.append(TableRow([text(l_label), money(l_value), text(r_label), money(r_value)]))
    for l_label, l_value, r_label, r_value in closing:
        rows.append(TableRow([head(l_label), money(l_value), head(r_label), money(r_value)], "total"))
    return make_table(ctx, header, rows, (3, 1.4, 3, 1.4))


def summary(ctx: TableContext) -> list[Table]:
    table = ctx.computed.tables["summary"]
    income = {
        r.name: r.value("amount")
        for r in table.rows
        if r.texts.get("side") == "收入" and r.kind is RowKind.DETAIL
    }
    pattern = ctx.profile.numbering.summary_row
    left: list[tuple[str, Decimal | None]] = [
        (
            numbered(pattern, i) + ctx.profile.income_labels.get(s.value, s.value),
            income.get(s.value, Decimal(0)),
        )
        for i, s in enumerate(FundSource, start=1)
    ]
    right: list[tuple[str, Decimal | None]] = list(_class_lines(ctx, table, pattern))
    t = _totals(table)
    closing = [
        ("本年收入合计", t["本年收入合计"], "本年支出合计", t["本年支出合计"]),
        ("上年结转结余", t["上年结转结余"], "年终结转结余", t["年终结转结余"]),
        ("收 入 总 计", t["收入总计"], "支 出 总 计", t["支出总计"]),
    ]
    return [_two_sided(ctx, left, right, closing)]


def appropriation(ctx: TableContext) -> list[Table]:
    table = ctx.computed.tables["appropriation"]
    values = {r.name: r.value("amount") for r in table.rows if r.kind is RowKind.DETAIL}
    sub = ctx.profile.numbering.subsection
    labels = ctx.profile.income_labels
    t = _totals(table)

    def fund_lines(prefix: str) -> list[tuple[str, Decimal | None]]:
        return [
            (
                numbered(sub, i) + labels.get(f"{f.value}-财政拨款", f.value + "拨款"),
                values.get(f"{prefix}-{f.value}", Decimal(0)),
            )
            for i, f in enumerate(APPROPRIATIONS, start=1)
        ]

    left: list[tuple[str, Decimal | None]] = [
        ("一、本年收入", t["本年收入合计"]),
        *fund_lines("本年收入"),
        ("二、上年结转", t["上年结转结余"]),
        *fund_lines("上年结转"),
    ]
    right: list[tuple[str, Decimal | None]] = [
        ("一、本年支出", t["本年支出合计"]),
        *_class_lines(ctx, table, ctx.profile.numbering.summary_subrow),
        ("二、年终结转结余", t["年终结转结余"]),
    ]
    return [_two_sided(ctx, left, right, [("收 入 总 计", t["收入总计"], "支 出 总 计", t["支出总计"])])]


# ------------------------------------------------------------------ classification tables


def expenditure(ctx: TableContext) -> list[Table]:
    table = ctx.computed.tables["expenditure"]
    # 人员/公用 are printed inside 基本支出 elsewhere; 未细分 only when a year is known just by 类.
    hidden = {"personnel", "public"} | ({"unsplit"} if ctx.computed.split_known else set())
    columns = [c for c in table.columns if c.key not in hidden]
    keys = [c.key for c in columns]
    header = [[head("科目编码"), head("科目名称"), *(head(c.label) for c in columns)]]
    return [make_table(ctx, header, _coded_rows(table, keys), (1.2, 3.2, *[1.3] * len(keys)))]


_BASIC_SPLIT = ["total", "basic", "personnel", "public", "project"]


def _basic_split_header(code_label: str, name_label: str) -> list[list[Cell]]:
    return [
        [
            head(code_label, rowspan=2),
            head(name_label, rowspan=2),
            head("合计", rowspan=2),
            head("基本支出", 3),
            head("项目支出", rowspan=2),
        ],
        [head("小计"), head("人员经费"), head("公用经费")],
    ]


def general_by_function(ctx: TableContext) -> list[Table]:
    rows = _coded_rows(ctx.computed.tables["general_by_function"], _BASIC_SPLIT)
    return [
        make_table(
            ctx, _basic_split_header("科目编码", "科目名称"), rows, (1.2, 3.4, 1.3, 1.3, 1.3, 1.3, 1.3)
        )
    ]


def general_by_unit(ctx: TableContext) -> list[Table]:
    rows = _coded_rows(ctx.computed.tables["general_by_unit"], _BASIC_SPLIT)
    return [
        make_table(
            ctx, _basic_split_header("单位编码", "单位名称"), rows, (1.2, 3.4, 1.3, 1.3, 1.3, 1.3, 1.3)
        )
    ]


def general_basic_economic(ctx: TableContext) -> list[Table]:
    header = [
        [head("部门预算支出经济分类科目", 2), head("本年一般公共预算基本支出", 3)],
        [head("科目编码"), head("科目名称"), head("合计"), head("人员经费"), head("公用经费")],
    ]
    rows = _coded_rows(ctx.computed.tables["general_basic_economic"], ["total", "personnel", "public"])
    return [make_table(ctx, header, rows, (1.2, 3.4, 1.4, 1.4, 1.4))]


def _fund_function(ctx: TableContext, table_id: str, label: str, fund: str) -> list[Table]:
    table = ctx.computed.tables[table_id]
    header = [
        [head("科目编码", rowspan=2), head("科目名称", rowspan=2), head(label, 3)],
        [head("合计"), head("基本支出"), head("项目支出")],
    ]
    made = make_table(
        ctx, header, _coded_rows(table, ["total", "basic", "project"]), (1.2, 3.4, 1.4, 1.4, 1.4)
    )
    if _is_empty(table):
        made.rows = []
        made.empty_note = ctx.spec.empty_note or f"本单位无{fund}安排的支出"
    return [made]


def gov_fund_by_function(ctx: TableContext) -> list[Table]:
    return _fund_function(ctx, "gov_fund_by_function", "本年政府性基金预算支出", "政府性基金预算")


def state_capital_by_function(ctx: TableContext) -> list[Table]:
    return _fund_function(ctx, "state_capital_by_function", "本年国有资本经营预算支出", "国有资本经营预算")


# ------------------------------------------------------------------ schedules


def three_public(ctx: TableContext) -> list[Table]:
    row = ctx.computed.tables["three_public"].total()
    header = [
        [
            head("“三公”经费合计", rowspan=2),
            head("因公出国（境）费", rowspan=2),
            head("公务用车购置及运行费", 3),
            head("公务接待费", rowspan=2),
        ],
        [head("小计"), head("公务用车购置费"), head("公务用车运行费")],
    ]
    keys = ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
    return [make_table(ctx, header, [TableRow([money(row.value(k)) for k in keys], "total")])]


def income(ctx: TableContext) -> list[Table]:
    table = ctx.computed.tables["income"]
    sources = [c for c in table.columns if c.key not in ("total", "carryover")]
    header = [
        [
            head("单位编码", rowspan=2),
            head("单位名称", rowspan=2),
            head("合计", rowspan=2),
            head("本年收入", len(sources)),
            head("上年结转（结余）", rowspan=2),
        ],
        [head(c.label) for c in sources],
    ]
    keys = ["total", *(c.key for c in sources), "carryover"]
    return [make_table(ctx, header, _coded_rows(table, keys), (1.1, 3, *[1.1] * len(keys)))]


def projects(ctx: TableContext) -> list[Table]:
    table = ctx.computed.tables["projects"]
    header = [
        [
            head("项目编码", rowspan=2),
            head("项目名称", rowspan=2),
            head("项目单位", rowspan=2),
            head("合计", rowspan=2),
            head("本年拨款", 3),
            head("财政拨款结转结余", 3),
            head("财政专户管理资金", rowspan=2),
            head("单位资金", rowspan=2),
        ],
        [
            head("一般公共预算"),
            head("政府性基金预算"),
            head("国有资本经营"),
            head("一般公共预算"),
            head("政府性基金预算"),
            head("国有资本经营"),
        ],
    ]
    keys = ["total", *PROJECT_SOURCE_FIELDS]  # the header above follows this order
    rows = []
    for row in table.rows:
        name = "合计" if row.kind is RowKind.TOTAL else row.name
        indent = 0 if row.kind is RowKind.DETAIL else _indent(row)
        cells = [text(row.code or ""), text(name, indent), text(row.texts.get("unit_name", ""))]
        rows.append(TableRow(cells + [money(row.value(k)) for k in keys], row.kind.name.lower()))
    return [make_table(ctx, header, rows, (2.6, 3.2, 2.2, *[1.1] * len(keys)))]


def _listing(
    ctx: TableContext, table: DataTable, columns: list[Column], group: tuple[str, list[str]]
) -> Table:
    """A detail listing: text and amount columns; `group` spans the last columns under one heading."""
    wanted = ctx.spec.columns or [c.key for c in columns if c.key != "category"]
    by_key = {c.key: c for c in columns}
    unknown = [k for k in wanted if k not in by_key]
    if unknown:
        raise ProfileTemplateError(
            f"{ctx.where}.columns：表格“{ctx.title}”没有列 {'、'.join(unknown)}（可用：{'、'.join(by_key)}）"
        )
    chosen = [by_key[k] for k in wanted]
    label, members = group
    grouped = [c for c in chosen if c.key in members]
    plain = [c for c in chosen if c.key not in members]
    header = [[head(c.label, rowspan=2 if grouped else 1) for c in plain]]
    if grouped:
        header[0].append(head(label, len(grouped)))
        header.append([head(c.label.split("-")[-1]) for c in grouped])
    order = plain + grouped

    def cell(row: Row, column: Column) -> Cell:
        if column.kind == "text":
            return text(row.texts.get(column.key, ""))
        if column.kind == "number":
            value = row.values.get(column.key)
            shown = amount_text(value) if column.key == "unit_price" else number_text(value)
            return Cell(shown, Align.RIGHT, value=value)
        return money(row.values.get(column.key))

    rows = []
    department = ctx.computed.budget.meta.department
    for row in table.rows:
        if row.kind is RowKind.TOTAL:
            cells = [cell(row, c) if c.kind == "amount" else text("") for c in order]
            cells[0] = text("合计")
            rows.append(TableRow(cells, "total"))
            if [c.key for c in order[:2]] == ["unit_code", "unit_name"]:
                label_cells = [text(department.code), text(department.name)] + [text("") for _ in order[2:]]
                rows.append(TableRow(label_cells, "department"))
            continue
        rows.append(TableRow([cell(row, c) for c in order]))
    widths = [2.4 if c.kind == "text" else 1.2 for c in order]
    return make_table(ctx, header, rows, widths)


def procurement(ctx: TableContext) -> list[Table]:
    table = ctx.computed.tables["procurement"]
    columns = [
        c if c.key != "unit_price" else Column(c.key, f"单价（{ctx.amount_unit}）", c.kind)
        for c in PROCUREMENT_COLUMNS
    ]
    group = (f"采购金额（{ctx.amount_unit}）", ["amount", "sme_amount", "micro_amount"])
    return [_listing(ctx, table, columns, group)]


def purchased_services(ctx: TableContext) -> list[Table]:
    group = ("政府购买服务指导目录", ["catalog_1", "catalog_2", "catalog_3"])
    columns = [
        Column(
            c.key, c.label.replace("指导目录-", "") + ("目录" if c.key.startswith("catalog") else ""), c.kind
        )
        for c in SERVICE_COLUMNS
    ]
    return [_listing(ctx, ctx.computed.tables["purchased_services"], columns, group)]


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
