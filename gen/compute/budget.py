"""The computed budget: every derived figure, computed once, from leaf facts only.

A figure the input does not reveal is None (never zero), and `revealed` says which fact is missing
and where it would be typed; `Figures.FACTS` and `Change` tell templates which fact a None stands for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from gen.compute import schedules
from gen.compute.classification import (
    economic_leaf_values,
    economic_table,
    function_leaf_values,
    function_table,
)
from gen.compute.facts import Facts, facts
from gen.compute.lines import FundFigures, Line, fund_figures, lines
from gen.compute.performance import FundingComposition, ProjectFunding, funding_composition, project_funding
from gen.compute.revealed import Fact, Missing, Revealed, revealed, stated
from gen.compute.rows import DataTable, Row, add_into
from gen.compute.yoy import Change, share
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


def _add(a: Change | None, b: Change | None) -> Change | None:
    if a is None or b is None:
        return None
    prior = None if a.prior is None or b.prior is None else a.prior + b.prior
    return Change(a.current + b.current, prior)


@dataclass(frozen=True)
class ThreePublicFigures:
    """Each item None when the input does not state it."""

    FACTS: ClassVar[Mapping[str, Fact]] = {
        name: Fact.THREE_PUBLIC
        for name in ("abroad", "reception", "vehicle_purchase", "vehicle_operation", "vehicle", "total")
    }

    abroad: Change | None
    reception: Change | None
    vehicle_purchase: Change | None
    vehicle_operation: Change | None

    @property
    def vehicle(self) -> Change | None:
        return _add(self.vehicle_purchase, self.vehicle_operation)

    @property
    def total(self) -> Change | None:
        return _add(_add(self.abroad, self.reception), self.vehicle)


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
    """Counts the input states; None when it does not (never printed as 0)."""

    FACTS: ClassVar[Mapping[str, Fact]] = {
        name: Fact.STAFFING for name in ("authorized", "in_service", "retired")
    }

    authorized: int | None
    in_service: int | None
    retired: int | None


@dataclass
class Figures:
    """The narrative's numbers. None means the input does not reveal it (FACTS says which fact)."""

    FACTS: ClassVar[Mapping[str, Fact]] = {
        "total": Fact.FUNCTIONS,
        "basic": Fact.TYPE_SPLIT,
        "personnel": Fact.TYPE_SPLIT,
        "public": Fact.TYPE_SPLIT,
        "project": Fact.TYPE_SPLIT,
        "appropriation": Fact.FUNCTIONS,
        "general": Fact.FUNCTIONS,
        "general_split": Fact.TYPE_SPLIT,
        "function_classes": Fact.FUNCTIONS,
        "general_function_classes": Fact.FUNCTIONS,
        "basic_economic_classes": Fact.ECONOMIC,
        "fund_totals": Fact.FUNCTIONS,
        "operating_costs": Fact.OPERATING_COSTS,
        "procurement": Fact.PROCUREMENT,
        "purchased_services": Fact.PURCHASED_SERVICES,
        "basic_share": Fact.TYPE_SPLIT,
        "project_share": Fact.TYPE_SPLIT,
        "functions": Fact.FUNCTIONS,
        "general_functions": Fact.FUNCTIONS,
        "basic_economic": Fact.ECONOMIC,
        "funds": Fact.FUNCTIONS,
    }

    total: Change | None
    income_total: Decimal
    carryover_total: Decimal
    income_by_source: dict[FundSource, Decimal]
    basic: Change | None
    personnel: Change | None
    public: Change | None
    project: Change | None
    appropriation: Change | None
    general: Change | None
    general_split: Split | None
    """The 一般公共预算's own split; None when the input does not reveal it (amounts only by 类)."""
    function_classes: list[ClassFigure] | None
    general_function_classes: list[ClassFigure] | None
    basic_economic_classes: list[ClassFigure] | None
    fund_totals: dict[FundSource, Decimal] | None
    """Spending by fund source (政府性基金预算支出 …)."""
    operating_costs: Change | None
    procurement: ProcurementFigures | None
    purchased_services: Decimal | None
    three_public: ThreePublicFigures
    staffing: StaffingFigures
    functions: list[Line] | None = None
    """Every 功能分类 类, 款 and 项 of all spending, in order, with last year's where revealed."""
    general_functions: list[Line] | None = None
    """The same of the 一般公共预算's spending."""
    basic_economic: list[Line] | None = None
    """一般公共预算基本支出 by 经济分类 类 and 款."""
    funds: dict[str, FundFigures] | None = None
    """Each fund source's spending by its key (general, gov_fund, state_capital …)."""

    @property
    def basic_share(self) -> Decimal | None:
        if self.basic is None or self.total is None:
            return None
        return share(self.basic.current, self.total.current)

    @property
    def project_share(self) -> Decimal | None:
        if self.project is None or self.total is None:
            return None
        return share(self.project.current, self.total.current)

    def income_share(self, source: FundSource) -> Decimal | None:
        return share(self.income_by_source.get(source, ZERO), self.income_total)


