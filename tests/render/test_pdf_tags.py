"""What the Typst PDF adds to the PDF tests of both engines: a structure tree for screen readers
(PDF/UA-1) with the document's language, PDF/A on request, no table row left alone under a header,
every word written as a literal, and the engine chosen by the build or the profile."""

from __future__ import annotations

import io
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import typst
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from gen.compose import load_profile
from gen.compose.document import (
    Align,
    Cell,
    Document,
    Paragraph,
    Part,
    Section,
    Table,
    TableRow,
    TitlePage,
)
from gen.compose.layout import arrange
from gen.errors import RenderError
from gen.pipeline import Checked, check_input
from gen.render import ChosenPdf, RenderJob
from gen.render.typeset import render_typst
from gen.render.typeset.source import literal, typst_source
from tests.conftest import ROOT
from tests.profiles import write_profile

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def _tags(reader: PdfReader) -> list[tuple[str, dict[str, Any]]]:
    """Every structure element in reading order: (its type, its table attributes)."""
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any) -> None:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            attributes = node.get("/A")
            attributes = attributes.get_object() if attributes is not None else []
            table = next(
                (
                    a
                    for a in (attributes if isinstance(attributes, list) else [attributes])
                    if a.get("/O") == "/Table"
                ),
                {},
            )
            found.append((str(node["/S"]), dict(table)))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


@pytest.fixture(scope="module")
def tagged(jianghan: Checked) -> tuple[RenderJob, PdfReader, bytes]:
    job = RenderJob(jianghan.computed, "wuhan", pdf_engine="typst")
    data = ChosenPdf().render(job)
    return job, PdfReader(io.BytesIO(data)), data


def test_the_structure_tree_has_the_language_headings_and_tables(
    tagged: tuple[RenderJob, PdfReader, bytes],
) -> None:
    job, reader, data = tagged
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "zh-CN"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert b"<pdfuaid:part>1</pdfuaid:part>" in data  # declares PDF/UA-1
    tags = _tags(reader)
    kinds = [kind for kind, _ in tags]
    document = job.document
    # 目录 and each part are H1; each section one level under its parent.
    assert kinds.count("/H1") == 1 + len(document.parts)
    sections = [s for part in document.parts for top in part.sections for s in top.walk()]
    assert kinds.count("/H2") >= sum(1 for s in sections if s.level == 1)
    # Every grid a table, its column headings TH and its figures TD.
    assert kinds.count("/Table") == len(document.tables())
    assert kinds.count("/THead") == sum(1 for t in document.tables() if t.header)
    headings = [attributes for kind, attributes in tags if kind == "/TH"]
    assert headings and all(a.get("/Scope") == "/Column" for a in headings)
    assert kinds.count("/TD") > 1000


def test_the_title_and_author_are_the_documents(tagged: tuple[RenderJob, PdfReader, bytes]) -> None:
    job, reader, _ = tagged
    assert reader.metadata is not None
    assert reader.metadata.title == job.document.title
    assert reader.metadata.author == job.document.author


