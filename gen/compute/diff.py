"""Year over year, item by item: the summary figures (the narrative's own Changes) and every table keyed
by code (never by name), compared at the levels both years' inputs reveal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from gen.compute.budget import ComputedBudget, Figures
from gen.compute.revealed import Fact
from gen.compute.rows import RowKind
from gen.compute.yoy import Change, match
from models.amount import converted
from models.budget import Budget


class Status(StrEnum):
    CHANGED = "变动"
    SAME = "持平"
    ADDED = "新增"
    REMOVED = "取消"
    RENAMED = "更名"
    UNKNOWN = "上年未知"


@dataclass(frozen=True)
class Thresholds:
    """A change needs its reason when both its amount (in 万元) and its percentage reach these."""

    amount: Decimal = Decimal(1)
    percent: Decimal = Decimal(10)


@dataclass(frozen=True)
class Item:
    key: str
    """The code (or, in the summary, the figure's name) the two years are matched by."""
    name: str
    change: Change
    reason_field: str
    """Where the current input holds (or would hold) the reason for this item's change."""
    reason: str | None = None
    prior_name: str | None = None
    removed: bool = False

    @property
    def status(self) -> Status:
        if self.removed:
            return Status.REMOVED
        if self.change.prior is None:
            return Status.UNKNOWN
        if self.prior_name is None and self.change.prior == 0 and self.change.current:
            return Status.ADDED
        if self.prior_name is not None and self.prior_name != self.name:
            return Status.RENAMED
        return Status.SAME if self.change.delta == 0 else Status.CHANGED

    def needs_reason(self, thresholds: Thresholds, unit: str) -> bool:
        delta = self.change.delta
        if delta is None or self.reason:
            return False
        limit = converted(thresholds.amount, "万元", unit)
        percent = self.change.percent
        return abs(delta) >= limit and (percent is None or abs(percent) >= thresholds.percent)


@dataclass
class Section:
    id: str
    title: str
    key_label: str
    items: list[Item] = field(default_factory=list)
    note: str = ""
    """Why the section has no items (the prior input does not reveal it)."""


@dataclass
class Diff:
    department: str
    prior_year: int
    year: int
    unit: str
    thresholds: Thresholds
    summary: Section
    sections: list[Section]

    def unexplained(self) -> list[tuple[Section, Item]]:
        """Items over the thresholds without a reason, once each (a 类 is in the summary and its table)."""
        found: dict[str, tuple[Section, Item]] = {}
        for section in [self.summary, *self.sections]:
            for item in section.items:
                if item.needs_reason(self.thresholds, self.unit):
                    found.setdefault(item.reason_field, (section, item))
        return list(found.values())


def _accounted(key: str, prior: Figures) -> Decimal | None:
    """What the prior year's table must add up to for its lines to be the whole of it."""
    if key == "economic":
        return prior.general_split.basic if prior.general_split else None
    whole = prior.project if key == "project" else prior.total
    return whole.current if whole is not None else None


# key (also the narrative.change_reasons field), title, heading of the key column, computed table,
# and what an input must reveal for the section's lines (classes compare even when 项 rows are unknown).
SECTIONS = [
    ("function", "功能分类科目", "科目编码", "expenditure", (Fact.FUNCTIONS,)),
    ("economic", "一般公共预算基本支出经济分类科目", "科目编码", "general_basic_economic", (Fact.ECONOMIC,)),
    ("unit", "单位", "单位编码", "by_unit", (Fact.UNITS, Fact.BY_UNIT)),
    ("project", "项目", "项目编码", "projects", (Fact.PROJECTS,)),
]


def compare(computed: ComputedBudget, thresholds: Thresholds | None = None) -> Diff:
    """The comparison of `computed` with the prior year it was computed against."""
    prior = computed.prior
    if prior is None:
        raise ValueError("compare() needs a budget computed with its prior year")
    return Diff(
        computed.budget.meta.department.name,
        prior.budget.meta.year,
        computed.budget.meta.year,
        computed.budget.meta.amount_unit,
        thresholds or Thresholds(),
        _summary(computed.budget, computed.figures, prior),
        [_coded(computed, prior, *spec) for spec in SECTIONS],
    )


def _summary(budget: Budget, figures: Figures, prior: ComputedBudget) -> Section:
    reasons = budget.narrative.change_reasons.summary

    def own(key: str, name: str, change: Change | None) -> Item | None:
        if change is None:
            return None
        return Item(key, name, change, f"narrative.change_reasons.summary.{key}", getattr(reasons, key))

    def field(key: str, name: str, change: Change | None, where: str, reason: str | None) -> Item | None:
        return None if change is None else Item(key, name, change, where, reason)

    tp = figures.three_public
    items = [
        field(
            "total", "收支总预算", figures.total, "narrative.change_reason", budget.narrative.change_reason
        ),
        own("basic", "基本支出", figures.basic),
        own("personnel", "其中：人员经费", figures.personnel),
        own("public", "其中：公用经费", figures.public),
        own("project", "项目支出", figures.project),
        field(
            "general",
            "一般公共预算拨款",
            figures.general,
            "narrative.general_change_reason",
            budget.narrative.general_change_reason,
        ),
        *(
            Item(
                c.code,
                c.name,
                c.change,
                f'narrative.change_reasons.function."{c.code}"',
                budget.narrative.change_reasons.function.get(c.code),
            )
            for c in figures.function_classes or []
        ),
        own("three_public", "“三公”经费", tp.total),
        *(
            field(
                key,
                name,
                getattr(tp, key),
                f"three_public.{key}.reason",
                getattr(budget.three_public, key).reason,
            )
            for key, name in (
                ("abroad", "因公出国（境）费"),
                ("reception", "公务接待费"),
                ("vehicle_purchase", "公务用车购置费"),
                ("vehicle_operation", "公务用车运行维护费"),
            )
        ),
        own("operating_costs", "机关运行经费", figures.operating_costs),
        own("procurement", "政府采购预算", _procurement(figures, prior)),
    ]
    return Section("summary", "汇总", "项目", [item for item in items if item is not None])


def _procurement(figures: Figures, prior: ComputedBudget) -> Change | None:
    """A prior input without procurement lines does not reveal that year's 政府采购 (unknown, not zero)."""
    if figures.procurement is None:
        return None
    before = prior.figures.procurement
    return Change(figures.procurement.total, before.total if before is not None else None)


# The rows each section compares: classification levels, units, or projects (not their unit groups).
CODED = [RowKind.CLASS, RowKind.SECTION, RowKind.ITEM]
KINDS = {"function": CODED, "economic": CODED, "unit": [RowKind.UNIT], "project": [RowKind.DETAIL]}


def _coded(
    computed: ComputedBudget,
    prior: ComputedBudget,
    key: str,
    title: str,
    key_label: str,
    table_id: str,
    facts: tuple[Fact, ...],
) -> Section:
    section = Section(key, title, key_label)
    if not all(computed.revealed.known(f) for f in facts):
        section.note = f"{computed.budget.meta.year}年输入没有{title}的明细，不作逐项比较"
        return section
    before_table = prior.tables[table_id]
    accounted = _accounted(key, prior.figures)
    # A prior table that does not hold all of its money (no unit or project lines typed) is unknown.
    known = all(prior.revealed.known(f) for f in facts)
    if not known or accounted is None or before_table.total().value("total") != accounted:
        section.note = f"{prior.budget.meta.year}年输入没有{title}的明细，不作逐项比较"
        return section
    reasons = getattr(computed.budget.narrative.change_reasons, key)
    matched = match(computed.tables[table_id].coded(KINDS[key]), before_table.coded(KINDS[key]))
    section.items = [
        Item(
            m.code,
            m.name,
            m.change,
            f'narrative.change_reasons.{key}."{m.code}"',
            reasons.get(m.code),
            m.prior_name,
            removed=m.removed,
        )
        for m in matched
    ]
    return section
