"""Write stage: an input's output files as one set — all of them new, or the earlier set untouched.

Every file is first written in full (and flushed to disk) under a temporary name beside its target;
only when all are written are they renamed into place, with the signals that would stop the run held
back meanwhile. If a rename fails, the ones already done are undone from hard-link backups of the files
they replaced. Temporary names carry the writing process's id: the next run in the folder removes
those of a process that no longer exists (one killed with SIGKILL, or a machine that lost power) and,
if it died while renaming, finishes the renaming from its journal, so the set becomes complete.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from gen.errors import OutputError, UsageError, os_reason
from gen.interrupt import held

_MARK = ".budgetdoc-"
# .<target name>.budgetdoc-<pid>-<token>.tmp (new file) / .old (backup) and .budgetdoc-<pid>-<token>.journal
_LEFTOVER = re.compile(r"\.budgetdoc-(\d+)-[0-9a-f]+\.(tmp|old|journal)$")
_UNTOUCHED = "本次没有写出任何文件，原有文件保持不变。"


@dataclass
class _Pending:
    target: Path
    temp: Path
    backup: Path | None = None


def write_atomic(target: Path, data: bytes, protected: Sequence[Path] = ()) -> None:
    """One file, atomically: a set of one."""
    write_set({target: data}, protected)


def write_set(files: dict[Path, bytes], protected: Sequence[Path] = ()) -> None:
    """Write every file or none; never over a file in `protected` (the command's inputs)."""
    refuse_inputs(files, protected)
    if not files:
        return
    folders = sorted({target.parent for target in files})
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"无法创建输出文件夹 {folder}：{os_reason(exc)}") from None
        sweep(folder)
    for target in files:
        if target.is_dir():
            raise OutputError(f"无法写入 {target}：已有同名的文件夹。{_UNTOUCHED}")
    token = secrets.token_hex(4)
    pending = [_Pending(target, _sibling(target, token, "tmp")) for target in files]
    try:
        for item in pending:
            _write_file(item.temp, files[item.target], item.target)
        _commit(pending, token)
    finally:
        with held():
            for item in pending:
                item.temp.unlink(missing_ok=True)


def refuse_inputs(targets: Iterable[Path], protected: Sequence[Path]) -> None:
    """An output that would replace one of the command's input files is a usage error."""
    for target in targets:
        for source in protected:
            if _same_file(target, source):
                raise UsageError(
                    f"输出文件 {target} 就是输入文件 {source}，写出会覆盖输入的数据："
                    "请用 --out 指定另一个文件夹或文件名"
                )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _sibling(target: Path, token: str, kind: str) -> Path:
    return target.with_name(f".{target.name}{_MARK}{os.getpid()}-{token}.{kind}")


def _write_file(temp: Path, data: bytes, target: Path) -> None:
    try:
        # O_EXCL: the name is this process's own; 0o666 less the umask, as for any new file.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise OutputError(f"无法写入 {target}：{os_reason(exc)}。{_UNTOUCHED}") from None


def _commit(pending: list[_Pending], token: str) -> None:
    """Rename every temporary file onto its target, or undo the renames done so far."""
    folder = pending[0].target.parent
    journal = folder / f"{_MARK}{os.getpid()}-{token}.journal"
    with held():
        done: list[_Pending] = []
        try:
            for item in pending:
                if item.target.exists():
                    item.backup = _sibling(item.target, token, "old")
                    _keep(item.target, item.backup)
            _write_journal(journal, pending)
            for item in pending:
                os.replace(item.temp, item.target)
                done.append(item)
            _sync(folder)
        except OSError as exc:
            failed = pending[len(done)].target if len(done) < len(pending) else folder
            for item in reversed(done):
                _undo(item)
            raise OutputError(f"无法写入 {failed}：{os_reason(exc)}。{_UNTOUCHED}") from None
        finally:
            for item in pending:
                if item.backup is not None:
                    item.backup.unlink(missing_ok=True)
            journal.unlink(missing_ok=True)


def _keep(target: Path, backup: Path) -> None:
    """A hard link to the file about to be replaced (a copy where the disk cannot link)."""
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)


def _undo(item: _Pending) -> None:
    if item.backup is not None:
        os.replace(item.backup, item.target)
        item.backup = None
    else:
        item.target.unlink(missing_ok=True)


def _write_journal(journal: Path, pending: list[_Pending]) -> None:
    entries = [[str(item.temp.absolute()), str(item.target.absolute())] for item in pending]
    with journal.open("w", encoding="utf-8") as handle:
        json.dump(entries, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())


def _sync(folder: Path) -> None:
    """Make the renames durable (a directory's entries are flushed separately from its files)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the renames are still done
    finally:
        os.close(fd)


# ---------------------------------------------------------------- what a killed run left behind


def sweep(folder: Path) -> None:
    """Finish or remove what a run that no longer exists left in `folder`.

    A journal means it died while renaming its complete set into place: the renames are finished, so
    the set becomes whole. Its other temporary files and backups are removed. A living process's files
    (another build writing into the same folder) are left alone.
    """
    with held():
        leftovers = sorted(_leftovers(folder), key=lambda found: found[1] != "journal")
        for path, kind in leftovers:
            try:
                if kind == "journal":
                    _roll_forward(path)
                path.unlink(missing_ok=True)
            except OSError:
                continue  # not ours to fix (permissions); the next run tries again


def _leftovers(folder: Path) -> Iterator[tuple[Path, str]]:
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(".")]
    except OSError:
        return
    for name in names:
        found = _LEFTOVER.search(name)
        if found and not _alive(int(found.group(1))):
            yield folder / name, found.group(2)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, under another user
    return True


def _roll_forward(journal: Path) -> None:
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # written only after every file was complete; unreadable means it was never finished
    for temp, target in entries:
        if os.path.exists(temp):
            os.replace(temp, target)
