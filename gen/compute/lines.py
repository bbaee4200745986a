"""Every coded line a sentence may name — 功能分类 类/款/项, 经济分类 类/款 — and every fund's figures,
each with last year's amount where last year's input reveals it at that level (unknown, not zero,
where it does not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from gen.compute.classification import function_table
from gen.compute.revealed import Fact
from gen.compute.rows import DataTable, RowKind
from gen.compute.yoy import Change
from models.budget import Budget, FundSource
from models.codes import CodeList

LEVELS = {RowKind.CLASS: "类", RowKind.SECTION: "款", RowKind.ITEM: "项"}
TYPES = ("basic", "personnel", "public", "project")


@dataclass(frozen=True)
class Line:
    """One coded line with its amount and, where last year reveals that level, last year's."""

    code: str
    name: str
    level: str
    """类, 款 or 项."""
    change: Change
    names: list[str] = field(default_factory=list)
    """The names from its 类 down to itself (公共安全支出, 公安, 行政运行)."""

    @property
    def amount(self) -> Decimal:
        return self.change.current


def lines(table: DataTable, prior: DataTable | None) -> list[Line]:
    """The table's coded rows in order; `prior` None when last year is unknown.

    Last year's amount of a code is its row there, or zero when last year has rows at that level
    but not this code (a new line); a level last year does not reveal (only 类 typed) is unknown.
    """
    revealed = {len(r.code) for r in prior.rows if r.code} if prior is not None else set()
    before = {r.code: r.value("total") for r in prior.rows if r.code} if prior is not None else {}
    names: dict[str, str] = {}
    found = []
    for row in table.rows:
        if row.code is None or row.kind not in LEVELS:
            continue
        names[row.code] = row.name
        path = [names[row.code[:n]] for n in (3, 5, 7) if n <= len(row.code) and row.code[:n] in names]
        previous = before.get(row.code, Decimal(0)) if len(row.code) in revealed else None
        found.append(Line(row.code, row.name, LEVELS[row.kind], Change(row.value("total"), previous), path))
    return found


@dataclass(frozen=True)
class FundFigures:
    """One fund source's spending (一般公共预算, 政府性基金预算 …) with last year's.

    Its 基本/项目 split is None (unknown) when either year's input does not split spending by type.
    """

    FACTS: ClassVar[Mapping[str, Fact]] = {name: Fact.TYPE_SPLIT for name in TYPES}

    total: Change
    lines: list[Line]
    basic: Change | None
    personnel: Change | None
    public: Change | None
    project: Change | None

    @property
    def classes(self) -> list[Line]:
        return [line for line in self.lines if line.level == "类"]


def fund_figures(
    budget: Budget,
    codes: CodeList,
    detailed: bool,
    prior: tuple[Budget, CodeList, bool, bool] | None,
) -> dict[str, FundFigures]:
    """Each fund source's figures by its key (general, gov_fund …).

    `detailed`: this year's spending is split by type; `prior`: last year's input, its code list,
    whether it reveals its function lines and whether it splits them by type (None: no prior year).
    """
    figures = {}
    for fund in FundSource:
        key = fund.name.lower()
        table = function_table(key, budget.expenditure.functional, codes, [fund])
        before = (
            function_table(key, prior[0].expenditure.functional, prior[1], [fund])
            if prior and prior[2]
            else None
        )
        now, earlier = table.total(), before.total() if before is not None else None
        split = earlier if prior is not None and prior[3] else None
        types = {
            name: Change(now.value(name), split.value(name) if split is not None else None)
            if detailed
            else None
            for name in TYPES
        }
        figures[key] = FundFigures(
            total=Change(now.value("total"), earlier.value("total") if earlier is not None else None),
            lines=lines(table, before),
            **types,
        )
    return figures
