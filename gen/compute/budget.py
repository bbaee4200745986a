"""The computed budget: every derived figure, computed once, from leaf facts only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gen.compute import schedules
from gen.compute.classification import (
    economic_leaf_values,
    economic_table,
    function_leaf_values,
    function_table,
)
from gen.compute.performance import FundingComposition, ProjectFunding, funding_composition, project_funding
from gen.compute.rows import Column, DataTable, Row, RowKind, add_into
from gen.compute.yoy import Change, match, share
from models.amount import ZERO
from models.budget import APPROPRIATIONS, Budget, FundSource, OperatingCostScope, ProcurementCategory
from models.codes import CodeList


@dataclass(frozen=True)
class CodeLists:
    functional: CodeList
    economic: CodeList


@dataclass(frozen=True)
class ClassFigure:
    """One 类 (functional or economic) with its amount and, when known, last year's."""

    code: str
    name: str
    amount: Decimal
    change: Change


@dataclass(frozen=True)
class ThreePublicFigures:
    abroad: Change
    reception: Change
    vehicle_purchase: Change
    vehicle_operation: Change

    @property
    def vehicle(self) -> Change:
        return _add(self.vehicle_purchase, self.vehicle_operation)

    @property
    def total(self) -> Change:
        return _add(_add(self.abroad, self.reception), self.vehicle)


def _add(a: Change, b: Change) -> Change:
    prior = None if a.prior is None or b.prior is None else a.prior + b.prior
    return Change(a.current + b.current, prior)


@dataclass(frozen=True)
class ProcurementFigures:
    total: Decimal
    by_category: dict[ProcurementCategory, Decimal]
    sme: Decimal
    micro: Decimal

    def share(self, category: ProcurementCategory) -> Decimal | None:
        return share(self.by_category.get(category, ZERO), self.total)


@dataclass(frozen=True)
class Split:
    """基本支出 (人员经费 + 公用经费) and 项目支出 of a total, with their shares of it."""

    total: Decimal
    basic: Decimal
    personnel: Decimal
    public: Decimal
    project: Decimal

    @property
    def basic_share(self) -> Decimal | None:
        return share(self.basic, self.total)

    @property
    def project_share(self) -> Decimal | None:
        return share(self.project, self.total)


@dataclass(frozen=True)
class StaffingFigures:
    authorized: int
    in_service: int
    retired: int


@dataclass
class Figures:
    """The narrative's numbers. `None` means the input does not reveal it (e.g. a coarse prior year)."""

    total: Change
    income_total: Decimal
    carryover_total: Decimal
    income_by_source: dict[FundSource, Decimal]
    basic: Change
    personnel: Change
    public: Change
    project: Change
    appropriation: Change
    general: Change
    general_split: Split | None
    """The 一般公共预算's own split; None when the input does not reveal it (amounts only by 类)."""
    function_classes: list[ClassFigure]
    general_function_classes: list[ClassFigure]
    basic_economic_classes: list[ClassFigure]
    operating_costs: Change
    procurement: ProcurementFigures
    purchased_services: Decimal
    three_public: ThreePublicFigures
    staffing: StaffingFigures
    unknown: frozenset[str] = frozenset()
    """Names of figures this input does not reveal (a coarse prior year): never compared against."""

    @property
    def basic_share(self) -> Decimal | None:
        return share(self.basic.current, self.total.current)

    @property
    def project_share(self) -> Decimal | None:
        return share(self.project.current, self.total.current)

    def income_share(self, source: FundSource) -> Decimal | None:
        return share(self.income_by_source.get(source, ZERO), self.income_total)


@dataclass(frozen=True)
class FundSums:
    """Each side's totals per fund source, for the checks that compare the sides."""

    functional: dict[FundSource, dict[str, Decimal]]
    economic: dict[FundSource, dict[str, Decimal]]
    by_unit: dict[FundSource, dict[str, Decimal]]


