"""profile.yaml's paper, margins, fonts and title page, read back from each format."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from docx.shared import Length
from pypdf import PdfReader

from gen.pipeline import Checked
from gen.render import ChosenPdf, RenderJob
from gen.render.html import HtmlRenderer
from gen.render.word import DocxRenderer
from tests.profiles import write_profile
from tests.render.test_pdf import font_family

MM = 72 / 25.4  # PDF points per millimetre
SETTINGS = """\
name: paper
extends: national
title_page: {show: false}
page:
  size: B5
  margins: {top: 30, bottom: 25, left: 20, right: 20}
  landscape_margins: {top: 12, bottom: 12, left: 15, right: 15}
fonts: {body: 仿宋_GB2312, heading: 黑体, title: 方正小标宋简体, table: Noto Sans CJK SC, body_size: 14}
parts:
  - id: tables
    title: 公开表
    sections:
      - {id: t_summary, title: 收支总表, table: summary}
      - {id: t_projects, title: 项目表, table: projects}
"""


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory, jianghan: Checked) -> RenderJob:
    folder = write_profile(tmp_path_factory.mktemp("profiles"), "paper", SETTINGS)
    return RenderJob(jianghan.computed, str(folder))


def test_html_names_the_fonts_and_has_no_title_page(job: RenderJob) -> None:
    page = HtmlRenderer().render(job).decode()
    assert '--body-font: "仿宋_GB2312", var(--serif);' in page
    assert '--heading-font: "黑体", var(--sans);' in page
    assert not lxml.html.fromstring(page).cssselect(".title-page")


@pytest.mark.parametrize("engine", ["typst", "weasyprint"])
def test_pdf_pages_have_the_paper_and_the_table_font(job: RenderJob, engine: str) -> None:
    job = replace(job, pdf_engine=engine, notices=[])
    data = ChosenPdf().render(job)
    reader = PdfReader(io.BytesIO(data))
    sizes = {
        (round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in reader.pages
    }
    assert sizes == {(176, 250), (250, 176)}  # B5 portrait, and landscape for the wide 项目表
    assert "目录" in (reader.pages[0].extract_text() or "").replace(" ", "")  # no title page: the 目录 opens
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[union-attr]
    }
    # Table cells are regular weight; the stylesheet's own sans (headings) is bold only.
    assert "notosanscjksc" in {font_family(f) for f in fonts}
    assert any("仿宋_GB2312" in n for n in job.notices) or "仿宋_GB2312" in _installed()


def _installed() -> str:
    import subprocess

    return subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout


def test_docx_sections_and_styles_carry_the_settings(job: RenderJob) -> None:
    word = docx.Document(io.BytesIO(DocxRenderer().render(job)))
    portrait, landscape = word.sections[0], word.sections[-1]

    def mm(*lengths: Length | None) -> list[int]:
        return [round(length.mm) if length is not None else -1 for length in lengths]

    assert mm(portrait.page_width, portrait.page_height, portrait.top_margin, portrait.left_margin) == [
        176,
        250,
        30,
        20,
    ]
    assert mm(landscape.page_width, landscape.page_height, landscape.top_margin, landscape.left_margin) == [
        250,
        176,
        12,
        15,
    ]

    def east_asian(style: str) -> str | None:
        fonts = word.styles[style].element.rPr.rFonts
        return fonts.get(qn("w:eastAsia")) if fonts is not None else None

    assert east_asian("Normal") == "仿宋_GB2312"
    assert east_asian("Heading 1") == "黑体"
    assert east_asian("Title") == "方正小标宋简体"
    assert east_asian("Table Text") == "Noto Sans CJK SC"
    assert word.styles["Normal"].font.size.pt == 14
    # The 目录's page numbers follow the narrower B5 text width (176 − 20 − 20 mm).
    tabs = [t.get(qn("w:pos")) for t in word.styles["toc 1"].element.iter(qn("w:tab"))]
    assert tabs == [str(round(136 / 25.4 * 1440))]
    title, toc = word.paragraphs[:2]  # no title page: the title heads the first page, the 目录 under it
    assert (title.style.name, title.text) == ("Title", "武汉市公安局江汉区分局2023年部门预算")
    assert toc.text == "目录" and not toc.paragraph_format.page_break_before
    assert not portrait.different_first_page_header_footer  # page numbers from the first page
