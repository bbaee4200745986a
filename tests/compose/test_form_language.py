"""Forms as data: the form kinds of profile.yaml, both shipped layouts, what the input holds for them,
the PERF rules that follow the declared form, and a profile's form mistakes found when it loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from gen.compose import compose, load_profile
from gen.compose.cells import TableContext
from gen.compose.document import Table
from gen.compose.formfields import FORM_FIELDS
from gen.compose.forms import _overall_scope, _project_scope
from gen.errors import InputError
from gen.findings import Finding
from gen.pipeline import Checked, check_input
from tests.conftest import ROOT
from tests.profiles import write_profile

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")
EXAMPLE = ROOT / "docs" / "example" / "forms"

# The project form's 年度 indicators with 指标性质, 计量单位 and 指标值 typed apart, 是否核心指标 both
# ways, 项目概述 and 项目分类, and 预算执行率 weighing 10 beside them.
ANNUAL = """      annual_indicators:
        - {level1: 产出指标, level2: 时效指标, level3: 故障响应时间, value: "≤24小时"}
        - {level1: 效益指标, level2: 社会效益指标, level3: 服务质量, value: 逐步提高}
"""
APART = """      classification: 一般性项目
      summary: 保障信息系统正常运行。
      execution_weight: 10
      annual_indicators:
        - level1: 产出指标
          level2: 时效指标
          level3: 故障响应时间
          nature: "≤"
          value: 24
          unit: 小时
          weight: 50
          core: true
        - {level1: 效益指标, level2: 社会效益指标, level3: 服务质量, nature: 定性, value: 逐步提高,
           weight: 40, core: false}
"""
# The same without 预算执行率 apart: the indicators weigh 100 alone.
TOGETHER = APART.replace("      execution_weight: 10\n", "").replace("weight: 50", "weight: 60")
# 上年结转 for the unit the 整体 form is for, spent on its project.
CARRIED = (
    ("expenditure:\n", 'carryover:\n  - {unit: "901001", fund: 一般公共预算, amount: 5.00}\nexpenditure:\n'),
    ('    - code: "2010102"\n      project: 60.00', '    - code: "2010102"\n      project: 65.00'),
    ("      public: 20.00\n      project: 40.00", "      public: 20.00\n      project: 45.00"),
    ("    general: 40.00\n", "    general: 40.00\n    carry_general: 5.00\n"),
    ("local_amount: 40.00}", "local_amount: 40.00, other_amount: 5.00}"),
)


def _input(tmp_path: Path, *replacements: tuple[str, str], name: str = "input.yaml") -> Path:
    text = TEXT
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_forms(tmp_path: Path, extends: str = "national", forms: str = "", name: str = "withforms") -> Path:
    """A profile printing both forms after the parent's tables, with `forms` as its form_kinds."""
    yaml = f"""name: {name}
extends: {extends}
{forms}
parts:
  - ...
  - id: tables
    sections:
      - ...
      - {{id: t_overall_performance, title: 整体绩效目标表, table: overall_performance}}
      - {{id: t_project_performance, title: 项目支出绩效目标表, table: project_performance}}
"""
    return write_profile(tmp_path, name, yaml)


def _forms(checked: Checked, profile: Path | str, section: str) -> list[Table]:
    document = compose(checked.computed, load_profile(str(profile)))
    return [t for t in document.tables() if t.id == section]


def _rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.header] + [[c.text for c in r.cells] for r in table.rows]


def _texts(tables: list[Table]) -> list[list[str]]:
    return [row for table in tables for row in _rows(table)]


def _checked(path: Path, profile: Path | str | None = None) -> Checked:
    checked = check_input(path, profile=str(profile) if profile else None)
    assert not checked.errors, [f.message for f in checked.errors]
    return checked


# ------------------------------------------------------------------ the fields a form can print


def test_the_fields_the_forms_fill_are_the_fields_the_reference_lists(jianghan: Checked) -> None:
    profile = load_profile("wuhan")
    section = next(s for s in profile.spec.parts[-1].sections if s.table == "project_performance")
    ctx = TableContext(jianghan.computed, profile.spec, section, "")
    [department, *_] = jianghan.computed.funding
    overall = _overall_scope(ctx, department)
    assert set(overall) - {"funding"} == set(FORM_FIELDS["overall_forms"])
    assert set(overall["projects"][0]) == set(FORM_FIELDS["overall_forms"]["projects"].items)
    project = _project_scope(ctx, jianghan.computed.project_funding[0])
    assert set(project) == set(FORM_FIELDS["project_forms"])
    assert set(project["details"][0]) == set(FORM_FIELDS["project_forms"]["details"].items)


