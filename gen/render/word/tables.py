"""A document Table as a Word table: merged headers, repeated header rows, rows that do not split.

The XML is built row by row with spans written as gridSpan / vMerge, so the cost is linear in
cells (python-docx's `table.cell()` followed by `merge()` is quadratic).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gen.compose.document import Align, Cell, Table
from gen.compose.grid import Placed, place
from gen.render.widths import measured
from gen.render.word.fields import element, run

CELL_PADDING = 2 * 85 + 60
"""Twips: the reference table style's left and right cell margins, plus a little air."""


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


def _paragraphs(cell: Cell, style: str, bold: bool, keep_next: bool) -> list[Any]:
    paragraphs = []
    for line in cell.text.split("\n") if cell.text else [""]:
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
    widths = column_widths(table, placed, text_width, styles.compact_size if compact else styles.size)

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
    kept = {heads + at for at, row in enumerate(table.rows) if row.keep_with_next}
    for index, line in enumerate(placed):
        keep = line is last or index < heads or index in kept
        keep = keep or (table.keep_together and index < len(placed) - 1)
        tr = element("w:tr", tbl)
        trpr = element("w:trPr", tr)
        element("w:cantSplit", trpr)
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
            for paragraph in _paragraphs(p.cell, style, bold, keep_next=keep):
                tc.append(paragraph)
    return tbl
