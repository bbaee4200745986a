"""The layout questions every format asks, answered once for all of them.

Which tables show their title, which start a page or must not split, which rows are bold, which
page a section is printed on: decided here on the composed document, so that HTML, PDF, DOCX and
XLSX read the same answers and no renderer decides them again.
"""

from __future__ import annotations

from dataclasses import replace

from gen.compose.document import Block, Document, Orientation, Section, Table, TableRow

# Rows printed bold: totals, 类, the department and its units.
EMPHASIS_ROLES = frozenset({"total", "class", "department", "unit"})
# Rows that head the rows under them (a 类 its 款, a unit its projects): never the last on a page.
HEADING_ROLES = frozenset({"total", "class", "section", "department", "unit", "group"})


def arrange(document: Document) -> Document:
    for part in document.parts:
        _blocks(part.blocks, part.heading, part.heading)
        for top in part.sections:
            for section in top.walk():
                _section(section)
        first = part.sections[0] if part.sections and not part.blocks else None
        part.orientation = first.orientation if first else Orientation.PORTRAIT
    return document


def _section(section: Section) -> None:
    tables = [b for b in section.blocks if isinstance(b, Table)]
    wide = any(t.orientation is Orientation.LANDSCAPE for t in tables)
    section.orientation = Orientation.LANDSCAPE if wide else Orientation.PORTRAIT
    section.table_heading = bool(section.blocks) and isinstance(section.blocks[0], Table)
    _blocks(section.blocks, section.title, section.heading)


def _blocks(blocks: list[Block], title: str, heading: str) -> None:
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        # The first table of a section titled as the table is announced by the heading itself.
        block.show_title = not (index == 0 and block.title == title)
        block.new_page = index > 0 and not block.continues
        block.compact = block.orientation is Orientation.LANDSCAPE
        block.keep_together = block.continues or (isinstance(following, Table) and following.continues)
        # Named as the heading it sits under (with its number) when it is that heading's table.
        named = heading if block.title == title else block.title
        block.entry = f"{named}（{block.label}）" if block.label else named
        block.rows = kept_rows(block.rows)


def kept_rows(rows: list[TableRow]) -> list[TableRow]:
    """Each row with its emphasis and whether it keeps with the next one (see TableRow.keep_with_next)."""
    keep = [index == 0 or row.role in HEADING_ROLES for index, row in enumerate(rows)]
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
