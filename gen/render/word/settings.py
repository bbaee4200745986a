"""profile.yaml's page and font settings applied to the reference .docx before the document is written."""

from __future__ import annotations

from typing import Any

from gen.compose.profile import Profile

# Which reference styles each font role sets.
FONT_STYLES = {
    "title": ("Title",),
    "heading": (
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "TOC Heading",
        "toc 1",
        "Table Heading",
        "Table Title",
        "Table Header",
        "Table Header Compact",
    ),
    "body": (
        "Normal",
        "Body Text",
        "Heading 4",
        "Subtitle",
        "Note",
        "Signature",
        "toc 2",
        "toc 3",
        "footer",
        "header",
    ),
    "table": ("Table Text", "Table Text Compact", "Table Unit", "Table Note"),
}
# The 目录's page numbers sit at a right tab at the text width, which the page settings change.
TOC_STYLES = ("toc 1", "toc 2", "toc 3")
BODY_STYLES = ("Normal", "Body Text")

Page = tuple[Any, Any, Any, Any, Any, Any]
"""Width, height, top, right, bottom, left, in python-docx lengths."""


def apply_page(word: Any, spec: Profile) -> Page | None:
    """Set the first section's paper and margins; the landscape page, when the profile sets its own."""
    from docx.shared import Mm

    section = word.sections[0]
    setting = spec.page
    if setting.paper:
        section.page_width, section.page_height = Mm(setting.paper[0]), Mm(setting.paper[1])
    if setting.margins:
        m = setting.margins
        section.top_margin, section.right_margin = Mm(m.top), Mm(m.right)
        section.bottom_margin, section.left_margin = Mm(m.bottom), Mm(m.left)
    _move_toc_tabs(word, section)
    if setting.landscape_margins is None:
        return None  # the writer turns the portrait page, margins and all
    m = setting.landscape_margins
    return (section.page_height, section.page_width, Mm(m.top), Mm(m.right), Mm(m.bottom), Mm(m.left))


def _move_toc_tabs(word: Any, section: Any) -> None:
    from docx.oxml.ns import qn

    width = str(int((section.page_width - section.left_margin - section.right_margin) / 635))  # EMU → twips
    names = {style.name.lower(): style for style in word.styles if style.name}
    for name in TOC_STYLES:
        style = names.get(name)
        if style is None:
            continue
        for tab in style.element.iter(qn("w:tab")):
            if tab.get(qn("w:val")) == "right":
                tab.set(qn("w:pos"), width)


def apply_fonts(word: Any, spec: Profile) -> None:
    """Name the profile's fonts on the styles (the East Asian slot, which Word uses for Chinese)."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    names = {style.name.lower(): style for style in word.styles if style.name}
    for role, styles in FONT_STYLES.items():
        font = getattr(spec.fonts, role)
        if not font:
            continue
        for name in styles:
            style = names.get(name.lower())
            if style is not None:
                fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
                fonts.set(qn("w:eastAsia"), font)
                # A theme font, which Word may add when the reference is edited, would win over the name.
                fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    if spec.fonts.body_size:
        for name in BODY_STYLES:
            style = names.get(name.lower())
            if style is not None:
                style.font.size = Pt(spec.fonts.body_size)