@dataclass(frozen=True)
class FundSums:
    """Each side's totals per fund source, for the checks that compare the sides."""

    functional: dict[FundSource, dict[str, Decimal]]
    economic: dict[FundSource, dict[str, Decimal]]
    by_unit: dict[FundSource, dict[str, Decimal]]


# The facts each computed table needs before a document may print it.
TABLE_FACTS: dict[str, tuple[Fact, ...]] = {
    "expenditure": (Fact.FUNCTION_DETAIL,),
    "appropriation_by_function": (Fact.FUNCTION_DETAIL,),
    "general_by_function": (Fact.FUNCTION_DETAIL,),
    "gov_fund_by_function": (Fact.FUNCTION_DETAIL,),
    "state_capital_by_function": (Fact.FUNCTION_DETAIL,),
    "general_basic_economic": (Fact.ECONOMIC,),
    "basic_economic": (Fact.ECONOMIC,),
    "general_by_unit": (Fact.UNITS, Fact.BY_UNIT),
    "by_unit": (Fact.UNITS, Fact.BY_UNIT),
    "income": (Fact.UNITS, Fact.INCOME_BY_UNIT),
    "projects": (Fact.UNITS, Fact.PROJECTS),
    "procurement": (Fact.PROCUREMENT,),
    "purchased_services": (Fact.PURCHASED_SERVICES,),
    "three_public": (Fact.THREE_PUBLIC,),
}


@dataclass
class ComputedBudget:
    budget: Budget
    codes: CodeLists
    tables: dict[str, DataTable]
    """Every table as far as the input goes; `table()` is what a document may print."""
    figures: Figures
    fund_sums: FundSums
    project_totals: list[Decimal]
    """本年预算 of each project, in input order."""
    revealed: Revealed
    facts: Facts
    """Every amount keyed by codes and enums: what declared tables are pivots of."""
    prior: ComputedBudget | None = None
    funding: list[FundingComposition] = field(default_factory=list)
    """One funding composition per 整体绩效目标申报表, in input order."""
    project_funding: list[ProjectFunding] = field(default_factory=list)
    """One funding-source breakdown per 项目支出绩效目标申报表, in input order."""

    def table(self, table_id: str) -> DataTable:
        """A table to print; raises Unrevealed when the input does not reveal what it shows."""
        self.revealed.need(*TABLE_FACTS.get(table_id, ()))
        return self.tables[table_id]

    def known(self, table_id: str) -> bool:
        return all(self.revealed.known(f) for f in TABLE_FACTS.get(table_id, ()))


def _by_fund(
    items: Sequence[Any], values_of: Callable[[Any], dict[str, Decimal]]
) -> dict[FundSource, dict[str, Decimal]]:
    sums: dict[FundSource, dict[str, Decimal]] = {}
    for item in items:
        add_into(sums.setdefault(item.fund, {}), values_of(item))
    return sums


