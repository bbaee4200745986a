"""The PDF disclosure, read back: text, fonts, outline, page orientation, footer, TOC, metadata.

Each test runs on both engines: Typst (the default, drawn from the document model) and WeasyPrint
(the print HTML with the profile's stylesheet). What only Typst does, tagging and PDF/A, is tested in
tests/render/test_pdf_tags.py.
"""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from gen.compose.document import Align, Document, Orientation, Paragraph
from gen.compose.templating import ProfileTemplateError
from gen.pipeline import Checked, check_input
from gen.render import ChosenPdf, RenderJob
from gen.render.pdf import render_pdf
from tests.conftest import ROOT
from tests.reference import NUMERIC_TABLES, amounts, toc_parts, toc_tables

# Typst places words apart without space characters, so its text reads 第2页共62页.
FOOTER = re.compile(r"第 ?(\d+) ?页 ?共 ?(\d+) ?页")
ENGINES = ["typst", "weasyprint"]


@dataclass
class Mark:
    title: str
    level: int
    page: int
    """1-based."""


@dataclass
class Pdf:
    path: Path
    notices: list[str]
    document: Document
    reader: PdfReader
    pages: list[str]
    """Each page's text in reading order (pdftotext)."""
    outline: list[Mark]

    def landscape(self, page: int) -> bool:
        box = self.reader.pages[page - 1].mediabox
        return float(box.width) > float(box.height)

    def mark(self, title: str) -> Mark:
        found = [m for m in self.outline if m.title == title]
        assert len(found) == 1, f"{title!r} is bookmarked {len(found)} times"
        return found[0]

    def span(self, mark: Mark) -> range:
        """The pages from a bookmark up to the page before the next bookmark that starts on a later page."""
        later = [m.page for m in self.outline if m.page > mark.page]
        return range(mark.page, min(later) if later else len(self.pages) + 1)

    def text(self, pages: range) -> str:
        return "".join(_squeeze(self.pages[p - 1]) for p in pages)


def _squeeze(text: str) -> str:
    """Page text without whitespace and footer, so a wrapped line or a page break does not split a phrase."""
    return re.sub(r"\s+", "", FOOTER.sub("", text))


