"""A table's cells at their places in its grid: spans resolved once for every format that needs it.

HTML writes spans as attributes and lets the browser place them; Word (gridSpan / vMerge) and a
spreadsheet (merged ranges) need each cell's row and column, and what a span covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from gen.compose.document import Align, Cell, Table, TableRow


@dataclass(frozen=True)
class Placed:
    """A cell at its place (row and column from 0); `covered` marks a place a rowspan above fills."""

    cell: Cell | None
    row: int
    column: int
    colspan: int
    rowspan: int = 1
    header: bool = False
    emphasis: bool = False
    covered: bool = False
    keep_with_next: bool = False
    """Its row keeps with the next (TableRow.keep_with_next)."""

    @property
    def starts_span(self) -> bool:
        return self.cell is not None and self.rowspan > 1


def place(table: Table) -> list[list[Placed]]:
    """Every row of header and body as its places, left to right, the grid made rectangular.

    A place under a rowspan is `covered` (Word writes it as a continued merge); a short row is
    padded with an empty place to the table's width. A table without rows prints its empty note.
    """
    width = table.column_count
    rows: list[tuple[list[Cell], bool, TableRow | None]] = [(cells, True, None) for cells in table.header]
    rows += [(row.cells, False, row) for row in table.rows]
    if not table.rows and table.empty_note:
        rows.append(([Cell(table.empty_note, Align.CENTER, colspan=width)], False, None))
    placed: list[list[Placed]] = []
    covering: dict[int, list[int]] = {}  # column → [rows still to cover, colspan]
    for index, (cells, header, row) in enumerate(rows):
        emphasis, keep = (row.emphasis, row.keep_with_next) if row else (False, False)
        line: list[Placed] = []
        pending = iter(cells)
        column = 0
        while column < width:
            span = covering.get(column)
            if span:
                line.append(Placed(None, index, column, span[1], 1, header, emphasis, True, keep))
                span[0] -= 1
                if span[0] == 0:
                    del covering[column]
                column += span[1]
                continue
            cell = next(pending, None)
            if cell is None:
                line.append(Placed(None, index, column, width - column, 1, header, emphasis, False, keep))
                break
            colspan = min(cell.colspan, width - column)
            rowspan = min(cell.rowspan, len(rows) - index)
            if rowspan > 1:
                covering[column] = [rowspan - 1, colspan]
            line.append(Placed(cell, index, column, colspan, rowspan, header, emphasis, False, keep))
            column += colspan
        placed.append(line)
    return placed
