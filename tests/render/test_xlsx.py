"""The XLSX disclosure read back (golden update: pytest tests/render/test_xlsx.py --update-golden)."""

from __future__ import annotations

import io
import itertools
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from gen.cli import cli
from gen.compose.document import Document, Orientation, Table
from gen.pipeline import Checked, check_input
from gen.render import RenderJob, renderers
from gen.render.workbook import sheet_name
from gen.render.xlsx import render_xlsx
from tests.conftest import JIANGHAN_2023, ROOT
from tests.reference import NUMERIC_TABLES, amounts
from tests.workbooks import dump

GOLDEN = Path(__file__).parent / "golden" / "xlsx-jianghan.txt"
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
HEADER_TOP = 3  # the title, then the unit line, then the header rows


class Built:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.data = render_xlsx(document)
        self.book: Workbook = load_workbook(io.BytesIO(self.data))

    def tables(self) -> list[tuple[Table, Worksheet]]:
        """Each table that opens a sheet, with its sheet (the sheets after 目录, in order)."""
        opening = [t for t in self.document.tables() if not t.continues]
        return list(zip(opening, self.book.worksheets[1:], strict=True))

    def sheet(self, title: str) -> Worksheet:
        return next(sheet for table, sheet in self.tables() if table.title == title)


@pytest.fixture(scope="module")
def built(jianghan: Checked) -> Built:
    return Built(RenderJob(jianghan.computed, "wuhan").document)


def _single(built: Built) -> list[tuple[Table, Worksheet]]:
    """The tables that have a sheet to themselves (every table but the performance forms)."""
    forms = {t.id for t in built.document.tables() if t.continues}
    return [(t, s) for t, s in built.tables() if t.id not in forms]


def test_one_sheet_per_table_after_the_contents(built: Built) -> None:
    names = built.book.sheetnames
    assert names[0] == "目录"
    assert len(built.tables()) == 21  # 12 tables, 3 整体绩效 and 6 项目绩效 forms
    for table, sheet in built.tables():
        assert sheet.title == (table.label or table.title)
        assert sheet["A1"].value == table.title
    contents = built.book["目录"]
    assert contents.max_column == 1  # no second column repeating the sheet names without a heading
    links = [contents.cell(row, 1).hyperlink for row in range(2, len(names) + 1)]
    assert [link.location if link else None for link in links] == [f"'{name}'!A1" for name in names[1:]]


def test_the_contents_column_holds_its_lines_within_the_page(built: Built) -> None:
    """As wide as its longest line and no wider (a character or two of room): LibreOffice does not
    shrink a wider one (90 digits) to the page, and printed it centred, cutting the lines' first
    characters off at the paper's edge."""
    from gen.render.xlsx import PAGE_UNITS, _units

    contents = built.book["目录"]
    lines = [str(contents.cell(row, 1).value) for row in range(2, contents.max_row + 1)]
    width = contents.column_dimensions["A"].width
    longest = max(_units(line) for line in lines)
    assert longest <= width <= longest + 4 <= PAGE_UNITS[Orientation.PORTRAIT]


def test_the_summary_total_is_a_number_with_two_places(built: Built) -> None:
    sheet = built.sheet("2023年收支预算总表")
    rows = [[c for c in row if c.value is not None] for row in sheet.iter_rows()]
    total = next(row for row in rows if row and row[0].value == "收入总计")
    figure = total[1]
    assert figure.data_type == "n" and figure.value == pytest.approx(89052.55)
    assert figure.number_format.startswith("#,##0.00")
    assert figure.alignment.horizontal == "right" and figure.font.bold


@pytest.mark.parametrize("title", NUMERIC_TABLES)
def test_every_reference_amount_is_a_number_in_its_sheet(built: Built, title: str) -> None:
    sheet = built.sheet(title.replace("(", "（").replace(")", "）"))
    shown = Counter(
        f"{cell.value:,.2f}"
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "n" and cell.value is not None and cell.number_format.startswith("#,##0.00")
    )
    missing = Counter(amounts(title)) - shown
    assert not missing, dict(missing)