def _outline(reader: PdfReader) -> list[Mark]:
    marks: list[Mark] = []

    def walk(items: list[object], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                marks.append(Mark(item.title, level, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return marks


def _build(checked: Checked, profile: str, engine: str, folder: Path) -> Pdf:
    job = RenderJob(checked.computed, profile, pdf_engine=engine)
    data = ChosenPdf().render(job)
    path = folder / f"{profile}-{engine}.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    reader = PdfReader(path)
    pages = text.split("\f")[: len(reader.pages)]
    return Pdf(path, job.notices, job.document, reader, pages, _outline(reader))


@pytest.fixture(scope="module")
def built(jianghan: Checked, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Pdf]:
    """Each (profile, engine) PDF, built on first use."""
    return {}


def _get(built: dict[tuple[str, str], Pdf], checked: Checked, profile: str, engine: str, root: Path) -> Pdf:
    if (profile, engine) not in built:
        built[profile, engine] = _build(checked, profile, engine, root)
    return built[profile, engine]


@pytest.fixture(scope="module", params=[(p, e) for p in ("wuhan", "national") for e in ENGINES], ids=str)
def any_pdf(
    request: pytest.FixtureRequest,
    built: dict[tuple[str, str], Pdf],
    jianghan: Checked,
    tmp_path_factory: pytest.TempPathFactory,
) -> Pdf:
    profile, engine = request.param
    return _get(built, jianghan, profile, engine, tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module", params=ENGINES)
def pdf(
    request: pytest.FixtureRequest,
    built: dict[tuple[str, str], Pdf],
    jianghan: Checked,
    tmp_path_factory: pytest.TempPathFactory,
) -> Pdf:
    return _get(built, jianghan, "wuhan", request.param, tmp_path_factory.mktemp("pdf"))


def test_build_has_no_layout_notice(any_pdf: Pdf) -> None:
    assert any_pdf.notices == []


def font_family(base_font: str) -> str:
    """A PDF font's family and style without subset tag or encoding, as both engines name them:
    WeasyPrint's ABCDEF+Noto-Sans-CJK-SC-Bold and Typst's ABCDEF+NotoSansCJKsc-Bold-Identity-H are
    both notosanscjkscbold."""
    name = base_font.lstrip("/").split("+", 1)[-1].lower().replace("-", "")
    return name.removesuffix("identityh").removesuffix("regular")


def test_fonts_are_embedded_noto_cjk(any_pdf: Pdf) -> None:
    listing = subprocess.run(["pdffonts", str(any_pdf.path)], capture_output=True, check=True, text=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]
    assert rows
    names = {font_family(row[0]) for row in rows}
    assert all(name.startswith(("notoserifcjksc", "notosanscjksc")) for name in names), names
    assert {"notoserifcjksc", "notosanscjkscbold"} <= names  # body serif, headings sans
    assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in rows), "every font embedded, subset, unicode"


def test_metadata(pdf: Pdf) -> None:
    info = pdf.reader.metadata
    assert info is not None
    assert info.title == pdf.document.title
    assert info.author == pdf.document.author == "武汉市公安局江汉区分局"
    assert pdf.reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_a4_and_every_page_numbered(any_pdf: Pdf) -> None:
    total = len(any_pdf.pages)
    for number, text in enumerate(any_pdf.pages, start=1):
        box = any_pdf.reader.pages[number - 1].mediabox
        assert sorted([round(float(box.width)), round(float(box.height))]) == [595, 842]
        footer = FOOTER.findall(text)
        # The title page counts but prints no number.
        assert footer == ([] if number == 1 else [(str(number), str(total))]), number


def test_outline_lists_every_part_then_its_sections(pdf: Pdf) -> None:
    top = [m.title for m in pdf.outline if m.level == 1]
    assert top == [pdf.document.toc_title, *toc_parts()]
    for part in pdf.document.parts:
        start = pdf.mark(part.heading)
        for section in part.sections:
            for s in section.walk():
                mark = pdf.mark(s.body_heading)
                assert mark.level == s.level + 1 and mark.page >= start.page


def test_outline_lists_every_table(pdf: Pdf) -> None:
    titles = [m.title.replace("（", "(").replace("）", ")") for m in pdf.outline]
    for title in toc_tables():
        assert title.replace("（", "(").replace("）", ")") in titles
    # Forms share a title; each has its own bookmark naming its unit or project.
    forms = [t for t in pdf.document.tables() if t.label]
    assert len(forms) == 3 + 6
    assert all(pdf.mark(t.bookmark).page > 0 for t in forms)


def test_wide_tables_on_landscape_pages_and_the_rest_portrait(pdf: Pdf) -> None:
    tables = pdf.document.tables()
    wide = [t for t in tables if t.orientation is Orientation.LANDSCAPE]
    assert len(wide) == 4  # 收入总表, 项目支出, 政府采购, 购买服务 (13–14 columns)
    landscape_pages: set[int] = set()
    for table in tables:
        pages = pdf.span(pdf.mark(table.bookmark))
        if table in wide:
            landscape_pages |= set(pages)
        assert {pdf.landscape(p) for p in pages} == {table in wide}, table.title
    assert landscape_pages == {p for p in range(1, len(pdf.pages) + 1) if pdf.landscape(p)}


def test_table_header_repeats_on_every_page_of_a_long_table(pdf: Pdf) -> None:
    spanning = 0
    for table in pdf.document.tables():
        if table.continues:
            continue  # a form's further grids: below
        pages = pdf.span(pdf.mark(table.bookmark))
        if not table.header or len(pages) == 1:
            continue
        spanning += 1
        for page in pages:
            text = _squeeze(pdf.pages[page - 1])
            for cell in table.header[0]:
                assert re.sub(r"\s+", "", cell.text) in text, (table.title, page, cell.text)
    assert spanning >= 3


def test_indicator_headings_on_every_page_with_indicators(pdf: Pdf) -> None:
    """A form's indicator grid repeats 一级/二级/三级指标 on each page its rows reach."""
    tables = pdf.document.tables()
    pages_checked = 0
    for index, form in enumerate(tables):
        if not form.label:
            continue
        grids = []
        for grid in tables[index + 1 :]:
            if not grid.continues:
                break
            grids.append(grid)
        indicator_grids = [g for g in grids if any(c.text == "三级指标" for r in g.header for c in r)]
        # Each row's 三级指标: its first left-aligned cell (一级 and 二级 are centred) …
        names = {
            next(c.text for c in row.cells if c.align is Align.LEFT)
            for g in indicator_grids
            for row in g.rows
        }
        # … unless the form's other grids say it too (保障辖区道路畅通 is also in the goal).
        prose = "".join(
            c.text for g in [form, *grids] if g not in indicator_grids for r in g.rows for c in r.cells
        )
        names = {n for n in names if n not in prose}
        for page in pdf.span(pdf.mark(form.bookmark)):
            text = _squeeze(pdf.pages[page - 1])
            if any(re.sub(r"\s+", "", n) in text for n in names if len(n) > 6):
                assert "三级指标" in text, (form.bookmark, page)
                pages_checked += 1
    assert pages_checked >= 15


def test_form_amounts_are_printed(pdf: Pdf) -> None:
    """The computed composition, the project list and a project's sources, on their form's pages."""
    cases = {
        "（江汉区公安分局）": [
            "52,586.58",
            "59.05%",
            "7,338.63",
            "8.24%",
            "29,127.34",
            "32.71%",
            "89,052.55",
        ],
        "（武汉市江汉区交通大队）": ["10,392.00", "66.31%", "5,280.49", "33.69%", "16,412.31"],
        "（派出所房租及办案区、枪库维修改造项目）": ["1,532.52", "1,386.02", "146.50"],
        "（智慧平安小区信息化运维项目）": ["1,498.56", "139.94"],
    }
    for suffix, figures in cases.items():
        mark = next(m for m in pdf.outline if m.title.endswith(suffix))
        text = pdf.text(pdf.span(mark))
        assert all(f in text for f in figures), (suffix, [f for f in figures if f not in text])


@pytest.mark.parametrize("title", NUMERIC_TABLES)
def test_every_reference_number_is_on_its_tables_pages(pdf: Pdf, title: str) -> None:
    plain = title.replace("(", "（").replace(")", "）")
    table = next(t for t in pdf.document.tables() if t.title == plain)
    pages = pdf.span(pdf.mark(table.bookmark))
    numbers = set(re.findall(r"-?[\d,]+\.\d\d", " ".join(pdf.pages[p - 1] for p in pages)))
    missing = set(amounts(title)) - numbers
    assert not missing, f"{title}: {sorted(missing)}"


def test_every_paragraph_is_printed_whole(pdf: Pdf) -> None:
    text = pdf.text(range(1, len(pdf.pages) + 1))
    paragraphs = [
        b
        for part in pdf.document.parts
        for blocks in [part.blocks, *(s.blocks for sec in part.sections for s in sec.walk())]
        for b in blocks
        if isinstance(b, Paragraph)
    ]
    assert len(paragraphs) >= 50
    for paragraph in paragraphs:
        assert re.sub(r"\s+", "", paragraph.text) in text, paragraph.text[:40]


def test_toc_page_numbers_are_where_the_headings_are(pdf: Pdf) -> None:
    toc = pdf.span(pdf.mark(pdf.document.toc_title))
    entries = [
        re.match(r"^(.+?)\s*\.{3,}\s*(\d+)$", line.strip())
        for p in toc
        for line in subprocess.run(
            ["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf.path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout.splitlines()
    ]
    found = {m.group(1): int(m.group(2)) for m in entries if m}
    parts = [part.heading for part in pdf.document.parts]
    assert all(found[heading] == pdf.mark(heading).page for heading in parts), found
    numbered = [s for part in pdf.document.parts for sec in part.sections for s in sec.walk() if s.level == 1]
    assert sum(found.get(s.heading) == pdf.mark(s.body_heading).page for s in numbered) == len(numbered)


@pytest.fixture
def asset_profile(tmp_path: Path) -> Path:
    """A district profile whose title page shows an image: its own, or a file elsewhere on the machine."""
    folder = tmp_path / "district"
    (folder / "html").mkdir(parents=True)
    (folder / "profile.yaml").write_text("name: district\nextends: wuhan\n", encoding="utf-8")
    # A 1×1 PNG.
    (folder / "emblem.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
        )
    )
    return folder


def _title_page(folder: Path, src: str) -> None:
    (folder / "html" / "document.html.j2").write_text(
        '{% extends "national:html/document.html.j2" %}\n'
        f'{{% block title_page %}}<img src="{src}" alt="">{{{{ super() }}}}{{% endblock %}}\n',
        encoding="utf-8",
    )


def test_a_profile_may_use_its_own_files(jianghan: Checked, asset_profile: Path) -> None:
    _title_page(asset_profile, "emblem.png")
    data, notices = render_pdf(RenderJob(jianghan.computed, str(asset_profile)))
    assert data.startswith(b"%PDF") and notices == []


@pytest.mark.parametrize(
    "src",
    ["file:///etc/hostname", "../../../../../etc/hostname", "http://127.0.0.1:9/x.png", "link.png"],
)
def test_a_profile_cannot_reach_outside_its_folder(jianghan: Checked, asset_profile: Path, src: str) -> None:
    (asset_profile / "link.png").symlink_to("/etc/hostname")
    _title_page(asset_profile, src)
    with pytest.raises(ProfileTemplateError, match="模板文件夹以外的资源"):
        render_pdf(RenderJob(jianghan.computed, str(asset_profile)))


def _xmp(reader: PdfReader) -> str:
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    return str(metadata.get_data().decode("utf-8"))


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_a_on_request_declares_itself_and_embeds_every_font(engine: str, tmp_path: Path) -> None:
    checked = check_input(ROOT / "tests" / "data" / "minimal.yaml")
    path = tmp_path / "a.pdf"
    path.write_bytes(
        ChosenPdf().render(RenderJob(checked.computed, "national", pdf_engine=engine, pdf_standard="a-2b"))
    )
    reader = PdfReader(path)
    xmp = _xmp(reader)
    assert re.search(r"pdfaid:part(=\"|>)2", xmp) and re.search(r"pdfaid:conformance(=\"|>)B", xmp), xmp
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert [intent.get_object()["/S"] for intent in intents] == ["/GTS_PDFA1"]
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), listing


@dataclass
class Fragment:
    """The part of a table printed on one page: the roles of its body rows there, and how many rows
    the table has."""

    title: str
    page: int
    roles: list[str]
    rows: int


def _weasyprint_fragments(job: RenderJob) -> list[Fragment]:
    """Every table's rows page by page, as WeasyPrint lays out the PDF."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from gen.render.html import render_html
    from gen.render.pdf import print_css

    page = render_html(job, css=print_css(job), media="print")
    base = job.profile.chain[0].resolve().as_uri() + "/"
    laid = HTML(string=page, base_url=base).render()
    found: list[Fragment] = []

    def walk(box: object, number: int) -> None:
        if isinstance(box, boxes.TableBox) and "data" in (box.element.get("class") or "").split():
            body = box.element.find("tbody")
            rows = [
                row
                for group in box.children
                if isinstance(group, boxes.TableRowGroupBox) and not group.is_header
                for row in group.children
            ]
            caption = "".join(box.element.find("caption").itertext())
            roles = [(row.element.get("class") or "").split()[0].removeprefix("row-") for row in rows]
            found.append(Fragment(caption, number, roles, len(body) if body is not None else 0))
            return
        for child in getattr(box, "children", []):
            walk(child, number)

    for number, laid_page in enumerate(laid.pages, start=1):
        walk(laid_page._page_box, number)
    return found


def _typst_fragments(job: RenderJob) -> list[Fragment]:
    """Every table's rows page by page, as the Typst PDF's structure tree places them: a table
    element per document table in order, a TR per row, its cells' content marked on its page."""
    reader = PdfReader(io.BytesIO(ChosenPdf().render(job)))
    numbers = {page.indirect_reference.idnum: at for at, page in enumerate(reader.pages, start=1)}

    def page_of(node: Any) -> int | None:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, ArrayObject):
            found = [p for p in (page_of(child) for child in node) if p]
            return min(found) if found else None
        if isinstance(node, DictionaryObject):
            if "/Pg" in node:
                return numbers[node.raw_get("/Pg").idnum]
            return page_of(node["/K"]) if "/K" in node else None
        return None

    def elements(node: Any, kind: str, skip: str = "") -> list[DictionaryObject]:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, ArrayObject):
            return [e for child in node for e in elements(child, kind, skip)]
        if not isinstance(node, DictionaryObject) or "/S" not in node or node["/S"] == skip:
            return []
        if node["/S"] == kind:
            return [node]
        return elements(node["/K"], kind, skip) if "/K" in node else []

    tagged = elements(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], "/Table")
    tables = job.document.tables()
    assert len(tagged) == len(tables)
    found: list[Fragment] = []
    for table, element in zip(tables, tagged, strict=True):
        rows = elements(element["/K"], "/TR", skip="/THead")
        if not table.rows:
            continue
        assert len(rows) == len(table.rows), table.title
        pages: list[int] = []
        for row in rows:  # a row of blank cells has no content: it is on the page of the row above
            pages.append(page_of(row) or (pages[-1] if pages else 0))
        for page in sorted(set(pages)):
            roles = [r.role for r, p in zip(table.rows, pages, strict=True) if p == page]
            found.append(Fragment(table.bookmark, page, roles, len(table.rows)))
    return found


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("profile", ["wuhan", "national"])
def test_no_page_holds_a_header_over_a_single_row(jianghan: Checked, profile: str, engine: str) -> None:
    """A page with a table's header shows two of its rows (not counting totals), or all it has left:
    the 购买服务 table's one row on a landscape page, two project rows and 合计, one indicator row under
    a repeated caption were each a page of the Jianghan PDF."""
    job = RenderJob(jianghan.computed, profile, pdf_engine=engine)
    fragments = (_typst_fragments if engine == "typst" else _weasyprint_fragments)(job)
    split = [f for f in fragments if f.rows != len(f.roles)]
    assert len(split) >= 3
    for fragment in split:
        rows = [r for r in fragment.roles if r != "total"]
        assert len(rows) >= 2, (fragment.title, fragment.page, fragment.roles)


