"""The 绩效目标申报表 as document tables: grids, merged cells from the indicator tree, computed amounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from gen.compose.document import Table
from gen.pipeline import Checked, check_input
from gen.render import RenderJob

MINIMAL = Path(__file__).parent.parent / "data" / "minimal.yaml"


def _forms(checked: Checked, section: str) -> list[list[Table]]:
    """Each form of a section as its list of grids."""
    tables = [t for t in RenderJob(checked.computed, "wuhan").document.tables() if t.id == section]
    forms: list[list[Table]] = []
    for table in tables:
        if table.continues:
            forms[-1].append(table)
        else:
            forms.append([table])
    return forms


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.header] + [[c.text for c in r.cells] for r in table.rows]


def _grid(form: list[Table], caption: str) -> Table:
    return next(g for g in form if g.header and g.header[0][0].text.startswith(caption))


@pytest.fixture(scope="module")
def overall(jianghan: Checked) -> list[list[Table]]:
    return _forms(jianghan, "t_overall_performance")


@pytest.fixture(scope="module")
def projects(jianghan: Checked) -> list[list[Table]]:
    return _forms(jianghan, "t_project_performance")


def test_one_form_per_department_unit_and_project(
    overall: list[list[Table]], projects: list[list[Table]]
) -> None:
    assert [f[0].label for f in overall] == [
        "江汉区公安分局",
        "武汉市公安局江汉区分局本级",
        "武汉市江汉区交通大队",
    ]
    assert len(projects) == 6
    assert all(g.continues for form in overall + projects for g in form[1:])
    assert overall[0][0].subtitle == "填报日期：2022年11月19日"
    assert projects[0][0].subtitle == "单位名称：武汉市公安局江汉区分局本级"


def test_funding_composition_rows_are_computed(overall: list[list[Table]]) -> None:
    personnel = next(r for r in _texts(overall[0][0]) if "人员类项目支出" in r)
    assert personnel[-4:] == ["52,586.58", "59.05%", "48,102.46", "56,223.53"]
    traffic = [r for r in _texts(overall[2][0]) if "基本支出" in r]
    assert traffic == [["支出构成", "基本支出", "10,392.00", "66.31%", ""]]


def test_project_list_adds_up(overall: list[list[Table]]) -> None:
    listing = _grid(overall[1], "项目支出情况")
    assert len(listing.rows) == 15 + 1
    assert [c.text for c in listing.rows[-1].cells][:4] == ["合计", "", "72,157.50", "23,846.85"]


def test_indicator_tree_merges_cells_and_adds_year_columns(overall: list[list[Table]]) -> None:
    annual = _grid(overall[1], "年度目标1：")
    assert [c.text for c in annual.header[2]] == ["2021年", "2022年", "预期当年实现值"]
    first = annual.rows[0].cells
    assert (first[0].text, first[0].rowspan, first[1].text, first[1].rowspan) == (
        "产出指标",
        4,
        "质量指标",
        4,
    )
    # Values print as parsed: "<39876起" keeps its operator; history is per year.
    row = next(r for r in annual.rows if any(c.text == "违法犯罪警情" for c in r.cells))
    assert [c.text for c in row.cells if c.text.endswith("起")] == ["<40728起", "<39025起", "<39876起"]
    # Every row of the table is covered exactly once by the merged cells of its tree.
    assert sum(
        c.rowspan for r in annual.rows for c in r.cells if c.text in {"产出指标", "效益指标", "满意度指标"}
    ) == len(annual.rows)


def test_project_form_sources_details_and_boxes(projects: list[list[Table]]) -> None:
    head = _texts(projects[0][0])
    assert ["项目类别", "■运转类\u3000□特定目标类本级支出\u3000□特定目标类上级转移支出"] in head
    assert ["项目安排频度", "□一次性项目\u3000■常年项目\u3000□延续性项目"] in head
    assert ["项目总预算", "1,532.52", "项目当年预算", "1,532.52"] in head
    sources = _texts(_grid(projects[0], "2023年预算申报项目资金来源"))
    assert sources[2:4] == [["当年预算合计", "1,532.52"], ["1. 财政拨款收入（区级安排数）", "1,532.52"]]
    details = _texts(_grid(projects[0], "2023年项目支出明细及依据"))
    assert details[-1] == ["合计", "", "1,532.52", "", ""]
    smart = _texts(projects[2][0])
    assert ["项目总预算", "1,498.56", "项目当年预算", "139.94"] in smart


def test_weights_and_prior_values_when_the_input_has_them() -> None:
    form = _forms(check_input(MINIMAL), "t_overall_performance")[0]
    grid = _grid(form, "年度目标1：")
    assert [c.text for c in grid.header[1]][-3:] == ["指标值确定依据", "权重", "核心指标"]
    assert [c.text for c in grid.header[2]] == ["2022年", "预期当年实现值"]
    assert [[c.text for c in r.cells][-2:] for r in grid.rows] == [["40", "是"], ["30", ""], ["30", ""]]
    assert [c.text for c in grid.rows[0].cells][3:5] == ["3个", "≥3个"]
