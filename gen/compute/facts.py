"""The budget as keyed facts: every amount with the codes and enums it belongs to, nothing to display.

A table a profile declares is a pivot of these: rows by one dimension (a classification at chosen
levels, units, projects, …), columns by measures that filter and combine fact sets. Keys are codes
(功能分类 2040201, 单位 118001, 项目编码) and enum keys (`general`, `personnel`, `carryover`); the
words a document prints for them live in profiles. A key an input does not reveal is None, and a
measure that filters on it is unknown there, never zero (see `Record.at`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gen.compute.revealed import Fact
from gen.compute.schedules import PROJECT_SOURCE_FUND, UnitSpending, procurement_category, project_values
from gen.load.source import Path_
from models.amount import ZERO
from models.budget import (
    PROJECT_SOURCE_FIELDS,
    Budget,
    FundSource,
    ProcurementCategory,
    ProjectGroup,
)

# Enum keys as profiles write them: the fund sources' and categories' English names.
FUND_KEYS: dict[FundSource, str] = {fund: fund.name.lower() for fund in FundSource}
CATEGORY_KEYS = {
    ProcurementCategory.GOODS: "goods",
    ProcurementCategory.SERVICES: "services",
    ProcurementCategory.WORKS: "works",
}
GROUP_KEYS = {ProjectGroup.OWN: "own", ProjectGroup.TRANSFER: "transfer"}
SPENDING_TYPES = (
    "personnel",
    "public",
    "project",
    "institution_operating",
    "remit_upper",
    "subsidiary_grant",
)
THREE_PUBLIC_ITEMS = ("abroad", "reception", "vehicle_purchase", "vehicle_operation")


@dataclass(frozen=True)
class Record:
    """One fact: its keys by dimension (None where the input does not say), its amounts, its words.

    `at` is where the input holds it, so an unknown key can be named at its field.
    """

    keys: Mapping[str, str | None]
    values: Mapping[str, Decimal]
    texts: Mapping[str, str] = field(default_factory=dict)
    at: Path_ = ()


@dataclass(frozen=True)
class Dimension:
    """What a row dimension's keys are called (code names as the code lists and input give them)."""

    names: Mapping[str, str]
    order: Sequence[str] = ()
    """The order keys are listed in, when it is not their sort order (units as declared)."""


@dataclass(frozen=True)
class Facts:
    sets: Mapping[str, Sequence[Record]]
    dimensions: Mapping[str, Dimension]


def _spending(budget: Budget) -> list[Record]:
    records = []
    for index, leaf in enumerate(budget.expenditure.functional):
        base = {
            "function": leaf.code,
            "fund": FUND_KEYS[leaf.fund],
            "origin": "carryover" if leaf.carried_over else "current",
        }
        at: Path_ = ("expenditure", "functional", index)
        typed = [(t, getattr(leaf, t)) for t in SPENDING_TYPES if getattr(leaf, t) is not None]
        for kind, amount in typed:
            records.append(Record({**base, "type": kind}, {"amount": amount}, at=(*at, kind)))
        if leaf.unsplit is not None:
            # Known only as a whole: its type is unknown, so a measure by type is unknown here.
            records.append(Record({**base, "type": None}, {"amount": leaf.unsplit}, at=(*at, "unsplit")))
        if not typed and leaf.unsplit is None:
            records.append(Record({**base, "type": "personnel"}, {"amount": ZERO}, at=at))
    return records


def _economic(budget: Budget) -> list[Record]:
    records = []
    for index, leaf in enumerate(budget.expenditure.economic):
        base = {"economic": leaf.code, "fund": FUND_KEYS[leaf.fund]}
        at: Path_ = ("expenditure", "economic", index)
        typed = [(t, getattr(leaf, t)) for t in ("personnel", "public") if getattr(leaf, t) is not None]
        # A row listed without amounts is printed empty: it is a row, worth nothing.
        for kind, amount in typed or [("personnel", ZERO)]:
            records.append(Record({**base, "type": kind}, {"amount": amount}, at=(*at, kind)))
    return records


def _unit_spending(spending: Iterable[UnitSpending]) -> list[Record]:
    return [
        Record({"unit": line.unit, "fund": FUND_KEYS[line.fund], "type": kind}, {"amount": line.values[kind]})
        for line in spending
        for kind in ("personnel", "public", "project")
    ]


