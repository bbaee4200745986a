"""`budgetdoc diff` output formats as golden files (update: pytest tests/render/diff --update-golden)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gen.compute.diff import Diff, compare
from gen.pipeline import check_input
from gen.render.diff import writers
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023

GOLDEN = Path(__file__).parent.parent / "golden"


@pytest.fixture(scope="module")
def reference() -> Diff:
    return compare(check_input(JIANGHAN_2023, JIANGHAN_2022).computed)


@pytest.mark.parametrize(("fmt", "name"), [("text", "diff-jianghan.txt"), ("json", "diff-jianghan.json")])
def test_golden(reference: Diff, update_golden: bool, fmt: str, name: str) -> None:
    output = writers()[fmt](reference).decode("utf-8")
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
