"""Both form layouts built in every format and read back row by row: the Hubei form of `wuhan`, and
the guide's worked example, a column per field (指标性质 / 指标值 / 度量单位 / 权重 / 是否核心指标)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import html
from openpyxl import load_workbook

from gen.cli import cli
from tests.compose.test_form_language import ANNUAL, APART, TOGETHER, _input
from tests.conftest import ROOT

EXAMPLE = ROOT / "docs" / "example" / "forms"
FORMATS = ("html", "pdf", "docx", "xlsx")

# Each layout: its profile, the input's 年度 indicators, and rows that must read back, their empty
# cells left out (a PDF's text has none).
LAYOUTS = {
    "example": (
        str(EXAMPLE),
        APART,
        [
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "是否核心指标"],
            ["故障响应时间", "≤", "24", "小时", "50", "是"],
            ["服务质量", "定性", "逐步提高", "40", "否"],
            ["预算执行率", "10"],
            ["运维系统数", "≥", "3", "个", "40", "是"],
            ["项目分类", "一般性项目"],
        ],
    ),
    "wuhan": (
        "wuhan",
        TOGETHER,
        [
            ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "权重", "核心指标"],
            ["故障响应时间", "≤24小时", "60", "是"],
            ["服务质量", "逐步提高", "40"],
            ["运维系统数", "3个", "≥3个", "40", "是"],
        ],
    ),
}


def _html_rows(path: Path) -> list[list[str]]:
    tree = html.fromstring(path.read_bytes())
    return [[cell.text_content().strip() for cell in tr.xpath("./th|./td")] for tr in tree.iter("tr")]


def _docx_rows(path: Path) -> list[list[str]]:
    rows = []
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            # A merged cell repeats for each column it spans: one of each. A heading is set on lines
            # of whole words (一级|指标), a paragraph each: its words read on as one text.
            cells = []
            for cell in row.cells:
                if not cells or cell._tc is not cells[-1][0]:
                    cells.append((cell._tc, "".join(p.text for p in cell.paragraphs).strip()))
            rows.append([text for _, text in cells])
    return rows


def _xlsx_rows(path: Path) -> list[list[str]]:
    book = load_workbook(path)
    return [
        [_number(cell.value) for cell in row if cell.value is not None]
        for sheet in book.worksheets
        for row in sheet.iter_rows()
    ]


def _number(value: object) -> str:
    """A stored figure as the page prints it: 50, 40.00 → "40.00" stays as the test writes it."""
    text = str(value)
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def _pdf_rows(path: Path) -> list[list[str]]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [line.split() for line in text.splitlines()]


READERS = {"html": _html_rows, "docx": _docx_rows, "xlsx": _xlsx_rows, "pdf": _pdf_rows}


@pytest.fixture(scope="module", params=list(LAYOUTS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    layout = request.param
    profile, indicators, _ = LAYOUTS[layout]
    folder = tmp_path_factory.mktemp(layout)
    source = _input(folder, (ANNUAL, indicators))
    out = folder / "out"
    args = ["build", str(source), "--profile", profile, "--out", str(out), "--format", ",".join(FORMATS)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return layout, out


def _contains(row: list[str], expected: list[str]) -> bool:
    cells = [c for c in row if c]
    return any(cells[i : i + len(expected)] == expected for i in range(len(cells) - len(expected) + 1))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_indicator_cell_reads_back_as_typed(built: tuple[str, Path], fmt: str) -> None:
    layout, out = built
    rows = READERS[fmt](out / f"input.{fmt}")
    # A narrow heading (是否核心指标) wraps in a PDF's column: its text lines are no longer one row.
    expected_rows = LAYOUTS[layout][2][1:] if fmt == "pdf" else LAYOUTS[layout][2]
    for expected in expected_rows:
        assert any(_contains(row, expected) for row in rows), (layout, fmt, expected)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_hubei_only_rows_are_not_in_the_column_layout(built: tuple[str, Path], fmt: str) -> None:
    layout, out = built
    words = {cell for row in READERS[fmt](out / f"input.{fmt}") for cell in row}
    hubei = {"项目安排频度", "项目资产配置计划及采购计划", "当年预算合计"}
    assert (words & hubei == set()) is (layout == "example"), words & hubei
