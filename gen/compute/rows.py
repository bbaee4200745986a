"""Computed tables keyed by codes: rows of coded amounts, with the code names the code lists give.

No word a document prints is here (a total row is its kind, a column its key).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from models.amount import ZERO


class RowKind(StrEnum):
    TOTAL = "total"
    CLASS = "class"
    SECTION = "section"
    ITEM = "item"
    DEPARTMENT = "department"
    UNIT = "unit"
    GROUP = "group"
    DETAIL = "detail"


@dataclass(frozen=True)
class Column:
    """A computed table's column, by key: what a document calls it is the profile's word."""

    key: str
    kind: str = "amount"  # amount | text | number


@dataclass
class Row:
    code: str | None
    name: str
    kind: RowKind
    values: dict[str, Decimal] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def depth(self) -> int:
        """Nesting level for indentation: 0 for totals, 1 for 类 / units, deeper below."""
        return {
            RowKind.TOTAL: 0,
            RowKind.DEPARTMENT: 1,
            RowKind.CLASS: 1,
            RowKind.UNIT: 2,
            RowKind.SECTION: 2,
            RowKind.GROUP: 3,
            RowKind.ITEM: 3,
            RowKind.DETAIL: 4,
        }[self.kind]

    def value(self, key: str) -> Decimal:
        return self.values.get(key, ZERO)


@dataclass
class DataTable:
    id: str
    columns: list[Column]
    rows: list[Row]

    def row(self, code: str | None, kind: RowKind | None = None) -> Row:
        for row in self.rows:
            if row.code == code and (kind is None or row.kind is kind):
                return row
        raise KeyError(f"{self.id}: no row {code!r}")

    def total(self) -> Row:
        return next(r for r in self.rows if r.kind is RowKind.TOTAL)

    def coded(self, kinds: Iterable[RowKind], key: str = "total") -> dict[str, tuple[str, Decimal]]:
        """Name and amount by code of the rows of these kinds: what a year-over-year match keys on."""
        wanted = set(kinds)
        return {r.code: (r.name, r.value(key)) for r in self.rows if r.kind in wanted and r.code}


def add_into(target: dict[str, Decimal], values: Mapping[str, Decimal]) -> None:
    for key, value in values.items():
        target[key] = target.get(key, ZERO) + value


def summed(rows: Iterable[Mapping[str, Decimal]]) -> dict[str, Decimal]:
    result: dict[str, Decimal] = {}
    for values in rows:
        add_into(result, values)
    return result


def amount(value: Decimal | None) -> Decimal:
    return ZERO if value is None else value
