"""Funding composition of the 整体绩效目标申报表: computed this year, typed for earlier years."""

from __future__ import annotations

from decimal import Decimal

from gen.compute.budget import compute
from gen.pipeline import Checked
from models.budget import OverallPerformanceForm, Unit


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
