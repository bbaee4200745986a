"""The document model as Typst source: the page set-up from profile.yaml, then every block in order.

Every word is written as a Typst string literal, never as markup: inside a string only a backslash,
a double quote and control characters mean anything, so no input text can run code, read a file,
reach the network or change the layout. The look lives in document.typ; this module only says what
is where, as the document model decided it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from math import ceil
from pathlib import Path

from gen.compose.document import Align, Document, Orientation, Paragraph, Part, Section, Table
from gen.compose.grid import Placed, place
from gen.compose.profile import Fonts, Margins, PageSpec, Profile
from gen.compose.templating import ProfileTemplateError
from gen.render.widths import measured

PREAMBLE = Path(__file__).with_name("document.typ")

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
# Roles whose font the profile may name, and the open font each falls back to (as in print.css).
FONT_FALLBACKS = {"title": SANS, "heading": SANS, "body": SERIF, "table": SERIF}

# print.css: A4, its @page margins, 11 pt text, tables in 9 pt (8.5 pt on landscape pages).
A4 = (210.0, 297.0)
PORTRAIT_MARGINS = Margins(top=25, right=22, bottom=22, left=22)
LANDSCAPE_MARGINS = Margins(top=18, right=15, bottom=18, left=15)
BODY_SIZE = 11.0
TABLE_SIZE = {Orientation.PORTRAIT: 9.0, Orientation.LANDSCAPE: 8.5}
PT_PER_MM = 72 / 25.4
# A cell's left and right padding (1.5 mm each) and a little air, in points; Noto's figures are
# a little wider than the half em `widths.ems` counts for them. A cell's top and bottom inset
# (1.2 mm, plus CSS's half-leading) and the tables' line height, as in print.css.
CELL_PADDING = 3 * PT_PER_MM + 1.0
FIGURE_EM = 1.08
CELL_INSET = 1.2 * PT_PER_MM
LINE_HEIGHT = 1.4
# print.css puts the title 38% of the text width down the title page.
COVER_TOP = 0.38

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_LANGUAGE = re.compile(r"^([a-zA-Z]{2,3})(?:-[a-zA-Z]{4})?(?:-([a-zA-Z]{2}))?$")


def literal(text: str) -> str:
    """`text` as a Typst string literal; a line break in it stays a line break."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = _CONTROL.sub(lambda m: "\\n" if m.group() == "\n" else f"\\u{{{ord(m.group()):x}}}", escaped)
    return f'"{escaped}"'


def _array(items: list[str]) -> str:
    """A Typst array of these expressions (the trailing comma keeps a one-item array an array)."""
    return "(" + "".join(f"{item}, " for item in items) + ")"


def _strings(items: list[str]) -> str:
    return _array([literal(item) for item in items])


@dataclass(frozen=True)
class Page:
    """A page's size and margins in millimetres."""

    width: float
    height: float
    margins: Margins

    @property
    def text_width(self) -> float:
        """In points."""
        return (self.width - self.margins.left - self.margins.right) * PT_PER_MM

    @property
    def text_height(self) -> float:
        """In points."""
        return (self.height - self.margins.top - self.margins.bottom) * PT_PER_MM

    def typst(self) -> str:
        m = self.margins
        return (
            f"(width: {self.width}mm, height: {self.height}mm, margin: "
            f"(top: {m.top}mm, right: {m.right}mm, bottom: {m.bottom}mm, left: {m.left}mm))"
        )


def pages(spec: PageSpec) -> dict[Orientation, Page]:
    """profile.yaml's portrait and landscape pages; what it leaves out is print.css's."""
    width, height = spec.paper or A4
    return {
        Orientation.PORTRAIT: Page(width, height, spec.margins or PORTRAIT_MARGINS),
        Orientation.LANDSCAPE: Page(height, width, spec.landscape or LANDSCAPE_MARGINS),
    }


def font_lists(fonts: Fonts) -> dict[str, list[str]]:
    """Each role's font: the profile's, then the embedded open font for what it lacks."""
    lists = {}
    for role, fallback in FONT_FALLBACKS.items():
        named = getattr(fonts, role)
        lists[role] = [named, fallback] if named else [fallback]
    return lists


