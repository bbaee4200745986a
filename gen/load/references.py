"""Files an input names (meta.prior, meta.extra_codes): found inside the input's own folder, or a
folder the user names on the command line (`--refs DIR`), nowhere else.

An input is data someone sent; a name in it must not make budgetdoc open /etc/passwd, a file two
folders up, a link out of the folder, a directory or a FIFO (which would block the read forever).
A file the user names on the command line (`--prior FILE`) is the user's own choice and is not
restricted here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from gen.errors import InputError, os_reason
from gen.findings import Finding, Severity
from gen.load.source import SourceDoc

# What each reference is, for messages.
WHAT = {"prior": "上年预算文件", "extra_codes": "补充科目文件"}
# Folders the command line allows besides each input's own (--refs).
_ALLOWED: ContextVar[tuple[Path, ...]] = ContextVar("allowed_folders", default=())


@contextmanager
def allowing(folders: Iterable[Path]) -> Iterator[None]:
    """Within the block, references may also resolve inside `folders`."""
    token = _ALLOWED.set(tuple(folder.resolve() for folder in folders))
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def within(real: Path, folder: Path) -> bool:
    """Whether the resolved path `real` is inside `folder` or a folder the command line allows."""
    return any(real.is_relative_to(root) for root in (folder.resolve(), *_ALLOWED.get()))


def resolve(source: SourceDoc, field: str, name: str) -> Path:
    """The regular file `name` (meta.<field>) inside the input's folder; else a located InputError."""
    what = WHAT.get(field, "引用的文件")
    folder = source.path.parent

    def refuse(message: str, whole: str | None = None) -> InputError:
        where = source.locate(("meta", field))
        text = whole or f"{what}“{name}”{message}"
        return InputError([Finding("LOAD", Severity.ERROR, text, (where,))])

    candidate = folder / name  # an absolute name stays itself
    try:
        real = candidate.resolve(strict=False)
        inside = within(real, folder)
    except (OSError, RuntimeError):  # a symlink loop
        raise refuse("无法解析（符号链接循环）") from None
    if not inside:
        where = "是绝对路径" if Path(name).is_absolute() else "不在输入文件所在的文件夹中"
        raise refuse(f"{where}：{_INSIDE}")
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        raise refuse("", f"找不到{what}“{name}”（应与本文件在同一文件夹，或写相对于本文件的路径）") from None
    except OSError as exc:
        raise refuse(f"无法读取：{os_reason(exc)}") from None
    if stat.S_ISDIR(mode):
        raise refuse("是一个文件夹，应为 .yaml 或 .xlsx 文件")
    if not stat.S_ISREG(mode):
        raise refuse("不是普通文件（可能是管道或设备），已拒绝读取")
    return candidate


_INSIDE = (
    "引用的文件只能放在输入文件所在的文件夹（或其子文件夹）中，写相对路径；"
    "放在别处时，在命令行用 --refs 文件夹 允许该文件夹，上年文件也可以用 --prior 指定"
)


def referenced(source: SourceDoc, meta: object) -> list[Path]:
    """The files meta.prior and meta.extra_codes name that resolve; for protecting them from outputs."""
    found = []
    for field in WHAT:
        name = getattr(meta, field, None)
        if name:
            try:
                found.append(resolve(source, field, name))
            except InputError:
                continue
    return found
