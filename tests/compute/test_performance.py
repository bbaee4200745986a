"""Funding composition of the 整体绩效目标申报表: computed this year, typed for earlier years."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gen.compute.budget import compute
from gen.pipeline import Checked
from models.budget import FundSource, Unit, UnitExpenditure
from models.performance import OverallPerformanceForm


def _shares(checked: Checked, index: int) -> dict[str, str]:
    lines = checked.computed.funding[index].lines
    return {
        f"{line.group}/{line.label}": f"{line.current}={line.share:.2f}"
        for line in lines
        if line.share is not None
    }


def test_department_and_unit_shares_match_the_reference(jianghan: Checked) -> None:
    department, own, traffic = (_shares(jianghan, i) for i in range(3))
    assert department["支出构成/人员类项目支出"] == "52586.58=59.05"
    assert department["支出构成/运转类项目支出"] == "7338.63=8.24"
    assert department["支出构成/特定目标类项目支出"] == "29127.34=32.71"
    assert own["支出构成/人员类项目支出"] == "43495.06=59.27"
    assert own["支出构成/特定目标类项目支出"] == "23846.85=32.50"
    assert traffic["收入构成/财政拨款"] == "15672.49=100.00"
    assert jianghan.computed.funding[0].lines[3].prior == {
        2021: Decimal("92710.85"),
        2022: Decimal("103347.29"),
    }


def test_a_unit_without_expenditure_has_a_zero_composition(jianghan: Checked) -> None:
    budget = jianghan.computed.budget.model_copy(deep=True)
    budget.units.append(Unit(code="118003", name="新设单位", kind="行政"))
    budget.performance.overall_forms.append(OverallPerformanceForm(unit="118003"))
    computed = compute(budget, jianghan.computed.codes)
    newest = computed.funding[-1]
    assert newest.name == "新设单位"
    assert all(line.current == 0 and line.share is None for line in newest.lines)


def test_the_traffic_brigade_form_splits_basic_and_project(jianghan: Checked) -> None:
    traffic = _shares(jianghan, 2)
    assert traffic["支出构成/基本支出"] == "10392.00=66.31"
    assert traffic["支出构成/项目支出"] == "5280.49=33.69"
    assert traffic["支出构成/合计"] == "15672.49=100.00"
    assert jianghan.computed.funding[2].lines[3].prior == {2022: Decimal("16412.31")}


@pytest.mark.parametrize(
    ("unit", "count", "this_year"),
    [(None, 26, "29127.34"), ("118001", 15, "23846.85"), ("118002", 11, "5280.49")],
)
def test_project_lists_come_from_the_projects(
    jianghan: Checked, unit: str | None, count: int, this_year: str
) -> None:
    composition = next(f for f in jianghan.computed.funding if f.form.unit == unit)
    assert len(composition.projects) == count
    assert composition.projects_total[1] == Decimal(this_year)
    # The project list adds up to the composition's 特定目标类 / 项目支出 line.
    assert composition.lines[-2].current == Decimal(this_year)


@pytest.mark.parametrize(
    ("code", "total_budget", "this_year", "local"),
    [
        ("42010323118T000000106", "1532.52", "1532.52", "1532.52"),
        ("42010323118T000000113", "1498.56", "139.94", "139.94"),
        ("42010322118T000000119", "273.92", "273.92", "273.92"),
    ],
)
def test_project_form_funding_comes_from_the_project(
    jianghan: Checked, code: str, total_budget: str, this_year: str, local: str
) -> None:
    funding = next(f for f in jianghan.computed.project_funding if f.form.project == code)
    assert (funding.total_budget, funding.this_year, funding.local) == (
        Decimal(total_budget),
        Decimal(this_year),
        Decimal(local),
    )
    assert funding.transfer == funding.special_account == funding.other == 0
    assert sum(funding.details_total) == funding.this_year


def test_a_units_composition_counts_every_fund(jianghan: Checked) -> None:
    budget = jianghan.computed.budget.model_copy(deep=True)
    budget.expenditure.by_unit.append(
        UnitExpenditure(unit="118002", fund=FundSource.GOV_FUND, project=Decimal("100.00"))
    )
    traffic = compute(budget, jianghan.computed.codes).funding[2]
    assert traffic.lines[-2].current == Decimal("5380.49")  # 项目支出: 5,280.49 + 100.00 of 政府性基金