def language(tag: str) -> tuple[str, str | None]:
    """profile.yaml's language (zh-CN) as Typst's language and region (zh, cn)."""
    found = _LANGUAGE.match(tag)
    if not found:
        raise ProfileTemplateError(f"profile.yaml 的 language 应写作语言代码，如 zh-CN，而不是“{tag}”")
    return found.group(1).lower(), found.group(2).lower() if found.group(2) else None


@cache
def preamble() -> str:
    return PREAMBLE.read_text(encoding="utf-8")


def settings(document: Document, spec: Profile, dated: bool) -> str:
    """The `cfg` dictionary document.typ reads. `dated` gives the document a fixed date (PDF/A needs one;
    a fixed one keeps the bytes repeatable); otherwise it has none."""
    lang, region = language(spec.language or document.language)
    paper = pages(spec.page)
    fonts = ", ".join(f"{role}: {_strings(names)}" for role, names in font_lists(spec.fonts).items())
    date = "datetime(year: 2000, month: 1, day: 1, hour: 0, minute: 0, second: 0)" if dated else "none"
    entries = [
        f"title: {literal(document.title)}",
        f"author: {literal(document.author)}",
        f"date: {date}",
        f"lang: {literal(lang)}",
        f"region: {literal(region) if region else 'none'}",
        f"fonts: ({fonts})",
        f"size: {spec.fonts.body_size or BODY_SIZE}pt",
        f"cover: {'true' if document.title_page.show else 'false'}",
        f"portrait: {paper[Orientation.PORTRAIT].typst()}",
        f"landscape: {paper[Orientation.LANDSCAPE].typst()}",
    ]
    return "#let cfg = (\n" + "".join(f"  {entry},\n" for entry in entries) + ")\n"


def typst_source(document: Document, spec: Profile, *, dated: bool = False) -> str:
    """The whole document as one Typst file."""
    writer = _Writer(document, pages(spec.page))
    writer.write()
    return settings(document, spec, dated) + preamble() + "\n" + "\n".join(writer.lines) + "\n"


_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}