def compute(budget: Budget, codes: CodeLists, prior: ComputedBudget | None = None) -> ComputedBudget:
    """Derive every table and figure; `prior` (in the same amount unit) adds year-over-year changes."""
    functional = budget.expenditure.functional
    economic = budget.expenditure.economic
    spending, undecidable = schedules.unit_spending(budget)
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
        "general_by_unit": schedules.unit_table(spending, budget, "general_by_unit", [FundSource.GENERAL]),
        "by_unit": schedules.unit_table(spending, budget, "by_unit", list(FundSource)),
        "income": schedules.income_table(budget),
        "projects": schedules.project_table(budget),
        "procurement": schedules.procurement_table(budget, codes.functional.names, codes.economic.names),
        "purchased_services": schedules.service_table(budget, codes.functional.names, codes.economic.names),
    }
    found = revealed(budget).adding(_unit_projects(budget, undecidable))
    figures, computed_missing = _figures(budget, codes, tables, found, prior)
    found = found.adding(*computed_missing)
    tp = figures.three_public
    tables["three_public"] = schedules.three_public_table(
        {
            key: change.current if change is not None else ZERO
            for key, change in (
                ("total", tp.total),
                ("abroad", tp.abroad),
                ("vehicle", tp.vehicle),
                ("vehicle_purchase", tp.vehicle_purchase),
                ("vehicle_operation", tp.vehicle_operation),
                ("reception", tp.reception),
            )
        }
    )
    fund_sums = FundSums(
        functional=_by_fund(functional, function_leaf_values),
        economic=_by_fund(economic, economic_leaf_values),
        by_unit=_by_fund(spending, lambda line: line.values),
    )
    project_totals = [schedules.project_values(p)["total"] for p in budget.projects]
    funding = [
        funding_composition(budget, form, tables["by_unit"], tables["expenditure"], project_totals)
        for form in budget.performance.overall_forms
    ]
    sources = [project_funding(budget, form) for form in budget.performance.project_forms]
    operating = figures.operating_costs.current if figures.operating_costs else None
    keyed = facts(budget, codes.functional.names, codes.economic.names, spending, operating)
    return ComputedBudget(
        budget, codes, tables, figures, fund_sums, project_totals, found, keyed, prior, funding, sources
    )


def _unit_projects(budget: Budget, undecidable: list[tuple[str | int, ...]]) -> Missing | None:
    """分单位支出 is unknown without it, or when a unit's project spending cannot be derived."""
    if undecidable:
        return Missing(
            Fact.BY_UNIT,
            "单位的项目支出（其项目有“单位资金”，无法判断资金来源）",
            tuple(undecidable),
            "在 expenditure.by_unit 中填写该单位的 project",
        )
    unstated = tuple(
        ("expenditure", "by_unit", i, "project")
        for i, item in enumerate(budget.expenditure.by_unit)
        if item.project is None
    )
    if unstated and "projects" not in budget.model_fields_set:
        return Missing(Fact.BY_UNIT, "单位的项目支出（未填写，也没有项目表可以汇总）", unstated)
    return None


def _classes(found: list[Line] | None) -> list[ClassFigure] | None:
    """The 类 of a classification's lines, each with last year's where last year reveals its 类."""
    if found is None:
        return None
    return [
        ClassFigure(line.code, line.name, line.amount, line.change) for line in found if line.level == "类"
    ]


def _operating_costs(budget: Budget, found: Revealed, public: Decimal | None) -> Decimal | None:
    """机关运行经费 (财政拨款 公用经费) by the stated scope; None when the input does not reveal it."""
    costs = budget.operating_costs
    if costs.scope is OperatingCostScope.STATED:
        return costs.amount
    if costs.scope is OperatingCostScope.ALL_PUBLIC:
        return public
    admin = schedules.units_of_kind(budget.units, {"行政", "参公"})
    if not stated(budget, "expenditure", "by_unit"):
        # Without the unit split, all 公用经费 are the 行政 units' only when every unit is one.
        every_admin = found.known(Fact.UNITS) and all(u.code in admin for u in budget.units)
        return public if every_admin else None
    by_unit = [i for i in budget.expenditure.by_unit if i.fund in APPROPRIATIONS]
    if not by_unit:
        return public
    return sum((i.public or ZERO for i in by_unit if i.unit in admin), start=ZERO)


