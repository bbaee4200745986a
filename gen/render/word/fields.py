"""WordprocessingML built by hand: elements, runs, fields (PAGE, NUMPAGES, TOC, PAGEREF), bookmarks."""

from __future__ import annotations

from functools import cache
from typing import Any

from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser


@cache
def _name(tag: str) -> tuple[str, dict[str, str]]:
    """A prefixed tag's Clark name and namespace map, as python-docx's OxmlElement works them out
    (each time: a third of the DOCX's rendering, for ~50,000 elements)."""
    prefixed = NamespacePrefixedTag(tag)
    return prefixed.clark_name, prefixed.nsmap


@cache
def _attribute(key: str) -> str:
    return qn(f"w:{key}")


def element(tag: str, parent: Any = None, **attrs: str) -> Any:
    """`<w:tag w:key="value" …/>`, appended to `parent` when given."""
    clark, nsmap = _name(tag)
    el = oxml_parser.makeelement(clark, nsmap=nsmap)
    for key, value in attrs.items():
        el.set(_attribute(key), value)
    if parent is not None:
        parent.append(el)
    return el


def _text(parent: Any, tag: str, text: str) -> None:
    el = element(tag, parent)
    el.text = text
    el.set(qn("xml:space"), "preserve")


def run(text: str = "", *, bold: bool = False, spacing: int = 0) -> Any:
    """A run of `text`; `spacing` widens its letters (twentieths of a point), the text unchanged."""
    r = element("w:r")
    if bold or spacing:
        rpr = element("w:rPr", r)
    if bold:
        element("w:b", rpr)
        element("w:bCs", rpr)
    if spacing:
        element("w:spacing", rpr, val=str(spacing))
    if text:
        _text(r, "w:t", text)
    return r


def _char(kind: str) -> Any:
    r = element("w:r")
    # A field's begin is marked dirty: Word recomputes it on open.
    element("w:fldChar", r, fldCharType=kind, **({"dirty": "true"} if kind == "begin" else {}))
    return r


def field_begin(instruction: str) -> list[Any]:
    """The runs that open a field and start its displayed result."""
    r = element("w:r")
    _text(r, "w:instrText", f" {instruction} ")
    return [_char("begin"), r, _char("separate")]


def field_end() -> Any:
    return _char("end")


def field(instruction: str, shown: str) -> list[Any]:
    """A complete field with `shown` as its result until the viewer updates it."""
    return [*field_begin(instruction), run(shown), field_end()]


def bookmark(paragraph: Any, name: str, number: int) -> None:
    """Wrap the paragraph's runs in a bookmark (the target of a TOC entry)."""
    start = element("w:bookmarkStart", id=str(number), name=name)
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph.insert(0, start)
    element("w:bookmarkEnd", paragraph, id=str(number))


def hyperlink(anchor: str, children: list[Any]) -> Any:
    link = element("w:hyperlink", anchor=anchor, history="1")
    for child in children:
        link.append(child)
    return link


def tab() -> Any:
    r = element("w:r")
    element("w:tab", r)
    return r
