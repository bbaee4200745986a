"""Every bad input in the corpus: exit 1 (2 for usage), its Chinese message at its location, no output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gen.cli import cli
from tests.corpus.cases import CASES, Case

FORMATS = "html,pdf,docx,xlsx,json"


def test_the_corpus_is_large_and_its_names_unique() -> None:
    assert len(CASES) >= 80
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_reported_and_nothing_is_written(tmp_path: Path, case: Case) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    source = case.write(folder)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(source), "--format", FORMATS, "--out", str(out), *case.args]
    )
    output = result.output
    assert result.exit_code == case.exit_code, output
    # A crash would surface as an exception other than the SystemExit the CLI ends with.
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    assert case.message in output, output
    where = case.where(source)
    if where:
        assert f"位置：{where}\n" in output, output
    assert not out.exists() or not any(out.iterdir())
