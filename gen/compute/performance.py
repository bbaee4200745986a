"""Funding composition of the 整体绩效目标申报表: this year's computed, earlier years as typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from gen.compute.rows import DataTable, Row, RowKind
from gen.compute.yoy import share
from models.amount import ZERO
from models.budget import APPROPRIATIONS, Budget, FundSource, OverallPerformanceForm, PriorFunding


@dataclass(frozen=True)
class FundingLine:
    group: str
    """收入构成 | 支出构成"""
    label: str
    current: Decimal
    share: Decimal | None
    prior: dict[int, Decimal | None] = field(default_factory=dict)
    is_total: bool = False


@dataclass(frozen=True)
class FundingComposition:
    name: str
    form: OverallPerformanceForm
    years: list[int]
    lines: list[FundingLine]


def _prior_total(items: list[Decimal | None]) -> Decimal | None:
    known = [i for i in items if i is not None]
    return sum(known, start=ZERO) if known else None


def funding_composition(
    budget: Budget, form: OverallPerformanceForm, by_unit: DataTable, expenditure: DataTable
) -> FundingComposition:
    """人员类 = 人员经费, 运转类 = 公用经费, 特定目标类 = 项目支出, each with its share of the total."""
    if form.unit is None:
        name = budget.meta.department.short_name or budget.meta.department.name
        incomes = budget.income
        row = expenditure.total()
    else:
        unit = next((u for u in budget.units if u.code == form.unit), None)
        name = unit.name if unit else form.unit
        incomes = [i for i in budget.income if i.unit == form.unit]
        # A unit without expenditure rows has a zero composition (REF rules report unknown units).
        row = next(
            (r for r in by_unit.rows if r.code == form.unit and r.kind is RowKind.UNIT),
            Row(form.unit, name, RowKind.UNIT),
        )
    appropriation = sum((i.amount for i in incomes if i.source in APPROPRIATIONS), start=ZERO)
    special = sum((i.amount for i in incomes if i.source is FundSource.SPECIAL_ACCOUNT), start=ZERO)
    unit_funds = sum((i.amount for i in incomes), start=ZERO) - appropriation - special
    income_total = appropriation + special + unit_funds
    personnel, public, project = row.value("personnel"), row.value("public"), row.value("project")
    spend_total = personnel + public + project
    prior = {p.year: p for p in form.prior_funding}
    years = sorted(prior)

    def typed(attr: str) -> dict[int, Decimal | None]:
        return {y: getattr(prior[y], attr) for y in years}

    def totals(attrs: tuple[str, ...]) -> dict[int, Decimal | None]:
        entries: dict[int, PriorFunding] = prior
        return {y: _prior_total([getattr(entries[y], a) for a in attrs]) for y in years}

    income_attrs = ("appropriation", "special_account", "unit_funds")
    spend_attrs = ("personnel", "operating", "specific")
    lines = [
        FundingLine(
            "收入构成", "财政拨款", appropriation, share(appropriation, income_total), typed(income_attrs[0])
        ),
        FundingLine(
            "收入构成", "财政专户管理资金", special, share(special, income_total), typed(income_attrs[1])
        ),
        FundingLine(
            "收入构成", "单位资金", unit_funds, share(unit_funds, income_total), typed(income_attrs[2])
        ),
        FundingLine(
            "收入构成", "合计", income_total, share(income_total, income_total), totals(income_attrs), True
        ),
        FundingLine(
            "支出构成", "人员类项目支出", personnel, share(personnel, spend_total), typed("personnel")
        ),
        FundingLine("支出构成", "运转类项目支出", public, share(public, spend_total), typed("operating")),
        FundingLine(
            "支出构成", "特定目标类项目支出", project, share(project, spend_total), typed("specific")
        ),
        FundingLine(
            "支出构成", "合计", spend_total, share(spend_total, spend_total), totals(spend_attrs), True
        ),
    ]
    return FundingComposition(name, form, years, lines)
