"""Year over year: the reference's stated changes, items matched by code, levels both years reveal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gen.compute.diff import Diff, Item, Status, Thresholds, compare
from gen.compute.yoy import Change
from gen.pipeline import check_input
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT, a_year_earlier

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


@pytest.fixture(scope="module")
def reference() -> Diff:
    return compare(check_input(JIANGHAN_2023, JIANGHAN_2022).computed)


def _item(diff: Diff, section: str, key: str) -> Item:
    sections = {s.id: s for s in [diff.summary, *diff.sections]}
    return next(i for i in sections[section].items if i.key == key)


@pytest.mark.parametrize(
    ("section", "key", "prior", "current", "delta", "percent"),
    [
        ("summary", "total", "103347.29", "89052.55", "-14294.74", "-13.83"),
        ("summary", "204", "85762.25", "72643.00", "-13119.25", "-15.30"),
        ("summary", "210", "5061.16", "4505.96", "-555.20", "-10.97"),
        ("summary", "221", "7493.46", "6827.22", "-666.24", "-8.89"),
        ("summary", "reception", "3.97", "2.97", "-1.00", "-25.19"),
        ("summary", "vehicle_purchase", "210.10", "190.00", "-20.10", "-9.57"),
        ("summary", "vehicle_operation", "858.50", "855.51", "-2.99", "-0.35"),
        ("function", "204", "85762.25", "72643.00", "-13119.25", "-15.30"),
    ],
)
def test_the_reference_changes(
    reference: Diff, section: str, key: str, prior: str, current: str, delta: str, percent: str
) -> None:
    change = _item(reference, section, key).change
    assert (change.prior, change.current, change.delta) == (Decimal(prior), Decimal(current), Decimal(delta))
    assert change.percent is not None and round(change.percent, 2) == Decimal(percent)


def test_a_prior_year_known_only_by_class_compares_by_class(reference: Diff) -> None:
    function = next(s for s in reference.sections if s.id == "function")
    assert [i.key for i in function.items] == ["204", "208", "210", "221"]  # no 款/项: 2022 has only 类
    for section in reference.sections[1:]:
        assert not section.items and "没有" in section.note  # units, projects, economic: not in 2022


def test_reasons_in_the_input_explain_a_change(reference: Diff) -> None:
    unexplained = {item.reason_field for _, item in reference.unexplained()}
    assert "three_public.reception.reason" not in unexplained  # has its reason (and is under 1 万元)
    assert unexplained == {
        "narrative.change_reason",
        "narrative.general_change_reason",
        "narrative.change_reasons.summary.project",
        'narrative.change_reasons.function."204"',
        'narrative.change_reasons.function."210"',
    }


@pytest.mark.parametrize(
    ("change", "reason", "needs"),
    [
        (Change(Decimal("110"), Decimal("100")), None, True),  # +10 万元, +10%
        (Change(Decimal("109"), Decimal("100")), None, False),  # 9%
        (Change(Decimal("1.5"), Decimal("1")), None, False),  # 50%, but 0.5 万元
        (Change(Decimal("110"), Decimal("100")), "因……", False),
        (Change(Decimal("5"), Decimal("0")), None, True),  # new money counts by amount alone
        (Change(Decimal("5"), None), None, False),  # the prior year is unknown
    ],
)
def test_thresholds(change: Change, reason: str | None, needs: bool) -> None:
    item = Item("x", "某项", change, "narrative.change_reasons.summary.x", reason)
    assert item.needs_reason(Thresholds(), "万元") is needs
    assert item.needs_reason(Thresholds(), "元") is False  # the same numbers in 元 are below 1 万元


def test_items_are_matched_by_code_never_by_name(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    prior = (
        a_year_earlier(text)
        .replace("name: 信息系统运维项目", "name: 信息系统维护项目")  # P001 renamed
        .replace("code: P002", "code: P000")  # P002 new this year, P000 gone
        .replace("project_code: P002", "project_code: P000")
    )
    (tmp_path / "prior.yaml").write_text(prior, encoding="utf-8")
    (tmp_path / "current.yaml").write_text(text, encoding="utf-8")
    checked = check_input(tmp_path / "current.yaml", tmp_path / "prior.yaml")
    assert not checked.errors, checked.errors
    projects = next(s for s in compare(checked.computed).sections if s.id == "project")
    statuses = {i.key: (i.status, i.prior_name) for i in projects.items}
    assert statuses == {
        "P001": (Status.RENAMED, "信息系统维护项目"),
        "P002": (Status.ADDED, None),
        "P000": (Status.REMOVED, "车辆更新项目"),
    }


def test_the_narrative_and_the_diff_share_one_comparison() -> None:
    """build's year-over-year sentences read the very Change objects `budgetdoc diff` lists."""
    computed = check_input(JIANGHAN_2023, JIANGHAN_2022).computed
    diff = compare(computed)
    summary = {i.key: i.change for i in diff.summary.items}
    figures = computed.figures
    assert summary["total"] is figures.total
    assert summary["reception"] is figures.three_public.reception
    function = {i.key: i.change for i in next(s for s in diff.sections if s.id == "function").items}
    for figure in figures.function_classes:
        assert summary[figure.code] is figure.change
        assert function[figure.code] == figure.change
