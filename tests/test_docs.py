"""The profile guide tells the truth: its column table matches the code, and its worked example builds."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from gen.cli import FIELDS_NOTE, cli
from gen.compose import compose, context_reference, load_profile, table_reference, template_context
from gen.compose.document import Paragraph
from gen.compose.templating import filters
from gen.inputs import reference as input_reference
from gen.inputs.layout import layout
from gen.inputs.workbook import GUIDE as GUIDE_LINES
from gen.pipeline import Checked
from tests.conftest import JIANGHAN_2023, ROOT
from tests.profiles import write_profile

GUIDE = ROOT / "docs" / "模板指南.md"
TABLE_REFERENCE = ROOT / "docs" / "表格参考.md"
CONTEXT_REFERENCE = ROOT / "docs" / "模板变量参考.md"
INPUT_REFERENCE = ROOT / "docs" / "输入参考.md"
EXAMPLE = ROOT / "docs" / "example" / "shili"


def _declared_examples() -> list[str]:
    """The YAML examples of the guide's 自己声明表格 section."""
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide[guide.index("### 5.1 自己声明表格") : guide.index("### 5.2 ")]
    return re.findall(r"```yaml\n(.*?)```", section, flags=re.S)


def test_the_table_reference_is_generated_from_the_code() -> None:
    assert TABLE_REFERENCE.read_text(encoding="utf-8") == table_reference.text(), (
        "docs/表格参考.md is out of date: run python -m gen.compose.table_reference"
    )
    assert "(表格参考.md)" in GUIDE.read_text(encoding="utf-8")


def test_the_template_variable_reference_is_generated_from_the_code(jianghan: Checked) -> None:
    assert CONTEXT_REFERENCE.read_text(encoding="utf-8") == context_reference.text(), (
        "docs/模板变量参考.md is out of date: run python -m gen.compose.context_reference"
    )
    profile = load_profile("wuhan")
    assert set(template_context(jianghan.computed, profile)) == set(context_reference.VARIABLES)
    for view, (_, fields) in context_reference.ATTRIBUTES.items():
        assert context_reference.attributes(view) == set(fields), view.__name__
    assert set(filters(profile)) == set(context_reference.FILTERS)
    guide = GUIDE.read_text(encoding="utf-8")
    assert "(模板变量参考.md)" in guide


def test_the_input_reference_is_generated_from_the_model_and_pointed_to() -> None:
    assert INPUT_REFERENCE.read_text(encoding="utf-8") == input_reference.text(), (
        "docs/输入参考.md is out of date: run python -m gen.inputs.reference"
    )
    rows = input_reference.fields()
    documented = {row.shown for row in rows}
    # Every field of the model is there, with a title, a type and an example (or is a container).
    for column in layout().fields:
        assert ".".join(str(p) for p in column.path) in documented
    for row in rows:
        assert row.title and row.kind, row.shown
        container = row.kind.startswith(("（下列各项）", "表格", "列表", "对照表"))
        assert container or row.example, f"{row.shown} has no example"
        assert container or row.sheet, f"{row.shown} has no place in the workbook"
    assert "docs/输入参考.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert any("docs/输入参考.md" in line for line in GUIDE_LINES)
    assert "docs/输入参考.md" in FIELDS_NOTE


def _shape_examples() -> list[str]:
    """The YAML examples of the guide's sections on the document's shape and the narrative's figures."""
    guide = GUIDE.read_text(encoding="utf-8")
    shape = guide[guide.index("### 3. 封面、标题、目录") : guide.index("### 4. 表格的默认写法")]
    figures = guide[guide.index("### 1. 正文金额的单位和位数") : guide.index("### 2. 沙箱")]
    return re.findall(r"```yaml\n(.*?)```", shape + figures, flags=re.S)


