"""The HTML disclosure: golden file, the reference's titles and numbers, semantics, escaping."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement

from gen.compute.budget import compute
from gen.pipeline import Checked
from gen.render import RenderJob
from gen.render.html import HtmlRenderer
from tests.reference import NUMERIC_TABLES, amounts, toc_tables

GOLDEN = Path(__file__).parent / "golden" / "jianghan-2023.html"


@pytest.fixture(scope="module")
def html(jianghan: Checked) -> str:
    return HtmlRenderer().render(RenderJob(jianghan.computed, "wuhan")).decode("utf-8")


@pytest.fixture(scope="module")
def page(html: str) -> HtmlElement:
    return lxml.html.fromstring(html)


def _plain(title: str) -> str:
    return title.replace("（", "(").replace("）", ")")


def _tables_by_title(page: HtmlElement) -> dict[str, list[HtmlElement]]:
    """Each figure's title: its own title line, the heading it is labelled by, or its form's title."""
    found: dict[str, list[HtmlElement]] = {}
    title = ""
    for figure in page.cssselect("figure.table-block"):
        if "continues" not in figure.get("class", "").split():
            wrap = figure.cssselect(".table-wrap")[0]
            title = _plain(page.get_element_by_id(wrap.get("aria-labelledby")).text_content().strip())
        found.setdefault(title, []).append(figure)
    return found


def test_golden(html: str, update_golden: bool) -> None:
    """After an intended change: `pytest tests/render/test_html.py --update-golden`, then review the diff."""
    if update_golden or not GOLDEN.exists():
        GOLDEN.write_text(html, encoding="utf-8")
    assert html == GOLDEN.read_text(encoding="utf-8"), "HTML differs from the golden file (see the docstring)"


@pytest.mark.parametrize("title", NUMERIC_TABLES)
def test_every_reference_number_is_in_its_table(page: HtmlElement, title: str) -> None:
    figures = _tables_by_title(page)[_plain(title)]
    cells = Counter(td.text_content().strip() for f in figures for td in f.cssselect("td"))
    expected = Counter(amounts(title))
    assert expected, title
    missing = expected - cells
    assert not missing, f"{title}: {dict(missing)}"


def test_every_table_has_its_reference_title_right_before_it(page: HtmlElement) -> None:
    titles = [_plain(t) for t in _tables_by_title(page)]
    toc = [_plain(title) for title in toc_tables()]
    assert len(toc) == 14
    assert titles == toc
    for figure in page.cssselect("figure.table-block"):
        previous = figure.getprevious()
        if "continues" in figure.get("class", "").split():
            # A further grid of a form: right after the form's previous grid, with no title or unit line.
            assert "table-block" in previous.get("class", "") and not figure.cssselect(
                ".table-title, .table-meta"
            )
            continue
        own_title = figure.cssselect("p.table-title")
        assert own_title or (previous is not None and previous.tag == "h3"), figure.get("id")
        assert figure.cssselect(".table-unit")[0].text_content() == "单位：万元"


def test_empty_fund_table_prints_its_note(page: HtmlElement) -> None:
    figure = _tables_by_title(page)["2023年政府性基金预算支出表"][0]
    assert figure.cssselect("td.empty-note")[0].text_content() == "本单位无政府性基金预算安排的支出"


def test_the_page_is_standalone_and_semantic(page: HtmlElement, html: str) -> None:
    assert page.get("lang") == "zh-CN"
    assert page.cssselect('meta[name="viewport"]')
    assert not page.cssselect("script, link, img, iframe")
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "url(" not in html and "@import" not in html
    for th in page.cssselect("thead th"):
        assert th.get("scope") in ("col", "colgroup")
    for th in page.cssselect("tbody th"):
        assert th.get("scope") == "row"
    for td in page.cssselect("td.right"):
        text = td.text_content().strip()
        assert text == "" or re.fullmatch(r"-?[\d,]+(\.\d+)?%?", text), text
    # Zero is a blank cell, never "0.00".
    assert not [td for td in page.cssselect("td.right") if td.text_content().strip() == "0.00"]


def test_toc_links_every_part_and_section(page: HtmlElement) -> None:
    targets = [a.get("href")[1:] for a in page.cssselect("nav.toc a")]
    assert len(targets) == len(set(targets)) > 40
    for target in targets:
        assert page.get_element_by_id(target) is not None


def test_codes_nest_visibly(page: HtmlElement) -> None:
    figure = _tables_by_title(page)["2023年支出预算总表"][0]
    rows = {tr.cssselect("td")[0].text_content(): tr for tr in figure.cssselect("tbody tr")}
    assert rows["204"].get("class").split()[:2] == ["row-class", "emphasis"]
    assert "indent-1" in rows["20402"].cssselect("td")[1].get("class")
    assert "indent-2" in rows["2040201"].cssselect("td")[1].get("class")


def test_user_text_is_printed_literally(jianghan: Checked) -> None:
    budget = jianghan.computed.budget.model_copy(deep=True)
    budget.narrative.purchased_services_usage = "<script>alert(1)</script>{{ 7*7 }}"
    budget.projects[0].name = "<b>项目</b>{% raw %}"
    computed = compute(budget, jianghan.computed.codes, jianghan.computed.prior)
    html = HtmlRenderer().render(RenderJob(computed, "wuhan")).decode("utf-8")
    assert "<script>" not in html and "<b>项目" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in html
    assert "&lt;b&gt;项目&lt;/b&gt;{% raw %}" in html
