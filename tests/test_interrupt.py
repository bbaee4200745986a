"""A real build stopped by a signal at several moments leaves its output folder as it was, or complete.

Each build runs `budgetdoc build` in its own process over a folder holding an earlier build's set
of the same input name. It is stopped while loading, while rendering, while writing its temporary
files and while renaming them into place (the last two slowed down, so that the signal lands there).
SIGINT and SIGTERM must leave the earlier set or the whole new one and no temporary file; after
SIGKILL, which no process can handle, the next run's clean-up must lead to one of the two.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from gen.write import sweep
from tests.conftest import ROOT

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
FORMATS = "html,pdf,docx,json"

# budgetdoc's own entry point, with writing or renaming slowed down when the test asks for it.
RUNNER = """
import os, sys, time
import gen.write

slow = os.environ.get("SLOW_AT")
if slow == "write":
    real_write = gen.write._write_file
    def _write_file(*args):
        time.sleep(0.4)
        real_write(*args)
    gen.write._write_file = _write_file
elif slow == "rename":
    real_replace = os.replace
    def replace(src, dst):
        if ".budgetdoc-" in str(src):
            time.sleep(0.4)
        real_replace(src, dst)
    os.replace = replace
from gen.cli import main
sys.argv[0] = "budgetdoc"
main()
"""


def _build(source: Path, out: Path, slow: str = "") -> subprocess.Popen[bytes]:
    env = {**os.environ, "SLOW_AT": slow}
    command = [sys.executable, "-c", RUNNER, "build", str(source), "--format", FORMATS, "--out", str(out)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The input, the earlier set (built from last week's version of it) and the complete new set."""
    base = tmp_path_factory.mktemp("sets")
    older = base / "older" / "x.yaml"
    older.parent.mkdir()
    older.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("测试市测试局\n", "测试市旧测试局\n"), encoding="utf-8"
    )
    source = base / "x.yaml"
    source.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    before, after = base / "before", base / "after"
    for input_file, out in ((older, before), (source, after)):
        done = _build(input_file, out)
        assert done.wait(timeout=120) == 0, done.stderr.read() if done.stderr else ""
    old, new = _files(before), _files(after)
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)
    return source, old, new


def _when(moment: str, folder: Path) -> tuple[str, Callable[[], bool]]:
    """How to slow the build down, and when to send the signal."""
    started = time.monotonic()
    if moment == "loading":
        return "", lambda: time.monotonic() - started > 0.8
    if moment == "rendering":
        return "", lambda: time.monotonic() - started > 2.0
    suffix = ".tmp" if moment == "writing" else ".journal"
    return moment.replace("writing", "write").replace("renaming", "rename"), lambda: any(
        p.name.endswith(suffix) for p in folder.iterdir()
    )


@pytest.mark.parametrize("moment", ["loading", "rendering", "writing", "renaming"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_a_stopped_build_leaves_the_earlier_set_or_the_whole_new_one(
    tmp_path: Path, sets: tuple[Path, dict[str, bytes], dict[str, bytes]], moment: str, signum: signal.Signals
) -> None:
    source, old, new = sets
    out = tmp_path / "out"
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)
    slow, due = _when(moment, out)
    process = _build(source, out, slow)
    deadline = time.monotonic() + 60
    while not due() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if process.poll() is None:
        process.send_signal(signum)
    code = process.wait(timeout=60)
    if signum == signal.SIGKILL:
        sweep(out)  # what the next run does first
    else:
        stderr = process.stderr.read().decode() if process.stderr else ""
        assert code in (0, 128 + signum), stderr  # done before the signal arrived, or stopped by it
        assert "Traceback" not in stderr
        if code:
            assert "已中断" in stderr
    left = _files(out)
    assert left in (old, new), sorted(
        (name, "old" if data == old.get(name) else "new" if data == new.get(name) else "other")
        for name, data in left.items()
    )