def _three_public(budget: Budget, prior: ComputedBudget | None) -> ThreePublicFigures:
    stated = budget.three_public
    known = prior.figures.three_public if prior else None

    def item(name: str) -> Change | None:
        current = getattr(stated, name)
        if current.amount is None:
            return None
        if known is not None:
            # The prior year's own input wins over a prior amount restated in this year's input.
            before = getattr(known, name)
            return Change(current.amount, before.current if before is not None else None)
        return Change(current.amount, current.prior_amount)

    return ThreePublicFigures(
        item("abroad"), item("reception"), item("vehicle_purchase"), item("vehicle_operation")
    )


TYPES = ("total", "basic", "personnel", "public", "project")


def _type_amounts(
    budget: Budget, total_row: Row, detailed: bool, functions: bool
) -> dict[str, Decimal | None]:
    """合计, 基本支出, 人员经费, 公用经费, 项目支出 of the department, as far as the input reveals them.

    From the function leaves when they are split by type; otherwise from `type_breakdown`, with 基本
    = 人员 + 公用 (or one of 人员/公用 as 基本 less the other) and 合计 from the function leaves.
    """
    if detailed:
        return {key: total_row.value(key) for key in TYPES}
    typed = budget.expenditure.type_breakdown
    amounts: dict[str, Decimal | None] = {key: getattr(typed, key) if typed else None for key in TYPES}
    personnel, public, basic = amounts["personnel"], amounts["public"], amounts["basic"]
    if basic is None and personnel is not None and public is not None:
        amounts["basic"] = personnel + public
    elif basic is not None and personnel is None and public is not None:
        amounts["personnel"] = basic - public
    elif basic is not None and public is None and personnel is not None:
        amounts["public"] = basic - personnel
    if functions:
        amounts["total"] = total_row.value("total")
    return amounts


def _figures(
    budget: Budget,
    codes: CodeLists,
    tables: dict[str, DataTable],
    found: Revealed,
    prior: ComputedBudget | None,
) -> tuple[Figures, list[Missing]]:
    functions = found.known(Fact.FUNCTIONS)
    detailed = found.known(Fact.FUNCTION_DETAIL)
    total_row = tables["expenditure"].total()
    types = _type_amounts(budget, total_row, detailed, functions)
    missing: list[Missing] = []
    unknown_types = [key for key in TYPES[1:] if types[key] is None]
    if unknown_types:
        missing.append(
            Missing(
                Fact.TYPE_SPLIT,
                "基本支出、人员经费、公用经费、项目支出的金额",
                tuple(("expenditure", "type_breakdown", key) for key in unknown_types),
                "功能分类明细按人员经费、公用经费、项目支出分列，或在 type_breakdown 中填写已知的金额",
            )
        )
    appropriated_public = (
        tables["appropriation_by_function"].total().value("public") if detailed else types["public"]
    )
    operating = _operating_costs(budget, found, appropriated_public)
    if operating is None:
        missing.append(
            Missing(
                Fact.OPERATING_COSTS,
                "机关运行经费（行政及参公单位的财政拨款公用经费）",
                (("expenditure", "by_unit"), ("operating_costs", "scope")),
                "填写分单位支出（expenditure.by_unit），"
                "或把 operating_costs.scope 写为“按填报金额”并填写 amount",
            )
        )
    pf = prior.figures if prior else None

    def change(current: Decimal | None, name: str) -> Change | None:
        if current is None:
            return None
        before: Change | None = getattr(pf, name) if pf is not None else None
        return Change(current, before.current if before is not None else None)

    income_by_source = {source: ZERO for source in FundSource}
    for income in budget.income:
        income_by_source[income.source] += income.amount
    general_table = tables["general_by_function"]
    general_total = general_table.total()
    general_split: Split | None = None
    if detailed:
        general_split = Split(
            *(general_total.value(k) for k in ("total", "basic", "personnel", "public", "project"))
        )
    elif (
        # Only 类-level amounts: the type amounts are the 一般公共预算's when all money is 一般.
        functions
        and all(types[k] is not None for k in TYPES)
        and general_total.value("total") == total_row.value("total")
    ):
        general_split = Split(
            *(types[k] or ZERO for k in ("total", "basic", "personnel", "public", "project"))
        )
    function_lines = (
        lines(tables["expenditure"], _prior_table(prior, "expenditure", Fact.FUNCTIONS))
        if functions
        else None
    )
    general_lines = (
        lines(general_table, _prior_table(prior, "general_by_function", Fact.FUNCTIONS))
        if functions
        else None
    )
    economic_lines = (
        lines(tables["general_basic_economic"], _prior_table(prior, "general_basic_economic", Fact.ECONOMIC))
        if found.known(Fact.ECONOMIC)
        else None
    )
    figures = Figures(
        total=change(types["total"], "total"),
        income_total=sum(income_by_source.values(), start=ZERO),
        carryover_total=sum((c.amount for c in budget.carryover), start=ZERO),
        income_by_source=income_by_source,
        basic=change(types["basic"], "basic"),
        personnel=change(types["personnel"], "personnel"),
        public=change(types["public"], "public"),
        project=change(types["project"], "project"),
        appropriation=change(tables["appropriation_by_function"].total().value("total"), "appropriation")
        if functions
        else None,
        general=change(general_total.value("total"), "general") if functions else None,
        general_split=general_split,
        function_classes=_classes(function_lines),
        general_function_classes=_classes(general_lines),
        basic_economic_classes=_classes(economic_lines),
        fund_totals=_fund_totals(budget) if functions else None,
        operating_costs=change(operating, "operating_costs"),
        procurement=_procurement(budget) if found.known(Fact.PROCUREMENT) else None,
        purchased_services=sum((s.amount for s in budget.purchased_services), start=ZERO)
        if found.known(Fact.PURCHASED_SERVICES)
        else None,
        three_public=_three_public(budget, prior),
        staffing=_staffing(budget, found),
        functions=function_lines,
        general_functions=general_lines,
        basic_economic=economic_lines,
        funds=fund_figures(budget, codes.functional, detailed, _prior_funds(prior)) if functions else None,
    )
    return figures, missing