# ------------------------------------------------------------------ national: a column per field


def test_national_prints_nature_unit_and_value_apart_and_the_fixed_weight(tmp_path: Path) -> None:
    checked = _checked(_input(tmp_path, (ANNUAL, APART)), _with_forms(tmp_path))
    [project] = [_texts(_forms(checked, tmp_path / "withforms", "t_project_performance"))]
    assert [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "计量单位",
        "指标值",
        "权重",
        "是否核心指标",
    ] in project
    assert ["产出指标", "时效指标", "故障响应时间", "≤", "小时", "24", "50", "是"] in project
    assert ["效益指标", "社会效益指标", "服务质量", "定性", "", "逐步提高", "40", "否"] in project
    assert ["预算执行率", "10", ""] in project
    assert ["项目分类", "一般性项目"] in project and ["项目概述", "保障信息系统正常运行。"] in project
    assert ["其中", "一般公共预算拨款", "40.00"] in project  # 资金来源 by source, computed


def test_a_combined_value_is_split_into_its_columns(tmp_path: Path) -> None:
    checked = _checked(_input(tmp_path), _with_forms(tmp_path))
    overall = _texts(_forms(checked, tmp_path / "withforms", "t_overall_performance"))
    # "≥3个" as typed: 指标性质 ≥, 计量单位 个, 指标值 3.
    assert ["产出指标", "数量指标", "运维系统数", "≥", "个", "3", "40", "是"] in overall
    assert ["质量指标", "系统正常运行率", "≥", "%", "98", "30", ""] in overall


def test_no_row_or_column_the_input_does_not_fill_or_the_profile_does_not_declare(tmp_path: Path) -> None:
    checked = _checked(_input(tmp_path), _with_forms(tmp_path))
    project = _texts(_forms(checked, tmp_path / "withforms", "t_project_performance"))
    words = {text for row in project for text in row}
    # Nothing typed for these: no row, no ticked-nothing boxes, no 无 asset plan, no 确定依据 column.
    for absent in (
        "项目负责人",
        "联系电话",
        "项目类别",
        "项目分类",
        "项目概述",
        "资产",
        "无",
        "指标值确定依据",
    ):
        assert absent not in words, absent
    # A form kind of a single row prints that row alone.
    one_row = """form_kinds:
  project_performance:
    grids:
      - {id: head, widths: [2, 6], rows: [{cells: [{label: 项目}, {field: name}]}]}
"""
    folder = _with_forms(tmp_path, forms=one_row, name="onerow")
    [form] = _forms(_checked(tmp_path / "input.yaml", folder), folder, "t_project_performance")
    assert _rows(form) == [["项目", "信息系统运维项目"]]


# ------------------------------------------------------------------ wuhan: the Hubei 申报表


def test_wuhan_prints_a_value_typed_apart_as_one(tmp_path: Path) -> None:
    checked = _checked(_input(tmp_path, (ANNUAL, TOGETHER)), "wuhan")
    project = _texts(_forms(checked, "wuhan", "t_project_performance"))
    assert ["产出指标", "时效指标", "故障响应时间", "≤24小时", "", "60", "是"] in project
    assert ["效益指标", "社会效益指标", "服务质量", "逐步提高", "", "40", ""] in project
    assert not any("预算执行率" in row for row in project)


def test_a_value_contradicting_its_nature_or_unit_is_reported(tmp_path: Path) -> None:
    wrong = APART.replace('nature: "≤"\n          value: 24', 'nature: "≥"\n          value: "≤24小时"')
    findings = check_input(_input(tmp_path, (ANNUAL, wrong))).findings
    [finding] = [f for f in findings if f.rule == "PERF-001"]
    assert "指标性质为≥" in finding.message
    assert finding.locations[0].path == "performance.project_forms[1].annual_indicators[1].value"


# ------------------------------------------------------------------ the rules follow the declared form


@pytest.mark.parametrize(
    ("indicators", "profile", "fires", "said"),
    [
        (APART, "national-forms", False, ""),  # 50 + 40 + 预算执行率 10
        (APART, "wuhan", True, "不单列预算执行率"),  # wuhan does not print it: 90
        (TOGETHER, "wuhan", False, ""),  # 60 + 40
        (TOGETHER.replace("weight: 60", "weight: 50"), "national-forms", True, ""),  # 90, none apart
        (
            APART.replace("execution_weight: 10", "execution_weight: 5"),
            "national-forms",
            True,
            "含预算执行率 5",
        ),
    ],
)
def test_weights_count_the_fixed_weight_when_the_form_prints_it(
    tmp_path: Path, indicators: str, profile: str, fires: bool, said: str
) -> None:
    chosen = _with_forms(tmp_path) if profile == "national-forms" else profile
    findings = check_input(_input(tmp_path, (ANNUAL, indicators)), profile=str(chosen)).findings
    found = [f for f in findings if f.rule == "PERF-003"]
    assert bool(found) is fires, [f.message for f in found]
    if said:
        assert said in found[0].message + (found[0].hint or "")


