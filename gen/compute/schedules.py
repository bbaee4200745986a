"""Tables outside the two classifications: income, units, projects, 三公, procurement, services."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gen.compute.rows import Column, DataTable, Row, RowKind, add_into, amount, summed
from gen.load.source import Path_
from models.amount import ZERO
from models.budget import (
    PROJECT_SOURCE_FIELDS,
    Budget,
    FundSource,
    ProcurementCategory,
    ProcurementRow,
    Project,
    ProjectGroup,
    Unit,
    UnitExpenditure,
)

PROJECT_GROUP_CODES = {ProjectGroup.OWN: "31", ProjectGroup.TRANSFER: "32"}
PROJECT_COLUMNS = [
    Column("total"),
    Column("general"),
    Column("gov_fund"),
    Column("state_capital"),
    Column("carry_general"),
    Column("carry_gov_fund"),
    Column("carry_state_capital"),
    Column("special_account"),
    Column("unit_funds"),
]
UNIT_COLUMNS = [
    Column("total"),
    Column("basic"),
    Column("personnel"),
    Column("public"),
    Column("project"),
]
INCOME_COLUMNS = [
    Column("total"),
    *(Column(source.name.lower()) for source in FundSource),
    Column("carryover"),
]
THREE_PUBLIC_COLUMNS = [
    Column("total"),
    Column("abroad"),
    Column("vehicle"),
    Column("vehicle_purchase"),
    Column("vehicle_operation"),
    Column("reception"),
]
PROCUREMENT_COLUMNS = [
    Column("unit_code", "text"),
    Column("unit_name", "text"),
    Column("project", "text"),
    Column("item", "text"),
    Column("category", "text"),
    Column("function", "text"),
    Column("economic", "text"),
    Column("fund_origin", "text"),
    Column("fund_nature", "text"),
    Column("quantity", "number"),
    Column("unit_price", "number"),
    Column("measure", "text"),
    Column("amount"),
    Column("sme_amount"),
    Column("micro_amount"),
]
SERVICE_COLUMNS = [
    Column("unit_code", "text"),
    Column("unit_name", "text"),
    Column("via_procurement", "text"),
    Column("project", "text"),
    Column("content", "text"),
    Column("quantity", "number"),
    Column("amount"),
    Column("fund_origin", "text"),
    Column("fund_nature", "text"),
    Column("function", "text"),
    Column("economic", "text"),
    Column("catalog_1", "text"),
    Column("catalog_2", "text"),
    Column("catalog_3", "text"),
]


def _unit_names(budget: Budget) -> dict[str, Unit]:
    return {unit.code: unit for unit in budget.units}


def _unit_order(units: dict[str, Unit], present: Iterable[str | None]) -> list[str]:
    """Declared units first, in their order; codes missing from the unit table after, sorted."""
    codes = {c for c in present if c is not None}
    return [c for c in units if c in codes] + sorted(codes - units.keys())


def _unit_sections(
    budget: Budget, table_id: str, columns: list[Column], per_unit: dict[str | None, dict[str, Decimal]]
) -> DataTable:
    """合计, the department row, then one row per declared unit (in the order declared)."""
    keys = [c.key for c in columns]
    units = _unit_names(budget)
    ordered = _unit_order(units, per_unit)
    department = summed(per_unit.values())
    zero = {key: Decimal(0) for key in keys}
    rows = [
        Row(None, "", RowKind.TOTAL, {**zero, **department}),
        Row(
            budget.meta.department.code,
            budget.meta.department.name,
            RowKind.DEPARTMENT,
            {**zero, **department},
        ),
    ]
    for code in ordered:
        name = units[code].name if code in units else "（单位表中无此编码）"
        rows.append(Row(code, name, RowKind.UNIT, {**zero, **per_unit[code]}))
    return DataTable(table_id, columns, rows)


# The fund each of a project's sources spends, to place derived project spending by unit and fund.
# 单位资金 may be any of the units' own sources, so it has no fund here.
PROJECT_SOURCE_FUND: dict[str, FundSource | None] = {
    "general": FundSource.GENERAL,
    "carry_general": FundSource.GENERAL,
    "gov_fund": FundSource.GOV_FUND,
    "carry_gov_fund": FundSource.GOV_FUND,
    "state_capital": FundSource.STATE_CAPITAL,
    "carry_state_capital": FundSource.STATE_CAPITAL,
    "special_account": FundSource.SPECIAL_ACCOUNT,
    "unit_funds": None,
}


@dataclass(frozen=True)
class UnitSpending:
    """One unit's spending from one fund: 人员/公用 as typed, 项目 as typed or summed from its projects."""

    unit: str
    fund: FundSource
    values: dict[str, Decimal]


