"""The format-neutral document: parts → sections → blocks. Renderers only lay it out.

Every string here is final text (numbers already formatted by the profile); renderers
escape and place it but never compute or reformat a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


@dataclass(frozen=True)
class Cell:
    text: str = ""
    align: Align = Align.LEFT
    colspan: int = 1
    rowspan: int = 1
    indent: int = 0
    is_label: bool = False
    """A heading cell (column heading, or a row label such as 填报人)."""
    value: Decimal | None = None
    """The exact figure behind `text`, for formats that store numbers (spreadsheets); None where the
    text is blank (a zero the document leaves blank), so a spreadsheet leaves the cell empty."""
    spaced: bool = False
    """Set wide by letter spacing (收 入 总 计), the text itself unspaced so it copies and searches."""
    words: tuple[str, ...] = ()
    """A heading's words (计量, 单位): it breaks onto a new line between them or not at all, and a
    column is at least as wide as the longest. () for text that breaks as text does."""
    number_format: str | None = None
    """How a spreadsheet shows `value` so that it reads as `text` (#,##0.00). None for text."""


@dataclass(frozen=True)
class TableRow:
    cells: list[Cell]
    role: str = "detail"
    """total | class | section | item | department | unit | group | detail | label"""
    emphasis: bool = False
    """Printed bold (a total, a 类, the department and its units)."""
    keep_with_next: bool = False
    """Printed on the same page as the row after it: a table's first two rows, its last two rows (and
    the totals under them), a heading row (类, 款, unit) and its first row. A page that holds a
    table's header then always shows at least two rows of it, or all that is left of a short one."""


@dataclass
class Table:
    id: str
    title: str
    header: list[list[Cell]]
    rows: list[TableRow]
    unit_label: str = ""
    notes: list[str] = field(default_factory=list)
    empty_note: str | None = None
    """Printed instead of the body when the table has no data (e.g. 本单位无政府性基金预算安排的支出)."""
    orientation: Orientation = Orientation.PORTRAIT
    widths: list[float] = field(default_factory=list)
    """Relative column widths; empty means equal. A column with nothing in its rows is narrow."""
    widths_exact: bool = False
    """The widths are the layout (a form's grid, as its profile draws it), not weights a renderer's
    automatic layout shares out by content; only a figure or code that would not fit widens its column."""
    subtitle: str = ""
    """A line under the title (e.g. 填报日期)."""
    label: str = ""
    """What tells this table from others with the same title (the unit a form is for), for bookmarks."""
    continues: bool = False
    """A further grid of the form above: printed right under it, without a title of its own."""
    show_title: bool = True
    """False when the heading above already says it (a table section's first table) or the table
    continues a form's grid above it."""
    new_page: bool = False
    """Starts a page of its own (a table after another block of its section)."""
    compact: bool = False
    """Set in the smaller table type (a wide table on a landscape page)."""
    keep_together: bool = False
    """Not split across pages if it fits on one (a form's grids: a split merged cell loses its text)."""
    entry: str = ""
    """Its line in a list of the document's tables: the heading it sits under or its own title."""

    @property
    def bookmark(self) -> str:
        return f"{self.title}（{self.label}）" if self.label else self.title

    @property
    def column_count(self) -> int:
        first = self.header[0] if self.header else (self.rows[0].cells if self.rows else [])
        return sum(cell.colspan for cell in first)


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"
    """body | item (a numbered line) | note | signature"""
    lead: str = ""
    """A run-in heading printed at the start of the paragraph in the heading's type (（一）收入预算)."""
    joint: str = ""
    """What follows the run-in heading before the text (："), empty when the heading ends in punctuation."""


Block = Paragraph | Table


def joined(number: str, title: str) -> str:
    """第一部分 基本情况 and 表1 部门收支总表 take a space; 一、基本情况 and （一）… do not."""
    gap = " " if number and number[-1] not in "、，．.）)：: " else ""
    return f"{number}{gap}{title}"


@dataclass
class Section:
    id: str
    number: str
    title: str
    level: int
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    show_number_in_body: bool = True
    orientation: Orientation = Orientation.PORTRAIT
    """The page it is printed on: the profile's (its own, its parent's or its part's), else landscape
    when it holds a wide table."""
    table_heading: bool = False
    """Its blocks open with a table: the heading is the table's, styled and paged as one."""
    anchor: str = ""
    """Its name in links and bookmarks, unique in the document (part id - section id)."""
    entry: str = ""
    """Its line in the 目录: its heading, or the profile's own wording for the 目录."""
    run_in: bool = False
    """Its heading runs into its first paragraph (that paragraph's `lead`) rather than standing alone."""
    new_page: bool = False
    """Starts a page of its own: a table's heading, or a section the profile sets on one (each item of
    a section repeated per project …); never right under its parent's or its part's heading."""
    page: Orientation | None = None
    """The orientation the profile sets for it; None leaves it to its tables."""

    @property
    def heading(self) -> str:
        return joined(self.number, self.title)

    @property
    def body_heading(self) -> str:
        return self.heading if self.show_number_in_body else self.title

    def walk(self) -> list[Section]:
        return [self, *(s for child in self.children for s in child.walk())]


@dataclass
class Part:
    id: str
    number: str
    title: str
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    """Text directly under the part heading (e.g. the glossary)."""
    orientation: Orientation = Orientation.PORTRAIT
    """The page its heading is printed on: the profile's for the part, else its first section's."""
    show_heading: bool = True
    """False: the part prints no heading of its own (and takes no number); its sections lead the 目录."""
    anchor: str = ""
    entry: str = ""
    """Its line in the 目录."""
    new_page: bool = True
    """Starts a page (every part does, but the first when only the title heading is before it)."""
    page: Orientation | None = None
    """The orientation the profile sets for the part; None leaves it to its first section."""

    @property
    def heading(self) -> str:
        return joined(self.number, self.title)

    def tables(self) -> list[Table]:
        found = [b for b in self.blocks if isinstance(b, Table)]
        for section in self.sections:
            for s in section.walk():
                found += [b for b in s.blocks if isinstance(b, Table)]
        return found


@dataclass
class TitlePage:
    title: str
    lines: list[str] = field(default_factory=list)
    """Lines under the title (the department, a date)."""
    show: bool = True
    as_heading: bool = False
    """No title page: the title is printed as the document's first heading instead."""


@dataclass
class Entry:
    """A line of the 目录: the text, the anchor it links to, and the lines under it."""

    text: str
    anchor: str
    level: int
    """1 for the top lines (parts, or the sections of a part without a heading), 2 and 3 below."""
    children: list[Entry] = field(default_factory=list)

    def walk(self) -> list[Entry]:
        return [self, *(e for child in self.children for e in child.walk())]


@dataclass
class Document:
    title: str
    author: str
    language: str
    title_page: TitlePage
    parts: list[Part]
    toc_title: str = "目录"
    toc_depth: int = 2
    """Parts are depth 0; 2 lists sections and their subsections."""
    show_toc: bool = True
    contents: list[Entry] = field(default_factory=list)
    """The 目录's lines, as deep as toc_depth, in the wording the profile gives them."""

    def tables(self) -> list[Table]:
        return [t for part in self.parts for t in part.tables()]