def _income(budget: Budget) -> list[Record]:
    records = [
        Record(
            {"unit": item.unit, "source": FUND_KEYS[item.source], "fund": FUND_KEYS[item.source]},
            {"amount": item.amount},
            at=("income", index),
        )
        for index, item in enumerate(budget.income)
    ]
    records += [
        Record(
            {"unit": item.unit, "source": "carryover", "fund": FUND_KEYS[item.fund]},
            {"amount": item.amount},
            at=("carryover", index),
        )
        for index, item in enumerate(budget.carryover)
    ]
    return records


def _projects(budget: Budget) -> list[Record]:
    units = {u.code: u.name for u in budget.units}
    records = []
    for index, project in enumerate(budget.projects):
        values = project_values(project)
        texts = {
            "name": project.name,
            "unit_name": units.get(project.unit, ""),
            "category": project.category.value,
            "purpose": project.purpose or "",
        }
        for source in PROJECT_SOURCE_FIELDS:
            fund = PROJECT_SOURCE_FUND[source]
            keys = {
                "project": project.code,
                "unit": project.unit,
                "group": GROUP_KEYS[project.group],
                "function": project.function_code,
                "source": source,
                "fund": FUND_KEYS[fund] if fund else None,
            }
            records.append(Record(keys, {"amount": values[source]}, texts, ("projects", index, source)))
    return records


def _coded(code: str, name: str | None) -> str:
    return f"[{code}]{name}" if name else f"[{code}]"


def _rows(
    budget: Budget, section: str, function_names: Mapping[str, str], economic_names: Mapping[str, str]
) -> list[Record]:
    """Procurement or purchased-service lines: one record each, keyed by line and by what it is."""
    units = {u.code: u.name for u in budget.units}
    records = []
    for index, row in enumerate(getattr(budget, section)):
        category = procurement_category(row) if section == "procurement" else None
        fund = getattr(row, "fund", None)
        keys = {
            "row": str(index + 1),
            "unit": row.unit,
            "project": row.project_code,
            "function": row.function_code,
            "economic": row.economic_code,
            "category": CATEGORY_KEYS[category] if category else None,
            "fund": FUND_KEYS[fund] if fund else None,
        }
        values = {"amount": row.amount}
        for name in ("sme_amount", "micro_amount", "quantity", "unit_price"):
            value = getattr(row, name, None)
            if value is not None:
                values[name] = value
        texts = {
            "unit_code": row.unit,
            "unit_name": units.get(row.unit) or row.unit_name or "",
            "project": row.project,
            "function": _coded(row.function_code, function_names.get(row.function_code) or row.function_name),
            "economic": _coded(row.economic_code, economic_names.get(row.economic_code) or row.economic_name),
            "fund_origin": row.fund_origin or "",
            "fund_nature": row.fund_nature or "",
        }
        if section == "procurement":
            texts |= {
                "item": _coded(row.item_code, row.item_name),
                "category": category.value if category else "",
                "measure": row.measure or "",
            }
        else:
            catalog = [*row.catalog, "", "", ""][:3]
            texts |= {
                "content": row.content,
                "via_procurement": "是" if row.via_procurement else "否",
                "catalog_1": catalog[0],
                "catalog_2": catalog[1],
                "catalog_3": catalog[2],
            }
        records.append(Record(keys, values, texts, (section, index)))
    return records


def _three_public(budget: Budget) -> list[Record]:
    items = budget.three_public
    return [
        Record({"item": name}, {"amount": getattr(items, name).amount}, at=("three_public", name, "amount"))
        for name in THREE_PUBLIC_ITEMS
        if getattr(items, name).amount is not None
    ]


def facts(
    budget: Budget,
    function_names: Mapping[str, str],
    economic_names: Mapping[str, str],
    spending: Iterable[UnitSpending],
    operating_costs: Decimal | None,
) -> Facts:
    """Every fact set of `budget` (what the input does not reveal is in `ComputedBudget.revealed`)."""
    given_functions = {leaf.code: leaf.name for leaf in budget.expenditure.functional if leaf.name}
    given_economic = {leaf.code: leaf.name for leaf in budget.expenditure.economic if leaf.name}
    operating = [Record({}, {"amount": operating_costs})] if operating_costs is not None else []
    return Facts(
        sets={
            "spending": _spending(budget),
            "economic": _economic(budget),
            "unit_spending": _unit_spending(spending),
            "income": _income(budget),
            "projects": _projects(budget),
            "procurement": _rows(budget, "procurement", function_names, economic_names),
            "purchased_services": _rows(budget, "purchased_services", function_names, economic_names),
            "three_public": _three_public(budget),
            "operating_costs": operating,
        },
        dimensions={
            "function": Dimension({**given_functions, **function_names}),
            "economic": Dimension({**given_economic, **economic_names}),
            "unit": Dimension({u.code: u.name for u in budget.units}, [u.code for u in budget.units]),
            "project": Dimension(
                {p.code: p.name for p in budget.projects}, [p.code for p in budget.projects]
            ),
        },
    )


