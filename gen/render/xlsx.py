"""XLSX: each disclosure table on a sheet of its own, its figures as numbers, laid out to print on A4."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from gen.compose.document import Align, Document, Orientation, Table
from gen.compose.grid import Placed, place
from gen.render import RenderJob
from gen.render.widths import UNBREAKABLE, ems, shared, weights_of
from gen.render.workbook import (
    HEADER_FILL,
    Styler,
    box,
    cell_at,
    merge,
    print_setup,
    sheet_name,
    text,
    workbook_bytes,
)

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as XlCell
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

FONT = "宋体"
SIZE = 10
LABEL_FILL = "F7F8FA"
# Column widths are counted in digits of the default font; A4 within the margins below holds about
# this many at 10 pt, so a table printed one page wide keeps its type size.
PAGE_UNITS = {Orientation.PORTRAIT: 96, Orientation.LANDSCAPE: 138}
PADDING = 1.5
WRAP_MARGIN = 0.6
LINE_POINTS = 13.5
ROW_POINTS = 15.0
TITLE_POINTS = 26.0
# Latin letters, digits and punctuation do not wrap inside a run (codes, figures); CJK text does.
MIN_COLUMN = 6.0
INDENT_UNITS = 1.5
# A4 in points, and the page margins set below (left and right 0.4 in; top 0.6, bottom 0.75 in).
PAPER = (595.3, 841.9)
MARGINS_WIDE, MARGINS_HIGH = 0.8 * 72, 1.35 * 72
# Excel's row heights and scaling round: a page is filled only this far before a break is placed.
PAGE_FILL = 0.94


@dataclass
class Form:
    """What one sheet holds: a table and the further grids printed under it, and its 目录 line."""

    entry: str
    tables: list[Table]
    name: str = ""

    @property
    def orientation(self) -> Orientation:
        wide = any(t.orientation is Orientation.LANDSCAPE for t in self.tables)
        return Orientation.LANDSCAPE if wide else Orientation.PORTRAIT


def _forms(document: Document) -> list[Form]:
    """The document's tables in order, each grid that `continues` kept with the table above it."""
    forms: list[Form] = []
    for table in document.tables():
        if table.continues and forms:
            forms[-1].tables.append(table)
        else:
            forms.append(Form(table.entry, [table]))
    return forms


def _place(table: Table) -> tuple[list[Placed], int]:
    """The cells at their grid places (what a rowspan covers is merged, not written), and the rows."""
    lines = place(table)
    return [p for line in lines for p in line if p.cell is not None], len(lines)


def _units(shown: str) -> float:
    """Printed width in digits of the default font (7 px): a 10 pt CJK character is 13.3 px."""
    return 1.9 * ems(shown)


def _needs(table: Table, placed: list[Placed]) -> list[float]:
    """Each column's least width: its widest figure, code or other run that cannot wrap."""
    needs = [MIN_COLUMN] * table.column_count
    for p in placed:
        assert p.cell is not None
        if p.colspan == 1 and p.cell.text:
            runs = [p.cell.text] if p.cell.value is not None else UNBREAKABLE.findall(p.cell.text)
            runs += list(p.cell.words)  # a heading breaks between its words, never inside one
            widest = max((_units(run) for run in runs), default=0.0)
            needs[p.column] = max(needs[p.column], widest + PADDING + INDENT_UNITS * p.cell.indent)
    return needs


def _fit(table: Table, needs: list[float], width: float) -> list[float]:
    """Column widths summing to `width`, shared as the profile's relative widths say, none below its need."""
    return shared(weights_of(table.widths, table.column_count), needs, width)


def _edges(widths: list[float]) -> list[int]:
    """Column edges in whole digits from the left, each column at least one wide."""
    edges = [0]
    total = 0.0
    for width in widths:
        total += width  # rounded from the running total, so rounding errors do not add up
        edges.append(max(round(total), edges[-1] + 1))
    return edges