class _Writer:
    """Appends the document's blocks in reading order, one Typst line each."""

    def __init__(self, document: Document, paper: dict[Orientation, Page]) -> None:
        self.document = document
        self.paper = paper
        self.lines: list[str] = []
        self.orientation = Orientation.PORTRAIT
        self.labels: dict[str, str] = {}
        """A heading's label by its anchor, for the 目录's page numbers."""

    def emit(self, line: str) -> None:
        self.lines.append(line)

    def label(self, anchor: str) -> str:
        """The Typst label of the heading at `anchor` (a part's or a section's), for the 目录's pages."""
        return self.labels.setdefault(anchor, f"<h{len(self.labels) + 1}>")

    def heading(self, style: str, level: int, text: str, label: str = "", bookmarked: bool = True) -> None:
        """A heading, bookmarked at `level`, in one of document.typ's heading styles."""
        after = f" {label}" if label else ""
        mark = "true" if bookmarked else "false"
        self.emit(
            f"#[#show heading: {style}; "
            f"#heading(level: {level}, outlined: false, bookmarked: {mark}, {literal(text)}){after}]"
        )

    def orient(self, orientation: Orientation) -> None:
        """A page of the other orientation: the page set-up changes, which starts a page."""
        if orientation is not self.orientation:
            self.emit(f"#set page(..cfg.{orientation.value})")
            self.orientation = orientation

    # ------------------------------------------------------------------ the document

    def write(self) -> None:
        page = self.document.title_page
        if page.show:
            top = COVER_TOP * self.paper[Orientation.PORTRAIT].text_width
            self.emit(f"#cover({literal(page.title)}, {top:.1f}pt, {_strings(page.lines)})")
        if page.as_heading:
            # No title page: the title heads the first page (not a bookmark, as in print.css).
            self.heading("title-heading", 1, page.title, bookmarked=False)
        if self.document.show_toc:
            self.toc()
        for part in self.document.parts:
            self.part(part)

    def toc(self) -> None:
        """The 目录 as compose made it: its lines' own wording, as deep as the profile says."""
        doc = self.document
        self.heading("toc-title", 1, doc.toc_title)
        for top in doc.contents:
            for entry in top.walk():
                self.emit(f"#toc-line({entry.level - 1}, {literal(entry.text)}, {self.label(entry.anchor)})")

    def part(self, part: Part) -> None:
        self.orient(part.orientation)
        if part.new_page:
            self.emit("#pagebreak(weak: true)")
        # A part without a heading: its sections stand where the part would, a level up (as in the 目录).
        shift = 0 if part.show_heading else 1
        if part.show_heading:
            self.heading("part-heading", 1, part.heading, self.label(part.anchor))
        self.blocks(part.blocks, 2 - shift)
        for section in part.sections:
            self.section(section, shift)

    def section(self, section: Section, shift: int = 0) -> None:
        self.orient(section.orientation)
        if section.new_page:
            self.emit("#pagebreak(weak: true)")
        level = section.level + 1 - shift
        blocks = section.blocks
        if section.run_in:
            self.run_in(section, level)
            blocks = blocks[1:]
        else:
            style = "table-heading" if section.table_heading else f"section-heading({section.level})"
            self.heading(style, level, section.body_heading, self.label(section.anchor))
        self.blocks(blocks, level + 1)
        for child in section.children:
            self.section(child, shift)

    def run_in(self, section: Section, level: int) -> None:
        """The heading in its type at the start of its first paragraph; the bookmark (and the 目录's
        target) a hidden heading of the same words just before it."""
        first = section.blocks[0]
        assert isinstance(first, Paragraph)
        mark = f"heading(level: {level}, outlined: false, bookmarked: true, {literal(first.lead)})"
        self.emit(f"#place(hide({mark})) {self.label(section.anchor)}")
        kind = "para" if first.style in ("body", "item") else "plain"
        self.emit(f"#{kind}(run-in({literal(first.lead + first.joint)}, {literal(first.text)}))")

    def blocks(self, blocks: list[Paragraph | Table], level: int) -> None:
        """Paragraphs and tables; a table's title is bookmarked one level under its heading."""
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph):
                kind = "para" if block.style in ("body", "item") else "plain"
                self.emit(f"#{kind}({literal(block.text)})")
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            self.table(block, level)
            # A form's further grid follows close under the one before it.
            closing = "2mm" if isinstance(following, Table) and following.continues else "6mm"
            self.emit(f"#v({closing}, weak: true)")

    def table(self, table: Table, level: int) -> None:
        if table.new_page:
            self.emit("#pagebreak(weak: true)")
        mark = f"heading(level: {level}, outlined: false, bookmarked: true, {literal(table.bookmark)})"
        if table.show_title:
            self.emit(f"#[#show heading: table-title({literal(table.title)}); #{mark}]")
        elif table.label and not table.continues:
            # Titled by the heading above: only a bookmark naming which form this is.
            self.emit(f"#place(hide({mark}))")
        if not table.continues:
            self.emit(f"#meta({literal(table.subtitle)}, {literal(table.unit_label)})")
        # The page it is on, which a wider table beside it in the section may have turned.
        page = self.paper[self.orientation]
        grid, height = _grid(table, page.text_width, TABLE_SIZE[self.orientation])
        self.emit(f"#{_kept(grid, height / page.text_height) if table.keep_together else grid}")
        for note in table.notes:
            self.emit(f"#note({literal(note)})")


# A grid to keep on one page whose height, estimated from its text, is below this share of a page
# surely fits; above the next, it surely does not. Between them Typst measures it, which costs a
# second layout of the grid. (The estimate is an upper bound: on the reference's 56 form grids it
# was 1.07 to 1.56 times the height Typst measured.)
SURELY_FITS = 0.9
NEVER_FITS = 1.6


def _kept(grid: str, pages: float) -> str:
    """A grid kept on one page if it fits on one (a merged cell split across pages loses its text)."""
    if pages <= SURELY_FITS:
        return f"block(breakable: false, {grid})"
    return grid if pages > NEVER_FITS else f"together({grid})"


