"""Every shipped input in every shipped profile and every format, read back as a reader would.

Nothing in what is published may be a word the tool made up: no "None" or "nan", no internal
placeholder (未填报, 未细分), no count the input does not state, no "无" for money the text states,
and every total label one word (收入总计) so that copying and searching find it.
"""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gen.cli import cli
from gen.compose.document import Document
from gen.pipeline import Checked, check_input
from gen.render import RenderJob
from tests.conftest import INPUTS, ROOT

PROFILES = ["national", "wuhan", *(str(ROOT / "docs" / "example" / name) for name in ("shili", "forms"))]
FORMATS = ("html", "pdf", "docx", "xlsx", "json")
# Inputs that are last year's figures as this year's text reveals them: a prior year, never built.
PRIOR_ONLY = {"jianghan-2022.yaml"}
COMPLETE = sorted(p for p in INPUTS.glob("*.yaml") if p.name not in PRIOR_ONLY)

MADE_UP = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|未填报|未细分|（科目表中无此编码）|收 入 总 计|支 出 总 计")
# A statement that there is none of something, and the figure that must then be zero.
NONE_STATED = {
    "无一般公共预算支出": lambda c: c.figures.general.current,
    "无一般公共预算基本支出": lambda c: c.figures.general_split.basic,
    "无项目支出": lambda c: c.figures.project.current,
    "无政府采购预算": lambda c: c.figures.procurement.total,
    "未安排政府采购预算": lambda c: c.figures.procurement.total,
    "无政府购买服务": lambda c: c.figures.purchased_services,
    "未安排政府购买服务": lambda c: c.figures.purchased_services,
    "无政府性基金预算安排的支出": lambda c: (
        c.figures.fund_totals
        and sum(v for k, v in c.figures.fund_totals.items() if k.value == "政府性基金预算")
    ),
    "无国有资本经营预算安排的支出": lambda c: (
        c.figures.fund_totals
        and sum(v for k, v in c.figures.fund_totals.items() if k.value == "国有资本经营预算")
    ),
}


