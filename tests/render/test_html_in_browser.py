"""The HTML disclosure as Chromium lays it out: on a phone (390 px) and on a desktop (1400 px)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