def _grid(table: Table, text_width: float, size: float) -> tuple[str, float]:
    """The table's grid call at `size` points, and an upper estimate of its height in points.

    The grid has a zero-width first column, then the table's own columns. Rows compose keeps
    together share a cell of the zero-width column, which Typst never splits across pages; elsewhere
    the first cell of a row spans that column too, so it adds no cell of its own.
    """
    placed = place(table)
    widths = measured(table, placed, text_width, size * FIGURE_EM, CELL_PADDING)
    columns = "(0pt, " + "".join(f"{w:.2f}pt, " for w in widths) + ")"
    groups = _kept_groups(table)
    heads = len(table.header)
    header: list[str] = []
    body: list[str] = []
    covered_until = 0  # rows whose zero-width column a cell already fills
    for y, line in enumerate(placed):
        cells = header if y < heads else body
        first = line[0]
        widen = False
        if y >= covered_until:
            group = groups.get(y - heads)
            spanned = range(y, y + first.rowspan)
            if group:
                cells.append(f"keep({group})")
                covered_until = y + group
            elif not first.covered and not any(r - heads in groups for r in spanned):
                widen = True
                covered_until = y + first.rowspan
            else:
                cells.append("keep(1)")
                covered_until = y + 1
        for p in line:
            if not p.covered:
                cells.append(_cell(p, widen and p is first, note=not table.rows))
    code = f"grid-table({columns}, {size}pt, {_array(header)}, {_array(body)})"
    return code, _height(placed, widths, size)


def _height(placed: list[list[Placed]], widths: list[float], size: float) -> float:
    """At least the grid's height in points: each row as tall as its longest cell's lines, counting
    every character of Latin script as 0.7 em (its widest letters) and one more line where words wrap."""
    line = LINE_HEIGHT * size
    padding = 2 * (CELL_INSET + 0.2 * size)
    total = 0.0
    for row in placed:
        tallest = 1
        for p in row:
            if p.cell is None or p.covered:
                continue
            room = max(
                sum(widths[p.column : p.column + p.colspan]) - CELL_PADDING - p.cell.indent * size, size
            )
            lines = sum(max(1, ceil(_upper_ems(part) * size / room)) for part in p.cell.text.split("\n"))
            lines += 1 if " " in p.cell.text.strip() else 0
            tallest = max(tallest, ceil(lines / p.rowspan))
        total += tallest * line + padding
    return total


def _upper_ems(text: str) -> float:
    return sum(0.7 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _kept_groups(table: Table) -> dict[int, int]:
    """Body rows that start a run kept on one page, and how many rows the run has."""
    groups: dict[int, int] = {}
    start = None
    for at, row in enumerate(table.rows):
        if row.keep_with_next and start is None:
            start = at
        if not row.keep_with_next and start is not None:
            groups[start] = at - start + 1
            start = None
    if start is not None:
        groups[start] = len(table.rows) - start
    return groups


def _cell(p: Placed, widen: bool, note: bool) -> str:
    """A cell's call; `note` when the table has no rows (its only body cell is the empty note)."""
    cell = p.cell
    text = cell.text if cell is not None else ""
    args = [literal(text)]
    if cell is not None and cell.align is not Align.LEFT:
        args.append(f"a: {_ALIGN[cell.align]}")
    if p.emphasis and not p.header:
        args.append("b: true")
    if p.header:
        args.append('k: "h"')
    elif cell is not None and cell.is_label:
        args.append('k: "l"')
    elif note:
        args.append('k: "n"')
    colspan = p.colspan + (1 if widen else 0)
    if colspan > 1:
        args.append(f"cs: {colspan}")
    if p.rowspan > 1:
        args.append(f"rs: {p.rowspan}")
    if cell is not None and cell.indent:
        args.append(f"i: {cell.indent}")
    if cell is not None and len(cell.words) > 1:
        args.append(f"w: {_strings(list(cell.words))}")
    return f"cell({', '.join(args)})"
