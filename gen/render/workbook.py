"""Excel workbooks written safely and repeatably: text stays text, the same content gives the same bytes."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from gen.render.package import repacked

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

AMOUNT_FORMAT = "#,##0.00;-#,##0.00;0.00"
CHANGE_FORMAT = "+#,##0.00;-#,##0.00;0.00"
# Percentages are stored as fractions (−13.83% is −0.1383) so Excel can compute with them.
CHANGE_PERCENT_FORMAT = "+0.00%;-0.00%;0.00%"
BORDER_COLOR = "9AA0A6"
FIXED_DATE = "2000-01-01T00:00:00Z"
HEADER_FILL = "EEF1F5"


def cell_at(sheet: Worksheet, row: int, column: int) -> Cell:
    """The writable cell (not the covered part of a merged range) at row, column."""
    from openpyxl.cell.cell import Cell

    cell = sheet.cell(row, column)
    if not isinstance(cell, Cell):
        raise ValueError(f"{sheet.title}!{cell.coordinate} is inside a merged range")
    return cell


def text(sheet: Worksheet, row: int, column: int, value: str | None) -> Cell:
    """Put user text in a cell as text: a leading = + - @ never becomes a formula, control characters go."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = cell_at(sheet, row, column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value) if value else None
    if cell.value is not None:
        cell.data_type = "s"
    return cell


def number(
    sheet: Worksheet, row: int, column: int, value: Decimal | None, number_format: str = AMOUNT_FORMAT
) -> Cell:
    """An amount as a number cell (exact Decimal text in the file), blank when unknown."""
    cell = cell_at(sheet, row, column)
    cell.value = value
    cell.number_format = number_format
    from openpyxl.styles import Alignment

    cell.alignment = Alignment(horizontal="right")
    return cell


def grid(cells: list[Cell]) -> None:
    """Thin borders, so the printed table has its lines."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color=BORDER_COLOR)
    for cell in cells:
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)


def header_row(sheet: Worksheet, row: int, labels: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cells = [text(sheet, row, column, label) for column, label in enumerate(labels, start=1)]
    for cell in cells:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    grid(cells)


def print_setup(sheet: Worksheet, header_rows: str) -> None:
    """A4 landscape, one page wide, the header rows repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = header_rows
    sheet.print_options.horizontalCentered = True


def _core(title: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>budgetdoc</dc:creator>"
        "<dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_DATE}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def workbook_bytes(book: Workbook, title: str) -> bytes:
    """The saved workbook, with a fixed creation time instead of openpyxl's time of saving."""
    buffer = io.BytesIO()
    book.save(buffer)
    return repacked(buffer.getvalue(), {"docProps/core.xml": _core(title)})