def _height(shown: str, room: float) -> float:
    """Points a wrapped text needs in `room` digits; 0 when one line fits a default row."""
    lines = sum(max(1, math.ceil(_units(line) / max(room - WRAP_MARGIN, 2.0))) for line in shown.split("\n"))
    # Excel does not grow a row for wrapped text on opening a file, so the height is written.
    return lines * LINE_POINTS + 4 if lines > 1 else 0.0


def _font(*, bold: bool = False, size: int = SIZE) -> Font:
    from openpyxl.styles import Font

    return Font(name=FONT, size=size, bold=bold)


class _SheetWriter:
    """Lays one form out on a sheet: the sheet's columns are every edge of every grid it holds."""

    def __init__(self, sheet: Worksheet, form: Form, styler: Styler) -> None:
        self.sheet = sheet
        self.form = form
        self.styler = styler
        self.grids = [(table, *_place(table)) for table in form.tables]
        needs = [_needs(table, placed) for table, placed, _ in self.grids]
        # Every grid spans the same width, the page's unless a grid's columns need more; the sheet's
        # columns are then every edge of every grid, so each grid keeps its own proportions.
        self.width = max(float(PAGE_UNITS[form.orientation]), *(sum(n) for n in needs))
        self.edges = [_edges(_fit(table, n, self.width)) for table, n in zip(form.tables, needs, strict=True)]
        stops = sorted({edge for edges in self.edges for edge in edges})
        self.column_at = {edge: index + 1 for index, edge in enumerate(stops)}
        self.columns = len(stops) - 1
        self.heights: dict[int, float] = {}
        self.glued: set[int] = set()
        """Rows that must print on the same page as the row above them."""
        self.row = 1
        from openpyxl.utils import get_column_letter

        for index, (left, right) in enumerate(pairwise(stops), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = right - left

    def write(self) -> None:
        """Title, unit line, each grid with its notes, then row heights and the print set-up."""
        first = self.form.tables[0]
        self.line(first.title, _font(bold=True, size=14), Align.CENTER, TITLE_POINTS)
        self.meta(first)
        header_top = self.row
        self.glued.update(range(2, header_top + 1))  # the title and unit line stay with the table
        for index, grid in enumerate(self.grids):
            self.grid(*grid, self.edges[index])
            for note in grid[0].notes:
                self.glued.add(self.row)
                self.line(note, _font(), Align.LEFT)
        for row, points in self.heights.items():
            if points > ROW_POINTS:
                self.sheet.row_dimensions[row].height = round(points, 1)
        header_rows = len(first.header)
        titles = ""
        if len(self.grids) == 1 and header_rows:
            # A long table repeats its header rows on every printed page and keeps them in view.
            titles = f"{header_top}:{header_top + header_rows - 1}"
            self.sheet.freeze_panes = f"A{header_top + header_rows}"
        print_setup(self.sheet, titles, landscape=self.form.orientation is Orientation.LANDSCAPE)
        repeated = sum(self.heights.get(r, ROW_POINTS) for r in range(header_top, header_top + header_rows))
        self.page_breaks(repeated if titles else 0.0)
        from openpyxl.worksheet.page import PageMargins

        # Inches; the footer (page numbers) sits in the bottom margin, below its own 0.25.
        self.sheet.page_margins = PageMargins(
            left=0.4, right=0.4, top=0.6, bottom=0.75, header=0.25, footer=0.25
        )
        footer = self.sheet.oddFooter
        if footer is not None:
            footer.center.text = "第 &P 页 共 &N 页"

    def line(self, shown: str, font: Font, align: Align, points: float = 0.0) -> None:
        """A line of text across the whole sheet (the title, a note)."""
        from openpyxl.styles import Alignment

        cell = text(self.sheet, self.row, 1, shown)
        cell.font = font
        cell.alignment = Alignment(horizontal=align.value, vertical="center", wrap_text=True)
        if self.columns > 1:
            merge(self.sheet, self.row, 1, self.row, self.columns)
        self.heights[self.row] = max(points, _height(shown, self.width))
        self.row += 1

    def meta(self, table: Table) -> None:
        """The subtitle (填报日期 …) on the left and the unit (单位：万元) on the right."""
        if not table.subtitle and not table.unit_label:
            return
        from openpyxl.styles import Alignment

        split = next((c for edge, c in self.column_at.items() if edge >= self.width * 0.6), self.columns)
        split = min(max(split, 2), self.columns)
        if self.columns == 1:
            text(self.sheet, self.row, 1, "　".join(filter(None, [table.subtitle, table.unit_label])))
        else:
            for first, last, shown, align in [
                (1, split - 1, table.subtitle, "left"),
                (split, self.columns, table.unit_label, "right"),
            ]:
                cell = text(self.sheet, self.row, first, shown)
                cell.font = _font()
                cell.alignment = Alignment(horizontal=align, vertical="center")
                if last > first:
                    merge(self.sheet, self.row, first, self.row, last)
        self.row += 1

    def grid(self, table: Table, placed: list[Placed], rows: int, edges: list[int]) -> None:
        """The table's header and body rows at the current row, spans merged, all cells ruled."""
        spanning: list[tuple[int, int, float]] = []
        for p in placed:
            row = self.row + p.row
            first = self.column_at[edges[p.column]]
            last = self.column_at[edges[p.column + p.colspan]] - 1
            cell = self.cell(row, first, p)
            if last > first or p.rowspan > 1:
                merge(self.sheet, row, first, row + p.rowspan - 1, last)
            if cell.data_type == "s" and p.cell is not None:
                room = edges[p.column + p.colspan] - edges[p.column] - INDENT_UNITS * p.cell.indent
                points = _height(p.cell.text, room)
                if p.rowspan == 1:
                    self.heights[row] = max(self.heights.get(row, ROW_POINTS), points)
                else:
                    spanning.append((row, p.rowspan, points))
        for row, span, points in spanning:
            # A merged cell taller than its rows: share what is missing among them.
            have = sum(self.heights.get(r, ROW_POINTS) for r in range(row, row + span))
            for r in range(row, row + span):
                self.heights[r] = self.heights.get(r, ROW_POINTS) + max(0.0, points - have) / span
        self.glue(table, placed, rows)
        box(self.sheet, self.row, 1, self.row + rows - 1, self.columns, self.styler)
        self.row += rows

    def glue(self, table: Table, placed: list[Placed], rows: int) -> None:
        """Which of the grid's rows print on the page of the row above: every row a merged cell
        spans (split, its text shows on one page only), the header rows and the first body row, a
        row the document keeps with the next (TableRow.keep_with_next), a grid kept together."""
        top = self.row
        header = len(table.header)
        self.glued.update(range(top + 1, top + min(header + 1, rows)))
        for p in placed:
            self.glued.update(range(top + p.row + 1, top + p.row + p.rowspan))
            if p.keep_with_next and p.row + 1 < rows:
                self.glued.add(top + p.row + 1)
        if table.keep_together:
            self.glued.update(range(top + 1, top + rows))

    def page_breaks(self, repeated: float) -> None:
        """Manual page breaks where Excel would otherwise break between glued rows.

        Excel breaks pages by itself, anywhere; it keeps a manual break and breaks on its own only
        within a longer stretch. A page holds the printable height at the scale that fits the sheet
        to one page wide, less the header rows repeated on it (and a little for rounding).
        """
        from openpyxl.worksheet.pagebreak import Break, RowBreak

        landscape = self.form.orientation is Orientation.LANDSCAPE
        paper_width, paper_height = (PAPER[1], PAPER[0]) if landscape else PAPER
        sheet_points = sum(self.sheet.column_dimensions[c].width * 7 + 5 for c in self._letters()) * 0.75
        scale = min(1.0, (paper_width - MARGINS_WIDE) / sheet_points) if sheet_points else 1.0
        room = (paper_height - MARGINS_HIGH) / scale * PAGE_FILL - repeated
        breaks: list[int] = []
        start, used, last_free = 1, 0.0, 0
        for row in range(1, self.row):
            height = self.heights.get(row, ROW_POINTS)
            if row not in self.glued and row > start:
                last_free = row
            if used + height > room and row > start:
                cut = last_free if last_free > start else row
                breaks.append(cut - 1)
                used = sum(self.heights.get(r, ROW_POINTS) for r in range(cut, row))
                start = cut
            used += height
        self.sheet.row_breaks = RowBreak(brk=[Break(id=row) for row in breaks])

    def _letters(self) -> list[str]:
        from openpyxl.utils import get_column_letter

        return [get_column_letter(index) for index in range(1, self.columns + 1)]

    def cell(self, row: int, column: int, p: Placed) -> XlCell:
        """One cell: a number in the document's format when it has one, else its text, styled."""
        from openpyxl.styles import Alignment, PatternFill

        assert p.cell is not None
        cell = cell_at(self.sheet, row, column)
        value, pattern = p.cell.value, p.cell.number_format
        if pattern is not None and value is not None:
            # Excel keeps a percentage as a fraction (59.05% is 0.5905): moving the point computes nothing.
            cell.value = value.scaleb(-2) if "%" in pattern else value
            cell.number_format = pattern
        else:
            text(self.sheet, row, column, p.cell.text)
        label = p.header or p.cell.is_label
        bold = label or p.emphasis
        self.styler.set(cell, "font", bold, lambda: _font(bold=bold))
        align = (Align.CENTER if p.header else p.cell.align).value
        wrap, indent = pattern is None, p.cell.indent
        self.styler.set(
            cell,
            "alignment",
            (align, wrap, indent),
            lambda: Alignment(horizontal=align, vertical="center", wrap_text=wrap, indent=indent),
        )
        if label:
            color = HEADER_FILL if p.header else LABEL_FILL
            self.styler.set(cell, "fill", color, lambda: PatternFill("solid", fgColor=color))
        return cell


def _contents(sheet: Worksheet, document: Document, forms: list[Form]) -> None:
    """The first sheet: the document's title and a linked line for each sheet."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    # One column: each line names its table and links to the table's sheet (whose tab shows its name).
    # As wide as the longest line and no wider: LibreOffice does not shrink a wider column to the
    # page and, printing it centred, cut the lines' first characters off at the paper's edge.
    longest = max([_units(document.title) * 14 / SIZE, *(_units(form.entry) for form in forms)])
    sheet.column_dimensions["A"].width = math.ceil(longest + 2 * PADDING)
    title = text(sheet, 1, 1, document.title)
    title.font = _font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.row_dimensions[1].height = TITLE_POINTS
    for row, form in enumerate(forms, start=2):
        entry = text(sheet, row, 1, form.entry)
        # A link within the workbook; sheet names never hold a quote (see sheet_name), so this is safe.
        entry.hyperlink = Hyperlink(ref=entry.coordinate, location=f"'{form.name}'!A1")
        entry.font = Font(name=FONT, size=SIZE, color="1F4E9E", underline="single")
    print_setup(sheet, "", landscape=False)


def render_xlsx(document: Document) -> bytes:
    """The workbook: the 目录 sheet first (unless the profile prints no 目录), then a sheet per table
    (a form's grids together), repeatable bytes."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    forms = _forms(document)
    taken: set[str] = set()
    contents = sheet_name(document.toc_title, taken) if document.show_toc else None
    styler = Styler()
    for index, form in enumerate(forms):
        table = form.tables[0]
        form.name = sheet_name(table.label or table.title, taken)
        # Without a 目录 sheet the workbook opens on its first table.
        sheet = first if contents is None and index == 0 else book.create_sheet(form.name)
        sheet.title = form.name
        _SheetWriter(sheet, form, styler).write()
    if contents is not None:
        first.title = contents
        _contents(first, document, forms)
    elif not forms:
        first.title = sheet_name(document.title, taken)
    return workbook_bytes(book, document.title)


class XlsxRenderer:
    extension = "xlsx"

    def render(self, job: RenderJob) -> bytes:
        return render_xlsx(job.document)