def test_headings_break_between_words_or_not_at_all(pdf: Pdf) -> None:
    """对附属单位补助支出 wraps as 对附属|单位|补助|支出 at most, never leaving a lone 出."""
    import lxml.html

    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    page = lxml.html.fromstring(xml.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    blocks = [
        ["".join(w.text_content() for w in line.iter("word")) for line in block.iter("line")]
        for block in page.iter("block")
    ]
    from gen.compose.words import words as split

    headings = {c.text: split(c.text) for t in pdf.document.tables() for row in t.header for c in row}
    wrapped = 0
    for lines in blocks:
        words = headings.get("".join(lines))
        if not words or len(lines) < 2:
            continue
        wrapped += 1
        for line in lines:
            # Each line is a run of whole words.
            assert any(
                "".join(words[i:j]) == line for i in range(len(words)) for j in range(i + 1, len(words) + 1)
            ), (
                lines,
                words,
            )
    assert wrapped >= 10


def test_a_column_with_nothing_in_it_is_narrow(pdf: Pdf) -> None:
    table = next(t for t in pdf.document.tables() if t.title == "2023年支出预算总表")
    heads = [c.text for c in table.header[-1]]
    empty = [heads.index(h) for h in ("事业单位经营支出", "上缴上级支出", "对附属单位补助支出")]
    assert {table.widths[i] for i in empty} == {min(table.widths)}
    assert min(table.widths) < table.widths[heads.index("合计")]
