"""Every shipped input in every shipped profile and every format, read back as a reader would.

Nothing in what is published may be a word the tool made up: no "None" or "nan", no internal
placeholder (未填报, 未细分), no count the input does not state, no "无" for money the text states,
and every total label one word (收入总计) so that copying and searching find it.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gen.cli import cli
from gen.pipeline import Checked, check_input
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


@dataclass(frozen=True)
class Built:
    checked: Checked
    texts: dict[str, str]


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
    return Built(check_input(source, profile=profile), texts)


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
