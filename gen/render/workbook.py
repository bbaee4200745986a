"""Excel workbooks written safely and repeatably: text stays text, the same content gives the same bytes."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Hashable
from copy import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from gen.render.package import repacked

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Border
    from openpyxl.worksheet.worksheet import Worksheet

AMOUNT_FORMAT = "#,##0.00;-#,##0.00;0.00"
CHANGE_FORMAT = "+#,##0.00;-#,##0.00;0.00"
# Percentages are stored as fractions (−13.83% is −0.1383) so Excel can compute with them.
CHANGE_PERCENT_FORMAT = "+0.00%;-0.00%;0.00%"
BORDER_COLOR = "9AA0A6"
FIXED_DATE = "2000-01-01T00:00:00Z"
HEADER_FILL = "EEF1F5"
# Characters Excel refuses in a sheet name; the apostrophe is allowed inside but would need quoting
# in every link to the sheet, so it goes too.
SHEET_NAME_REFUSED = re.compile(r"[\[\]:*?/\\'\x00-\x1f]")
SHEET_NAME_LIMIT = 31


def cell_at(sheet: Worksheet, row: int, column: int) -> Cell:
    """The writable cell (not the covered part of a merged range) at row, column."""
    from openpyxl.cell.cell import Cell

    cell = sheet.cell(row, column)
    if not isinstance(cell, Cell):
        raise ValueError(f"{sheet.title}!{cell.coordinate} is inside a merged range")
    return cell


# OOXML reads _x000D_ in a cell as the character it escapes; a text holding those letters itself
# has its underscore escaped (_x005F_), so Excel shows, and budgetdoc reads back, what was written.
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def text(sheet: Worksheet, row: int, column: int, value: str | None) -> Cell:
    """Put user text in a cell as text: a leading = + - @ never becomes a formula, control characters go,
    and letters that look like an OOXML escape stay letters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = cell_at(sheet, row, column)
    cell.value = _OOXML_ESCAPE.sub(r"_x005F_\1", ILLEGAL_CHARACTERS_RE.sub("", value)) if value else None
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


def merge(sheet: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """Merge a block of cells, in time independent of how many blocks the sheet already has.

    openpyxl's merge_cells first checks the new range against every range already merged, which
    makes a sheet of n merged cells cost n² (a long project table took minutes). The ranges written
    here never overlap, so the range is added directly and its covered cells made MergedCells, as
    merge_cells does after its check; the borders it then copies to the range's edges are not
    copied, since `box` rules every cell of a table and nothing else has borders.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.merge import MergedCellRange

    coord = CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom).coord
    sheet.merged_cells.ranges.add(MergedCellRange(sheet, coord))
    cells = sheet._cells
    for row in range(top, bottom + 1):
        for column in range(left, right + 1):
            if (row, column) != (top, left):
                cells[row, column] = MergedCell(sheet, row, column)


def _thin() -> Border:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color=BORDER_COLOR)
    return Border(top=thin, bottom=thin, left=thin, right=thin)


def grid(cells: list[Cell]) -> None:
    """Thin borders, so the printed table has its lines."""
    border = _thin()
    for cell in cells:
        cell.border = border


class Styler:
    """Sets cell styles through a cache of the style ids each change leads to.

    Setting `cell.font` (or fill, border, alignment) makes openpyxl hash the whole style object to
    find its id in the workbook, about a tenth of a millisecond; a long workbook sets hundreds of
    thousands. Cells whose style ids are equal before a change are equal after it, so each distinct
    change is made once and its resulting ids copied to the next cell. One Styler per workbook.
    """

    def __init__(self) -> None:
        self._after: dict[tuple[Any, ...], Any] = {}

    def set(self, cell: Any, attribute: str, key: Hashable, make: Callable[[], object]) -> None:
        """cell.<attribute> = make(), where equal keys make equal values."""
        before = (tuple(cell._style or ()), attribute, key)
        known = self._after.get(before)
        if known is not None:
            cell._style = copy(known)
            return
        setattr(cell, attribute, make())
        self._after[before] = copy(cell._style)


def box(sheet: Worksheet, top: int, left: int, bottom: int, right: int, styler: Styler | None = None) -> None:
    """Thin borders on every cell of a block, the covered parts of merged ranges too."""
    # Excel draws a merged range's outline from the borders of the cells along its edges.
    border = _thin()
    styler = styler or Styler()
    for row in sheet.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=right):
        for cell in row:
            styler.set(cell, "border", "thin", lambda: border)


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel accepts (31 characters, none of []:*?/\\'), unique in `taken` ignoring case."""
    base = SHEET_NAME_REFUSED.sub("-", wanted).strip() or "表"
    name = base[:SHEET_NAME_LIMIT]
    used = {t.casefold() for t in taken} | {"history"}  # Excel reserves History
    count = 1
    while name.casefold() in used:
        count += 1
        suffix = f"({count})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
    taken.add(name)
    return name


def header_row(sheet: Worksheet, row: int, labels: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    cells = [text(sheet, row, column, label) for column, label in enumerate(labels, start=1)]
    for cell in cells:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    grid(cells)


def print_setup(sheet: Worksheet, header_rows: str, *, landscape: bool = True) -> None:
    """A4 (landscape unless told), one page wide, the header rows (if any) repeated on every page."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if header_rows:
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