def test_what_the_document_leaves_blank_is_empty(built: Built) -> None:
    """A zero the document leaves blank is an empty cell, not a 0 hidden by its format: copied or
    summed elsewhere it is nothing, as in the document."""
    sheet = built.sheet("2023年收支预算总表")
    assert sheet["A6"].value == "二、政府性基金预算拨款收入" and sheet["B6"].value is None
    for table, sheet in _single(built):
        numbers = [c for row in sheet.iter_rows() for c in row if c.data_type == "n" and c.value is not None]
        hidden = [c.coordinate for c in numbers if c.number_format.endswith(";")]
        assert not hidden, (table.title, hidden)
        blank = sum(1 for row in table.rows for c in row.cells if not c.text)
        empty = sum(1 for row in sheet.iter_rows(min_row=HEADER_TOP + len(table.header)) for c in row)
        assert blank <= empty, table.title


def test_a_zero_that_is_a_value_stays_a_number(jianghan: Checked) -> None:
    from gen.compose.cells import TableContext
    from gen.compose.profile import SectionSpec

    job = RenderJob(jianghan.computed, "wuhan")
    ctx = TableContext(jianghan.computed, job.profile.spec, SectionSpec(id="t", title="t"), "t")
    assert ctx.money(Decimal(0)).value is None and ctx.money(Decimal(0)).text == ""
    price = ctx.price(Decimal(0))
    assert price.text == "0.00" and price.value == 0 and price.number_format == "#,##0.00"


def test_percentages_are_fractions_shown_as_printed(built: Built) -> None:
    sheet = built.book.worksheets[13]  # the first 整体绩效 form
    shares = [c for row in sheet.iter_rows() for c in row if c.data_type == "n" and "%" in c.number_format]
    assert shares and shares[0].value == 1 and shares[0].number_format == "0.00%"


def _expected_merges(table: Table) -> set[str]:
    """The merged ranges the header's colspan and rowspan call for, on a sheet of its own."""
    from openpyxl.utils import get_column_letter

    covered: set[tuple[int, int]] = set()
    ranges = set()
    for r, cells in enumerate(table.header):
        column = 0
        for cell in cells:
            while (r, column) in covered:
                column += 1
            covered.update((r + i, column + j) for i in range(cell.rowspan) for j in range(cell.colspan))
            if cell.colspan > 1 or cell.rowspan > 1:
                first = f"{get_column_letter(column + 1)}{HEADER_TOP + r}"
                last = f"{get_column_letter(column + cell.colspan)}{HEADER_TOP + r + cell.rowspan - 1}"
                ranges.add(f"{first}:{last}")
            column += cell.colspan
    return ranges


def test_merged_header_cells_as_in_the_model(built: Built) -> None:
    checked = 0
    for table, sheet in _single(built):
        bottom = HEADER_TOP + len(table.header) - 1
        merged = {str(r) for r in sheet.merged_cells.ranges if HEADER_TOP <= r.min_row <= bottom}
        assert merged == _expected_merges(table), table.title
        checked += bool(merged)
    assert checked >= 8


def test_print_setup_repeats_the_header_and_follows_the_orientation(built: Built) -> None:
    for table, sheet in _single(built):
        setup = sheet.page_setup
        assert int(setup.paperSize or 0) == int(sheet.PAPERSIZE_A4) and setup.fitToWidth == 1, table.title
        assert setup.orientation == table.orientation.value, table.title
        if table.header:
            bottom = HEADER_TOP + len(table.header) - 1
            assert sheet.print_title_rows == f"${HEADER_TOP}:${bottom}", table.title
            assert sheet.freeze_panes == f"A{bottom + 1}", table.title
    wide = [t for t, _ in built.tables() if t.orientation is Orientation.LANDSCAPE]
    assert len(wide) == 4


