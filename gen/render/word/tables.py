"""A document Table as a Word table: merged headers, repeated header rows, rows that do not split.

The XML is built row by row with spans written as gridSpan / vMerge, so the cost is linear in
cells (python-docx's `table.cell()` followed by `merge()` is quadratic).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Any

from gen.compose.document import Align, Cell, Table
from gen.compose.grid import Placed, place
from gen.render.widths import ems, measured
from gen.render.word.fields import element, run

CELL_PADDING = 2 * 85 + 60
"""Twips: the reference table style's left and right cell margins, plus a little air."""
CELL_MARGINS = 2 * 28
"""Twips: its top and bottom cell margins."""
LINE_PITCH = 1.45
"""A table line's height in ems at single spacing (Noto CJK's; SimSun's and SimHei's are less)."""


@dataclass(frozen=True)
class TableStyles:
    """Style ids from the reference document, and the point sizes of its table text styles."""

    grid: str
    text: str
    header: str
    text_compact: str
    header_compact: str
    size: float
    compact_size: float


def column_widths(table: Table, placed: list[list[Placed]], total: int, size: float) -> list[int]:
    """Widths in twips, like a browser's automatic table layout guided by the profile's weights."""
    return _exact(measured(table, placed, total, size * 20, CELL_PADDING), total)


def _exact(widths: list[float], total: int) -> list[int]:
    result = [int(w) for w in widths]
    result[-1] += total - sum(result)  # rounding remainder, so the table is exactly the text width
    return result


# The letter spacing of a spaced label (收 入 总 计), about half a character of a table's 10.5 pt.
SPACED = 100


def _lines(cell: Cell, room: float) -> list[str]:
    """The cell's lines: a heading's words packed into lines of `room` ems (Word would break inside
    a word), other text as it is (Word wraps it)."""
    if not cell.words:
        return cell.text.split("\n") if cell.text else [""]
    lines = [""]
    for word in cell.words:
        if lines[-1] and ems(lines[-1] + word) > room:
            lines.append("")
        lines[-1] += word
    return lines


def _paragraphs(cell: Cell, style: str, bold: bool, keep_next: bool, room: float) -> list[Any]:
    paragraphs = []
    for line in _lines(cell, room):
        p = element("w:p")
        ppr = element("w:pPr", p)
        element("w:pStyle", ppr, val=style)
        if keep_next:
            element("w:keepNext", ppr)
        if cell.indent:
            element("w:ind", ppr, leftChars=str(100 * cell.indent), left=str(200 * cell.indent))
        # Labels take the header style's centring unless the cell asks otherwise (a form's goal line).
        if not cell.is_label or cell.align is not Align.CENTER:
            element("w:jc", ppr, val={Align.RIGHT: "right", Align.CENTER: "center"}.get(cell.align, "left"))
        if line:
            p.append(run(line, bold=bold, spacing=SPACED if cell.spaced else 0))
        paragraphs.append(p)
    return paragraphs


def _line_count(cell: Cell, room: float) -> int:
    if cell.words:
        return len(_lines(cell, room))
    return sum(max(1, ceil(ems(line) / max(room, 1.0))) for line in cell.text.split("\n"))


def header_heights(header: list[list[Placed]], widths: list[int], em: float) -> dict[int, int]:
    """Least heights (twips) of the header rows under a heading merged down across them (是否包含政府
    采购 over the rows of 一级目录 …): their heights together hold its lines.

    Word sizes such rows by the merged cell; LibreOffice does too on the table's first page, but on
    the pages that repeat the header it gives each row only its own cells' height and cuts the merged
    heading off. Lines are counted at CJK single spacing (1.45 em, Noto's; SimHei's is less, which only
    leaves Word a little more room).
    """
    pitch = LINE_PITCH * em
    natural = [0.0] * len(header)
    merged: list[tuple[int, int, float]] = []
    for index, line in enumerate(header):
        for p in line:
            if p.cell is None or p.covered:
                continue
            room = (sum(widths[p.column : p.column + p.colspan]) - CELL_PADDING) / em
            need = _line_count(p.cell, room) * pitch + CELL_MARGINS
            if p.rowspan > 1:
                merged.append((index, p.rowspan, need))
            else:
                natural[index] = max(natural[index], need)
    heights: dict[int, int] = {}
    for index, rowspan, need in merged:
        others = sum(natural[index + 1 : index + rowspan])
        if need > natural[index] + others:
            natural[index] = need - others
            heights[index] = ceil(natural[index])
    return heights


def word_table(table: Table, text_width: int, styles: TableStyles) -> Any:
    """The `w:tbl` element for `table`, `text_width` twips wide.

    With notes under the table, its last row keeps with them, so a note never starts a page alone.
    A table kept together keeps every row with the next, so a grid that fits on a page is not split
    (a merged cell split across pages shows its text on the first page only). The header rows keep
    with the rows under them, and rows compose keeps with the next do so (no page shows a header
    over a single row).
    """
    compact = table.compact
    text_style = styles.text_compact if compact else styles.text
    header_style = styles.header_compact if compact else styles.header
    placed = place(table)
    size = styles.compact_size if compact else styles.size
    widths = column_widths(table, placed, text_width, size)
    em = size * 20  # twips

    tbl = element("w:tbl")
    tblpr = element("w:tblPr", tbl)
    element("w:tblStyle", tblpr, val=styles.grid)
    element("w:tblW", tblpr, w=str(text_width), type="dxa")
    element("w:jc", tblpr, val="center")
    element("w:tblLayout", tblpr, type="fixed")
    grid = element("w:tblGrid", tbl)
    for width in widths:
        element("w:gridCol", grid, w=str(width))

    last = placed[-1] if table.notes and placed else None
    heads = len(table.header)
    heights = header_heights(placed[:heads], widths, em)
    for index, line in enumerate(placed):
        keep = line is last or index < heads or any(p.keep_with_next for p in line)
        keep = keep or (table.keep_together and index < len(placed) - 1)
        tr = element("w:tr", tbl)
        trpr = element("w:trPr", tr)
        element("w:cantSplit", trpr)
        if heights.get(index):
            element("w:trHeight", trpr, val=str(heights[index]), hRule="atLeast")
        if line and line[0].header:
            element("w:tblHeader", trpr)
        for p in line:
            tc = element("w:tc", tr)
            tcpr = element("w:tcPr", tc)
            element("w:tcW", tcpr, w=str(sum(widths[p.column : p.column + p.colspan])), type="dxa")
            if p.colspan > 1:
                element("w:gridSpan", tcpr, val=str(p.colspan))
            if p.starts_span:
                element("w:vMerge", tcpr, val="restart")
            elif p.covered:
                element("w:vMerge", tcpr)
            element("w:vAlign", tcpr, val="center")
            if p.cell is None:
                tc.append(element("w:p"))  # a cell must hold a paragraph
                continue
            style = header_style if p.header or p.cell.is_label else text_style
            bold = p.emphasis and not p.header
            room = (sum(widths[p.column : p.column + p.colspan]) - CELL_PADDING) / em
            for paragraph in _paragraphs(p.cell, style, bold, keep_next=keep, room=room):
                tc.append(paragraph)
    return tbl
