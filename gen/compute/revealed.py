"""What an input reveals, and where it would say what it does not.

Unknown is never zero. An input may leave a whole part out (a prior-year input typed from last year's
published text knows the totals, the 基本/项目 split and the 类 amounts, not the 项 rows, the staffing
or the procurement lines), and a list left out is not a list stated empty: `procurement: []` says the
department buys nothing, no `procurement` at all says nothing. Compute leaves a figure whose facts are
missing as None and records here which fact is missing and which input fields would supply it; a
document section that needs it is then an error naming those fields, never a zero or a "none".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from gen.load.source import Path_
from models.budget import Budget


class Fact(StrEnum):
    """A set of facts a document may need, by what the input holds (or a computation from it)."""

    PRIOR = "prior"
    STAFFING = "staffing"
    UNITS = "units"
    INCOME_BY_UNIT = "income_by_unit"
    FUNCTIONS = "functional"
    FUNCTION_DETAIL = "functional_detail"
    TYPE_SPLIT = "type_split"
    ECONOMIC = "economic"
    BY_UNIT = "by_unit"
    PROJECTS = "projects"
    PROCUREMENT = "procurement"
    PURCHASED_SERVICES = "purchased_services"
    THREE_PUBLIC = "three_public"
    ASSETS = "assets"
    OVERALL_FORMS = "overall_forms"
    PROJECT_FORMS = "project_forms"
    OPERATING_COSTS = "operating_costs"
    VEHICLE_PLAN = "vehicle_plan"


@dataclass(frozen=True)
class Missing:
    """One fact set the input does not reveal: what it is, where it would be typed, how to supply it."""

    fact: Fact
    what: str
    paths: tuple[Path_, ...]
    hint: str = ""


class Unrevealed(Exception):
    """Raised when a document needs a fact the input does not reveal; compose records it per section."""

    def __init__(self, missing: Missing) -> None:
        super().__init__(missing.what)
        self.missing = missing


@dataclass(frozen=True)
class Revealed:
    missing: Mapping[Fact, Missing]

    def known(self, fact: Fact) -> bool:
        return fact not in self.missing

    def adding(self, *found: Missing | None) -> Revealed:
        """These facts missing too (those a computation found); the first found for a fact stays."""
        missing = dict(self.missing)
        for item in found:
            if item is not None:
                missing.setdefault(item.fact, item)
        return Revealed(missing)

    def need(self, *facts: Fact) -> None:
        """Raise Unrevealed for the first of `facts` the input does not reveal."""
        for fact in facts:
            if fact in self.missing:
                raise Unrevealed(self.missing[fact])


NO_PRIOR = Missing(
    Fact.PRIOR,
    "上年数",
    (("meta", "prior"),),
    "在 meta.prior 写上年预算输入文件（或用 --prior 指定），或从模板中去掉与上年的比较",
)


def stated(model: BaseModel, *path: str) -> bool:
    """Whether the input wrote the field at `path` under `model` (a default is not a statement)."""
    node: object = model
    for name in path:
        if not isinstance(node, BaseModel) or name not in node.model_fields_set:
            return False
        node = getattr(node, name)
    return True


def _none(example: str) -> str:
    return (
        f"输入中没有这一部分；如本部门确实没有，请写成空列表（{example}: []，或在工作簿中保留该工作表不填）"
    )


# Parts of the input that, left out, leave a fact unknown: where, what, and how to supply it.
LISTS: dict[Fact, tuple[Path_, str, str]] = {
    Fact.UNITS: (("units",), "预算单位", "在 units 下列出本部门的各预算单位"),
    Fact.FUNCTIONS: (("expenditure", "functional"), "支出功能分类明细", "在 expenditure.functional 下填写"),
    Fact.ECONOMIC: (("expenditure", "economic"), "基本支出经济分类明细", "在 expenditure.economic 下填写"),
    Fact.BY_UNIT: (
        ("expenditure", "by_unit"),
        "分单位支出",
        "在 expenditure.by_unit 下填写各单位的人员经费、公用经费",
    ),
    Fact.PROJECTS: (("projects",), "项目", _none("projects")),
    Fact.PROCUREMENT: (("procurement",), "政府采购明细", _none("procurement")),
    Fact.PURCHASED_SERVICES: (("purchased_services",), "政府购买服务明细", _none("purchased_services")),
    Fact.ASSETS: (("assets",), "国有资产占有使用情况", "在 assets 下填写统计时点、房屋面积、车辆等"),
    Fact.OVERALL_FORMS: (
        ("performance", "overall_forms"),
        "部门（单位）整体绩效目标申报表",
        _none("performance.overall_forms"),
    ),
    Fact.PROJECT_FORMS: (
        ("performance", "project_forms"),
        "项目支出绩效目标申报表",
        _none("performance.project_forms"),
    ),
    Fact.VEHICLE_PLAN: (
        ("three_public", "vehicle_plan"),
        "公务用车购置计划（车辆类别和数量）",
        _none("three_public.vehicle_plan"),
    ),
}


def _listed(budget: Budget) -> dict[Fact, Missing]:
    missing = {}
    for fact, (path, what, hint) in LISTS.items():
        if not stated(budget, *(str(p) for p in path)):
            missing[fact] = Missing(fact, what, (path,), hint)
    return missing


STAFFING_FIELDS = {
    "authorized": "编制数",
    "in_service": "在职人员实有数",
    "retired_lixiu": "离休人数",
    "retired_tuixiu": "退休人数",
}


def _staffing(budget: Budget) -> Missing | None:
    staffing = budget.overview.staffing
    base: Path_ = ("overview", "staffing")
    # An empty list of 编制 or 在职 kinds is no statement: a department always has people.
    unset = [
        name
        for name in STAFFING_FIELDS
        if not stated(budget, "overview", "staffing", name) or getattr(staffing, name) in (None, [])
    ]
    if not unset:
        return None
    what = "人员构成（" + "、".join(STAFFING_FIELDS[n] for n in unset) + "）"
    hint = "在 overview.staffing 下填写（人数为 0 时写 0）"
    return Missing(Fact.STAFFING, what, tuple((*base, n) for n in unset), hint)


def _income_by_unit(budget: Budget) -> Missing | None:
    unplaced = [("income", i, "unit") for i, item in enumerate(budget.income) if item.unit is None]
    if not unplaced:
        return None
    return Missing(
        Fact.INCOME_BY_UNIT, "各单位的收入（收入的单位编码）", tuple(unplaced), "为每笔收入填写 unit"
    )


def _function_detail(budget: Budget, functions: Missing | None) -> Missing | None:
    if functions is not None:
        return Missing(
            Fact.FUNCTION_DETAIL, "支出功能分类明细（项级，分人员经费、公用经费、项目支出）", functions.paths
        )
    coarse = [
        ("expenditure", "functional", i, "unsplit")
        for i, leaf in enumerate(budget.expenditure.functional)
        if leaf.unsplit is not None
    ]
    if not coarse:
        return None
    return Missing(
        Fact.FUNCTION_DETAIL,
        "支出功能分类明细（项级，分人员经费、公用经费、项目支出；输入只有“未细分金额”）",
        tuple(coarse),
        "按项级科目填写 personnel、public、project 等金额，代替 unsplit",
    )


def _three_public(budget: Budget) -> Missing | None:
    if not stated(budget, "three_public"):
        hint = "在 three_public 下填写四项本年预算（没有的写 0）"
        return Missing(Fact.THREE_PUBLIC, "“三公”经费", (("three_public",),), hint)
    items = budget.three_public
    unset = [
        name
        for name in ("abroad", "reception", "vehicle_purchase", "vehicle_operation")
        if getattr(items, name).amount is None
    ]
    if not unset:
        return None
    return Missing(
        Fact.THREE_PUBLIC,
        "“三公”经费各项本年预算",
        tuple(("three_public", name, "amount") for name in unset),
        "没有的项目请写 amount: 0",
    )


def revealed(budget: Budget) -> Revealed:
    """Every fact set the input itself does not reveal (compute adds what its figures lack)."""
    listed = _listed(budget)
    return Revealed(listed).adding(
        _staffing(budget),
        _income_by_unit(budget),
        _function_detail(budget, listed.get(Fact.FUNCTIONS)),
        _three_public(budget),
    )