@pytest.fixture(scope="module")
def archival(jianghan: Checked, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdfa") / "a.pdf"
    path.write_bytes(ChosenPdf().render(RenderJob(jianghan.computed, "wuhan", pdf_standard="a-2b")))
    return path


def test_pdf_a_declares_its_conformance(archival: Path) -> None:
    data = archival.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in data and b"<pdfaid:conformance>B</pdfaid:conformance>" in data
    assert b"<pdfuaid:part>1</pdfuaid:part>" in data  # still accessible
    reader = PdfReader(archival)
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    # PDF/A needs its dates in the document info and the XMP metadata alike: a fixed one, repeatable.
    assert reader.metadata is not None and reader.metadata.creation_date is not None


def test_pdf_a_embeds_every_font(archival: Path) -> None:
    listing = subprocess.run(["pdffonts", str(archival)], capture_output=True, check=True, text=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), listing.stdout


def test_a_profile_can_ask_for_pdf_a(jianghan: Checked, tmp_path: Path) -> None:
    folder = write_profile(tmp_path, "archive", "name: archive\nextends: wuhan\npdf: {standard: a-2u}\n")
    data = ChosenPdf().render(RenderJob(jianghan.computed, str(folder)))
    assert b"<pdfaid:conformance>U</pdfaid:conformance>" in data


def test_a_profile_can_choose_weasyprint(jianghan: Checked, tmp_path: Path) -> None:
    folder = write_profile(tmp_path, "css", "name: css\nextends: national\npdf: {engine: weasyprint}\n")
    reader = PdfReader(io.BytesIO(ChosenPdf().render(RenderJob(jianghan.computed, str(folder)))))
    assert reader.metadata is not None and "WeasyPrint" in str(reader.metadata.producer)
    typst_job = RenderJob(jianghan.computed, str(folder), pdf_engine="typst")
    reader = PdfReader(io.BytesIO(ChosenPdf().render(typst_job)))
    assert reader.metadata is not None and "Typst" in str(reader.metadata.creator)


def test_a_district_print_stylesheet_is_named_when_typst_ignores_it(
    jianghan: Checked, tmp_path: Path
) -> None:
    folder = write_profile(
        tmp_path, "styled", "name: styled\nextends: wuhan\n", {"pdf/print.css": "body { color: red; }"}
    )
    job = RenderJob(jianghan.computed, str(folder))
    ChosenPdf().render(job)
    assert any("styled/pdf/print.css" in n and "weasyprint" in n for n in job.notices), job.notices


# ---------------------------------------------------------------- no row alone under a header


def _under_text(table: Table, lines_before: int) -> Document:
    """A document of one section: `lines_before` paragraphs, then `table` right under them."""
    blocks: list[Paragraph | Table] = [Paragraph("这是一段说明文字。" * 10) for _ in range(lines_before)]
    section = Section("s", "一、", "说明", 1, blocks=[*blocks, table])
    document = Document(
        "测试", "测试局", "zh-CN", TitlePage("测试", show=False), [Part("p", "第一部分", "表", [section])]
    )
    arrange(document)
    table.new_page = False  # right under the text, wherever the page ends
    return document


def _rows_document(rows: int, lines_before: int) -> Document:
    """A page of `lines_before` paragraphs, then a table of `rows` numbered rows right under them."""
    header = [[Cell("名称", Align.CENTER, is_label=True), Cell("金额", Align.CENTER, is_label=True)]]
    body = [TableRow([Cell(f"第{i:03d}行"), Cell("1.00", Align.RIGHT)]) for i in range(1, rows + 1)]
    return _under_text(Table("t", "表", header, body, unit_label="单位：万元"), lines_before)


@pytest.mark.parametrize("lines_before", [0, 3, 6])
def test_a_page_never_shows_a_header_over_one_row(lines_before: int, tmp_path: Path) -> None:
    spec = load_profile("national").spec
    for rows in range(20, 60, 3):
        source = typst_source(_rows_document(rows, lines_before), spec)
        data = typst.compile(source.encode(), format="pdf", root=str(tmp_path))
        path_text = subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        per_page = [len(re.findall(r"第\d{3}行", page)) for page in path_text.split("\f")]
        shown = [count for count in per_page if count]
        assert sum(shown) == rows
        assert all(count >= 2 for count in shown), (rows, lines_before, per_page)
        heads = [page.count("名称") for page in path_text.split("\f") if re.search(r"第\d{3}行", page)]
        assert all(heads), (rows, lines_before)  # the header on every page with rows


def _grouped_document(groups: int, lines_before: int) -> Document:
    """`lines_before` paragraphs, then a table of `groups` 类 rows of four 项 each, and a 合计 row under
    them (as a project or 采购 table ends)."""
    header = [[Cell("名称", Align.CENTER, is_label=True), Cell("金额", Align.CENTER, is_label=True)]]
    body: list[TableRow] = []
    for g in range(1, groups + 1):
        body.append(TableRow([Cell(f"第{g:02d}类"), Cell("4.00", Align.RIGHT)], "class"))
        body += [TableRow([Cell(f"第{g:02d}-{i}项"), Cell("1.00", Align.RIGHT)], "item") for i in range(1, 5)]
    body.append(TableRow([Cell("合计"), Cell(f"{4 * groups}.00", Align.RIGHT)], "total"))
    return _under_text(Table("t", "表", header, body, unit_label="单位：万元"), lines_before)


@pytest.mark.parametrize("lines_before", [0, 2, 4, 6])
def test_a_total_and_a_heading_row_never_stand_alone(lines_before: int, tmp_path: Path) -> None:
    """A page holds two rows besides the 合计 (never one 项 and the 合计 under the header), and a 类
    row is never the last row of its page (its 项 start on the next)."""
    spec = load_profile("national").spec
    for groups in range(5, 13):
        source = typst_source(_grouped_document(groups, lines_before), spec)
        data = typst.compile(source.encode(), format="pdf", root=str(tmp_path))
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
        pages = [re.findall(r"第\d\d(?:-\d)?[类项]|合计", page) for page in text.decode().split("\f")]
        shown = [rows for rows in pages if rows]
        assert sum(len(rows) for rows in shown) == 5 * groups + 1
        for rows in shown:
            assert len([r for r in rows if r != "合计"]) >= 2, (groups, lines_before, pages)
            assert not rows[-1].endswith("类"), (groups, lines_before, pages)


# ---------------------------------------------------------------- every word a literal

HOSTILE_TYPST = [
    '#read("/etc/passwd")',
    '#import "@preview/cetz:0.3.0": *',
    "] #panic() [",
    "$x^2$ @ref <lbl> *粗* _斜_ `代码`",
    'a\\b\\\\c "引号" \\u{41}',
    "第一行\n第二行",
    "#{ 1 + 1 }",
]


@pytest.mark.parametrize("text", HOSTILE_TYPST)
def test_a_literal_is_the_text_itself(text: str) -> None:
    assert json.loads(typst.eval(b"", literal(text))) == text


def test_input_text_is_only_ever_inside_string_literals(tmp_path: Path) -> None:
    hostile = '#read("/etc/passwd") #import "@preview/x:0.1.0": * ] $'
    path = tmp_path / "hostile.yaml"
    path.write_text(
        MINIMAL.read_text(encoding="utf-8").replace(
            "负责本市测试工作。", hostile.replace('"', '\\"').join('""')
        ),
        encoding="utf-8",
    )
    checked = check_input(path)
    assert checked.errors == [] and checked.document is not None and checked.profile is not None
    source = typst_source(checked.document, checked.profile.spec)
    assert hostile.replace("\\", "\\\\").replace('"', '\\"') in source
    outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)
    assert "passwd" not in outside and "@preview" not in outside and "#import" not in outside
    assert "#read" not in outside


