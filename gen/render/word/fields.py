"""Word fields (PAGE, NUMPAGES, TOC, PAGEREF) and bookmarks, as raw WordprocessingML."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def run(text: str = "", *, bold: bool = False) -> Any:
    r = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        rpr.append(OxmlElement("w:bCs"))
        r.append(rpr)
    if text:
        t = OxmlElement("w:t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
        r.append(t)
    return r


def _char(kind: str) -> Any:
    r = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recomputes it on open
    r.append(char)
    return r


def field_begin(instruction: str) -> list[Any]:
    """The runs that open a field and start its displayed result."""
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r.append(instr)
    return [_char("begin"), r, _char("separate")]


def field_end() -> Any:
    return _char("end")


def field(instruction: str, shown: str) -> list[Any]:
    """A complete field with `shown` as its result until the viewer updates it."""
    return [*field_begin(instruction), run(shown), field_end()]


def bookmark(paragraph: Any, name: str, number: int) -> None:
    """Wrap the paragraph's runs in a bookmark (the target of a TOC entry)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(end)


def hyperlink(anchor: str, children: list[Any]) -> Any:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    for child in children:
        link.append(child)
    return link


def tab() -> Any:
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:tab"))
    return r