def test_same_input_same_bytes(jianghan: Checked, built: Built) -> None:
    again = RenderJob(jianghan.computed, "wuhan")
    assert renderers()["xlsx"].render(again) == built.data


def test_golden(built: Built, update_golden: bool) -> None:
    output = dump(built.data)
    if update_golden or not GOLDEN.exists():
        GOLDEN.write_text(output, encoding="utf-8")
    assert output == GOLDEN.read_text(encoding="utf-8"), "the workbook differs from the golden file"


def test_names_from_the_input_stay_text(tmp_path: Path) -> None:
    """A project or unit named like a formula is stored as the text it is; nothing evaluates it."""
    names = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in zip(
        ["信息系统运维项目", "车辆更新项目", "测试市测试局本级", "测试市测试中心"], names, strict=True
    ):
        text = text.replace(f"name: {old}", f"name: '{new}'").replace(f"project: {old}", f"project: '{new}'")
    source = tmp_path / "minimal.yaml"
    source.write_text(text, encoding="utf-8")
    checked = check_input(source)
    assert not checked.errors
    book = load_workbook(io.BytesIO(renderers()["xlsx"].render(RenderJob(checked.computed, "wuhan"))))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    for name in names:
        found = [c for c in cells if c.value == name]
        assert found and all(c.data_type == "s" for c in found), name


def test_sheet_names_excel_accepts() -> None:
    taken = {"目录"}
    assert sheet_name("a[b]c:d*e?f/g\\h'i", taken) == "a-b-c-d-e-f-g-h-i"
    long = "很长的表名" * 8
    assert sheet_name(long, taken) == long[:31]
    assert sheet_name(long, taken) == long[:28] + "(2)"
    assert sheet_name("目录", taken) == "目录(2)"
    assert sheet_name("History", taken) == "History(2)"
    assert sheet_name("", taken) == "表"


def test_build_writes_the_workbook(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", str(JIANGHAN_2023), "--format", "xlsx", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "jianghan-2023.xlsx")
    assert "2023年收支预算总表" in book.sheetnames


def test_printed_pages_break_between_rows_that_may_part(built: Built) -> None:
    """Manual page breaks keep merged cells, header rows and kept rows on one page, and each
    stretch between breaks fits a page, so Excel adds no break of its own inside one."""
    from gen.render.xlsx import MARGINS_HIGH, PAPER, ROW_POINTS

    broken = 0
    for table, sheet in built.tables():
        cuts = [brk.id + 1 for brk in sheet.row_breaks.brk]  # a break is above row id + 1
        broken += bool(cuts)
        for merged in sheet.merged_cells.ranges:
            assert not [c for c in cuts if merged.min_row < c <= merged.max_row], (sheet.title, merged.coord)
        header_top = HEADER_TOP
        assert all(c > header_top + len(table.header) for c in cuts), sheet.title
        landscape = sheet.page_setup.orientation == "landscape"
        height = (PAPER[0] if landscape else PAPER[1]) - MARGINS_HIGH
        width = sum((sheet.column_dimensions[c].width or 0) * 7 + 5 for c in sheet.column_dimensions) * 0.75
        scale = min(1.0, ((PAPER[1] if landscape else PAPER[0]) - 0.8 * 72) / width)
        edges = [1, *cuts, sheet.max_row + 1]
        for first, stop in itertools.pairwise(edges):
            points = sum(sheet.row_dimensions[r].height or ROW_POINTS for r in range(first, stop))
            assert points * scale <= height, (sheet.title, first, stop)
    assert broken >= 10


def test_letters_that_look_like_an_ooxml_escape_are_printed_as_letters() -> None:
    """Excel shows _x000D_ in a cell as a line break unless its underscore is escaped (_x005F_)."""
    from openpyxl import Workbook

    from gen.render.workbook import text

    sheet = Workbook().active
    assert sheet is not None
    assert text(sheet, 1, 1, "项目_x000D_说明").value == "项目_x005F_x000D_说明"
    assert text(sheet, 2, 1, "_x41_ _X0041_").value == "_x41_ _X0041_"
