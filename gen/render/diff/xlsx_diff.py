"""The XLSX format: a sheet per section (汇总, each table) and one listing what needs a reason."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gen.compute.diff import Diff, Section
from gen.render.diff import Line, limits, lines, title
from gen.render.workbook import (
    CHANGE_FORMAT,
    CHANGE_PERCENT_FORMAT,
    grid,
    header_row,
    number,
    print_setup,
    text,
    workbook_bytes,
)

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

HEADER = 3
FLAG_FILL = "FFF3CD"
PERCENT_PLACES = Decimal("0.0001")


def _fraction(percent: Decimal | None) -> Decimal | None:
    """−13.8316…% as −0.1383: the stored value is the one shown (0.00%)."""
    return None if percent is None else (percent / 100).quantize(PERCENT_PLACES)


def _heading(sheet: Worksheet, heading: str, note: str, width: int) -> None:
    from openpyxl.styles import Font

    text(sheet, 1, 1, heading).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    text(sheet, 2, 1, note)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)


def _section_sheet(sheet: Worksheet, section: Section, diff: Diff) -> None:
    from openpyxl.styles import PatternFill

    coded = section.id != "summary"
    labels = [section.key_label, *(["名称"] if coded else [])]
    labels += [f"{diff.prior_year}年", f"{diff.year}年", "增减额", "增减幅度", "状态", "说明"]
    _layout(sheet, [12, 28] if coded else [24], labels)
    _heading(sheet, f"{title(diff)}：{section.title}", f"单位：{diff.unit}", len(labels))
    if section.note:
        text(sheet, HEADER + 1, 1, section.note)
        return
    header_row(sheet, HEADER, labels)
    flag = PatternFill("solid", fgColor=FLAG_FILL)
    row = HEADER
    for row, line in enumerate(lines(section, diff), start=HEADER + 1):
        cells = _line(sheet, row, line, coded)
        grid(cells)
        if line.flagged:
            for cell in cells:
                cell.fill = flag
    sheet.freeze_panes = f"{'C' if coded else 'B'}{HEADER + 1}"
    sheet.auto_filter.ref = f"A{HEADER}:{_letter(len(labels))}{row}"


def _layout(sheet: Worksheet, widths: list[float], labels: list[str]) -> None:
    """Column widths for the names and then the six figure and remark columns; A4 landscape."""
    for column, width in enumerate([*widths, 14, 14, 14, 10, 9, 40][: len(labels)], start=1):
        sheet.column_dimensions[_letter(column)].width = width
    print_setup(sheet, f"{HEADER}:{HEADER}")


def _line(sheet: Worksheet, row: int, line: Line, coded: bool) -> list[Cell]:
    column = 1
    cells: list[Cell] = []
    for value in [line.code, line.name] if coded else [line.name]:
        cells.append(text(sheet, row, column, value))
        column += 1
    cells.append(number(sheet, row, column, line.prior))
    cells.append(number(sheet, row, column + 1, line.current))
    cells.append(number(sheet, row, column + 2, line.delta, CHANGE_FORMAT))
    column += 3
    cells.append(number(sheet, row, column, _fraction(line.percent), CHANGE_PERCENT_FORMAT))
    cells.append(text(sheet, row, column + 1, line.status.value))
    cells.append(text(sheet, row, column + 2, line.remark))
    return cells


def _unexplained_sheet(sheet: Worksheet, diff: Diff) -> None:
    labels = ["部分", "项目", "增减额", "增减幅度", "原因写在输入文件的"]
    for column, width in enumerate([30, 24, 14, 10, 44], start=1):
        sheet.column_dimensions[_letter(column)].width = width
    print_setup(sheet, f"{HEADER}:{HEADER}")
    _heading(sheet, f"{title(diff)}：需说明变动原因", f"单位：{diff.unit}；标准：{limits(diff)}", len(labels))
    unexplained = diff.unexplained()
    if not unexplained:
        text(sheet, HEADER + 1, 1, "达到说明标准的变动都已写明原因。")
        return
    header_row(sheet, HEADER, labels)
    for row, (section, item) in enumerate(unexplained, start=HEADER + 1):
        grid(
            [
                text(sheet, row, 1, section.title),
                text(sheet, row, 2, item.name),
                number(sheet, row, 3, item.change.delta, CHANGE_FORMAT),
                number(sheet, row, 4, _fraction(item.change.percent), CHANGE_PERCENT_FORMAT),
                text(sheet, row, 5, item.reason_field),
            ]
        )
    sheet.freeze_panes = f"A{HEADER + 1}"


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def write_xlsx(diff: Diff) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    for index, section in enumerate([diff.summary, *diff.sections]):
        sheet = first if index == 0 else book.create_sheet()
        sheet.title = section.title
        _section_sheet(sheet, section, diff)
    _unexplained_sheet(book.create_sheet("需说明原因"), diff)
    return workbook_bytes(book, title(diff))