def test_a_form_whose_income_omits_the_carryover_it_spends_is_refused(tmp_path: Path) -> None:
    no_carryover = """form_kinds:
  overall_performance:
    grids:
      - id: head
        rows:
          - {role: label, cells: [{label: 部门（单位）名称}, {field: name, span: rest}]}
          - funding: {income: [appropriation, special_account, unit_funds], optional: []}
"""
    path = _input(tmp_path, *CARRIED)
    omitting = _with_forms(tmp_path, extends="wuhan", forms=no_carryover, name="omitting")
    findings = check_input(path, profile=str(omitting)).findings
    [finding] = [f for f in findings if f.rule == "PERF-008"]
    assert "收入构成没有列上年结转 5.00" in finding.message
    assert finding.locations[0].path == "performance.overall_forms[1]"
    # wuhan lists 上年结转 when there is one: its form adds up.
    assert not [f for f in check_input(path, profile="wuhan").findings if f.rule == "PERF-008"]
    income = _texts(_forms(_checked(path, "wuhan"), "wuhan", "t_overall_performance"))
    assert any(row[:2] == ["上年结转", "5.00"] for row in income)


# ------------------------------------------------------------------ a profile's form mistakes


GOOD_ROW = "{cells: [{label: 项目}, {field: name}]}"


@pytest.mark.parametrize(
    ("row", "said", "path"),
    [
        ("{cells: [{label: 项目}, {field: nam}]}", "没有字段“nam”", "rows[1].cells[2].field"),
        (
            "{cells: [{label: 项目}, {field: name, format: money}]}",
            "不能用 money 写法",
            "rows[1].cells[2].format",
        ),
        ("{cells: [{label: 项目}, {field: name}, {text: x}]}", "这一行占 3 列，分表有 2 列", "rows[1]"),
        (
            "{cells: [{label: 项目}, {field: kind, format: boxes}]}",
            "要写 options",
            "rows[1].cells[2].options",
        ),
        (
            "{cells: [{label: 项目}, {field: kind, options: nowhere}]}",
            "labels 中没有“nowhere”",
            "rows[1].cells[2].options",
        ),
        ("{lead: {label: x}, cells: [{label: 项目}, {field: name}]}", "lead 只用于", "rows[1].lead"),
        ("{cells: [{label: '{name.__class__}'}, {field: name}]}", "不是字段名", "rows[1].cells[1].label"),
        (
            "{each: basis, cells: [{label: 项目}, {field: name}]}",
            "不是可以逐项展开的列表字段",
            "rows[1].each",
        ),
        ("{when: nobody, cells: [{label: 项目}, {field: name}]}", "没有字段“nobody”", "rows[1].when"),
        ("{funding: {}}", "只用于整体绩效目标申报表", "rows[1].funding"),
    ],
)
def test_a_form_mistake_is_reported_at_its_line(tmp_path: Path, row: str, said: str, path: str) -> None:
    yaml = f"""name: broken
extends: national
form_kinds:
  project_performance:
    grids:
      - id: head
        widths: [2, 6]
        rows:
          - {row}
"""
    folder = write_profile(tmp_path, "broken", yaml)
    with pytest.raises(InputError) as refused:
        load_profile(str(folder))
    found: list[Finding] = [f for f in refused.value.findings if said in f.message]
    assert found, [f.message for f in refused.value.findings]
    [location] = found[0].locations
    assert found[0].rule == "PRF-005"
    assert location.path == f"form_kinds.project_performance.grids[1].{path}"  # counted from 1
    assert (location.file, location.line) == ("broken/profile.yaml", 9)


def test_a_form_kind_overridden_in_part_keeps_its_parents_settings(tmp_path: Path) -> None:
    """A district changes one grid by id; the kind's other settings and grids are the parent's."""
    profile = load_profile(str(EXAMPLE))
    kind = profile.spec.form_kinds["project_performance"]
    assert kind.each == "project_forms" and kind.subtitle == "（{year}年度）"
    assert [g.id for g in kind.grids] == ["head", "annual_indicators", "long_term_indicators"]
    annual = kind.grids[1]
    assert annual.caption == "年度绩效指标（{name}）" and annual.indicators is not None
    assert annual.indicators.fixed == "预算执行率"