# ------------------------------------------------------------------ the vocabulary a profile writes


@dataclass(frozen=True)
class FactSetInfo:
    """What a fact set holds: its dimensions (and each one's keys, None for codes), amounts and words."""

    title: str
    dimensions: Mapping[str, tuple[str, ...] | None]
    values: tuple[str, ...] = ("amount",)
    texts: tuple[str, ...] = ()


FUNDS = tuple(FUND_KEYS.values())
HIERARCHIES = {"function": (3, 5, 7), "economic": (3, 5)}
"""Dimensions whose codes nest: a row at 类 (3 digits) holds every code that begins with it."""
LEVELS = {"类": 3, "款": 5, "项": 7}
GROUP_CODES = {"own": "31", "transfer": "32"}
"""The 项目级次 codes of the 项目支出预算表 (31 本级支出项目, 32 对下转移支付项目)."""

FACT_SETS: dict[str, FactSetInfo] = {
    "spending": FactSetInfo(
        "支出：功能分类科目（项）× 资金来源 × 支出类型 × 本年或上年结转",
        {"function": None, "fund": FUNDS, "type": SPENDING_TYPES, "origin": ("current", "carryover")},
    ),
    "economic": FactSetInfo(
        "基本支出：部门预算支出经济分类科目（款）× 资金来源 × 人员经费或公用经费",
        {"economic": None, "fund": FUNDS, "type": ("personnel", "public")},
    ),
    "unit_spending": FactSetInfo(
        "分单位支出：单位 × 资金来源 × 人员经费、公用经费或项目支出",
        {"unit": None, "fund": FUNDS, "type": ("personnel", "public", "project")},
    ),
    "income": FactSetInfo(
        "收入：单位 × 收入来源（上年结转为 carryover）× 资金性质",
        {"unit": None, "source": (*FUNDS, "carryover"), "fund": FUNDS},
    ),
    "projects": FactSetInfo(
        "项目支出：项目 × 单位 × 项目级次 × 功能分类科目 × 资金来源",
        {
            "project": None,
            "unit": None,
            "group": tuple(GROUP_KEYS.values()),
            "function": None,
            "source": PROJECT_SOURCE_FIELDS,
            "fund": FUNDS,
        },
        texts=("name", "unit_name", "category", "purpose"),
    ),
    "procurement": FactSetInfo(
        "政府采购：每一条采购 × 单位 × 项目 × 功能分类 × 经济分类 × 采购类别 × 预算类别",
        {
            "row": None,
            "unit": None,
            "project": None,
            "function": None,
            "economic": None,
            "category": tuple(CATEGORY_KEYS.values()),
            "fund": FUNDS,
        },
        values=("amount", "sme_amount", "micro_amount", "quantity", "unit_price"),
        texts=(
            "unit_code",
            "unit_name",
            "project",
            "item",
            "category",
            "function",
            "economic",
            "fund_origin",
            "fund_nature",
            "measure",
        ),
    ),
    "purchased_services": FactSetInfo(
        "政府购买服务：每一条 × 单位 × 项目 × 功能分类 × 经济分类",
        {"row": None, "unit": None, "project": None, "function": None, "economic": None, "fund": FUNDS},
        values=("amount", "quantity"),
        texts=(
            "unit_code",
            "unit_name",
            "project",
            "content",
            "via_procurement",
            "function",
            "economic",
            "fund_origin",
            "fund_nature",
            "catalog_1",
            "catalog_2",
            "catalog_3",
        ),
    ),
    "three_public": FactSetInfo("“三公”经费：项目", {"item": THREE_PUBLIC_ITEMS}),
    "operating_costs": FactSetInfo("机关运行经费", {}),
}

# What each fact set needs the input to reveal (income is always there).
SET_FACTS: dict[str, Fact | None] = {
    "spending": Fact.FUNCTIONS,
    "economic": Fact.ECONOMIC,
    "unit_spending": Fact.BY_UNIT,
    "income": None,
    "projects": Fact.PROJECTS,
    "procurement": Fact.PROCUREMENT,
    "purchased_services": Fact.PURCHASED_SERVICES,
    "three_public": Fact.THREE_PUBLIC,
    "operating_costs": Fact.OPERATING_COSTS,
}