def _spending_values(personnel: Decimal, public: Decimal, project: Decimal) -> dict[str, Decimal]:
    return {
        "personnel": personnel,
        "public": public,
        "basic": personnel + public,
        "project": project,
        "total": personnel + public + project,
    }


def unit_values(item: UnitExpenditure) -> dict[str, Decimal]:
    return _spending_values(amount(item.personnel), amount(item.public), amount(item.project))


def unit_spending(budget: Budget) -> tuple[list[UnitSpending], list[Path_]]:
    """Each (unit, fund) line of 分单位支出, and where a unit's project spending cannot be derived.

    A (unit, fund) whose lines state no 项目支出 gets the sum of the unit's projects' sources that
    spend that fund (typed once: the project list already says it); one that states it keeps it, and
    BAL-006 checks the unit against its projects. 单位资金 spends no known fund, so a unit whose
    projects have some must state its 项目支出.
    """
    lines: dict[tuple[str, FundSource], dict[str, Decimal]] = {}
    typed: set[tuple[str, FundSource]] = set()
    for item in budget.expenditure.by_unit:
        add_into(lines.setdefault((item.unit, item.fund), {}), unit_values(item))
        if item.project is not None:
            typed.add((item.unit, item.fund))
    typed_units = {unit for unit, _ in typed}
    first = {item.unit: i for i, item in reversed(list(enumerate(budget.expenditure.by_unit)))}
    undecidable: list[Path_] = []
    for project in budget.projects:
        for key, value in project_values(project).items():
            fund = PROJECT_SOURCE_FUND.get(key)
            if key == "total" or not value or (project.unit, fund) in typed:
                continue
            if fund is None:
                if project.unit not in typed_units:
                    at = first.get(project.unit)
                    undecidable.append(
                        ("expenditure", "by_unit", *((at, "project") if at is not None else ()))
                    )
                continue
            add_into(lines.setdefault((project.unit, fund), {}), _spending_values(ZERO, ZERO, value))
    return [UnitSpending(u, f, v) for (u, f), v in lines.items()], sorted(set(undecidable), key=str)


def unit_table(
    spending: Sequence[UnitSpending], budget: Budget, table_id: str, funds: Collection[FundSource]
) -> DataTable:
    per_unit: dict[str | None, dict[str, Decimal]] = {}
    for line in spending:
        if line.fund in funds:
            add_into(per_unit.setdefault(line.unit, {}), line.values)
    return _unit_sections(budget, table_id, UNIT_COLUMNS, per_unit)


def income_table(budget: Budget) -> DataTable:
    per_unit: dict[str | None, dict[str, Decimal]] = {}
    for income in budget.income:
        add_into(
            per_unit.setdefault(income.unit, {}),
            {income.source.name.lower(): income.amount, "total": income.amount},
        )
    for carry in budget.carryover:
        add_into(per_unit.setdefault(carry.unit, {}), {"carryover": carry.amount, "total": carry.amount})
    return _unit_sections(budget, "income", INCOME_COLUMNS, per_unit)


def project_values(project: Project) -> dict[str, Decimal]:
    """A project's amounts by source and their total (本年预算)."""
    values = {key: amount(getattr(project, key)) for key in PROJECT_SOURCE_FIELDS}
    values["total"] = sum(values.values(), start=Decimal(0))
    return values


def project_table(budget: Budget) -> DataTable:
    """Department, unit, group (31 本级支出项目 …) and project rows, every subtotal summed."""
    zero = {c.key: Decimal(0) for c in PROJECT_COLUMNS}
    units = _unit_names(budget)
    by_unit: dict[str, dict[ProjectGroup, list[Row]]] = {}
    for project in budget.projects:
        values = project_values(project)
        unit_name = units[project.unit].name if project.unit in units else ""
        row = Row(project.code, project.name, RowKind.DETAIL, {**zero, **values}, {"unit_name": unit_name})
        by_unit.setdefault(project.unit, {}).setdefault(project.group, []).append(row)
    body: list[Row] = []
    unit_rows: list[Row] = []
    ordered = _unit_order(units, by_unit)
    for unit_code in ordered:
        groups = by_unit[unit_code]
        unit_row = Row(
            unit_code, units[unit_code].name if unit_code in units else "（单位表中无此编码）", RowKind.UNIT
        )
        section: list[Row] = []
        for group in ProjectGroup:
            if group not in groups:
                continue
            group_row = Row(
                PROJECT_GROUP_CODES[group],
                group.value,
                RowKind.GROUP,
                {**zero, **summed(r.values for r in groups[group])},
            )
            section += [group_row, *groups[group]]
        unit_row.values = {**zero, **summed(r.values for r in section if r.kind is RowKind.GROUP)}
        unit_rows.append(unit_row)
        body += [unit_row, *section]
    department = {**zero, **summed(r.values for r in unit_rows)}
    head = [
        Row(None, "", RowKind.TOTAL, dict(department)),
        Row(budget.meta.department.code, budget.meta.department.name, RowKind.DEPARTMENT, dict(department)),
    ]
    return DataTable("projects", [Column("unit_name", "text"), *PROJECT_COLUMNS], head + body)


