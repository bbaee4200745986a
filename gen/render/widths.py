"""Table column widths shared by the paged renderers (DOCX, XLSX, PDF): measured text, weighted sharing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gen.compose.document import Align, Cell, Orientation, Table

# Runs a table cell must not break: figures, codes, Latin words and the punctuation inside them.
UNBREAKABLE = re.compile(r"[\x21-\x7e，、．。％]+")


def ems(text: str) -> float:
    """Printed width in ems: Latin characters are about half as wide as CJK ones."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def weights_of(widths: list[float], count: int) -> list[float]:
    """The profile's relative column widths, or equal shares when it gives none (or the wrong number)."""
    return widths if len(widths) == count else [1.0] * count


def shared(
    weights: list[float], need: list[float], total: float, want: list[float] | None = None
) -> list[float]:
    """Widths sharing `total` by weight, like a browser's automatic table layout.

    No column is below its need; while another column could use the room, none is above its want.
    When the needs alone exceed `total` the widths are the needs (the caller scales or overflows).
    """
    count = len(weights)
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(count) if i not in fixed]
        room = total - sum(fixed.values())
        share = sum(weights[i] for i in free)
        widths = {i: room * weights[i] / share for i in free} if share else {}
        narrow = {i: need[i] for i in free if widths[i] < need[i]}
        roomy = {i: want[i] for i in free if want is not None and widths[i] > want[i]}
        if narrow and len(narrow) < len(free):
            fixed.update(narrow)
        elif not narrow and roomy and len(roomy) < len(free):
            fixed.update(roomy)
        else:
            widths.update(fixed)
            return [max(widths[i], need[i]) for i in range(count)]


@dataclass(frozen=True)
class Placed:
    """A cell at its place in a table's grid (row and column from 0)."""

    cell: Cell
    row: int
    column: int
    colspan: int
    rowspan: int
    header: bool
    role: str


def place_cells(table: Table) -> tuple[list[Placed], int]:
    """Every cell at its grid position (past the rowspans from above), and the number of rows."""
    width = table.column_count
    rows = [(cells, True, "header") for cells in table.header]
    rows += [(row.cells, False, row.role) for row in table.rows]
    if not table.rows and table.empty_note:
        rows.append(([Cell(table.empty_note, Align.CENTER, colspan=width)], False, "empty"))
    covered: set[tuple[int, int]] = set()
    placed: list[Placed] = []
    for index, (cells, header, role) in enumerate(rows):
        column = 0
        for cell in cells:
            while (index, column) in covered:
                column += 1
            if column >= width:
                break
            colspan = min(cell.colspan, width - column)
            rowspan = min(cell.rowspan, len(rows) - index)
            covered.update((index + r, column + c) for r in range(rowspan) for c in range(colspan))
            placed.append(Placed(cell, index, column, colspan, rowspan, header, role))
            column += colspan
    return placed, len(rows)


# A PDF table's text width in ems of its type (A4 less the national print.css margins, at 9 pt
# portrait and 8.5 pt landscape), and a cell's padding and an indent level in ems.
PRINT_EMS = {Orientation.PORTRAIT: 52.0, Orientation.LANDSCAPE: 89.0}
PRINT_PADDING = 1.2
PRINT_INDENT = 1.0
# Noto's figures are a little wider than half an em, and bold text wider still.
FIGURE_MARGIN = 1.15


def print_widths(table: Table) -> list[float]:
    """Column widths in ems for the PDF's fixed table layout: each column at least as wide as its
    longest figure or code (those do not wrap), the rest shared by the profile's weights while a
    column can use the room, as a browser's automatic layout would, but computed once per table
    rather than again for every page it continues on (WeasyPrint's automatic layout does that, which
    makes a long table's cost grow with the square of its length)."""
    count = table.column_count
    need = [PRINT_PADDING + 1.0] * count
    want = list(need)
    placed, _ = place_cells(table)
    for p in placed:
        if p.colspan != 1 or not p.cell.text:
            continue
        indent = PRINT_PADDING + PRINT_INDENT * p.cell.indent
        tokens = [ems(t) for t in UNBREAKABLE.findall(p.cell.text)] or [0.0]
        longest = max(ems(line) for line in p.cell.text.split("\n"))
        need[p.column] = max(need[p.column], indent + max(tokens) * FIGURE_MARGIN)
        want[p.column] = max(want[p.column], indent + longest * FIGURE_MARGIN)
    total = PRINT_EMS[table.orientation]
    if sum(need) >= total:
        return need
    return shared(weights_of(table.widths, count), need, total, want)
