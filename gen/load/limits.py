"""Limits on what an input may hold, and the characters no input text may contain.

Each limit is far beyond what a real department's budget reaches and well short of what would make
a build run for minutes or take gigabytes; crossing one is a located refusal, never a hang. Every
field's text is also refused if it holds a character that is invisible or changes how text around it
reads (a zero-width space in a code, a right-to-left override in a name, a line separator), or that
no document format can store (control characters, noncharacters, lone surrogates).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gen.characters import character_message, quoted
from models.fields import MAX_NAME, MAX_TEXT

__all__ = ["MAX_NAME", "MAX_TEXT"]

# Far above any department's budget, low enough that a wrong file is refused before it is parsed.
MAX_INPUT_BYTES = 20 * 1024 * 1024
# A line of YAML: the longest text (MAX_TEXT characters) written with \u escapes, and then some.
MAX_LINE_CHARS = 200_000
# Items in one list (units, projects, 采购 rows, one form's indicators …) and in the whole input.
MAX_ITEMS = 10_000
MAX_LINE_ITEMS = 30_000
# Rows of one sheet of an input workbook (its header row, one row per item, blank rows).
MAX_ROWS = MAX_ITEMS + 1_000
# A workbook: all its parts unpacked, its cells, and its shared-strings table.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_CELLS = 1_000_000
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024

Path_ = tuple[str | int, ...]


def too_large(what: str, size: int, limit: int) -> str:
    """'文件过大（20.1 MB，不应超过 20 MB）': the size rounded up, so a file just over the limit is
    not said to be the limit's size."""
    mb = 1024 * 1024
    return f"{what}过大（{-(-size * 10 // mb) / 10:g} MB，不应超过 {limit // mb} MB）"


def text_problems(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every refused character in a key or text of `data`, every list too long, and the whole input's
    item count, each with the field path it is at."""
    counted = [0]
    yield from _walk(data, path, counted)
    if counted[0] > MAX_LINE_ITEMS:
        yield path, f"输入共有 {counted[0]} 项明细，超过 {MAX_LINE_ITEMS} 项，不像是一个部门的预算"


def _walk(data: Any, path: Path_, counted: list[int]) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, dict):
        if len(data) > MAX_ITEMS:
            yield path, f"超过 {MAX_ITEMS} 项，不像是一个部门的预算"
            return
        for key, value in data.items():
            if isinstance(key, str) and (message := character_message(key)):
                yield (*path, key), f"键名“{quoted(key)}”{message}"
            yield from _walk(value, (*path, key), counted)
    elif isinstance(data, list):
        if len(data) > MAX_ITEMS:
            yield path, f"有 {len(data)} 项，超过 {MAX_ITEMS} 项，不像是一个部门的预算"
            return
        counted[0] += len(data)
        for index, value in enumerate(data):
            yield from _walk(value, (*path, index), counted)
    elif isinstance(data, str) and (message := character_message(data)):
        yield path, message
