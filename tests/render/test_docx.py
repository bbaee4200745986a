"""The DOCX disclosure, read back with python-docx, and converted by LibreOffice."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from gen.compose.document import Document, Orientation
from gen.compose.templating import ProfileTemplateError
from gen.pipeline import Checked
from gen.render import RenderJob
from gen.render.word import render_docx
from gen.render.word.reference import REFERENCE, build_default_reference
from tests.conftest import ROOT
from tests.office import libreoffice_pdf
from tests.reference import AMOUNT, NUMERIC_TABLES, amounts, toc_tables

FONTCONFIG = ROOT / "gen" / "render" / "word" / "fontconfig.xml"


class Built:
    def __init__(self, data: bytes, document: Document) -> None:
        self.data = data
        self.document = document
        self.word: WordDocument = docx.Document(io.BytesIO(data))
        self.body = self.word.element.body

    def styled(self, name: str) -> list[str]:
        return [p.text for p in self.word.paragraphs if p.style is not None and p.style.name == name]

    def tables_in_order(self) -> list[tuple[Any, str, int]]:
        """Each w:tbl with the title printed above it and the index of the Word section it is in."""
        found = []
        title = ""
        section = 0
        for element in self.body.iterchildren():
            if element.tag == qn("w:p"):
                style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                name = self.word.styles.get_by_id(style.get(qn("w:val")), 1).name if style is not None else ""
                if name in {"Table Heading", "Table Title"}:
                    title = _text(element)
                if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
                    section += 1
            elif element.tag == qn("w:tbl"):
                found.append((element, title, section))
        return found


@pytest.fixture(scope="module")
def built(jianghan: Checked) -> Built:
    job = RenderJob(jianghan.computed, "wuhan")
    return Built(render_docx(job), job.document)


def _cells(tbl: Any) -> list[Any]:
    return list(tbl.iter(qn("w:tc")))


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def test_headings_use_word_heading_styles(built: Built) -> None:
    doc = built.document
    assert built.styled("Heading 1") == [part.heading for part in doc.parts]
    sections = [s for part in doc.parts for top in part.sections for s in top.walk()]
    tables_first = [s for s in sections if s.blocks and s.blocks[0] in doc.tables()]
    assert built.styled("Table Heading") == [s.body_heading for s in tables_first]
    others = [s for s in sections if s not in tables_first]
    assert built.styled("Heading 2") == [s.body_heading for s in others if s.level == 1]
    assert built.styled("Heading 3") == [s.body_heading for s in others if s.level == 2]
    heading = built.word.styles["Table Heading"]
    assert heading.base_style is not None and heading.base_style.name == "Heading 2"
    # In the navigation pane and the bookmarks below the levels the 目录 reads (it lists them by TC).
    levels = [
        _outline_level(built, p, direct=True)
        for p in built.body.iter(qn("w:p"))
        if _style(built, p) == "Table Heading"
    ]
    assert levels and set(levels) == {3}


def test_every_table_is_there_under_its_title(built: Built) -> None:
    tables = built.tables_in_order()
    assert len(tables) == len(built.document.tables())
    # 12 tables, 3 整体 and 6 项目 forms; each form's further grids follow without a title.
    assert sum(not t.continues for t in built.document.tables()) == 21
    titles = [title for _, title, _ in tables]
    assert titles == [t.title for t in built.document.tables()]
    plain = [t.replace("（", "(").replace("）", ")") for t in dict.fromkeys(titles)]
    assert plain == [t.replace("（", "(").replace("）", ")") for t in toc_tables()]


def test_header_rows_repeat_and_no_row_splits(built: Built) -> None:
    for (tbl, title, _), table in zip(built.tables_in_order(), built.document.tables(), strict=True):
        rows = list(tbl.iter(qn("w:tr")))
        flags = [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in rows]
        assert flags == [i < len(table.header) for i in range(len(rows))], title
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows), title


def test_merged_header_cells_as_in_the_model(built: Built) -> None:
    for (tbl, title, _), table in zip(built.tables_in_order(), built.document.tables(), strict=True):
        spans = [int(g.get(qn("w:val"))) for g in tbl.iter(qn("w:gridSpan"))]
        expected = [
            c.colspan for row in [*table.header, *(r.cells for r in table.rows)] for c in row if c.colspan > 1
        ]
        assert Counter(spans) >= Counter(expected), title
        restarts = [m for m in tbl.iter(qn("w:vMerge")) if m.get(qn("w:val")) == "restart"]
        model = [c for row in [*table.header, *(r.cells for r in table.rows)] for c in row if c.rowspan > 1]
        assert len(restarts) == len(model), title


@pytest.mark.parametrize("title", NUMERIC_TABLES)
def test_every_reference_number_is_in_its_table(built: Built, title: str) -> None:
    plain = title.replace("(", "（").replace(")", "）")
    tbl = next(t for t, shown, _ in built.tables_in_order() if shown == plain)
    cells = Counter(_text(tc).strip() for tc in _cells(tbl))
    missing = Counter(amounts(title)) - cells
    assert not missing, dict(missing)


def test_amounts_are_right_aligned(built: Built) -> None:
    checked = 0
    for tbl, title, _ in built.tables_in_order():
        for tc in _cells(tbl):
            if AMOUNT.match(_text(tc).strip()):
                jc = tc.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:jc')}")
                assert jc is not None and jc.get(qn("w:val")) == "right", (title, _text(tc))
                checked += 1
    assert checked > 300


def test_wide_tables_in_landscape_sections_that_fit_the_page(built: Built) -> None:
    sections = built.word.sections
    landscape = {i for i, s in enumerate(sections) if s.orientation == WD_ORIENT.LANDSCAPE}
    assert landscape
    for i, section in enumerate(sections):
        assert section.page_width is not None and section.page_height is not None
        assert (section.page_width > section.page_height) == (i in landscape)
    for (tbl, title, index), table in zip(built.tables_in_order(), built.document.tables(), strict=True):
        assert (index in landscape) == (table.orientation is Orientation.LANDSCAPE), title
        section = sections[index]
        assert section.page_width and section.left_margin is not None and section.right_margin is not None
        text_width = (section.page_width - section.left_margin - section.right_margin) / 635
        widths = [int(col.get(qn("w:w"))) for col in tbl.iter(qn("w:gridCol"))]
        assert len(widths) == table.column_count and abs(sum(widths) - text_width) <= 1, title


def test_official_fonts_as_east_asian_fonts_and_chinese_language(built: Built) -> None:
    def east_asian(style: str) -> str:
        fonts = built.word.styles[style].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        return str(fonts.get(qn("w:eastAsia")))

    assert east_asian("Title") == "方正小标宋简体"
    assert east_asian("Heading 1") == east_asian("Heading 2") == "黑体"
    assert east_asian("Heading 3") == "楷体_GB2312"
    assert east_asian("Normal") == "仿宋_GB2312"
    with zipfile.ZipFile(io.BytesIO(built.data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        fonts = archive.read("word/fontTable.xml").decode()
        everything = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert 'w:eastAsia="zh-CN"' in styles
    assert "ja-JP" not in everything
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts  # Word's fallback


def _toc(built: Built) -> list[tuple[int, str, str]]:
    """The 目录 as the file shows it before any update: (level, entry, page number)."""
    entries = []
    for p in built.body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        name = built.word.styles.get_by_id(style.get(qn("w:val")), 1).name if style is not None else ""
        if name.startswith("toc "):
            text, _, page = _text(p).partition("\t")
            link = p.find(qn("w:hyperlink"))
            text = "".join(t.text or "" for r in link.findall(qn("w:r"))[:1] for t in r.iter(qn("w:t")))
            page = _text(link)[len(text) :]
            entries.append((int(name.split()[1]), text, page))
    return entries


def _outline_level(built: Built, p: Any, *, direct: bool) -> int | None:
    """A paragraph's outline level (0 = level 1): its style's (through basedOn), or with `direct`
    its own when it sets one, as LibreOffice reads it."""
    ppr = p.find(qn("w:pPr"))
    own = ppr.find(qn("w:outlineLvl")) if ppr is not None and direct else None
    if own is not None:
        return int(own.get(qn("w:val")))
    style_id = (
        ppr.find(qn("w:pStyle")).get(qn("w:val"))
        if ppr is not None and ppr.find(qn("w:pStyle")) is not None
        else None
    )
    style = built.word.styles.get_by_id(style_id, 1) if style_id else None
    while style is not None:
        level = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        if level is not None:
            return int(level.get(qn("w:val")))
        style = style.base_style
    return None


def _rebuilt(built: Built, *, direct: bool, levels: int) -> list[tuple[int, str]]:
    """The entries a TOC \\o "1-levels" \\f rebuilds: headings in the outline levels it reads, and
    TC fields. Word and WPS read a style's outline level (MS-OI29500 2.1.504); LibreOffice a
    paragraph's own as well (`direct`)."""
    rebuilt = []
    for p in built.body.iter(qn("w:p")):
        level = _outline_level(built, p, direct=direct)
        if level is not None and level < levels and _text(p):
            rebuilt.append((level + 1, _text(p)))
        for instruction in p.iter(qn("w:instrText")):
            found = re.match(r'\s*TC "(.*)" \\l (\d)', instruction.text or "")
            if found:
                rebuilt.append((int(found.group(2)), found.group(1)))
    return rebuilt