def procurement_category(row: ProcurementRow) -> ProcurementCategory | None:
    """货物 A, 工程 B, 服务 C: the first letter of the 政府采购品目 code, unless stated."""
    if row.category is not None:
        return row.category
    letter = row.item_code.strip("[]")[:1].upper()
    return {
        "A": ProcurementCategory.GOODS,
        "B": ProcurementCategory.WORKS,
        "C": ProcurementCategory.SERVICES,
    }.get(letter)


def _coded(code: str, name: str | None) -> str:
    return f"[{code}]{name}" if name else f"[{code}]"


def procurement_table(
    budget: Budget, function_names: dict[str, str], economic_names: dict[str, str]
) -> DataTable:
    units = _unit_names(budget)
    rows: list[Row] = []
    for item in budget.procurement:
        category = procurement_category(item)
        values = {
            "amount": item.amount,
            "sme_amount": amount(item.sme_amount),
            "micro_amount": amount(item.micro_amount),
        }
        numbers = {
            k: v for k, v in (("quantity", item.quantity), ("unit_price", item.unit_price)) if v is not None
        }
        texts = {
            "unit_code": item.unit,
            "unit_name": units[item.unit].name if item.unit in units else (item.unit_name or ""),
            "project": item.project,
            "item": _coded(item.item_code, item.item_name),
            "category": category.value if category else "",
            "function": _coded(
                item.function_code, function_names.get(item.function_code) or item.function_name
            ),
            "economic": _coded(
                item.economic_code, economic_names.get(item.economic_code) or item.economic_name
            ),
            "fund_origin": item.fund_origin or "",
            "fund_nature": item.fund_nature or "",
            "measure": item.measure or "",
        }
        rows.append(Row(item.unit, item.item_name, RowKind.DETAIL, {**values, **numbers}, texts))
    # Quantity and unit price are not additive; the total sums amounts only.
    total = summed({k: r.values[k] for k in ("amount", "sme_amount", "micro_amount")} for r in rows)
    total = {"amount": Decimal(0), "sme_amount": Decimal(0), "micro_amount": Decimal(0), **total}
    return DataTable("procurement", PROCUREMENT_COLUMNS, [Row(None, "", RowKind.TOTAL, total), *rows])


def service_table(
    budget: Budget, function_names: dict[str, str], economic_names: dict[str, str]
) -> DataTable:
    units = _unit_names(budget)
    rows: list[Row] = []
    for item in budget.purchased_services:
        catalog = [*item.catalog, "", "", ""][:3]
        texts = {
            "unit_code": item.unit,
            "unit_name": units[item.unit].name if item.unit in units else (item.unit_name or ""),
            "via_procurement": "是" if item.via_procurement else "否",
            "project": item.project,
            "content": item.content,
            "fund_origin": item.fund_origin or "",
            "fund_nature": item.fund_nature or "",
            "function": _coded(
                item.function_code, function_names.get(item.function_code) or item.function_name
            ),
            "economic": _coded(
                item.economic_code, economic_names.get(item.economic_code) or item.economic_name
            ),
            "catalog_1": catalog[0],
            "catalog_2": catalog[1],
            "catalog_3": catalog[2],
        }
        values = {"amount": item.amount}
        if item.quantity is not None:
            values["quantity"] = item.quantity
        rows.append(Row(item.unit, item.content, RowKind.DETAIL, values, texts))
    total = {"amount": sum((r.values["amount"] for r in rows), start=Decimal(0))}
    return DataTable("purchased_services", SERVICE_COLUMNS, [Row(None, "", RowKind.TOTAL, total), *rows])


def three_public_table(values: dict[str, Decimal]) -> DataTable:
    return DataTable("three_public", THREE_PUBLIC_COLUMNS, [Row(None, "", RowKind.TOTAL, dict(values))])


def units_of_kind(units: Sequence[Unit], kinds: set[str]) -> set[str]:
    return {u.code for u in units if u.kind.value in kinds}
