"""The example inputs hold leaf facts only: no total, parent row, 合计 or share is typed."""

from __future__ import annotations

import re
from decimal import Decimal

from gen.compute.rows import RowKind
from gen.pipeline import Checked
from tests.conftest import JIANGHAN_2023

DERIVED_KEYS = re.compile(r"total|subtotal|sum|share|percent|合计|小计|总计|占比|比重", re.IGNORECASE)


def _keys_and_numbers(text: str) -> tuple[list[str], list[Decimal]]:
    keys, numbers = [], []
    for line in text.splitlines():
        content = line.split("#", 1)[0]
        keys += re.findall(r"([A-Za-z_\u4e00-\u9fff]+):", content)
        numbers += [Decimal(n) for n in re.findall(r"(?<![\w.\"-])(\d+\.\d+)(?![\w\"])", content)]
    return keys, numbers


def test_no_total_keys() -> None:
    keys, _ = _keys_and_numbers(JIANGHAN_2023.read_text(encoding="utf-8"))
    # total_budget is a project's own multi-year budget (项目总预算), a leaf fact, not a sum.
    assert [k for k in keys if DERIVED_KEYS.search(k) and k != "total_budget"] == []


def test_no_derived_number_is_typed(jianghan: Checked) -> None:
    """No number in the file equals a derived figure, unless it is also a leaf that equals it."""
    _, numbers = _keys_and_numbers(JIANGHAN_2023.read_text(encoding="utf-8"))
    derived: set[Decimal] = set()
    for table_id, table in jianghan.computed.tables.items():
        for row in table.rows:
            if row.kind in (
                RowKind.TOTAL,
                RowKind.DEPARTMENT,
                RowKind.CLASS,
                RowKind.SECTION,
                RowKind.GROUP,
            ) or (table_id.startswith(("general_by_unit", "income")) and row.kind is RowKind.UNIT):
                derived |= {v for v in row.values.values() if v}
    figures = jianghan.computed.figures
    derived |= {figures.total.current, figures.basic.current, figures.procurement.total}
    derived |= set(figures.procurement.by_category.values())
    single_leaf_parents = _single_leaf_values(jianghan)
    typed_derived = {n for n in numbers if n in derived and n not in single_leaf_parents}
    assert typed_derived == set(), typed_derived
    assert Decimal("89052.55") not in numbers and Decimal("59925.21") not in numbers


def _single_leaf_values(jianghan: Checked) -> set[Decimal]:
    """Leaf values that legitimately equal a parent (a parent with one child, a unit's own figure)."""
    b = jianghan.computed.budget
    values: set[Decimal] = set()
    for leaf in b.expenditure.functional:
        values |= {v for v in (leaf.personnel, leaf.public, leaf.project) if v}
    for e in b.expenditure.economic:
        values |= {v for v in (e.personnel, e.public) if v}
    for u in b.expenditure.by_unit:
        values |= {v for v in (u.personnel, u.public, u.project) if v}
    values |= {i.amount for i in b.income}
    values |= {r.amount for r in b.procurement} | {s.amount for s in b.purchased_services}
    values |= {p.general for p in b.projects if p.general}
    tp = b.three_public
    values |= {tp.reception.amount, tp.vehicle_purchase.amount, tp.vehicle_operation.amount}
    return values
