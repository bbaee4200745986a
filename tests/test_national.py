"""`build --profile national`: the nine national tables in every format, consistent with the wuhan output."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import docx
import lxml.html
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from gen.cli import cli
from gen.compose import compose, load_profile
from gen.compose.document import Table
from gen.compose.profile import SectionSpec
from gen.pipeline import Checked
from tests.conftest import JIANGHAN_2023

NINE = [
    "2023年部门收支总表",
    "2023年部门收入总表",
    "2023年部门支出总表",
    "2023年财政拨款收支总表",
    "2023年一般公共预算支出表",
    "2023年一般公共预算基本支出表",
    "2023年一般公共预算“三公”经费支出表",
    "2023年政府性基金预算支出表",
    "2023年国有资本经营预算支出表",
]
EMPTY_NOTES = ["本单位无政府性基金预算安排的支出", "本单位无国有资本经营预算安排的支出"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("national")
    args = ["build", str(JIANGHAN_2023), "--profile", "national", "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--format", "html,pdf,docx,json"])
    assert result.exit_code == 0, result.output
    return {path.suffix[1:]: path for path in out.iterdir()}


def test_the_nine_tables_in_order(jianghan: Checked) -> None:
    document = compose(jianghan.computed, load_profile("national"))
    assert [t.title for t in document.tables()] == NINE
    assert [t.empty_note for t in document.tables() if not t.rows] == EMPTY_NOTES


def _by_kind(jianghan: Checked, name: str) -> dict[str, Table]:
    """Each table of the profile's document keyed by its kind (summary, income, …)."""
    profile = load_profile(name)
    kinds = {s.id: s.table for part in profile.spec.parts for s in _walk(part.sections) if s.table}
    return {kinds[t.id]: t for t in compose(jianghan.computed, profile).tables() if t.id in kinds}


def _walk(sections: list[SectionSpec]) -> list[SectionSpec]:
    return [x for s in sections for x in (s, *_walk(s.sections))]


def test_every_table_the_two_profiles_share_has_the_same_figures(jianghan: Checked) -> None:
    national, wuhan = _by_kind(jianghan, "national"), _by_kind(jianghan, "wuhan")
    shared = sorted(national.keys() & wuhan.keys())
    assert len(shared) == 7  # wuhan prints no 国有资本经营预算 table, and its 财政拨款收支总表 simpler
    for kind in shared:
        assert national[kind].rows == wuhan[kind].rows, kind


def test_the_appropriation_table_splits_spending_by_fund_as_the_mof_template_does(jianghan: Checked) -> None:
    national, wuhan = _by_kind(jianghan, "national"), _by_kind(jianghan, "wuhan")
    mof, simple = national["appropriation"], wuhan["appropriation_simple"]
    assert [c.text for c in mof.header[1]][2:] == [
        "项目",
        "合计",
        "一般公共预算",
        "政府性基金预算",
        "国有资本经营预算",
    ]
    assert mof.orientation == "landscape"
    # The 合计 column is the one 预算数 of the simpler form; here all of it is 一般公共预算.
    for full, single in zip(mof.rows, simple.rows, strict=True):
        assert [c.text for c in full.cells[:4]] == [c.text for c in single.cells]
        assert full.cells[4].text == full.cells[3].text and not full.cells[5].text and not full.cells[6].text


def test_html(built: dict[str, Path]) -> None:
    page = lxml.html.fromstring(built["html"].read_text(encoding="utf-8"))
    headings = [h.text_content() for h in page.cssselect("section.has-table > .section-heading")]
    assert headings == NINE
    notes = [td.text_content() for td in page.cssselect("td.empty-note")]
    assert notes == EMPTY_NOTES
    totals = page.cssselect("#tables-t_summary tr.row-total")[-1]
    assert [c.text_content() for c in totals] == ["收入总计", "89,052.55", "支出总计", "89,052.55"]


def test_pdf(built: dict[str, Path]) -> None:
    reader = PdfReader(built["pdf"])
    marks = [m.title for m in reader.outline[-1] if not isinstance(m, list)]  # type: ignore[union-attr]
    assert marks == NINE
    text = subprocess.run(
        ["pdftotext", "-layout", str(built["pdf"]), "-"], capture_output=True, text=True
    ).stdout
    for note in EMPTY_NOTES:
        assert note in text
    assert text.count("89,052.55") >= 8


def test_docx(built: dict[str, Path]) -> None:
    word = docx.Document(str(built["docx"]))
    titles = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Table Heading"]
    assert titles == NINE
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert set(EMPTY_NOTES) <= cells
    assert "89,052.55" in cells


def test_json_is_the_same_data_as_the_wuhan_build(built: dict[str, Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", str(JIANGHAN_2023), "--profile", "wuhan", "--format", "json", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0
    wuhan = json.loads((tmp_path / "jianghan-2023.json").read_text(encoding="utf-8"))
    assert json.loads(built["json"].read_text(encoding="utf-8")) == wuhan
    assert wuhan["figures"]["total"]["current"] == "89052.55"