@pytest.mark.parametrize("example", _shape_examples(), ids=lambda e: e.split(":", 1)[0])
def test_every_shape_the_guide_shows_composes(tmp_path: Path, jianghan: Checked, example: str) -> None:
    folder = write_profile(tmp_path, "guide", f"name: guide\nextends: national\n{example}")
    document = compose(jianghan.computed, load_profile(str(folder)))
    sections = [s for part in document.parts for top in part.sections for s in top.walk()]
    if "heading: false" in example:
        assert not document.parts[0].show_heading and document.parts[1].number == "第一部分"
    if "run_in: true" in example:
        assert any(s.run_in for s in sections)
    if "toc_text" in example:
        assert any(s.entry != s.heading for s in sections) or any(
            p.entry != p.heading for p in document.parts
        )
    if "each: project_forms" in example:
        assert len(document.parts[0].sections) == 6 and all(
            len(s.children) == 6 for s in document.parts[0].sections
        )
    if "toc_depth: 2" in example:
        assert document.show_toc and document.title_page.show
    if "thousands: false" in example:
        spending = next(s for s in sections if s.id == "spending")
        assert "基本支出59925万元" in "".join(b.text for b in spending.blocks if isinstance(b, Paragraph))


def _kinds(example: str) -> list[str]:
    return re.findall(r"^  (\w+):\n", example.split("table_kinds:\n", 1)[1], flags=re.M)


@pytest.mark.parametrize("example", _declared_examples(), ids=lambda e: _kinds(e)[0])
def test_every_table_the_guide_declares_prints(tmp_path: Path, jianghan: Checked, example: str) -> None:
    kinds = _kinds(example)
    sections = "".join(f"      - {{id: t{i}, title: 表{i}, table: {kind}}}\n" for i, kind in enumerate(kinds))
    parts = f"parts:\n  - id: t\n    title: 表\n    sections:\n{sections}"
    folder = write_profile(tmp_path, "guide", f"name: guide\nextends: national\n{example}{parts}")
    tables = compose(jianghan.computed, load_profile(str(folder))).tables()
    assert len(tables) == len(kinds) and all(t.rows for t in tables)


