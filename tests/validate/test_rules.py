"""Each rule fires on a minimal bad input, at the right line and field path."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gen.errors import InputError
from gen.findings import Finding, Severity
from gen.pipeline import check_input
from gen.validate.rules import RULES

MINIMAL = Path(__file__).parent.parent / "data" / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "input.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_input_is_clean() -> None:
    assert check_input(MINIMAL).findings == []


# rule, text replaced, replacement, field path of the finding, text marking the line it must name
CASES = [
    ("BAL-001", "    amount: 50.00", "    amount: 51.00", "income", "income:"),
    ("BAL-002", '    - code: "30201"\n      public: 10.00\n', "", "expenditure.economic", "  economic:"),
    ("BAL-003", "      personnel: 30.00", "      personnel: 31.00", "expenditure.by_unit", "  by_unit:"),
    ("BAL-004", "    general: 20.00", "    general: 25.00", "projects", "projects:"),
    (
        "BAL-005",
        '    category: 一次性\n    function_code: "2010102"',
        '    category: 一次性\n    function_code: "2010101"',
        "projects[2].function_code",
        'function_code: "2010101"',
    ),
    (
        "BAL-006",
        'name: 车辆更新项目\n    unit: "901002"',
        'name: 车辆更新项目\n    unit: "901001"',
        "expenditure.by_unit[1].project",
        "      project: 40.00",
    ),
    (
        "BAL-007",
        "    amount: 150.00",
        '    amount: 151.00\n  - unit: "901002"\n    source: 一般公共预算\n    amount: -1.00',
        "income",
        "income:",
    ),
    (
        "BAL-008",
        "  by_unit:",
        "  type_breakdown:\n    personnel: 100.00\n  by_unit:",
        "expenditure.type_breakdown.personnel",
        "    personnel: 100.00",
    ),
    ("BAL-009", "    amount: 2.00", "    amount: 2.50", "three_public.reception.amount", "    amount: 2.50"),
    (
        "BAL-010",
        "    micro_amount: 10.00",
        "    micro_amount: 40.00",
        "procurement[1].micro_amount",
        "micro_amount: 40.00",
    ),
    (
        "BAL-011",
        "    quantity: 1\n    unit_price: 30.00",
        "    quantity: 2\n    unit_price: 30.00",
        "procurement[1].amount",
        "    amount: 30.00",
    ),
    ("BAL-012", "    货物: 公务用车更新\n", "", "narrative.procurement_usage", "  procurement_usage:"),
    (
        "BAL-013",
        "    general: 40.00",
        "    total_budget: 10.00\n    general: 40.00",
        "projects[1].total_budget",
        "total_budget: 10.00",
    ),
    (
        "BAL-014",
        '    item_name: 轿车\n    function_code: "2010102"',
        '    item_name: 轿车\n    function_code: "2010103"',
        "procurement[2].function_code",
        'function_code: "2010103"',
    ),
    (
        "BAL-015",
        "  scope: 行政及参公单位公用经费",
        "  scope: 按填报金额",
        "operating_costs.scope",
        "scope: 按填报金额",
    ),
    (
        "CODE-001",
        '    - code: "2080505"',
        '    - code: "208050"',
        "expenditure.functional[3].code",
        'code: "208050"',
    ),
    (
        "CODE-002",
        '    - code: "30201"',
        '    - code: "30298"\n      name: 本地补充科目',
        "expenditure.economic[4]",
        'code: "30298"',
    ),
    (
        "CODE-008",
        '    - code: "30201"',
        '    - code: "30298"',
        "expenditure.economic[4].code",
        'code: "30298"',
    ),
    (
        "CODE-003",
        '    - code: "2080505"',
        '    - code: "2080505"\n      name: 其他支出',
        "expenditure.functional[3].name",
        "name: 其他支出",
    ),
    ("CODE-004", "  - code: P002", "  - code: P001", "projects[2]", "  - code: P001\n    name: 车辆更新项目"),
    (
        "CODE-005",
        "  functional:",
        '  functional:\n    - code: "208"\n      personnel: 5.00',
        "expenditure.functional[4]",
        '    - code: "2080505"',
    ),
    (
        "CODE-007",
        '    - code: "2080505"',
        '    - code: "20805"',
        "expenditure.functional[3].code",
        'code: "20805"',
    ),
    (
        "CODE-006",
        '    - code: "30101"\n      personnel: 120.00',
        '    - code: "30101"\n      public: 120.00',
        "expenditure.economic[1].public",
        "      public: 120.00",
    ),
    (
        "REF-001",
        'name: 车辆更新项目\n    unit: "901002"',
        'name: 车辆更新项目\n    unit: "901009"',
        "projects[2].unit",
        'unit: "901009"',
    ),
    (
        "REF-002",
        '  - unit: "901002"\n    project: 车辆更新项目',
        '  - unit: "901002"\n    unit_name: 测试中心\n    project: 车辆更新项目',
        "procurement[2].unit_name",
        "unit_name: 测试中心",
    ),
    (
        "REF-003",
        "    project_code: P001",
        "    project_code: P009",
        "procurement[1].project_code",
        "project_code: P009",
    ),
    (
        "REF-004",
        "    project: 信息系统运维项目",
        "    project: 信息系统运维",
        "procurement[1].project",
        "project: 信息系统运维\n",
    ),
    (
        "PERF-001",
        'value: "≥98%"',
        'value: "≥98%%1"',
        "performance.overall_forms[1].annual_goals[1].indicators[2].value",
        "系统正常运行率",
    ),
    (
        "PERF-001",
        "history: {2022: 3个}",
        "history: {2023: 3个}",
        "performance.overall_forms[1].annual_goals[1].indicators[1].history.2023",
        "运维系统数",
    ),
    (
        "PERF-002",
        "level1: 满意度指标, level2: 服务对象满意度指标",
        "level1: 产出指标, level2: 数量指标",
        "performance.overall_forms[1].annual_goals[1].indicators[3].level1",
        "使用人员满意度",
    ),
    (
        "PERF-003",
        'value: "≥90%", weight: 30',
        'value: "≥90%", weight: 35',
        "performance.overall_forms[1].annual_goals[1].indicators[1].weight",
        "运维系统数",
    ),
    (
        "PERF-003",
        ", weight: 30}",
        "}",
        "performance.overall_forms[1].annual_goals[1].indicators[2].level3",
        "系统正常运行率",
    ),
    (
        "PERF-004",
        "local_amount: 40.00",
        "local_amount: 39.00",
        "performance.project_forms[1].details",
        "      details:",
    ),
    (
        "PERF-005",
        "  project_forms:\n",
        "  project_forms:\n    - project: P001\n",
        "performance.project_forms[2].project",
        "    - project: P001\n      details:",
    ),
    (
        "PERF-006",
        "history: {2022: 3个}",
        "history: {2022: 3套}",
        "performance.overall_forms[1].annual_goals[1].indicators[1].value",
        "运维系统数",
    ),
    ("REF-005", "  year: 2023\n", "  year: 2023\n  profile: wuhna\n", "meta.profile", "profile: wuhna"),
    (
        "REF-006",
        "narrative:\n",
        'narrative:\n  change_reasons:\n    function:\n      "2O1": 调整\n',
        "narrative.change_reasons.function.2O1",
        '"2O1": 调整',
    ),
    (
        "AMT-001",
        "    amount: 15.00",
        "    amount: -15.00",
        "three_public.vehicle_purchase.amount",
        "amount: -15.00",
    ),
    ("AMT-002", "    amount: 150.00", "    amount: 150.004", "income[1].amount", "amount: 150.004"),
    (
        "AMT-003",
        "      personnel: 120.00",
        "      personnel: 120000000.00",
        "expenditure.economic[1].personnel",
        "personnel: 120000000.00",
    ),
    (
        "AMT-004",
        '  phone: "12345678"',
        '  phone: "12345678"\n  tolerance: 1.01',
        "meta.tolerance",
        "tolerance:",
    ),
    ("DATA-001", TEXT[TEXT.index("units:\n") : TEXT.index("income:\n")], "units: []\n", "units", "units: []"),
    (
        "TXT-001",
        "    服务: 信息系统运维",
        "    服务: XX服务",
        "narrative.procurement_usage.服务",
        "服务: XX服务",
    ),
    (
        "TXT-002",
        "    content: 信息系统运维服务",
        "    content: <p>信息系统运维服务</p>",
        "purchased_services[1].content",
        "content: <p>",
    ),
    ("YEAR-003", "  year: 2023", "  year: 2023\n  edition: 2019", "meta.edition", "edition: 2019"),
    (
        "YEAR-004",
        "  filled_on: 2022-11-20",
        "  filled_on: 2019-11-20",
        "meta.filled_on",
        "filled_on: 2019-11-20",
    ),
]


def _line_of(text: str, marker: str) -> int:
    index = text.index(marker)
    return text[:index].count("\n") + 1


def _located(findings: list[Finding], rule_id: str, path: str, line: int) -> bool:
    return any(
        f.rule == rule_id and any(loc.path == path and loc.line == line for loc in f.locations)
        for f in findings
    )


@pytest.mark.parametrize(("rule_id", "old", "new", "path", "marker"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_with_location(
    tmp_path: Path, rule_id: str, old: str, new: str, path: str, marker: str
) -> None:
    assert TEXT.count(old) >= 1, "the case must change the input"
    text = TEXT.replace(old, new, 1)
    findings = check_input(_write(tmp_path, text)).findings
    fired = [f for f in findings if f.rule == rule_id]
    assert fired, f"{rule_id} did not fire; got {[f.rule for f in findings]}"
    assert _located(findings, rule_id, path, _line_of(text, marker)), [
        (f.rule, [str(loc) for loc in f.locations]) for f in fired
    ]
    assert all(f.severity is RULES[rule_id].severity for f in fired)


def test_every_rule_has_a_case() -> None:
    # Prior-year rules and the tolerance: below; the form totals (a profile's form): test_form_language.
    covered = {c[0] for c in CASES} | {"YEAR-001", "YEAR-002", "PERF-007", "BAL-016", "PERF-008"}
    assert covered == set(RULES)


@pytest.mark.parametrize(
    ("prior_text", "rule_id"),
    [
        (TEXT.replace("  year: 2023", "  year: 2021").replace("2022-11-20", "2020-11-20"), "YEAR-001"),
        (
            TEXT.replace("  year: 2023", "  year: 2022")
            .replace("2022-11-20", "2021-11-20")
            .replace("    amount: 2.00\n    prior_amount: 3.00", "    amount: 2.50"),
            "YEAR-002",
        ),
    ],
)
def test_prior_year_rules(tmp_path: Path, prior_text: str, rule_id: str) -> None:
    _write(tmp_path, prior_text, "prior.yaml")
    current = _write(
        tmp_path, TEXT.replace('  phone: "12345678"', '  phone: "12345678"\n  prior: prior.yaml')
    )
    findings = check_input(current).findings
    assert any(f.rule == rule_id for f in findings), [f.rule for f in findings]


@pytest.mark.parametrize(
    ("breakdown", "typed", "field"),
    [
        ("", "appropriation: 150.00", None),
        ("", "appropriation: 105.00", "appropriation"),
        ("", "personnel: 999.00, operating: 1.00", "personnel"),
        # 基本支出 adds 人员类 and 运转类: typed in part, it is not compared.
        ("      breakdown: 基本支出/项目支出\n", "personnel: 999.00", None),
        ("      breakdown: 基本支出/项目支出\n", "personnel: 999.00, operating: 1.00", "personnel"),
    ],
)
def test_prior_form_amounts_against_the_prior_budget(
    tmp_path: Path, breakdown: str, typed: str, field: str | None
) -> None:
    prior = TEXT.replace("  year: 2023", "  year: 2022").replace("2022-11-20", "2021-11-20")
    _write(tmp_path, prior, "prior.yaml")
    text = TEXT.replace('  phone: "12345678"', '  phone: "12345678"\n  prior: prior.yaml').replace(
        '    - unit: "901001"\n      annual_goals:',
        f'    - unit: "901001"\n{breakdown}      prior_funding:\n        - {{year: 2022, {typed}}}\n'
        "      annual_goals:",
    )
    current = _write(tmp_path, text)
    found = [f for f in check_input(current).findings if f.rule == "PERF-007"]
    assert bool(found) is (field is not None), [f.message for f in found]
    if field:
        [location] = found[0].locations
        assert location.path == f"performance.overall_forms[1].prior_funding[1].{field}"
        assert location.line == _line_of(text, "{year: 2022,")


def test_unbalanced_names_both_sides_with_amounts(tmp_path: Path) -> None:
    text = TEXT.replace('    - code: "30201"\n      public: 10.00\n', "")
    findings = check_input(_write(tmp_path, text)).findings
    [finding] = [f for f in findings if f.rule == "BAL-002"]
    assert finding.severity is Severity.ERROR
    assert {loc.path for loc in finding.locations} == {"expenditure.functional", "expenditure.economic"}
    assert (finding.expected, finding.actual, finding.difference) == (20, 10, -10)
    assert "公用经费" in finding.message


def test_extra_codes_file_extends_the_list(tmp_path: Path) -> None:
    text = TEXT.replace('    - code: "30201"', '    - code: "30298"')
    unknown = check_input(_write(tmp_path, text)).findings
    assert [f.rule for f in unknown] == ["CODE-008"]  # no name to print
    (tmp_path / "codes.yaml").write_text('codes:\n  "30298": 本地补充科目\n', encoding="utf-8")
    extended = text.replace('  phone: "12345678"', '  phone: "12345678"\n  extra_codes: codes.yaml')
    assert check_input(_write(tmp_path, extended)).findings == []


def test_missing_extra_codes_file_is_located(tmp_path: Path) -> None:
    text = TEXT.replace('  phone: "12345678"', '  phone: "12345678"\n  extra_codes: nowhere.yaml')
    with pytest.raises(InputError) as caught:
        check_input(_write(tmp_path, text))
    [finding] = caught.value.findings
    assert "nowhere.yaml" in finding.message
    assert finding.locations[0].path == "meta.extra_codes" and finding.locations[0].line == 8


def test_a_tolerance_lets_the_balance_pass_and_says_the_totals_will_differ(tmp_path: Path) -> None:
    text = TEXT.replace('  phone: "12345678"', '  phone: "12345678"\n  tolerance: 0.01').replace(
        "    amount: 50.00", "    amount: 50.01", 1
    )
    findings = check_input(_write(tmp_path, text)).findings
    assert {f.rule for f in findings} == {"BAL-016"}
    (found,) = findings
    assert found.severity is Severity.WARNING and found.difference == Decimal("0.01")
    assert any(loc.path == "meta.tolerance" for loc in found.locations)


@pytest.mark.parametrize(
    ("reasons", "path", "message"),
    [
        (
            "    summary:\n      procurment: 采购减少\n",
            "narrative.change_reasons.summary.procurment",
            "未知字段“procurment”（可用：basic、personnel、public、project、three_public、operating_costs、procurement",
        ),
        (
            '    unit:\n      "901009": 新设\n',
            "narrative.change_reasons.unit.901009",
            "“901009”不是本部门的单位",
        ),
        (
            "    project:\n      P0O1: 增加\n",
            "narrative.change_reasons.project.P0O1",
            "“P0O1”不是本部门的项目",
        ),
    ],
)
def test_a_misspelled_change_reasons_key_is_refused_at_its_line(
    tmp_path: Path, reasons: str, path: str, message: str
) -> None:
    text = TEXT.replace("narrative:\n", f"narrative:\n  change_reasons:\n{reasons}")
    source = _write(tmp_path, text)
    try:
        findings = check_input(source).errors
    except InputError as error:  # a field the schema does not know is refused before any rule
        findings = error.findings
    (finding,) = findings
    assert message in finding.message
    (location,) = finding.locations
    assert (location.path, location.line) == (path, _line_of(text, reasons.splitlines()[-1].strip()))
