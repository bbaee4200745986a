"""The HTML disclosure as Chromium lays it out: on a phone (390 px) and on a desktop (1400 px)."""

from __future__ import annotations

import base64
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from gen.compose.document import Orientation
from gen.pipeline import Checked
from gen.render import RenderJob
from gen.render.html import HtmlRenderer
from tests.browser import chromium

# A column of a data table is never narrower than two characters of its text and its padding.
LEAST_COLUMN = """
return [...document.querySelectorAll('table.data')].map(table => {
  const cells = [...table.querySelectorAll('th, td')].filter(c => c.colSpan === 1 && c.textContent.trim());
  const narrowest = Math.min(...cells.map(c => {
    const style = getComputedStyle(c);
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const least = 2 * parseFloat(style.fontSize) + padding;
    return c.getBoundingClientRect().width - least;
  }));
  return [table.querySelector('caption').textContent, Math.round(narrowest)];
});
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium(Path(tempfile.mkdtemp(prefix="budgetdoc-downloads-"))) as driver:
        yield driver


@pytest.fixture(scope="module", params=["wuhan", "national"])
def page(request: pytest.FixtureRequest, jianghan: Checked, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / f"{request.param}.html"
    path.write_bytes(HtmlRenderer().render(RenderJob(jianghan.computed, request.param)))
    return path


@pytest.mark.parametrize("width", [390, 1400])
def test_no_table_is_squeezed_to_a_character_a_line(browser: Any, page: Path, width: int) -> None:
    browser.set_window_size(width, 900)
    browser.get(page.as_uri())
    squeezed = [(title, short) for title, short in browser.execute_script(LEAST_COLUMN) if short < 0]
    assert not squeezed, squeezed


@pytest.fixture(scope="module")
def printed(browser: Any, page: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[bool, str]]:
    """The page printed from Chromium as the browser's own PDF: each sheet's orientation and text."""
    browser.set_window_size(1400, 900)
    browser.get(page.as_uri())
    pdf = tmp_path_factory.mktemp("print") / "printed.pdf"
    pdf.write_bytes(
        base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    )
    reader = PdfReader(pdf)
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert all(sorted((round(w), round(h))) == [595, 842] for w, h in sizes), "A4, not Letter"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(w > h, re.sub(r"\s+", "", t)) for (w, h), t in zip(sizes, text.split("\f"), strict=False)]


def test_printed_from_a_browser_as_the_pdf_is(
    printed: list[tuple[bool, str]], jianghan: Checked, page: Path
) -> None:
    """A4 (above), wide tables on landscape sheets and the rest portrait, page numbers in the footer,
    and every table's title on the sheet where its table starts."""
    document = RenderJob(jianghan.computed, page.stem).document
    first_part = next(
        i for i, (_, t) in enumerate(printed) if document.parts[0].heading.replace(" ", "") in t and i > 1
    )
    sheets = printed[first_part:]
    total = len(printed)
    assert all(f"第{first_part + i + 1}页共{total}页" in t for i, (_, t) in enumerate(sheets))
    titles = [t.title for t in document.tables() if not t.continues]
    checked = 0
    for table in document.tables():
        if table.continues or titles.count(table.title) > 1 or not table.header:
            continue
        title = re.sub(r"\s+", "", table.title)
        on = [index for index, (_, text) in enumerate(sheets) if title in text]
        assert on, table.title
        landscape, text = sheets[on[0]]
        assert landscape == (table.orientation is Orientation.LANDSCAPE), table.title
        assert re.sub(r"\s+", "", table.header[0][0].text) in text, f"{table.title}: title without its table"
        checked += 1
    assert checked >= 8
