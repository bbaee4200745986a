"""The 目录's page numbers, laid out by LibreOffice.

A page number exists only once a word processor has laid the pages out, and a TOC field shows what
its result holds: Word and WPS until the field is updated, LibreOffice always (it turns the PAGEREFs
in a TOC into text). So the document is laid out once by LibreOffice (headless, on a copy, with its
own settings folder) and the page each heading's bookmark lands on is written into the 目录. Word
lays text out much as LibreOffice does with the same styles (exact line pitches, fixed table widths,
explicit page breaks); it refreshes the numbers itself when it updates the field.

Without LibreOffice, or when it fails or runs too long, the numbers are left out and the build says
so; the pages of one DOCX are cached by its bytes (the same document, the same pages).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gen.load.cache import cache_folder

# LibreOffice needs a few seconds for a disclosure; far longer means it is stuck.
TIMEOUT = 180
# The official fonts a DOCX names, to the open fonts of the same widths on a machine without them.
FONTCONFIG = Path(__file__).with_name("fontconfig.xml")
EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
FORMAT = b"budgetdoc-pages-1\n"
DESTINATION = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$')


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _pdf_name(bookmark: str) -> str:
    """LibreOffice writes a bookmark's name into the PDF with each character outside [A-Za-z0-9] as
    its hex code (_Toc0001 → 5FToc0001)."""
    return "".join(c if c.isascii() and c.isalnum() else f"{ord(c):02X}" for c in bookmark)


def bookmark_pages(docx: bytes, bookmarks: Iterable[str]) -> dict[str, int] | None:
    """The page (from 1, the title page counted) each bookmark is on, as LibreOffice lays `docx` out;
    None without LibreOffice or when it fails."""
    wanted = list(bookmarks)
    # Other fonts installed, other pages: the fonts are part of what the pages are cached by.
    key = hashlib.sha256(FORMAT + _fonts() + docx).hexdigest()
    entry = cache_folder() / "pages" / f"{key}.json"
    try:
        pages: dict[str, int] = json.loads(entry.read_text(encoding="utf-8"))
        if all(name in pages for name in wanted):
            return pages
    except (OSError, ValueError):
        pass
    found = _laid_out(docx, wanted)
    if found is not None:
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            partial = entry.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(found), encoding="utf-8")
            partial.replace(entry)
        except OSError:
            pass  # a read-only home or a full disk: the next build lays it out again
    return found


def _fonts() -> bytes:
    try:
        listing = subprocess.run(
            ["fc-list", ":", "family", "style"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return b""
    return b"\n".join(sorted(listing.stdout.splitlines()))


def _laid_out(docx: bytes, wanted: list[str]) -> dict[str, int] | None:
    program = soffice()
    if program is None or shutil.which("pdfinfo") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="budgetdoc-pages-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG), "HOME": work}
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    EXPORT,
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                timeout=TIMEOUT,
                env=env,
                check=False,
                stdin=subprocess.DEVNULL,
            )
            pdf = folder / "document.pdf"
            if not pdf.is_file():
                return None
            listing = subprocess.run(
                ["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, timeout=60, check=False
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            return None
    on_page = {m.group(2): int(m.group(1)) for line in listing.splitlines() if (m := DESTINATION.match(line))}
    pages = {name: on_page[_pdf_name(name)] for name in wanted if _pdf_name(name) in on_page}
    return pages if len(pages) == len(wanted) else None