@dataclass
class ComputedBudget:
    budget: Budget
    codes: CodeLists
    tables: dict[str, DataTable]
    figures: Figures
    fund_sums: FundSums
    project_totals: list[Decimal]
    """本年预算 of each project, in input order."""
    prior: ComputedBudget | None = None
    split_known: bool = True
    funding: list[FundingComposition] = field(default_factory=list)
    """One funding composition per 整体绩效目标申报表, in input order."""
    project_funding: list[ProjectFunding] = field(default_factory=list)
    """One funding-source breakdown per 项目支出绩效目标申报表, in input order."""


def _by_fund(
    items: Sequence[Any], values_of: Callable[[Any], dict[str, Decimal]]
) -> dict[FundSource, dict[str, Decimal]]:
    sums: dict[FundSource, dict[str, Decimal]] = {}
    for item in items:
        add_into(sums.setdefault(item.fund, {}), values_of(item))
    return sums


def compute(budget: Budget, codes: CodeLists, prior: ComputedBudget | None = None) -> ComputedBudget:
    """Derive every table and figure; `prior` adds year-over-year changes."""
    functional = budget.expenditure.functional
    economic = budget.expenditure.economic
    tables: dict[str, DataTable] = {
        "expenditure": function_table("expenditure", functional, codes.functional, FundSource),
        "appropriation_by_function": function_table(
            "appropriation_by_function", functional, codes.functional, APPROPRIATIONS
        ),
        "general_by_function": function_table(
            "general_by_function", functional, codes.functional, [FundSource.GENERAL]
        ),
        "gov_fund_by_function": function_table(
            "gov_fund_by_function", functional, codes.functional, [FundSource.GOV_FUND]
        ),
        "state_capital_by_function": function_table(
            "state_capital_by_function", functional, codes.functional, [FundSource.STATE_CAPITAL]
        ),
        "general_basic_economic": economic_table(
            "general_basic_economic", economic, codes.economic, [FundSource.GENERAL]
        ),
        "basic_economic": economic_table("basic_economic", economic, codes.economic, FundSource),
        "general_by_unit": schedules.unit_table(budget, "general_by_unit", [FundSource.GENERAL]),
        "by_unit": schedules.unit_table(budget, "by_unit", list(FundSource)),
        "income": schedules.income_table(budget),
        "projects": schedules.project_table(budget),
        "procurement": schedules.procurement_table(budget, codes.functional.names, codes.economic.names),
        "purchased_services": schedules.service_table(budget, codes.functional.names, codes.economic.names),
    }
    figures, split_known = _figures(budget, tables, prior)
    tables["three_public"] = schedules.three_public_table(
        {
            "total": figures.three_public.total.current,
            "abroad": figures.three_public.abroad.current,
            "vehicle": figures.three_public.vehicle.current,
            "vehicle_purchase": figures.three_public.vehicle_purchase.current,
            "vehicle_operation": figures.three_public.vehicle_operation.current,
            "reception": figures.three_public.reception.current,
        }
    )
    tables["summary"] = _summary(budget, tables, figures)
    tables["appropriation"] = _appropriation(budget, tables)
    fund_sums = FundSums(
        functional=_by_fund(functional, function_leaf_values),
        economic=_by_fund(economic, economic_leaf_values),
        by_unit=_by_fund(budget.expenditure.by_unit, schedules.unit_values),
    )
    project_totals = [schedules.project_values(p)["total"] for p in budget.projects]
    funding = [
        funding_composition(budget, form, tables["by_unit"], tables["expenditure"], project_totals)
        for form in budget.performance.overall_forms
    ]
    sources = [project_funding(budget, form) for form in budget.performance.project_forms]
    return ComputedBudget(
        budget, codes, tables, figures, fund_sums, project_totals, prior, split_known, funding, sources
    )


def _class_figures(table: DataTable, prior: DataTable | None) -> list[ClassFigure]:
    before = prior.coded([RowKind.CLASS]) if prior else {}
    # A prior year without any rows here (e.g. no economic detail) is unknown, not zero.
    matched = match(table.coded([RowKind.CLASS]), before or None)
    return [ClassFigure(m.code, m.name, m.change.current, m.change) for m in matched if not m.removed]


