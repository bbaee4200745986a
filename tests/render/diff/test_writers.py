"""`budgetdoc diff` output formats as golden files (update: pytest tests/render/diff --update-golden)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from gen.compute.diff import Diff, compare
from gen.pipeline import check_input
from gen.render.diff import writers
from gen.render.package import FIXED_TIME
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT
from tests.workbooks import dump

GOLDEN = Path(__file__).parent.parent / "golden"
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


@pytest.fixture(scope="module")
def reference() -> Diff:
    return compare(check_input(JIANGHAN_2023, JIANGHAN_2022).computed)


def _readable(fmt: str, data: bytes) -> str:
    """The output as text; a workbook as its sheets' set-up and cells."""
    return dump(data) if fmt == "xlsx" else data.decode("utf-8")


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("text", "diff-jianghan.txt"),
        ("html", "diff-jianghan.html"),
        ("xlsx", "diff-jianghan.xlsx.txt"),
        ("json", "diff-jianghan.json"),
    ],
)
def test_golden(reference: Diff, update_golden: bool, fmt: str, name: str) -> None:
    output = _readable(fmt, writers()[fmt](reference))
    golden = GOLDEN / name
    if update_golden or not golden.exists():
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def test_text_states_the_reference_changes_and_what_needs_a_reason(reference: Diff) -> None:
    text = writers()["text"](reference).decode("utf-8")
    for figure in ("−14,294.74", "−13.83%", "−13,119.25", "−555.20", "−666.24", "−1.00", "−20.10", "−2.99"):
        assert figure in text
    assert "需说明变动原因：5 项" in text
    assert 'narrative.change_reasons.function."204"' in text


def test_json_carries_both_years_and_the_flags(reference: Diff) -> None:
    data = json.loads(writers()["json"](reference))
    total = data["sections"][0]["items"][0]
    assert (total["prior"], total["current"], total["change"], total["percent"]) == (
        "103347.29",
        "89052.55",
        "-14294.74",
        "-13.83",
    )
    assert total["needs_reason"] and len(data["unexplained"]) == 5


def test_the_same_comparison_gives_the_same_workbook_bytes(reference: Diff) -> None:
    data = writers()["xlsx"](reference)
    assert data == writers()["xlsx"](reference)
    # Same bytes on another day too: no entry or property carries the time of writing.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {FIXED_TIME}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_names_from_the_input_stay_text_in_every_format(tmp_path: Path) -> None:
    """A project named like a formula or markup prints literally; nothing evaluates it."""
    text = MINIMAL.read_text(encoding="utf-8")
    current = text.replace("name: 信息系统运维项目", "name: '=HYPERLINK(\"http://x\")<script>'")
    prior = text.replace("  year: 2023\n", "  year: 2022\n", 1)
    (tmp_path / "prior.yaml").write_text(prior, encoding="utf-8")
    (tmp_path / "current.yaml").write_text(current, encoding="utf-8")
    diff = compare(check_input(tmp_path / "current.yaml", tmp_path / "prior.yaml").computed)
    name = '=HYPERLINK("http://x")<script>'
    html = writers()["html"](diff).decode("utf-8")
    assert "<script>" not in html and "=HYPERLINK(&#34;http://x&#34;)&lt;script&gt;" in html
    cells = dump(writers()["xlsx"](diff))
    assert f"s {name!r}" in cells and " f " not in cells
