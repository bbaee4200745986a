"""Builders of the bad-input corpus: files an officer could plausibly hand over, and what we must say.

A case writes its input into a folder and names the message and the location the report must
print. Text cases mutate tests/data/minimal.yaml (which passes every check) so each one shows a
single mistake; the location's line is found from a marker in the mutated text, not typed in.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from openpyxl import Workbook, load_workbook

from gen.inputs.data import budget_data
from gen.inputs.workbook import write_workbook
from gen.pipeline import load_budget
from tests.conftest import ROOT

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Case:
    id: str
    write: Callable[[Path], Path]
    """Writes the input into the given folder and returns its path."""
    message: str
    """Text the report must contain."""
    where: Callable[[Path], str]
    """The location the report must print, given the input's path."""
    exit_code: int = 1
    args: tuple[str, ...] = ()
    """Extra command-line arguments (usage cases)."""


def line_of(text: str, marker: str) -> int:
    """The line on which `marker` (which may span lines) begins."""
    assert marker in text, f"marker not in the input: {marker!r}"
    return text[: text.index(marker)].count("\n") + 1


def text(case_id: str, old: str, new: str, message: str, field: str, marker: str | None = None) -> Case:
    """minimal.yaml with `old` replaced by `new`; the location is `field` on the line holding `marker`."""
    assert old in TEXT, case_id
    mutated = TEXT.replace(old, new, 1)
    line = line_of(mutated, marker or new.strip().splitlines()[0])
    name = f"{case_id}.yaml"

    def write(folder: Path) -> Path:
        path = folder / name
        path.write_text(mutated, encoding="utf-8")
        return path

    where = f"{name}:{line}（{field}）" if field else f"{name}:{line}"
    return Case(case_id, write, message, lambda _: where)


def raw(
    case_id: str, content: bytes | str, message: str, line: int | None = None, suffix: str = ".yaml"
) -> Case:
    """A whole file as given; the location is the file, at `line` when there is one."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    name = f"{case_id}{suffix}"

    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return Case(case_id, write, message, lambda _: name if line is None else f"{name}:{line}")


def generated(case_id: str, make: Callable[[], bytes], message: str, suffix: str = ".yaml") -> Case:
    """Like `raw`, for content too big to keep in memory between tests."""
    name = f"{case_id}{suffix}"

    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(make())
        return path

    return Case(case_id, write, message, lambda _: name)


@cache
def minimal_book() -> bytes:
    budget, _ = load_budget(MINIMAL)
    return write_workbook(budget_data(budget))


def edited_book(edit: Callable[[Workbook], None], base: bytes | None = None) -> bytes:
    workbook = load_workbook(io.BytesIO(base or minimal_book()))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rezipped(book: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """The workbook with each part passed through `change` (for what openpyxl cannot write)."""
    source = zipfile.ZipFile(io.BytesIO(book))
    return zipped({name: change(name, source.read(name)) for name in source.namelist()})


def book(case_id: str, edit: Callable[[Workbook], None], message: str, cell: str) -> Case:
    """The minimal input as a workbook, edited; the location is `工作表!单元格（字段）`."""
    name = f"{case_id}.xlsx"

    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(edited_book(edit))
        return path

    return Case(case_id, write, message, lambda _: f"{name} {cell}")


def book_bytes(case_id: str, make: Callable[[], bytes], message: str, cell: str | None = None) -> Case:
    name = f"{case_id}.xlsx"

    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(make())
        return path

    return Case(case_id, write, message, lambda _: name if cell is None else f"{name} {cell}")


def usage(case_id: str, message: str, args: tuple[str, ...], write: Callable[[Path], Path]) -> Case:
    """A command line that cannot be carried out: exit 2, one message, no location."""
    return Case(case_id, write, message, lambda _: "", exit_code=2, args=args)


def set_cell(sheet: str, cell: str, value: object) -> Callable[[Workbook], None]:
    def edit(workbook: Workbook) -> None:
        workbook[sheet][cell] = value

    return edit