def _operating_costs(budget: Budget, public: Decimal | None) -> Decimal | None:
    """机关运行经费 (财政拨款 公用经费) by the stated scope; None when the input does not reveal it."""
    costs = budget.operating_costs
    if costs.scope is OperatingCostScope.STATED:
        return costs.amount
    by_unit = [i for i in budget.expenditure.by_unit if i.fund in APPROPRIATIONS]
    if costs.scope is OperatingCostScope.ALL_PUBLIC or not by_unit:
        return public
    admin = schedules.units_of_kind(budget.units, {"行政", "参公"})
    return sum((i.public or ZERO for i in by_unit if i.unit in admin), start=ZERO)


def _three_public(budget: Budget, prior: ComputedBudget | None) -> ThreePublicFigures:
    stated = budget.three_public
    known = prior.budget.three_public if prior else None

    def item(name: str) -> Change:
        current = getattr(stated, name)
        # The prior year's own input wins over a prior amount restated in this year's input.
        before = getattr(known, name).amount if known is not None else current.prior_amount
        return Change(current.amount, before)

    return ThreePublicFigures(
        item("abroad"), item("reception"), item("vehicle_purchase"), item("vehicle_operation")
    )


def _figures(
    budget: Budget, tables: dict[str, DataTable], prior: ComputedBudget | None
) -> tuple[Figures, bool]:
    total_row = tables["expenditure"].total()
    split_known = total_row.value("unsplit") == 0
    breakdown = budget.expenditure.type_breakdown
    if split_known:
        personnel: Decimal | None = total_row.value("personnel")
        public: Decimal | None = total_row.value("public")
        project: Decimal | None = total_row.value("project")
    else:
        personnel = breakdown.personnel if breakdown else None
        public = breakdown.public if breakdown else None
        project = breakdown.project if breakdown else None
    basic = None if personnel is None or public is None else personnel + public
    appropriated_public = (
        tables["appropriation_by_function"].total().value("public") if split_known else public
    )
    operating = _operating_costs(budget, appropriated_public)
    unknown = frozenset(
        name
        for name, value in (
            ("personnel", personnel),
            ("public", public),
            ("project", project),
            ("basic", basic),
            ("operating_costs", operating),
        )
        if value is None
    )
    pf = prior.figures if prior else None

    def change(current: Decimal | None, name: str) -> Change:
        before = None if pf is None or name in pf.unknown else getattr(pf, name).current
        return Change(current if current is not None else ZERO, before)

    income_by_source = {source: ZERO for source in FundSource}
    for income in budget.income:
        income_by_source[income.source] += income.amount
    procurement_rows = budget.procurement
    by_category = {category: ZERO for category in ProcurementCategory}
    for row in procurement_rows:
        category = schedules.procurement_category(row)
        if category is not None:
            by_category[category] += row.amount
    staffing = budget.overview.staffing
    general_table = tables["general_by_function"]
    general_total = general_table.total()
    general_split: Split | None = None
    if split_known:
        general_split = Split(
            *(general_total.value(k) for k in ("total", "basic", "personnel", "public", "project"))
        )
    elif (
        # Only 类-level amounts: the stated type breakdown is the 一般公共预算's split when all money is 一般.
        personnel is not None
        and public is not None
        and project is not None
        and basic is not None
        and general_total.value("total") == total_row.value("total")
    ):
        general_split = Split(total_row.value("total"), basic, personnel, public, project)
    figures = Figures(
        total=change(total_row.value("total"), "total"),
        income_total=sum(income_by_source.values(), start=ZERO),
        carryover_total=sum((c.amount for c in budget.carryover), start=ZERO),
        income_by_source=income_by_source,
        basic=change(basic, "basic"),
        personnel=change(personnel, "personnel"),
        public=change(public, "public"),
        project=change(project, "project"),
        appropriation=change(tables["appropriation_by_function"].total().value("total"), "appropriation"),
        general=change(general_table.total().value("total"), "general"),
        general_split=general_split,
        function_classes=_class_figures(
            tables["expenditure"], prior.tables["expenditure"] if prior else None
        ),
        general_function_classes=_class_figures(
            general_table, prior.tables["general_by_function"] if prior else None
        ),
        basic_economic_classes=_class_figures(
            tables["general_basic_economic"], prior.tables["general_basic_economic"] if prior else None
        ),
        operating_costs=change(operating, "operating_costs"),
        procurement=ProcurementFigures(
            total=sum((r.amount for r in procurement_rows), start=ZERO),
            by_category=by_category,
            sme=sum((r.sme_amount or ZERO for r in procurement_rows), start=ZERO),
            micro=sum((r.micro_amount or ZERO for r in procurement_rows), start=ZERO),
        ),
        purchased_services=sum((s.amount for s in budget.purchased_services), start=ZERO),
        three_public=_three_public(budget, prior),
        staffing=StaffingFigures(
            authorized=sum(h.count for h in staffing.authorized),
            in_service=sum(h.count for h in staffing.in_service),
            retired=staffing.retired_lixiu + staffing.retired_tuixiu,
        ),
        unknown=unknown,
    )
    return figures, split_known


