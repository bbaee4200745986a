"""Measures over the keyed facts: a column's sums for every row at once, a fixed row's own sum,
last year's, and their combinations (sum, difference, change, share).

A filter on a key the input does not reveal (an income without its unit, a 类 amount not split by
type) raises Unrevealed naming those input fields: a table never prints an unknown as zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gen.compose.tablespec import Measure, MeasureRef
from gen.compute.budget import ComputedBudget
from gen.compute.facts import HIERARCHIES, SET_FACTS, Facts, Record
from gen.compute.revealed import NO_PRIOR, Fact, Missing, Revealed, Unrevealed
from gen.compute.yoy import share
from gen.load.source import Path_
from models.amount import ZERO

# What an unknown key is, where it is typed, and how to supply it: by fact set and dimension.
UNKNOWN_KEYS: dict[tuple[str, str], tuple[Fact, str, str]] = {
    ("spending", "type"): (
        Fact.FUNCTION_DETAIL,
        "支出功能分类明细按人员经费、公用经费、项目支出分列（输入只有“未细分金额”）",
        "按项级科目填写 personnel、public、project 等金额，代替 unsplit",
    ),
    ("income", "unit"): (Fact.INCOME_BY_UNIT, "各单位的收入（收入的单位编码）", "为每笔收入填写 unit"),
    ("projects", "fund"): (
        Fact.PROJECTS,
        "项目“单位资金”的资金来源",
        "按资金来源分列时，单位资金无法归入某一来源；请改用 source 列",
    ),
    ("procurement", "fund"): (
        Fact.PROCUREMENT,
        "政府采购的预算类别",
        "按资金来源分列政府采购时，为每一条填写 fund（一般公共预算等）",
    ),
    ("procurement", "category"): (
        Fact.PROCUREMENT,
        "政府采购的类别",
        "填写品目编码（A/B/C 开头）或 category",
    ),
}


def _unknown_key(fact_set: str, dimension: str, records: Sequence[Record]) -> Missing:
    fact, what, hint = UNKNOWN_KEYS.get(
        (fact_set, dimension), (Fact.FUNCTIONS, f"{fact_set} 的 {dimension}", "")
    )
    paths: tuple[Path_, ...] = tuple(dict.fromkeys(r.at for r in records if r.at))
    return Missing(fact, what, paths, hint)


@dataclass(frozen=True)
class Query:
    """A plain measure, resolved: a fact set, a year, an amount, and filters by dimension."""

    facts: str
    year: str = "current"
    value: str = "amount"
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def narrowed(self, more: Mapping[str, Sequence[str]]) -> Query:
        """Also filtered by `more`; a dimension filtered twice keeps the keys both allow."""
        merged = {dim: set(keys) for dim, keys in self.filters}
        for dim, keys in more.items():
            merged[dim] = merged[dim] & set(keys) if dim in merged else set(keys)
        return Query(
            self.facts, self.year, self.value, tuple(sorted((d, tuple(sorted(k))) for d, k in merged.items()))
        )


def _matches(key: str, allowed: tuple[str, ...], hierarchical: bool) -> bool:
    return any(key.startswith(a) for a in allowed) if hierarchical else key in allowed


@dataclass
class Sums:
    """A plain measure's total and its sums by one dimension's keys (by every level for a code)."""

    total: Decimal | None
    by_key: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class At:
    """Where a cell is evaluated: the whole table (None), or one key of a dimension."""

    dimension: str | None = None
    key: str | None = None
    composite: tuple[tuple[str, str], ...] = ()
    """Further exact keys (a project table's unit and 项目级次 group)."""


class Evaluator:
    """Evaluates measures of one budget (and its prior year), caching each column's sums."""

    def __init__(self, computed: ComputedBudget, named: Mapping[str, Measure]) -> None:
        self.years: dict[str, tuple[Facts, Revealed] | None] = {
            "current": (computed.facts, computed.revealed),
            "prior": (computed.prior.facts, computed.prior.revealed) if computed.prior else None,
        }
        self.named = named
        self._sums: dict[tuple[Query, str | None, tuple[str, ...]], Sums] = {}

    def resolve(self, ref: MeasureRef) -> Measure:
        return self.named[ref] if isinstance(ref, str) else ref

    def records(self, query: Query) -> list[Record]:
        known = self.years[query.year]
        if known is None:
            raise Unrevealed(NO_PRIOR)
        facts, revealed = known
        needed = SET_FACTS[query.facts]
        if needed is not None:
            revealed.need(needed)
        found: list[Record] = []
        unknown: dict[str, list[Record]] = {}
        for record in facts.sets[query.facts]:
            passes, blank = True, None
            for dim, allowed in query.filters:
                key = record.keys.get(dim)
                if key is None:
                    blank = dim
                elif not _matches(key, allowed, dim in HIERARCHIES):
                    passes = False
                    break
            if passes and blank is not None:
                unknown.setdefault(blank, []).append(record)
            elif passes:
                found.append(record)
        if unknown:
            dim, records = next(iter(unknown.items()))
            raise Unrevealed(_unknown_key(query.facts, dim, records))
        return found

    def sums(self, query: Query, dimension: str | None = None, also: tuple[str, ...] = ()) -> Sums:
        """The query's total, and by `dimension` (with the keys of `also` joined to it by '|')."""
        cache = (query, dimension, also)
        if cache in self._sums:
            return self._sums[cache]
        records = self.records(query)
        total: Decimal | None = None
        by_key: dict[str, Decimal] = {}
        blank = []
        for record in records:
            value = record.values.get(query.value)
            if value is None:
                continue
            total = (total or ZERO) + value
            if dimension is None:
                continue
            key = record.keys.get(dimension)
            if key is None:
                blank.append(record)
                continue
            levels = HIERARCHIES.get(dimension)
            keys = [key[:n] for n in levels if n < len(key)] + [key] if levels else [key]
            prefix = "|".join(str(record.keys.get(d)) for d in also)
            for k in keys:
                joined = f"{prefix}|{k}" if also else k
                by_key[joined] = by_key.get(joined, ZERO) + value
        if blank and dimension is not None:
            raise Unrevealed(_unknown_key(query.facts, dimension, blank))
        result = Sums(total, by_key)
        self._sums[cache] = result
        return result

    def keys(self, query: Query, dimension: str) -> list[str]:
        """The keys of `dimension` the query's records have (codes as typed), in record order."""
        records = self.records(query)
        blank = [r for r in records if r.keys.get(dimension) is None]
        if blank:
            raise Unrevealed(_unknown_key(query.facts, dimension, blank))
        return list(dict.fromkeys(str(r.keys[dimension]) for r in records))

    # ------------------------------------------------------------------ a measure at a place

    def value(self, measure: Measure, base: Query, at: At) -> Decimal | None:
        """`measure` (filters on top of `base`) at `at`: None when no fact has the amount it takes."""
        if measure.sum is not None or measure.minus is not None:
            plus = [self.value(self.resolve(m), base, at) for m in measure.sum or []]
            if measure.sum is None:
                plus = [self._plain(measure, base, at)]
            less = [self.value(self.resolve(m), base, at) for m in measure.minus or []]
            if all(v is None for v in [*plus, *less]):
                return None
            return sum((v or ZERO for v in plus), ZERO) - sum((v or ZERO for v in less), ZERO)
        if measure.change is not None:
            inner = self.resolve(measure.change)
            now = self.value(inner, base, at)
            before = self.value(inner, _year(base, "prior"), at)  # an unknown prior year raises
            # A line new this year (or gone) had nothing in the other year: it changed by all of it.
            if now is None and before is None:
                return None
            return (now or ZERO) - (before or ZERO)
        if measure.share is not None:
            part = self.value(self.resolve(measure.share), base, at)
            whole_measure = (
                self.resolve(measure.of) if measure.of is not None else self.resolve(measure.share)
            )
            whole = self.value(whole_measure, base, at if measure.of is not None else At())
            return share(part, whole)
        return self._plain(measure, base, at)

    def _plain(self, measure: Measure, base: Query, at: At) -> Decimal | None:
        query = Query(
            measure.facts or base.facts,
            "prior" if "prior" in (measure.year, base.year) else "current",
            measure.value if measure.value != "amount" else base.value,
            base.filters,
        ).narrowed(measure.filters)
        if at.dimension is None:
            return self.sums(query).total
        dims = tuple(d for d, _ in at.composite)
        sums = self.sums(query, at.dimension, dims)
        prefix = "|".join(k for _, k in at.composite)
        key = f"{prefix}|{at.key}" if dims else str(at.key)
        return sums.by_key.get(key) if sums.total is not None else None


def _year(query: Query, year: str) -> Query:
    return Query(query.facts, year, query.value, query.filters)


def base_query(facts: str, *filters: Mapping[str, Sequence[str]]) -> Query:
    query = Query(facts)
    for more in filters:
        query = query.narrowed(more)
    return query
