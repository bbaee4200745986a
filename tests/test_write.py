"""Output sets: all written or none, the earlier set kept on failure, leftovers of a killed run cleaned."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gen import write
from gen.errors import OutputError, UsageError
from gen.write import sweep, write_atomic, write_set


def _old_set(folder: Path) -> dict[Path, bytes]:
    files = {folder / "x.html": b"old html", folder / "x.json": b"old json", folder / "x.pdf": b"old pdf"}
    for path, data in files.items():
        path.write_bytes(data)
    return files


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_set_is_written_whole_with_nothing_left_over(tmp_path: Path) -> None:
    old = _old_set(tmp_path)
    write_set({path: b"new " + path.suffix.encode() for path in old})
    assert _contents(tmp_path) == {"x.html": b"new .html", "x.json": b"new .json", "x.pdf": b"new .pdf"}
    assert all(p.stat().st_mode & 0o644 == 0o644 for p in tmp_path.iterdir())


def test_a_folder_in_a_targets_place_leaves_the_earlier_set(tmp_path: Path) -> None:
    old = _old_set(tmp_path)
    (tmp_path / "x.docx").mkdir()
    with pytest.raises(OutputError, match=r"x\.docx：已有同名的文件夹.*原有文件保持不变"):
        write_set({**{p: b"new" for p in old}, tmp_path / "x.docx": b"new"})
    assert _contents(tmp_path) == {p.name: d for p, d in old.items()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.docx", "x.html", "x.json", "x.pdf"]


def test_a_full_disk_leaves_the_earlier_set_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _old_set(tmp_path)
    real = os.fsync
    calls = []

    def full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file of the set does not fit
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        write_set({p: b"new" for p in old})
    assert "磁盘空间不足" in str(caught.value) and "No space" not in str(caught.value)
    assert _contents(tmp_path) == {p.name: d for p, d in old.items()}


def test_a_rename_that_fails_undoes_the_ones_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _old_set(tmp_path)
    new = tmp_path / "y.html"  # a target that did not exist before: undone by removing it
    real = os.replace
    done = []

    def flaky(src: str | Path, dst: str | Path) -> None:
        if Path(dst) in old or Path(dst) == new:
            done.append(dst)
            if len(done) == 3:
                raise OSError(errno.EIO, "I/O error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OutputError, match="磁盘读写出错"):
        write_set({new: b"new", **{p: b"new" for p in old}})
    monkeypatch.setattr(os, "replace", real)
    assert _contents(tmp_path) == {p.name: d for p, d in old.items()}


def test_an_output_never_replaces_an_input(tmp_path: Path) -> None:
    source = tmp_path / "预算.xlsx"
    source.write_bytes(b"the officer's data")
    with pytest.raises(UsageError, match="就是输入文件"):
        write_atomic(tmp_path / "预算.xlsx", b"output", protected=(source,))
    link = tmp_path / "link.xlsx"
    link.symlink_to(source)
    with pytest.raises(UsageError, match="就是输入文件"):
        write_atomic(link, b"output", protected=(source,))
    assert source.read_bytes() == b"the officer's data"


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(child.stdout)


def test_a_killed_runs_temporary_files_are_removed_by_the_next(tmp_path: Path) -> None:
    dead, alive = _dead_pid(), os.getppid()
    stale = tmp_path / f".x.pdf.budgetdoc-{dead}-0badc0de.tmp"
    stale.write_bytes(b"half a pdf")
    backup = tmp_path / f".x.html.budgetdoc-{dead}-0badc0de.old"
    backup.write_bytes(b"a backup")
    running = tmp_path / f".y.pdf.budgetdoc-{alive}-12345678.tmp"  # another build, still writing
    running.write_bytes(b"in progress")
    unrelated = tmp_path / ".hidden.tmp"
    unrelated.write_bytes(b"not ours")
    write_atomic(tmp_path / "x.json", b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, unrelated.name, "x.json"])


def test_a_run_killed_while_renaming_is_completed_by_the_next(tmp_path: Path) -> None:
    """A journal means every file of the set was written in full: the renames are finished."""
    _old_set(tmp_path)
    dead = _dead_pid()
    token = "0badc0de"
    temps = {}
    for name in ("x.html", "x.json", "x.pdf"):
        temp = tmp_path / f".{name}.budgetdoc-{dead}-{token}.tmp"
        temp.write_bytes(b"new " + name.encode())
        temps[name] = temp
    os.replace(temps["x.html"], tmp_path / "x.html")  # the kill came after the first rename
    journal = tmp_path / f".budgetdoc-{dead}-{token}.journal"
    journal.write_text(json.dumps([[str(t), str(tmp_path / n)] for n, t in temps.items()]), encoding="utf-8")
    sweep(tmp_path)
    assert _contents(tmp_path) == {"x.html": b"new x.html", "x.json": b"new x.json", "x.pdf": b"new x.pdf"}


def test_a_temporary_name_says_whose_it_is(tmp_path: Path) -> None:
    name = write._sibling(tmp_path / "x.pdf", "0badc0de", "tmp").name
    assert name == f".x.pdf.budgetdoc-{os.getpid()}-0badc0de.tmp"
    assert write._LEFTOVER.search(name)
