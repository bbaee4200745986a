"""The figures of the 绩效目标申报表: this year's computed from the budget, earlier years as typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gen.compute.rows import DataTable, Row, RowKind
from gen.compute.schedules import project_values
from gen.compute.yoy import share
from models.amount import ZERO
from models.budget import APPROPRIATIONS, PROJECT_SOURCE_FIELDS, Budget, FundSource, Project
from models.performance import (
    OverallPerformanceForm,
    PriorFunding,
    ProjectPerformanceForm,
    SpendingBreakdown,
)


@dataclass(frozen=True)
class FundingLine:
    """One line of a 整体 form's composition, by key: this year's amount and earlier years' as typed."""

    group: str
    """income | spending"""
    key: str
    """income: appropriation, special_account, unit_funds, carryover;
    spending: personnel, operating, specific (or basic, project)"""
    current: Decimal
    prior: dict[int, Decimal | None] = field(default_factory=dict)
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
    amounts: dict[str, Decimal] = field(default_factory=dict)
    """This year's amounts by field name: income_appropriation …, spending_personnel … spending_project."""

    def line(self, group: str, key: str) -> FundingLine:
        return next(line for line in self.lines if line.group == group and line.key == key)

    def spending(self) -> list[FundingLine]:
        return [line for line in self.lines if line.group == "spending"]

    def group_total(self, group: str) -> Decimal:
        """收入 (with 上年结转) or 支出, every line of the group."""
        return self.total(group, [line for line in self.lines if line.group == group]).current

    def share(self, line: FundingLine) -> Decimal | None:
        """`line`'s part of its whole group (收入 with 上年结转, or 支出), in per cent."""
        return share(line.current, self.group_total(line.group))

    def total(self, group: str, lines: Sequence[FundingLine]) -> FundingLine:
        """The 合计 of `lines` (the lines of `group` a form prints): this year's sum, and each
        earlier year's sum of what was typed (None where nothing was)."""
        current = sum((line.current for line in lines), start=ZERO)
        prior = {y: _prior_total([line.prior.get(y) for line in lines]) for y in self.years}
        return FundingLine(group, "total", current, prior)

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


# Each spending line: its key, the computed columns it sums, the typed prior fields it sums.
_SPENDING = {
    SpendingBreakdown.CLASSES: (
        ("personnel", ("personnel",), ("personnel",)),
        ("operating", ("public",), ("operating",)),
        ("specific", ("project",), ("specific",)),
    ),
    SpendingBreakdown.BASIC_PROJECT: (
        ("basic", ("personnel", "public"), ("personnel", "operating")),
        ("project", ("project",), ("specific",)),
    ),
}


def funding_composition(
    budget: Budget,
    form: OverallPerformanceForm,
    by_unit: DataTable,
    expenditure: DataTable,
    project_totals: list[Decimal],
) -> FundingComposition:
    """收入: 财政拨款, 财政专户管理资金, 单位资金 and 上年结转; 支出: 人员类 = 人员经费, 运转类 =
    公用经费, 特定目标类 = 项目支出 (or 基本/项目). Which lines a form prints is the profile's.

    `by_unit` is the all-fund unit table; the department's line comes from `expenditure`.
    """
    if form.unit is None:
        name = budget.meta.department.short_name or budget.meta.department.name
        incomes = budget.income
        carried = budget.carryover
        row = expenditure.total()
    else:
        unit = next((u for u in budget.units if u.code == form.unit), None)
        name = unit.name if unit else form.unit
        incomes = [i for i in budget.income if i.unit == form.unit]
        carried = [c for c in budget.carryover if c.unit == form.unit]
        try:
            row = by_unit.row(form.unit, RowKind.UNIT)
        except KeyError:  # a unit without expenditure rows: a zero composition
            row = Row(form.unit, name, RowKind.UNIT)
    appropriation = sum((i.amount for i in incomes if i.source in APPROPRIATIONS), start=ZERO)
    special = sum((i.amount for i in incomes if i.source is FundSource.SPECIAL_ACCOUNT), start=ZERO)
    income = {
        "appropriation": (appropriation, ("appropriation",)),
        "special_account": (special, ("special_account",)),
        "unit_funds": (
            sum((i.amount for i in incomes), start=ZERO) - appropriation - special,
            ("unit_funds",),
        ),
        "carryover": (sum((c.amount for c in carried), start=ZERO), ()),
    }
    prior = {p.year: p for p in form.prior_funding}
    years = sorted(prior)

    def typed(attrs: tuple[str, ...]) -> dict[int, Decimal | None]:
        entries: dict[int, PriorFunding] = prior
        if not attrs:
            return {y: None for y in years}
        return {y: _prior_total([getattr(entries[y], a) for a in attrs]) for y in years}

    lines = [
        FundingLine("income", key, amount, typed(attrs), attrs) for key, (amount, attrs) in income.items()
    ]
    lines += [
        FundingLine("spending", key, sum((row.value(c) for c in columns), start=ZERO), typed(attrs), attrs)
        for key, columns, attrs in _SPENDING[form.breakdown]
    ]
    projects = [
        ProjectLine(p, p.total_budget if p.total_budget is not None else total, total)
        for p, total in zip(budget.projects, project_totals, strict=True)
        if form.unit is None or p.unit == form.unit
    ]
    # Every spending split, whichever the form's lines follow, for forms that print them as fields.
    amounts = {
        f"spending_{key}": sum((row.value(c) for c in columns), start=ZERO)
        for split in _SPENDING.values()
        for key, columns, _ in split
    }
    amounts |= {f"income_{line.key}": line.current for line in lines if line.group == "income"}
    return FundingComposition(name, form, years, lines, projects, amounts)


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
    sources: tuple[tuple[str, Decimal], ...] = ()
    """The project's amounts by source key (general, carry_general, unit_funds …), in their order."""

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
        tuple((key, values.get(key, ZERO)) for key in PROJECT_SOURCE_FIELDS),
    )
