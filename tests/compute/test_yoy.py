"""Year-over-year changes: the table of cases, and the reference's stated changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gen.compute.yoy import Change, share
from gen.pipeline import Checked
from models.amount import cents

D = Decimal


@pytest.mark.parametrize(
    ("current", "prior", "delta", "percent", "direction"),
    [
        (D("89052.55"), D("103347.29"), D("-14294.74"), D("-13.83"), "减少"),
        (D("110"), D("100"), D("10"), D("10.00"), "增加"),
        (D("0"), D("0"), D("0"), None, "持平"),
        (D("5"), D("0"), D("5"), None, "增加"),
        (D("5"), None, None, None, None),
    ],
)
def test_change(
    current: Decimal,
    prior: Decimal | None,
    delta: Decimal | None,
    percent: Decimal | None,
    direction: str | None,
) -> None:
    change = Change(current, prior)
    assert change.delta == delta
    assert (None if change.percent is None else cents(change.percent)) == percent
    assert change.direction == direction


def test_share_rounds_only_for_display() -> None:
    value = share(D("59925.21"), D("89052.55"))
    assert value is not None and cents(value) == D("67.29") and value != D("67.29")
    assert share(D("1"), D("0")) is None


def test_reference_changes(jianghan: Checked) -> None:
    figures = jianghan.computed.figures
    assert (figures.total.delta, cents(figures.total.percent or D(0))) == (D("-14294.74"), D("-13.83"))
    by_class = {c.name: c.change.delta for c in figures.function_classes}
    assert by_class == {
        "公共安全支出": D("-13119.25"),
        "社会保障和就业支出": D("45.95"),
        "卫生健康支出": D("-555.20"),
        "住房保障支出": D("-666.24"),
    }
    assert (figures.project.delta, figures.basic.delta) == (D("-10741.80"), D("-3552.94"))
    tp = figures.three_public
    assert (
        tp.abroad.direction,
        tp.reception.delta,
        tp.vehicle_purchase.delta,
        tp.vehicle_operation.delta,
    ) == ("持平", D("-1.00"), D("-20.10"), D("-2.99"))
    assert tp.total.current == D("1048.48") and tp.vehicle.current == D("1045.51")
    assert [cents(figures.basic_share or D(0)), cents(figures.project_share or D(0))] == [
        D("67.29"),
        D("32.71"),
    ]
    assert figures.operating_costs.current == D("7338.63")
    assert figures.purchased_services == D("987.92")
    assert (figures.staffing.authorized, figures.staffing.in_service, figures.staffing.retired) == (
        1632,
        1529,
        650,
    )
    # Economic detail of 2022 is not known: unknown, not a change from zero.
    assert all(c.change.prior is None for c in figures.basic_economic_classes)