@pytest.mark.parametrize("reader", ["Word and WPS", "LibreOffice"])
def test_the_toc_rebuilt_on_update_is_the_toc_shown(built: Built, reader: str) -> None:
    """Updated in any of the three, the 目录 lists the same entries, 一、…十四、 included."""
    shown = [(level, text) for level, text, _ in _toc(built)]
    assert _rebuilt(built, direct=reader == "LibreOffice", levels=3) == shown
    assert (2, "一、2023年收支预算总表") in shown and (2, "十四、2023年项目支出绩效目标申报表") in shown


def test_the_toc_shows_page_numbers_without_an_update(built: Built) -> None:
    pages = [page for _, _, page in _toc(built)]
    assert all(page.isdigit() for page in pages), pages
    numbers = [int(page) for page in pages]
    assert numbers == sorted(numbers) and numbers[0] > 2 and numbers[-1] > 40


def test_toc_field_and_page_number_footer(built: Built) -> None:
    instructions = [t.text for t in built.body.iter(qn("w:instrText"))]
    assert instructions[0].strip() == 'TOC \\o "1-3" \\f \\h \\z'
    anchors = [h.get(qn("w:anchor")) for h in built.body.iter(qn("w:hyperlink"))]
    marks = {b.get(qn("w:name")) for b in built.body.iter(qn("w:bookmarkStart"))}
    assert anchors and set(anchors) <= marks
    assert sum(i.strip().startswith("PAGEREF") for i in instructions) == len(anchors)
    toc_text = [t.partition("\t")[0].strip() for t in built.styled("toc 1")]
    assert toc_text == [part.heading for part in built.document.parts]
    first = built.word.sections[0]
    assert first.different_first_page_header_footer  # the title page has no number
    assert all(p.text == "" for p in first.first_page_footer.paragraphs)
    footer = first.footer._element
    assert [i.text.strip() for i in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert _text(footer).startswith("第 ")
    settings = built.word.settings.element
    assert settings.find(qn("w:updateFields")) is not None  # Word fills the 目录 on opening


def test_document_properties(built: Built) -> None:
    props = built.word.core_properties
    assert props.title == built.document.title
    assert props.author == "武汉市公安局江汉区分局"
    assert props.language == "zh-CN"


def test_same_input_same_bytes(jianghan: Checked, built: Built) -> None:
    assert render_docx(RenderJob(jianghan.computed, "wuhan")) == built.data


def test_national_reference_docx_is_the_generated_one() -> None:
    """After changing the styles in code: `python -m gen.render.word.reference`."""
    assert (ROOT / "templates" / "national" / REFERENCE).read_bytes() == build_default_reference()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip", "不是有效的 Word 文档"),
        ("missing-style", "缺少样式 Table Heading"),
    ],
)
def test_a_broken_reference_docx_is_named(
    jianghan: Checked, tmp_path: Path, content: bytes | str, message: str
) -> None:
    folder = tmp_path / "district"
    (folder / "docx").mkdir(parents=True)
    (folder / "profile.yaml").write_text("name: district\nextends: wuhan\n", encoding="utf-8")
    target = folder / REFERENCE
    if content == "missing-style":
        with zipfile.ZipFile(io.BytesIO(build_default_reference())) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        parts["word/styles.xml"] = re.sub(
            rb'<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableHeading">.*?</w:style>',
            b"",
            parts["word/styles.xml"],
        )
        with zipfile.ZipFile(target, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    else:
        assert isinstance(content, bytes)
        target.write_bytes(content)
    with pytest.raises(ProfileTemplateError, match=message) as failure:
        render_docx(RenderJob(jianghan.computed, str(folder)))
    assert f"district/{REFERENCE}" in str(failure.value)


def _style(built: Built, p: Any) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return str(built.word.styles.get_by_id(style.get(qn("w:val")), 1).name) if style is not None else ""


def test_libreoffice_shows_the_toc_as_its_own_update_makes_it(built: Built, tmp_path: Path) -> None:
    """LibreOffice opens the 目录 with its page numbers, and updating it changes nothing: the same
    entries, numbered, on the pages LibreOffice lays them out on."""
    source = tmp_path / "jianghan-2023.docx"
    source.write_bytes(built.data)
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}
    result = subprocess.run(
        [
            "/usr/bin/python3",
            str(ROOT / "tests" / "data" / "libreoffice_toc.py"),
            str(source),
            str(tmp_path / "lo"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    toc = json.loads(result.stdout)
    shown = [f"{text}\t{page}" for _, text, page in _toc(built)]
    assert toc["before"].splitlines() == shown
    assert toc["after"].splitlines() == shown


@pytest.fixture(scope="module")
def converted(built: Built, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The DOCX as LibreOffice lays it out: each page's text."""
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "jianghan-2023.docx"
    source.write_bytes(built.data)
    result = libreoffice_pdf(source)
    pdf = folder / "jianghan-2023.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def test_libreoffice_converts_it(converted: list[str]) -> None:
    squeezed = re.sub(r"\s+", "", "\f".join(converted))
    for title in toc_tables():
        assert title in squeezed, title
    pages = len(converted)
    assert pages >= 30
    assert f"第1页共{pages}页" not in squeezed  # the title page prints no number
    assert f"第2页共{pages}页" in squeezed


def test_libreoffice_repeats_the_header_on_every_page(built: Built, converted: list[str]) -> None:
    """Each page a table reaches shows every heading of its header, as LibreOffice lays it out."""
    squeezed = [re.sub(r"\s+", "", page) for page in converted]
    # The disclosure's tables (a form's grids share its title and are kept on a page where they fit).
    tables = [t for t in built.document.tables() if t.header and t.rows and not (t.label or t.continues)]
    # A table's pages: those with a cell text of its own (long enough to be found nowhere else).
    counts = Counter(
        re.sub(r"\s+", "", c.text) for t in tables for row in t.rows for c in row.cells if len(c.text) >= 8
    )
    checked = 0
    for table in tables:
        own = {re.sub(r"\s+", "", c.text) for row in table.rows for c in row.cells if len(c.text) >= 8}
        own = {text for text in own if counts[text] == 1}
        found = [at for at, page in enumerate(squeezed) if any(text in page for text in own)]
        # The run of pages from its title on (the text before or a form after may name a unit too).
        starts = [at for at in found if re.sub(r"\s+", "", table.title) in squeezed[at]]
        pages = [at for at in found if starts and at - starts[0] == found.index(at) - found.index(starts[0])]
        if len(pages) < 2:
            continue
        checked += 1
        for at in pages:
            missing = [
                c.text for row in table.header for c in row if re.sub(r"\s+", "", c.text) not in squeezed[at]
            ]
            assert not missing, (table.title, at + 1, missing)
    assert checked >= 4


def test_header_rows_hold_a_heading_merged_down_across_them(built: Built) -> None:
    """是否包含政府采购, four lines merged down over the row of 一级目录 (two lines): the header rows'
    least heights hold it, else LibreOffice cuts it off the header it repeats on the next pages."""
    services = next(t for t, title, _ in built.tables_in_order() if "购买服务" in title)
    rows = services.findall(qn("w:tr"))
    heights = [row.find(f"{qn('w:trPr')}/{qn('w:trHeight')}") for row in rows[:2]]
    assert heights[0] is not None and heights[0].get(qn("w:hRule")) == "atLeast"
    merged = next(tc for tc in rows[0].findall(qn("w:tc")) if "是否" in _text(tc))
    lines = len(merged.findall(qn("w:p")))
    assert lines == 4  # 是否|包含|政府|采购, a line each in its narrow column
    size = 9 * 20  # the compact table text, in twips
    assert int(heights[0].get(qn("w:val"))) + 2 * 1.45 * size + 56 >= 4 * 1.45 * size + 56
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:trHeight')}") is None for row in rows[2:])


def test_form_grids_follow_their_form_and_keep_together(built: Built) -> None:
    tables = built.document.tables()
    placed = built.tables_in_order()
    grids = [(tbl, table) for (tbl, _, _), table in zip(placed, tables, strict=True) if table.continues]
    assert len(grids) > 30
    for tbl, table in grids:
        # Only a spacer paragraph between a grid and the one before (Word would merge adjacent tables).
        spacer = tbl.getprevious()
        assert spacer.tag == qn("w:p") and _text(spacer) == ""
        rows = list(tbl.iter(qn("w:tr")))
        kept = [row.find(f".//{qn('w:keepNext')}") is not None for row in rows]
        assert kept == [True] * (len(rows) - 1) + [False], table.bookmark
    label = next(p for tbl, _ in grids for p in tbl.iter(qn("w:p")) if _text(p).startswith("长期目标1："))
    assert label.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "left"


def test_rows_the_model_keeps_with_the_next_keep_with_it(built: Built) -> None:
    checked = 0
    for (tbl, title, _), table in zip(built.tables_in_order(), built.document.tables(), strict=True):
        if table.keep_together or table.notes or not table.rows:
            continue  # every row kept (a form's grid), or the last kept with the notes
        body = list(tbl.iter(qn("w:tr")))[len(table.header) :]
        for tr, row in zip(body, table.rows, strict=True):
            kept = tr.find(f".//{qn('w:keepNext')}") is not None
            assert kept == row.keep_with_next, (title, [c.text for c in row.cells][:2])
            checked += kept
    assert checked > 30


def test_without_libreoffice_the_toc_has_no_numbers_and_the_build_says_so(
    jianghan: Checked, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gen.render.word import pages

    monkeypatch.setattr(pages, "soffice", lambda: None)
    monkeypatch.setenv("BUDGETDOC_CACHE", "/nonexistent/budgetdoc-cache")
    job = RenderJob(jianghan.computed, "wuhan")
    lacking = Built(render_docx(job), job.document)
    assert {page for _, _, page in _toc(lacking)} == {""}
    assert any("目录未写页码" in notice for notice in job.notices)


def test_headings_break_between_words_in_word(built: Built) -> None:
    """Word breaks Chinese anywhere: a heading's lines are set by the renderer, each whole words."""
    checked = 0
    for (tbl, title, _), table in zip(built.tables_in_order(), built.document.tables(), strict=True):
        words = {c.text: c.words for row in table.header for c in row if c.words}
        for tc in _cells(tbl):
            paragraphs = [_text(p) for p in tc.iter(qn("w:p"))]
            found = words.get("".join(paragraphs))
            if not found or len(paragraphs) < 2:
                continue
            checked += 1
            spans = {"".join(found[i:j]) for i in range(len(found)) for j in range(i + 1, len(found) + 1)}
            assert set(paragraphs) <= spans, (title, paragraphs)
    assert checked >= 10
