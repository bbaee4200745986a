"""The layout questions every format asks, answered once for all of them.

Which tables show their title, which start a page or must not split, which rows are bold or kept
with the next, which page a section is printed on and whether it starts one: decided here on the
composed document, so that HTML, PDF, DOCX and XLSX read the same answers and no renderer decides
them again.
"""

from __future__ import annotations

from dataclasses import replace

from gen.compose.document import Block, Document, Orientation, Section, Table

# Rows printed bold: totals, 类, the department and its units.
EMPHASIS_ROLES = frozenset({"total", "class", "department", "unit"})


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
        kept = _kept_rows(len(block.rows))
        block.rows = [
            replace(row, emphasis=row.role in EMPHASIS_ROLES, keep_with_next=at in kept)
            for at, row in enumerate(block.rows)
        ]


def _kept_rows(count: int) -> set[int]:
    """Rows kept with the next one, so that a page never shows a table's header over a single row.

    The first two rows stay together (under the header they start with) and so do the last two (a
    table continued onto a page brings at least two rows under its repeated header); a table of two
    or three rows is thereby never split.
    """
    return {0, count - 2} if count >= 2 else set()