def _prior_funds(prior: ComputedBudget | None) -> tuple[Budget, CodeList, bool, bool] | None:
    """Last year's input and code list, whether it reveals its function lines and their types."""
    if prior is None:
        return None
    known = prior.revealed
    return (
        prior.budget,
        prior.codes.functional,
        known.known(Fact.FUNCTIONS),
        known.known(Fact.FUNCTION_DETAIL),
    )


def _prior_table(prior: ComputedBudget | None, table_id: str, fact: Fact) -> DataTable | None:
    """Last year's table when last year's input reveals it (a prior without it is unknown, not empty)."""
    if prior is None or not prior.revealed.known(fact):
        return None
    return prior.tables[table_id]


def _fund_totals(budget: Budget) -> dict[FundSource, Decimal]:
    totals = {fund: ZERO for fund in FundSource}
    for leaf in budget.expenditure.functional:
        totals[leaf.fund] += function_leaf_values(leaf)["total"]
    return totals


def _procurement(budget: Budget) -> ProcurementFigures:
    rows = budget.procurement
    by_category = {category: ZERO for category in ProcurementCategory}
    for row in rows:
        category = schedules.procurement_category(row)
        if category is not None:
            by_category[category] += row.amount
    return ProcurementFigures(
        total=sum((r.amount for r in rows), start=ZERO),
        by_category=by_category,
        sme=sum((r.sme_amount or ZERO for r in rows), start=ZERO),
        micro=sum((r.micro_amount or ZERO for r in rows), start=ZERO),
    )


def _staffing(budget: Budget, found: Revealed) -> StaffingFigures:
    staffing = budget.overview.staffing
    missing = found.missing.get(Fact.STAFFING)
    unset = {path[-1] for path in missing.paths} if missing else set()
    lixiu, tuixiu = staffing.retired_lixiu, staffing.retired_tuixiu
    return StaffingFigures(
        authorized=None if "authorized" in unset else sum(h.count for h in staffing.authorized),
        in_service=None if "in_service" in unset else sum(h.count for h in staffing.in_service),
        retired=None if lixiu is None or tuixiu is None else lixiu + tuixiu,
    )