def _html_text(path: Path) -> str:
    text = re.sub(r"<style.*?</style>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"<[^>]+>", "\n", text)


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    # Each paragraph's runs joined: a label split across runs still reads as one word.
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
    return "\n".join("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p)) for p in paragraphs)


def _xlsx_text(path: Path) -> str:
    book = load_workbook(path)
    return "\n".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


READERS = {
    "html": _html_text,
    "pdf": _pdf_text,
    "docx": _docx_text,
    "xlsx": _xlsx_text,
    "json": lambda path: path.read_text(encoding="utf-8"),
}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _html_cells(path: Path) -> set[str]:
    page = lxml.html.fromstring(path.read_bytes())
    return {_squeezed(cell.text_content()) for cell in page.iter("th", "td")}


def _docx_cells(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return {
        _squeezed(html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", cell))))
        for cell in re.findall(r"<w:tc>.*?</w:tc>", xml, flags=re.S)
    }


def _xlsx_cells(path: Path) -> set[str]:
    """Text cells as their text, number cells as their value (to 8 places)."""
    book = load_workbook(path)
    return {
        f"{cell.value:.8f}" if isinstance(cell.value, int | float) else _squeezed(str(cell.value))
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _pdf_cells(path: Path) -> set[str]:
    """A tagged PDF's table cells as a screen reader or a table extractor reads them (each TD and TH
    of its structure tree, its lines joined); an untagged one's text blocks, as poppler finds them on
    the pages (a table cell, its lines wrapped, is one block)."""
    tagged = _tagged_cells(path)
    if tagged:
        return tagged
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    page = lxml.html.fromstring(xml.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    return {
        _squeezed("".join(word.text_content() for word in block.iter("word"))) for block in page.iter("block")
    }


def _tagged_cells(path: Path) -> set[str]:
    """The text of each TD and TH in the PDF's structure tree (poppler's pdfinfo -struct-text)."""
    # Attribute values (a title in UTF-16) may not be UTF-8; the text of the cells is.
    listing = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, check=True
    ).stdout.decode("utf-8", errors="replace")
    cells: set[str] = set()
    cell: list[str] | None = None
    indent = 0
    for line in listing.splitlines():
        stripped = line.strip()
        depth = len(line) - len(line.lstrip())
        if stripped.startswith("/") or not stripped:
            continue  # an attribute
        if stripped.startswith('"') and stripped.endswith('"'):
            if cell is not None:
                cell.append(stripped[1:-1])
            continue
        if cell is not None and depth > indent:
            continue  # an element inside the cell: its text is the cell's
        if cell is not None:
            cells.add(_squeezed("".join(cell)))
        cell, indent = ([], depth) if re.match(r"T[DH]\b", stripped) else (None, 0)
    if cell is not None:
        cells.add(_squeezed("".join(cell)))
    return cells


CELL_READERS = {"html": _html_cells, "pdf": _pdf_cells, "docx": _docx_cells, "xlsx": _xlsx_cells}


@dataclass(frozen=True)
class Built:
    checked: Checked
    texts: dict[str, str]
    document: Document
    cells: dict[str, set[str]]


@pytest.fixture(
    scope="module",
    params=[(i, p) for i in COMPLETE for p in PROFILES],
    ids=lambda ip: f"{ip[0].stem}-{Path(ip[1]).name}",
)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    source, profile = request.param
    out = tmp_path_factory.mktemp("every")
    result = CliRunner().invoke(
        cli, ["build", str(source), "--profile", profile, "--out", str(out), "--format", ",".join(FORMATS)]
    )
    assert result.exit_code == 0, result.output
    texts = {fmt: READERS[fmt](out / f"{source.stem}.{fmt}") for fmt in FORMATS}
    cells = {fmt: read(out / f"{source.stem}.{fmt}") for fmt, read in CELL_READERS.items()}
    checked = check_input(source, profile=profile)
    return Built(checked, texts, RenderJob(checked.computed, profile).document, cells)


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_made_up_is_printed(built: Built, fmt: str) -> None:
    found = sorted({m.group(0) for m in MADE_UP.finditer(built.texts[fmt])})
    assert not found, found


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_no_count_is_printed_that_the_input_does_not_state(built: Built, fmt: str) -> None:
    staffing = built.checked.computed.budget.overview.staffing
    stated = {h.count for h in [*staffing.authorized, *staffing.in_service]}
    stated |= {staffing.retired_lixiu or 0, staffing.retired_tuixiu or 0}
    zeros = re.findall(r"(?<![\d.,])0(?:人|辆|家)", built.texts[fmt])
    assert not zeros or 0 in stated, zeros


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_no_none_is_stated_for_money_the_budget_has(built: Built, fmt: str) -> None:
    computed = built.checked.computed
    text = built.texts[fmt].replace("\n", "")
    for phrase, figure in NONE_STATED.items():
        if phrase in text:
            assert (figure(computed) or Decimal(0)) == 0, phrase


@pytest.mark.parametrize("fmt", FORMATS[:4])
def test_the_grand_totals_read_as_words(built: Built, fmt: str) -> None:
    assert "收入总计" in built.texts[fmt] and "支出总计" in built.texts[fmt]


@pytest.mark.parametrize("fmt", FORMATS[:4])
def test_every_total_label_reads_as_one_word(built: Built, fmt: str) -> None:
    labels = {
        cell.text
        for table in built.document.tables()
        for row in table.rows
        if row.role == "total"
        for cell in row.cells
        if cell.text and not cell.value
    }
    assert {"合计", "收入总计", "支出总计"} <= labels
    assert not [label for label in labels if label not in built.texts[fmt]], labels


@pytest.mark.parametrize("fmt", CELL_READERS)
def test_every_composed_cell_is_read_back_as_composed(built: Built, fmt: str) -> None:
    """What a third-party reader of the published file checks: each table cell's text (a figure in a
    spreadsheet: its value) is there, whole — not split, respaced or rounded differently."""
    read = built.cells[fmt]
    missing = []
    figures = set()
    for table in built.document.tables():
        for cell in [c for row in table.header for c in row] + [c for row in table.rows for c in row.cells]:
            if not cell.text:
                continue
            if fmt == "xlsx" and cell.value is not None and cell.number_format:
                scaled = cell.value.scaleb(-2) if "%" in cell.number_format else cell.value
                wanted = f"{float(scaled):.8f}"
                figures.add(wanted)
            else:
                wanted = _squeezed(cell.text)
            if fmt == "pdf":
                # Words a cell sets apart with wide spaces (■运转类　□特定目标类) are blocks of their own.
                found = all(any(word in block for block in read) for word in cell.text.split())
            else:
                found = wanted in read
            if not found:
                missing.append((table.title, cell.text))
    assert not missing, "\n".join(f"{title}：{text!r}" for title, text in missing[:30])
    if fmt == "xlsx":
        # … and no figure the document does not print (a zero it leaves blank is not a 0 there).
        numbers = {value for value in read if re.fullmatch(r"-?\d+\.\d{8}", value)}
        assert numbers <= figures, sorted(numbers - figures)[:20]


def test_a_prior_year_input_is_refused_as_a_disclosure_in_every_profile(tmp_path: Path) -> None:
    for profile in PROFILES:
        for name in PRIOR_ONLY:
            result = CliRunner().invoke(
                cli,
                [
                    "build",
                    str(INPUTS / name),
                    "--profile",
                    profile,
                    "--out",
                    str(tmp_path),
                    "--format",
                    "json",
                ],
            )
            assert result.exit_code == 1 and "DOC-001" in result.output, result.output
            assert not list(tmp_path.iterdir())
