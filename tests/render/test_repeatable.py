"""The same input gives the same bytes: every build and every diff, run twice in separate processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT

FORMATS = "html,pdf,docx,xlsx,json"
DIFFS = ("txt", "html", "xlsx", "json")


def _commands(out: Path) -> list[list[str]]:
    build = ["build", str(JIANGHAN_2023), "--format", FORMATS, "--out", str(out)]
    diffs = [
        ["diff", str(JIANGHAN_2022), str(JIANGHAN_2023), "--out", str(out / f"diff.{ext}")] for ext in DIFFS
    ]
    return [build, *diffs]


def _run_all(out: Path, seed: str) -> subprocess.Popen[bytes]:
    """All commands in one child process, with its own hash seed (set and dict orders differ)."""
    script = "; ".join(
        f"subprocess.run([sys.executable, '-m', 'gen', *{args!r}], check=True, capture_output=True)"
        for args in _commands(out)
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.Popen([sys.executable, "-c", f"import subprocess, sys; {script}"], cwd=ROOT, env=env)


def test_every_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    runs = [_run_all(first, "1"), _run_all(second, "2")]  # side by side: the machine has two cores
    assert [run.wait() for run in runs] == [0, 0]
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    expected = {f"jianghan-2023.{fmt}" for fmt in FORMATS.split(",")} | {f"diff.{ext}" for ext in DIFFS}
    assert set(names) == expected
    differing = [name for name in names if (first / name).read_bytes() != (second / name).read_bytes()]
    assert differing == []
