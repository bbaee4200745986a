"""Lay the document out in Word: title page, TOC field, headings, paragraphs, tables, page sections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Twips

from gen.compose.document import Document, Orientation, Paragraph, Part, Section, Table
from gen.render.word import fields
from gen.render.word.settings import Page
from gen.render.word.tables import TableStyles, word_table

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.section import Section as WordSection

PARAGRAPH_STYLES = {"body": "Body Text", "item": "Body Text", "note": "Note", "signature": "Signature"}
# A 目录 entry's page number before it is laid out: two digits wide, as most will be.
PAGE_PLACEHOLDER = "00"
# What follows w:outlineLvl in w:pPr (ECMA-376 CT_PPrBase, CT_PPr): Word wants the schema's order.
AFTER_OUTLINE_LEVEL = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


class Writer:
    """Appends the document to an emptied reference .docx, in reading order."""

    def __init__(self, word: WordDocument, doc: Document, landscape: Page | None = None) -> None:
        self.word = word
        self.doc = doc
        self.body = word.element.body
        self.names: dict[str, str] = {style.name.lower(): style.name for style in word.styles if style.name}
        self.table_styles = TableStyles(
            grid=self.style_id("Table Grid"),
            text=self.style_id("Table Text"),
            header=self.style_id("Table Header"),
            text_compact=self.style_id("Table Text Compact"),
            header_compact=self.style_id("Table Header Compact"),
            size=self._points("Table Text", 10),
            compact_size=self._points("Table Text Compact", 9),
        )
        self.orientation = Orientation.PORTRAIT
        _out_of_outline(self.word.styles[self._style_name("Table Heading")])
        first = word.sections[0]
        # The reference's page set-up (portrait), which landscape sections turn.
        self.portrait = (
            first.page_width,
            first.page_height,
            first.top_margin,
            first.right_margin,
            first.bottom_margin,
            first.left_margin,
        )
        self.landscape = landscape
        """The profile's own landscape page; None turns the portrait page."""
        self.bookmarks: dict[tuple[str, str], str] = {}
        self.page_refs: list[tuple[str, Any]] = []
        """Each 目录 entry's bookmark and the run that shows its page number (see pages.py)."""
        self.fresh_page = False
        """True right after a section break, where a page break before would leave a blank page."""

    def style_id(self, name: str) -> str:
        return str(self.word.styles[self._style_name(name)].style_id)

    def _points(self, style: str, default: float) -> float:
        """A style's font size as the reference document sets it (a district may have changed it)."""
        size = self.word.styles[self._style_name(style)].font.size
        return size.pt if size is not None else default

    # ------------------------------------------------------------------ building blocks

    def paragraph(self, text: str, style: str, *, page_break: bool | None = None) -> Any:
        p = self.word.add_paragraph(text, style=self.word.styles[self._style_name(style)])
        if page_break is not None or self.fresh_page:
            p.paragraph_format.page_break_before = False if self.fresh_page else page_break
            self.fresh_page = False
        return p

    def _style_name(self, name: str) -> str:
        return self.names[name.lower()]

    def _append(self, element: Any) -> None:
        self.body.sectPr.addprevious(element)

    def text_width(self) -> int:
        section = self.word.sections[-1]
        assert section.page_width is not None and section.left_margin is not None
        assert section.right_margin is not None
        return int((section.page_width - section.left_margin - section.right_margin) / 635)

    # ------------------------------------------------------------------ the document

    def write(self) -> None:
        self.page_numbers()
        self.title_page()
        self.toc()
        for part in self.doc.parts:
            self.part(part)

    def title_page(self) -> None:
        page = self.doc.title_page
        if not page.show:
            self.fresh_page = True  # the 目录 opens the first page
            return
        self.paragraph(page.title, "Title")
        for line in page.lines:
            self.paragraph(line, "Subtitle")

    def page_numbers(self) -> None:
        """第 X 页 共 Y 页 in the footer of every page but the title page (which still counts)."""
        first = self.word.sections[0]
        first.different_first_page_header_footer = self.doc.title_page.show
        first.first_page_footer.is_linked_to_previous = False
        footer = first.footer
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        p.style = self.word.styles[self._style_name("footer")]
        for child in [
            fields.run("第 "),
            *fields.field("PAGE", "1"),
            fields.run(" 页 共 "),
            *fields.field("NUMPAGES", "1"),
            fields.run(" 页"),
        ]:
            p._p.append(child)

    def _toc_entries(self) -> list[tuple[int, str, str]]:
        """(level, text, bookmark) for every heading the 目录 lists; bookmarks named in reading order."""
        entries = []
        for part in self.doc.parts:
            name = f"_Toc{len(self.bookmarks) + 1:04d}"
            self.bookmarks[(part.id, "")] = name
            entries.append((1, part.heading, name))
            for top in part.sections:
                for section in top.walk():
                    name = f"_Toc{len(self.bookmarks) + 1:04d}"
                    self.bookmarks[(part.id, section.id)] = name
                    if section.level <= self.doc.toc_depth:
                        entries.append((section.level + 1, section.heading, name))
        return entries

    @property
    def toc_levels(self) -> int:
        """The heading levels the 目录 lists: parts are 1, their sections 2 …"""
        return self.doc.toc_depth + 1

    def toc(self) -> None:
        """The 目录: a TOC field whose shown result already lists every entry, a link and a page number.

        How each reader treats it:
        - Word and WPS show the result as written until the field is updated, and rebuild it from
          paragraphs whose *style* has an outline level in range (\\o; MS-OI29500 2.1.504) and from
          TC fields (\\f); a paragraph's own outline level counts only with \\u, not used here.
        - LibreOffice shows the result as written (its DOCX import turns the PAGEREFs inside a TOC
          into text) and, when the index is updated, rebuilds it from every paragraph with an
          outline level in range, its own or its style's (\\o), and from TC fields (\\f).
        So the page numbers are written into the result (laid out by LibreOffice, see pages.py), and an
        entry whose text is not its heading's (一、2023年收支预算总表 over a table titled without its
        number) comes from a TC field, its heading kept out of the outline levels the field reads.
        """
        entries = self._toc_entries()
        self.paragraph(self.doc.toc_title, "TOC Heading")
        for index, (level, text, name) in enumerate(entries):
            p = self.paragraph("", f"toc {level}")._p
            if index == 0:
                for child in fields.field_begin(f'TOC \\o "1-{self.toc_levels}" \\f \\h \\z'):
                    p.append(child)
            reference = fields.field(f"PAGEREF {name} \\h", PAGE_PLACEHOLDER)
            self.page_refs.append((name, reference[3]))
            p.append(fields.hyperlink(name, [fields.run(text), fields.tab(), *reference]))
            if index == len(entries) - 1:
                p.append(fields.field_end())

    def heading(self, text: str, style: str, key: tuple[str, str], **kwargs: Any) -> Any:
        p = self.paragraph(text, style, **kwargs)
        name = self.bookmarks[key]
        fields.bookmark(p._p, name, int(name.removeprefix("_Toc")))
        return p

    def entry_field(self, p: Any, section: Section) -> None:
        """A heading the 目录 lists as other words (with its number) carries them in a TC field, and
        sits one outline level below what the 目录 reads: still in the navigation pane and the
        PDF bookmarks, never listed twice."""
        _set_outline(p.paragraph_format.element.get_or_add_pPr(), max(section.level, self.toc_levels))
        if section.level > self.doc.toc_depth:
            return
        quoted = section.heading.replace('"', "“")
        for child in fields.field(f'TC "{quoted}" \\l {section.level + 1}', ""):
            p._p.append(child)

    def part(self, part: Part) -> None:
        if part.orientation is not self.orientation:
            self.orient(part.orientation)
        self.heading(part.heading, "Heading 1", (part.id, ""))
        self.blocks(part.blocks)
        after_heading = not part.blocks
        for section in part.sections:
            self.section(part, section, follows_heading=after_heading)
            after_heading = False

    def section(self, part: Part, section: Section, *, follows_heading: bool) -> None:
        if section.orientation is not self.orientation:
            self.orient(section.orientation)
        key = (part.id, section.id)
        if section.table_heading:
            p = self.heading(
                section.body_heading, "Table Heading", key, page_break=False if follows_heading else None
            )
            self.entry_field(p, section)
        else:
            p = self.heading(section.body_heading, f"Heading {min(section.level + 1, 4)}", key)
            if section.body_heading != section.heading:
                self.entry_field(p, section)
        self.blocks(section.blocks)
        for child in section.children:
            self.section(part, child, follows_heading=False)

    def blocks(self, blocks: list[Paragraph | Table]) -> None:
        for block in blocks:
            if isinstance(block, Table):
                if block.continues:
                    self.table_grid(block)
                else:
                    self.table(block)
            else:
                self.paragraph(block.text, PARAGRAPH_STYLES.get(block.style, "Body Text"))

    def table(self, table: Table) -> None:
        if table.show_title:
            self.paragraph(table.title, "Table Title", page_break=table.new_page)
        width = self.text_width()
        meta = self.paragraph("", "Table Unit")
        if table.subtitle:
            meta.add_run(table.subtitle)
            meta.add_run("\t")
            meta.paragraph_format.tab_stops.add_tab_stop(Twips(width), alignment=WD_TAB_ALIGNMENT.RIGHT)
        else:
            meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        meta.add_run(table.unit_label)
        self._append(word_table(table, width, self.table_styles))
        for note in table.notes:
            self.paragraph(note, "Table Note")

    def table_grid(self, table: Table) -> None:
        """A further grid of a form: only a small gap above it (adjacent Word tables would merge)."""
        self.paragraph("", "Table Unit")
        self._append(word_table(table, self.text_width(), self.table_styles))
        for note in table.notes:
            self.paragraph(note, "Table Note")

    def orient(self, orientation: Orientation) -> None:
        """Start a new page section in `orientation`; Word needs both the flag and swapped sizes."""
        section: WordSection = self.word.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        landscape = orientation is Orientation.LANDSCAPE
        page = self.portrait
        if landscape and self.landscape:
            page = self.landscape
        elif landscape:
            # Turn the page: size and margins rotate with it (the orientation flag alone does not).
            width, height, top, right, bottom, left = page
            page = (height, width, left, top, right, bottom)
        (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.right_margin,
            section.bottom_margin,
            section.left_margin,
        ) = page
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        self.orientation = orientation
        self.fresh_page = True


def _set_outline(ppr: Any, level: int) -> None:
    """The outline level (0 = level 1, 9 = body text) in its place among the paragraph properties."""
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    ppr.insert_element_before(fields.element("w:outlineLvl", val=str(level)), *AFTER_OUTLINE_LEVEL)


def _out_of_outline(style: Any) -> None:
    """A style whose paragraphs a TOC field's \\o must not read (Word reads a style's outline level,
    inherited too): body text (9); each paragraph gets its own level (Writer.entry_field)."""
    _set_outline(style.element.get_or_add_pPr(), 9)