def _two_sided(
    table_id: str,
    income: list[tuple[str, Decimal]],
    carry: list[tuple[str, Decimal]],
    spend: list[tuple[str, str, Decimal]],
    spend_total: Decimal,
) -> DataTable:
    """收支总表 shape: income and carry-over rows, expenditure by 类, then each side's totals."""
    income_total = sum((v for _, v in income), start=ZERO)
    carry_total = sum((v for _, v in carry), start=ZERO)
    supply = income_total + carry_total
    rows = [Row(None, label, RowKind.DETAIL, {"amount": value}, {"side": "收入"}) for label, value in income]
    rows += [
        Row(None, label, RowKind.DETAIL, {"amount": v}, {"side": "收入", "group": "上年结转"})
        for label, v in carry
    ]
    rows += [
        Row(code, name, RowKind.CLASS, {"amount": value}, {"side": "支出"}) for code, name, value in spend
    ]
    rows += [
        Row(None, "本年收入合计", RowKind.TOTAL, {"amount": income_total}, {"side": "收入"}),
        Row(None, "上年结转结余", RowKind.TOTAL, {"amount": carry_total}, {"side": "收入"}),
        Row(None, "收入总计", RowKind.TOTAL, {"amount": supply}, {"side": "收入"}),
        Row(None, "本年支出合计", RowKind.TOTAL, {"amount": spend_total}, {"side": "支出"}),
        Row(None, "年终结转结余", RowKind.TOTAL, {"amount": supply - spend_total}, {"side": "支出"}),
        Row(None, "支出总计", RowKind.TOTAL, {"amount": supply}, {"side": "支出"}),
    ]
    return DataTable(table_id, [Column("amount", "预算数")], rows)


def _classes(table: DataTable) -> list[tuple[str, str, Decimal]]:
    return [(r.code or "", r.name, r.value("total")) for r in table.rows if r.kind is RowKind.CLASS]


def _summary(budget: Budget, tables: dict[str, DataTable], figures: Figures) -> DataTable:
    income = [(source.value, figures.income_by_source[source]) for source in FundSource]
    carry = [
        (f"上年结转-{fund.value}", sum((c.amount for c in budget.carryover if c.fund is fund), start=ZERO))
        for fund in FundSource
        if any(c.fund is fund for c in budget.carryover)
    ]
    return _two_sided("summary", income, carry, _classes(tables["expenditure"]), figures.total.current)


def _appropriation(budget: Budget, tables: dict[str, DataTable]) -> DataTable:
    by_function = tables["appropriation_by_function"]

    def by_fund(items: list[Any], attr: str) -> list[tuple[str, Decimal]]:
        return [
            (fund.value, sum((i.amount for i in items if getattr(i, attr) is fund), start=ZERO))
            for fund in APPROPRIATIONS
        ]

    income = [(f"本年收入-{label}", v) for label, v in by_fund(budget.income, "source")]
    carry = [(f"上年结转-{label}", v) for label, v in by_fund(budget.carryover, "fund")]
    return _two_sided(
        "appropriation", income, carry, _classes(by_function), by_function.total().value("total")
    )
