"""Office files from users (input workbooks, a profile's reference.docx) are zips of XML parts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

# What may come before the root element: the XML declaration, processing instructions, comments.
_PROLOG_ITEM = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.DOTALL)


def declaring_part(path: Path) -> str | None:
    """The first XML part whose prolog has a DOCTYPE, where entities could name a local file or expand
    without end. Excel, WPS and Word never write one. Raises zipfile.BadZipFile (or zlib.error) for a
    damaged zip."""
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith((".xml", ".rels")) and _has_doctype(archive.read(name)):
                return name
    return None


def _has_doctype(data: bytes) -> bool:
    text = data.replace(b"\x00", b"")  # UTF-16 parts too
    position = 0
    while match := _PROLOG_ITEM.match(text, position):
        position = match.end()
    return text[position:].lstrip().startswith(b"<!DOCTYPE")
