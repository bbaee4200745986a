"""Year-over-year changes: the table of cases, and the reference's stated changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gen.compute.yoy import Change, match, share
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


L = {"201": ("一般公共服务支出", D(10)), "20101": ("人大事务", D(10))}


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        # Same codes: every level both years have.
        (L, L, [("201", D(10), D(10), False), ("20101", D(10), D(10), False)]),
        # A prior year known only by 类 compares by 类.
        (L, {"201": ("一般公共服务支出", D(7))}, [("201", D(10), D(7), False)]),
        # Unknown prior year: this year's lines, no prior amounts.
        (L, None, [("201", D(10), None, False), ("20101", D(10), None, False)]),
        # A removed line follows the line it followed last year; a new line has a prior of 0.
        (
            {"201": ("甲", D(1)), "208": ("丙", D(3))},
            {"201": ("甲", D(1)), "204": ("乙", D(2))},
            [("201", D(1), D(1), False), ("204", D(0), D(2), True), ("208", D(3), D(0), False)],
        ),
        # A line removed from the top stays at the top.
        (
            {"208": ("丙", D(3))},
            {"201": ("甲", D(1))},
            [("201", D(0), D(1), True), ("208", D(3), D(0), False)],
        ),
    ],
)
def test_match_by_code(
    now: dict[str, tuple[str, Decimal]],
    before: dict[str, tuple[str, Decimal]] | None,
    expected: list[tuple[str, Decimal, Decimal | None, bool]],
) -> None:
    found = [(m.code, m.change.current, m.change.prior, m.removed) for m in match(now, before)]
    assert found == expected


def test_match_keys_on_code_and_keeps_both_names() -> None:
    (matched,) = match({"P1": ("新名", D(5))}, {"P1": ("旧名", D(4))})
    assert (matched.name, matched.prior_name) == ("新名", "旧名")
