"""Limits on what an input may hold, and the characters no input text may contain.

Each limit is far beyond what a real department's budget reaches and well short of what would make
a build run for minutes or take gigabytes; crossing one is a located refusal, never a hang. Every
field's text is also refused if it holds a character that is invisible or changes how text around it
reads (a zero-width space in a code, a right-to-left override in a name, a line separator), or that
no document format can store (control characters, noncharacters, lone surrogates).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from models.fields import MAX_NAME, MAX_TEXT

__all__ = ["MAX_NAME", "MAX_TEXT"]

# Far above any department's budget, low enough that a wrong file is refused before it is parsed.
MAX_INPUT_BYTES = 20 * 1024 * 1024
# A line of YAML: the longest text (MAX_TEXT characters) written with \u escapes, and then some.
MAX_LINE_CHARS = 200_000
# Items in one list (units, projects, 采购 rows, one form's indicators …) and in the whole input.
MAX_ITEMS = 10_000
MAX_LINE_ITEMS = 50_000
# Rows of one sheet of an input workbook (its header row, one row per item, blank rows).
MAX_ROWS = MAX_ITEMS + 1_000
# A workbook: all its parts unpacked, its cells, and its shared-strings table.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_CELLS = 1_000_000
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
# What a message quotes of a value: enough to recognise it.
MAX_QUOTED = 40

# Characters with a name an officer can look for; the rest are described by their kind.
_NAMED = {
    0x00AD: "软连字符",
    0x061C: "阿拉伯文字母标记",
    0x200B: "零宽空格",
    0x200C: "零宽不连字",
    0x200D: "零宽连字",
    0x200E: "从左到右标记",
    0x200F: "从右到左标记",
    0x202A: "从左到右嵌入",
    0x202B: "从右到左嵌入",
    0x202C: "方向格式结束",
    0x202D: "从左到右覆盖",
    0x202E: "从右到左覆盖",
    0x2028: "行分隔符",
    0x2029: "段分隔符",
    0x2060: "字连接符",
    0x2066: "从左到右隔离",
    0x2067: "从右到左隔离",
    0x2068: "方向隔离",
    0x2069: "方向隔离结束",
    0xFEFF: "零宽不换行空格",
    0x0085: "NEL 换行符",
}
_KINDS = {"Cc": "不可见的控制字符", "Zl": "特殊换行符", "Zp": "特殊换行符"}
# Kept: tab and the line breaks a text may hold.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def refused_character(char: str) -> str | None:
    """What kind of refused character `char` is, or None if text may hold it."""
    if char in _ALLOWED_CONTROLS:
        return None
    code = ord(char)
    category = unicodedata.category(char)
    if code in _NAMED:
        return f"{_KINDS.get(category, '不可见的字符')}“{_NAMED[code]}”"
    if category == "Cc":
        return "不可见的控制字符"
    if category == "Cf":
        return "不可见的格式字符"
    if category == "Cs":
        return "无效的代理字符"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "无效的非字符码位"
    return None


def first_refused(text: str) -> tuple[int, str, str] | None:
    """(position from 0, character, kind) of the first refused character in `text`."""
    if text.isascii() and text.isprintable():
        return None  # the usual case, decided without a per-character loop
    for position, char in enumerate(text):
        kind = refused_character(char)
        if kind is not None:
            return position, char, kind
    return None


def character_message(text: str) -> str | None:
    """'含有不可见的控制字符（第 5 个字符，U+0007），请删除' for the first refused character, or None."""
    found = first_refused(text)
    if found is None:
        return None
    position, char, kind = found
    return f"含有{kind}（第 {position + 1} 个字符，U+{ord(char):04X}），请删除"


def quoted(value: object) -> str:
    """A value as a message quotes it: shortened, with refused characters shown as U+XXXX."""
    text = str(value)
    shown = "".join(f"<U+{ord(c):04X}>" if refused_character(c) else c for c in text[:MAX_QUOTED])
    return shown + ("…" if len(text) > MAX_QUOTED else "")


Path_ = tuple[str | int, ...]


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
