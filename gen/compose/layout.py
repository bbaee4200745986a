"""The layout questions every format asks, answered once for all of them.

Which tables show their title, which start a page or must not split, which rows are bold or kept
with the next, which page a section is printed on and whether it starts one: decided here on the
composed document, so that HTML, PDF, DOCX and XLSX read the same answers and no renderer decides
them again.
"""

from __future__ import annotations

from dataclasses import replace

from gen.compose.document import Block, Document, Orientation, Section, Table, TableRow
from gen.compose.grid import place
from gen.compose.pivot import depth
from gen.compose.words import words

# Rows printed bold: totals, 类, the department and its units.
EMPHASIS_ROLES = frozenset({"total", "class", "department", "unit"})
# The weight of a column with nothing in its rows (a value column weighs 1.3, a code segment 0.6).
EMPTY_WEIGHT = 0.6


def arrange(document: Document) -> Document:
    for part in document.parts:
        # A part without a heading announces no table: its tables show their own titles.
        _blocks(part.blocks, part.heading if part.show_heading else "", part.entry)
        for top in part.sections:
            for section in top.walk():
                _section(section)
        _first_under_heading(part.sections, not part.blocks)
        first = part.sections[0] if part.sections and not part.blocks else None
        part.orientation = part.page or (first.orientation if first else Orientation.PORTRAIT)
    return document


def _first_under_heading(sections: list[Section], right_under: bool) -> None:
    """A section that would start a page right under its parent's heading (or at the start of its
    part) stays with it: the heading would otherwise be left alone at the foot of a page."""
    for section in sections:
        _first_under_heading(section.children, not section.blocks)
    if sections and right_under:
        sections[0].new_page = False


def _section(section: Section) -> None:
    tables = [b for b in section.blocks if isinstance(b, Table)]
    wide = any(t.orientation is Orientation.LANDSCAPE for t in tables)
    section.orientation = section.page or (Orientation.LANDSCAPE if wide else Orientation.PORTRAIT)
    section.table_heading = bool(section.blocks) and isinstance(section.blocks[0], Table)
    # A table's heading opens a page, as does a section the profile sets on one (new_page).
    section.new_page = section.new_page or section.table_heading
    _blocks(section.blocks, section.title, section.entry)


def _blocks(blocks: list[Block], title: str, heading: str) -> None:
    """`heading`: the 目录 line of the heading the blocks are under, which names its table."""
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        # The first table of a section titled as the table is announced by the heading itself; a
        # form's further grid continues the one above it.
        block.show_title = not (index == 0 and block.title == title) and not block.continues
        block.new_page = index > 0 and not block.continues
        block.compact = block.orientation is Orientation.LANDSCAPE
        block.keep_together = block.continues or (isinstance(following, Table) and following.continues)
        # Named as the heading it sits under (with its number) when it is that heading's table.
        named = heading if block.title == title else block.title
        block.entry = f"{named}（{block.label}）" if block.label else named
        block.rows = kept_rows(block.rows)
        block.header = [[replace(cell, words=words(cell.text)) for cell in row] for row in block.header]
        if not block.widths_exact:  # a form's grid keeps the widths its profile draws
            block.widths = _narrowed(block)


def _narrowed(table: Table) -> list[float]:
    """The table's column weights, a column with nothing in any row (计量单位 where no line has a
    unit) at the least a column gets: its heading's longest word is all it needs to show."""
    if not table.rows:
        return table.widths
    filled = [False] * table.column_count
    for line in place(table)[len(table.header) :]:
        for p in line:
            if p.cell is not None and p.cell.text:
                filled[p.column : p.column + p.colspan] = [True] * p.colspan
    if all(filled):
        return table.widths
    weights = table.widths or [1.0] * table.column_count
    least = min(EMPTY_WEIGHT, *weights)
    return [weight if full else least for weight, full in zip(weights, filled, strict=True)]


def kept_rows(rows: list[TableRow]) -> list[TableRow]:
    """Each row with its emphasis and whether it keeps with the next one (see TableRow.keep_with_next)."""
    # A heading row keeps with the next only when that row is under it (a 款 with its 项, not a 款
    # followed by the next 款): else a table of 类 and 款 alone would be one unbreakable block.
    keep = [
        index == 0 or (index + 1 < len(rows) and depth(rows[index + 1].role) > depth(row.role))
        for index, row in enumerate(rows)
    ]
    # The last two rows that are not totals, and the totals after them, end a page together.
    details = [index for index, row in enumerate(rows) if row.role != "total"]
    for index in range(details[-2] if len(details) >= 2 else 0, len(rows)):
        keep[index] = True
    if keep:
        keep[-1] = False
    return [
        replace(row, emphasis=row.role in EMPHASIS_ROLES, keep_with_next=kept)
        for row, kept in zip(rows, keep, strict=True)
    ]
