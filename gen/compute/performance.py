"""The figures of the 绩效目标申报表: this year's computed from the budget, earlier years as typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gen.compute.rows import DataTable, Row, RowKind
from gen.compute.schedules import project_values
from gen.compute.yoy import share
from models.amount import ZERO
from models.budget import APPROPRIATIONS, Budget, FundSource, Project
from models.performance import (
    OverallPerformanceForm,
    PriorFunding,
    ProjectPerformanceForm,
    SpendingBreakdown,
)


@dataclass(frozen=True)
class FundingLine:
    group: str
    """收入构成 | 支出构成"""
    label: str
    current: Decimal
    share: Decimal | None
    prior: dict[int, Decimal | None] = field(default_factory=dict)
    is_total: bool = False
    prior_fields: tuple[str, ...] = ()
    """The typed `PriorFunding` fields this line adds up for earlier years."""


@dataclass(frozen=True)
class ProjectLine:
    """A row of a 整体绩效 form's 项目支出情况: name and purpose typed, amounts from the project."""

    project: Project
    total_budget: Decimal
    this_year: Decimal


@dataclass(frozen=True)
class FundingComposition:
    name: str
    form: OverallPerformanceForm
    years: list[int]
    lines: list[FundingLine]
    projects: list[ProjectLine] = field(default_factory=list)

    @property
    def projects_total(self) -> tuple[Decimal, Decimal]:
        """项目总预算 and 本年度预算 of the project list."""
        return (
            sum((p.total_budget for p in self.projects), start=ZERO),
            sum((p.this_year for p in self.projects), start=ZERO),
        )


def _prior_total(items: list[Decimal | None]) -> Decimal | None:
    known = [i for i in items if i is not None]
    return sum(known, start=ZERO) if known else None


_INCOME = (("财政拨款", "appropriation"), ("财政专户管理资金", "special_account"), ("单位资金", "unit_funds"))
# Each spending line: its label, the computed columns it sums, the typed prior fields it sums.
_SPENDING = {
    SpendingBreakdown.CLASSES: (
        ("人员类项目支出", ("personnel",), ("personnel",)),
        ("运转类项目支出", ("public",), ("operating",)),
        ("特定目标类项目支出", ("project",), ("specific",)),
    ),
    SpendingBreakdown.BASIC_PROJECT: (
        ("基本支出", ("personnel", "public"), ("personnel", "operating")),
        ("项目支出", ("project",), ("specific",)),
    ),
}


def funding_composition(
    budget: Budget,
    form: OverallPerformanceForm,
    by_unit: DataTable,
    expenditure: DataTable,
    project_totals: list[Decimal],
) -> FundingComposition:
    """人员类 = 人员经费, 运转类 = 公用经费, 特定目标类 = 项目支出, each with its share of the total.

    `by_unit` is the all-fund unit table; the department's line comes from `expenditure`.
    """
    if form.unit is None:
        name = budget.meta.department.short_name or budget.meta.department.name
        incomes = budget.income
        row = expenditure.total()
    else:
        unit = next((u for u in budget.units if u.code == form.unit), None)
        name = unit.name if unit else form.unit
        incomes = [i for i in budget.income if i.unit == form.unit]
        try:
            row = by_unit.row(form.unit, RowKind.UNIT)
        except KeyError:  # a unit without expenditure rows: a zero composition
            row = Row(form.unit, name, RowKind.UNIT)
    appropriation = sum((i.amount for i in incomes if i.source in APPROPRIATIONS), start=ZERO)
    special = sum((i.amount for i in incomes if i.source is FundSource.SPECIAL_ACCOUNT), start=ZERO)
    income = {
        "appropriation": appropriation,
        "special_account": special,
        "unit_funds": sum((i.amount for i in incomes), start=ZERO) - appropriation - special,
    }
    spending = [
        (label, sum((row.value(c) for c in columns), start=ZERO), typed)
        for label, columns, typed in _SPENDING[form.breakdown]
    ]
    prior = {p.year: p for p in form.prior_funding}
    years = sorted(prior)

    def typed(attrs: tuple[str, ...]) -> dict[int, Decimal | None]:
        entries: dict[int, PriorFunding] = prior
        return {y: _prior_total([getattr(entries[y], a) for a in attrs]) for y in years}

    def group(name: str, items: Sequence[tuple[str, Decimal, tuple[str, ...]]]) -> list[FundingLine]:
        total = sum((amount for _, amount, _ in items), start=ZERO)
        every = tuple(a for _, _, attrs in items for a in attrs)
        return [
            *(
                FundingLine(name, label, amount, share(amount, total), typed(attrs), prior_fields=attrs)
                for label, amount, attrs in items
            ),
            FundingLine(name, "合计", total, share(total, total), typed(every), True, every),
        ]

    lines = [
        *group("收入构成", [(label, income[attr], (attr,)) for label, attr in _INCOME]),
        *group("支出构成", spending),
    ]
    projects = [
        ProjectLine(p, p.total_budget if p.total_budget is not None else total, total)
        for p, total in zip(budget.projects, project_totals, strict=True)
        if form.unit is None or p.unit == form.unit
    ]
    return FundingComposition(name, form, years, lines, projects)


@dataclass(frozen=True)
class ProjectFunding:
    """A 项目支出绩效目标申报表's 资金来源, from the project's own amounts."""

    form: ProjectPerformanceForm
    project: Project | None
    """None when the form names a project the budget lacks (REF rules report it)."""
    total_budget: Decimal
    this_year: Decimal
    appropriation: Decimal
    """This year's 财政拨款 (一般公共、政府性基金、国有资本经营预算)."""
    special_account: Decimal
    other: Decimal
    """其他资金: unit funds and carried-over appropriations."""
    details_total: tuple[Decimal, Decimal, Decimal]
    """The 项目支出明细's 本级财政拨款, 上级转移支付 and 其他资金 columns, summed."""

    @property
    def transfer(self) -> Decimal:
        """财政拨款收入（上级转移支付）, as the details name it."""
        return self.details_total[1]

    @property
    def local(self) -> Decimal:
        """财政拨款收入（区级安排数）: the appropriations less what came from above."""
        return self.appropriation - self.transfer


# The project's own-year appropriations and its carried-over ones, by `project_values` key.
_APPROPRIATED = tuple(s.name.lower() for s in APPROPRIATIONS)
_CARRIED = tuple(f"carry_{key}" for key in _APPROPRIATED)


def project_funding(budget: Budget, form: ProjectPerformanceForm) -> ProjectFunding:
    project = next((p for p in budget.projects if p.code == form.project), None)
    values = project_values(project) if project else {}
    this_year = values.get("total", ZERO)
    total_budget = project.total_budget if project and project.total_budget is not None else this_year
    details = form.details
    return ProjectFunding(
        form,
        project,
        total_budget,
        this_year,
        sum((values.get(k, ZERO) for k in _APPROPRIATED), start=ZERO),
        values.get("special_account", ZERO),
        values.get("unit_funds", ZERO) + sum((values.get(k, ZERO) for k in _CARRIED), start=ZERO),
        (
            sum((d.local_amount or ZERO for d in details), start=ZERO),
            sum((d.transfer_amount or ZERO for d in details), start=ZERO),
            sum((d.other_amount or ZERO for d in details), start=ZERO),
        ),
    )