# ---------------------------------------------------------------- a character no font has


def _with_unprintable(tmp_path: Path) -> Checked:
    path = tmp_path / "pua.yaml"
    path.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("负责本市测试工作。", "负责本市\ue000测试工作。"),
        encoding="utf-8",
    )
    checked = check_input(path)
    assert checked.errors == []
    return checked


def test_a_character_no_font_has_keeps_the_pdf_but_drops_the_ua_claim(tmp_path: Path) -> None:
    checked = _with_unprintable(tmp_path)
    job = RenderJob(checked.computed, "national")
    data, notices = render_typst(job)
    assert data.startswith(b"%PDF") and b"pdfuaid" not in data
    assert any("U+E000" in n and "主要职能" in n for n in notices), notices


def test_a_character_no_font_has_is_refused_for_pdf_a(tmp_path: Path) -> None:
    checked = _with_unprintable(tmp_path)
    job = replace(RenderJob(checked.computed, "national"), pdf_standard="a-2b")
    with pytest.raises(RenderError, match="U\\+E000"):
        render_typst(job)


# ---------------------------------------------------------------- shapes a profile can make

ODD_TABLES = {
    "no rows, no note": Table("t", "表", [], []),
    "no rows, a note": Table("t", "表", [[Cell("名称", Align.CENTER, is_label=True)]], [], empty_note="无"),
    "no header": Table("t", "表", [], [TableRow([Cell("甲"), Cell("1.00", Align.RIGHT)]) for _ in range(3)]),
    "a token wider than the page": Table(
        "t", "表", [[Cell("甲"), Cell("乙")]], [TableRow([Cell("x" * 400), Cell("9" * 300)])]
    ),
    "a merged cell into the kept rows": Table(
        "t",
        "表",
        [[Cell("甲", is_label=True), Cell("乙", is_label=True)]],
        [
            TableRow([Cell("合并", rowspan=3), Cell("1")]),
            TableRow([Cell("2")]),
            TableRow([Cell("3")]),
            TableRow([Cell("4", colspan=2)]),
        ],
    ),
}


@pytest.mark.parametrize("toc_depth", [0, 2])
@pytest.mark.parametrize("shape", list(ODD_TABLES))
def test_odd_shapes_still_make_an_accessible_pdf(shape: str, toc_depth: int, tmp_path: Path) -> None:
    section = Section("s", "一、", "说明", 1, blocks=[ODD_TABLES[shape]])
    parts = [Part("p", "第一部分", "表", [section]), Part("q", "第二部分", "空", blocks=[Paragraph("段落")])]
    title = TitlePage("测试", show=toc_depth == 2)
    document = arrange(Document("测试", "测试局", "zh-CN", title, parts, toc_depth=toc_depth))
    source = typst_source(document, load_profile("national").spec)
    data = typst.compile(source.encode(), format="pdf", root=str(tmp_path), pdf_standards=["ua-1"])
    assert b"<pdfuaid:part>1</pdfuaid:part>" in data