def test_the_guides_form_example_prints(tmp_path: Path, jianghan: Checked) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide[guide.index("### 5.2 绩效目标申报表") : guide.index("### 6. ")]
    [example] = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    folder = write_profile(tmp_path, "forms-example", example)
    document = compose(jianghan.computed, load_profile(str(folder)))
    forms = [t for t in document.tables() if t.id == "t_project_performance"]
    assert len([t for t in forms if not t.continues]) == 6  # one per project form
    captions = [t.header[0][0].text for t in forms if t.header]
    assert "年度绩效指标（信息化运维及警用装备购置项目）" in captions
    headings = {c.text for t in forms for row in t.header for c in row}
    assert {"指标性质", "度量单位", "指标值确定依据"} <= headings and "计量单位" not in headings


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("example")
    args = [
        "build",
        str(JIANGHAN_2023),
        "--profile",
        str(EXAMPLE),
        "--out",
        str(out),
        "--format",
        "html,pdf,docx",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "排版提示" not in result.output and "本机没有字体" not in result.output
    return {path.suffix[1:]: path for path in out.iterdir()}


def test_the_worked_example_differs_from_wuhan_as_the_guide_says(jianghan: Checked) -> None:
    document = compose(jianghan.computed, load_profile(str(EXAMPLE)))
    assert [p.heading for p in document.parts] == [
        "一、部门概况",
        "二、部门预算公开表",
        "三、部门预算情况说明",
        "四、项目支出情况说明",
        "五、名词解释",
    ]
    tables = document.parts[1].sections
    assert [s.heading for s in tables][:2] == ["表1 部门收支总表", "表2 部门收入总表"]
    assert len(tables) == 10 and tables[-1].heading == "表10 政府采购预算表"
    by_id = {t.id: t for t in document.tables()}
    assert by_id["t_summary"].unit_label == "单位：元" and by_id["t_projects"].unit_label == "单位：万元"
    assert by_id["t_summary"].rows[-1].cells[1].text == "890,525,500.00"
    assert [c.text for c in by_id["t_general"].header[-1][:3]] == ["类", "款", "项"]
    assert [c.text for c in by_id["t_expenditure"].header[0]][-2:] == ["基本支出", "项目支出"]
    assert (
        by_id["t_gov_fund"].empty_note
        == "江汉区公安分局2023年没有使用政府性基金预算拨款安排的支出，故本表为空表。"
    )
    assert "国有资本经营预算支出表" not in " ".join(by_id[t].title for t in by_id)
    # Tables in 元, text in 万元 (converted in Python), headings run into their text.
    explanation = document.parts[2].sections
    overall = explanation[0].blocks[0]
    assert isinstance(overall, Paragraph) and overall.lead == "（一）收支预算总体情况"
    spending = explanation[2].blocks[0]
    assert isinstance(spending, Paragraph) and "基本支出59,925.21万元，占67.29%" in spending.text
    assert next(s for s in explanation if s.id == "gov_fund").entry == "（八）政府性基金"
    # One section per project with a 绩效目标申报表, each on a page of its own but the first.
    projects = document.parts[3].sections
    assert len(projects) == 6 and [s.new_page for s in projects] == [False, *[True] * 5]
    assert [c.title for c in projects[0].children] == [
        "项目概述",
        "立项依据",
        "实施主体",
        "实施周期",
        "年度预算安排",
        "绩效目标",
    ]
    assert document.toc_depth == 1 and all(
        not e.children for top in document.contents[3:4] for e in top.children
    )


def test_the_worked_example_builds_in_every_format(example: dict[str, Path]) -> None:
    assert set(example) == {"html", "pdf", "docx"}
    word = docx.Document(str(example["docx"]))
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Table Heading"]
    assert headings[0] == "表1 部门收支总表" and len(headings) == 10
    assert "890,525,500.00" in {c.text for t in word.tables for row in t.rows for c in row.cells}


def test_the_guides_input_example_is_accepted_and_printed(tmp_path: Path) -> None:
    """The input fields the guide shows exist where it puts them, and national prints what it says."""
    from ruamel.yaml import YAML

    from gen.pipeline import check_input

    guide = GUIDE.read_text(encoding="utf-8")
    section = guide[guide.index("### 3. 说明文字用到的输入字段") : guide.index("## 五、样式")]
    [example] = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    yaml = YAML(typ="safe")
    shown = yaml.load(example)
    data = yaml.load(JIANGHAN_2023.read_text(encoding="utf-8"))
    for key in ("meta", "overview", "three_public", "narrative"):
        data[key].update(shown[key])
    [project] = shown["projects"]
    next(p for p in data["projects"] if p["code"] == project["code"]).update(project)
    (tmp_path / "jianghan-2022.yaml").write_text(
        (JIANGHAN_2023.parent / "jianghan-2022.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    source = tmp_path / "jianghan-2023.yaml"
    with source.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    checked = check_input(source)
    assert not checked.errors
    text = "\n".join(
        b.text
        for part in compose(checked.computed, load_profile("national")).parts
        for blocks in [part.blocks, *(s.blocks for top in part.sections for s in top.walk())]
        for b in blocks
        if isinstance(b, Paragraph)
    )
    for printed in (
        "联系人：王敏，联系方式：027-85394642",
        "本局是区政府主管全区公安工作的职能部门，主要职能是：",
        "计划购置执法执勤用车2辆",
        "主要用于保障机构正常运转和在职人员工资福利",
        "主要用于完成执法办案、信息化运维等特定工作任务",
    ):
        assert printed in text
    reasons = checked.computed.budget.narrative.change_reasons
    assert reasons.summary.procurement == "采购需求减少" and reasons.function == {"204": "人员减少"}
