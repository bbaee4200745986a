"""Funding composition of the 整体绩效目标申报表: computed this year, typed for earlier years."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gen.compute.budget import compute
from gen.compute.performance import FundingComposition
from gen.compute.yoy import share
from gen.pipeline import Checked
from models.budget import FundSource, Unit, UnitExpenditure
from models.performance import OverallPerformanceForm


def _shares(checked: Checked, index: int) -> dict[str, str]:
    """Each line's amount and its share of its group (收入 or 支出), keyed by group and key."""
    composition = checked.computed.funding[index]
    shares = {}
    for line in composition.lines:
        part = share(line.current, composition.group_total(line.group))
        if part is not None:
            shares[f"{line.group}/{line.key}"] = f"{line.current}={part:.2f}"
    return shares


def test_department_and_unit_shares_match_the_reference(jianghan: Checked) -> None:
    department, own, traffic = (_shares(jianghan, i) for i in range(3))
    assert department["spending/personnel"] == "52586.58=59.05"
    assert department["spending/operating"] == "7338.63=8.24"
    assert department["spending/specific"] == "29127.34=32.71"
    assert own["spending/personnel"] == "43495.06=59.27"
    assert own["spending/specific"] == "23846.85=32.50"
    assert traffic["income/appropriation"] == "15672.49=100.00"
    # The typed earlier years of the department's 人员类: the form's first spending line.
    assert jianghan.computed.funding[0].line("spending", "personnel").prior == {
        2021: Decimal("48102.46"),
        2022: Decimal("56223.53"),
    }
    # Every split is there for a form that prints it as a field, whichever the lines follow.
    amounts = jianghan.computed.funding[0].amounts
    assert amounts["spending_basic"] == Decimal("52586.58") + Decimal("7338.63")
    assert amounts["spending_project"] == amounts["spending_specific"] == Decimal("29127.34")


def test_a_unit_without_expenditure_has_a_zero_composition(jianghan: Checked) -> None:
    budget = jianghan.computed.budget.model_copy(deep=True)
    budget.units.append(Unit(code="118003", name="新设单位", kind="行政"))
    budget.performance.overall_forms.append(OverallPerformanceForm(unit="118003"))
    computed = compute(budget, jianghan.computed.codes)
    newest = computed.funding[-1]
    assert newest.name == "新设单位"
    assert all(line.current == 0 for line in newest.lines) and _shares_of(newest) == {}


def _shares_of(composition: FundingComposition) -> dict[str, Decimal]:
    return {
        line.key: part
        for line in composition.lines
        if (part := share(line.current, composition.group_total(line.group))) is not None
    }


def test_the_traffic_brigade_form_splits_basic_and_project(jianghan: Checked) -> None:
    traffic = _shares(jianghan, 2)
    assert traffic["spending/basic"] == "10392.00=66.31"
    assert traffic["spending/project"] == "5280.49=33.69"
    composition = jianghan.computed.funding[2]
    assert composition.group_total("spending") == Decimal("15672.49")
    assert [line.key for line in composition.spending()] == ["basic", "project"]
    assert composition.line("income", "appropriation").prior == {2022: Decimal("16412.31")}
    assert composition.line("spending", "basic").prior == {2022: None}  # not typed: unknown, not 0


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
    assert composition.amounts["spending_project"] == Decimal(this_year)


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
    # 项目支出: 5,280.49 + 100.00 of 政府性基金
    assert traffic.line("spending", "project").current == Decimal("5380.49")
