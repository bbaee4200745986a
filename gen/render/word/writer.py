"""Lay the document out in Word: title page, TOC field, headings, paragraphs, tables, page sections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from gen.compose.document import Document, Entry, Orientation, Paragraph, Part, Section, Table
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
        self.bookmarks: dict[str, str] = {}
        """Each part's and section's bookmark name, by its anchor."""
        self.entries: dict[str, Entry] = {}
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
        self.name_bookmarks()
        self.page_numbers()
        self.title_page()
        if self.doc.show_toc:
            self.toc()
        for part in self.doc.parts:
            self.part(part)

    def title_page(self) -> None:
        page = self.doc.title_page
        if page.show:
            self.paragraph(page.title, "Title")
            for line in page.lines:
                self.paragraph(line, "Subtitle")
            return
        if page.as_heading:
            # The title opens the first page: the cover's space above and below it is not wanted here.
            title = self.paragraph(page.title, "Title", page_break=False)
            title.paragraph_format.space_before = Pt(0)
            title.paragraph_format.space_after = Pt(18)
        self.fresh_page = True  # the 目录 (or the first part) goes on the first page

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

    def name_bookmarks(self) -> None:
        """Every part and section a bookmark (the target of its 目录 line), named in reading order."""
        for part in self.doc.parts:
            anchors = [part.anchor, *(s.anchor for top in part.sections for s in top.walk())]
            for anchor in anchors:
                self.bookmarks[anchor] = f"_Toc{len(self.bookmarks) + 1:04d}"
        self.entries = {e.anchor: e for top in self.doc.contents for e in top.walk()}

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
        So the page numbers are written into the result (laid out by LibreOffice, see pages.py), and a
        line whose text or level is not its heading's (一、2023年收支预算总表 over a table titled without
        its number, the profile's own wording, a run-in heading) comes from a TC field (see mark).
        """
        entries = [e for top in self.doc.contents for e in top.walk()]
        self.paragraph(self.doc.toc_title, "TOC Heading")
        for index, entry in enumerate(entries):
            p = self.paragraph("", f"toc {entry.level}")._p
            if index == 0:
                for child in fields.field_begin(f'TOC \\o "1-{self.toc_levels}" \\f \\h \\z'):
                    p.append(child)
            name = self.bookmarks[entry.anchor]
            reference = fields.field(f"PAGEREF {name} \\h", PAGE_PLACEHOLDER)
            self.page_refs.append((name, reference[3]))
            p.append(fields.hyperlink(name, [fields.run(entry.text), fields.tab(), *reference]))
            if index == len(entries) - 1:
                p.append(fields.field_end())

    def mark(self, p: Any, anchor: str, printed: str | None = None, level: int | None = None) -> None:
        """Bookmark the paragraph as the target of `anchor`'s 目录 line.

        `printed` and `level` are what a TOC's \\o reads of it: its text and its heading style's
        level (None for a paragraph of body text). Where the 目录 line says the same at the same
        level, \\o lists it; otherwise a TC field carries the line, and the heading sits one outline
        level below what the 目录 reads: still in the navigation pane and the PDF bookmarks, never
        listed twice.
        """
        name = self.bookmarks[anchor]
        fields.bookmark(p._p, name, int(name.removeprefix("_Toc")))
        entry = self.entries.get(anchor)
        if level is not None and entry is not None and (entry.text, entry.level) == (printed, level):
            return
        if level is not None and level <= self.toc_levels:
            _set_outline(p.paragraph_format.element.get_or_add_pPr(), max(level - 1, self.toc_levels))
        if entry is not None:
            text = entry.text.replace('"', "“")
            for child in fields.field(f'TC "{text}" \\l {entry.level}', ""):
                p._p.append(child)

    def heading(self, text: str, style: str, anchor: str, level: int, **kwargs: Any) -> Any:
        """A heading paragraph at `level` (its style's, or the outline level it is given)."""
        p = self.paragraph(text, style, **kwargs)
        self.mark(p, anchor, text, level)
        return p

    def part(self, part: Part) -> None:
        if part.orientation is not self.orientation:
            self.orient(part.orientation)
        if part.show_heading:
            self.heading(
                part.heading, "Heading 1", part.anchor, 1, page_break=None if part.new_page else False
            )
        self.blocks(part.blocks)
        for index, section in enumerate(part.sections):
            # A part without a heading still starts a page: at its first section.
            starts = index == 0 and not part.show_heading and not part.blocks and part.new_page
            self.section(part, section, starts_page=starts)

    def section(self, part: Part, section: Section, *, starts_page: bool = False) -> None:
        if section.orientation is not self.orientation:
            self.orient(section.orientation)
        page_break = True if starts_page or section.new_page else None
        if section.table_heading:
            # Compose says which table headings open a page; the style's own break is overridden. The
            # style has no outline level (a 目录's \\o must not read it): each heading is given its own.
            p = self.paragraph(section.body_heading, "Table Heading", page_break=bool(page_break))
            _set_outline(p.paragraph_format.element.get_or_add_pPr(), section.level)
            self.mark(p, section.anchor, section.body_heading, section.level + 1)
        elif section.run_in:
            self.run_in(section, page_break)
        else:
            level = min(section.level + 1, 4)
            self.heading(
                section.body_heading, f"Heading {level}", section.anchor, level, page_break=page_break
            )
        self.blocks(section.blocks[1:] if section.run_in else section.blocks)
        for child in section.children:
            self.section(part, child)

    def run_in(self, section: Section, page_break: bool | None) -> None:
        """The heading in its own type at the start of the first paragraph, on the same line."""
        first = section.blocks[0]
        assert isinstance(first, Paragraph)
        p = self.paragraph("", PARAGRAPH_STYLES.get(first.style, "Body Text"), page_break=page_break)
        style = self.word.styles[self._style_name(f"Heading {min(section.level + 1, 4)}")]
        fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
        lead = p.add_run(first.lead + first.joint)
        lead.bold = True
        east_asian = fonts.get(qn("w:eastAsia")) if fonts is not None else None
        if east_asian:
            lead._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
        p.add_run(first.text)
        self.mark(p, section.anchor)

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
    inherited too): body text (9); each paragraph gets its own level (Writer.mark)."""
    _set_outline(style.element.get_or_add_pPr(), 9)
