"""Characters no input text may hold: invisible ones, ones that change how the text around them
reads, and ones no document format can store; and how messages show a value that holds them."""

from __future__ import annotations

import unicodedata

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
    """A value as a message quotes it: shortened, with refused characters shown as <U+XXXX>."""
    text = str(value)
    return visible(text[:MAX_QUOTED]) + ("…" if len(text) > MAX_QUOTED else "")


def visible(text: str) -> str:
    """`text` with each refused character shown as <U+XXXX> (a key in a field path, a file name)."""
    if first_refused(text) is None:
        return text
    return "".join(f"<U+{ord(c):04X}>" if refused_character(c) else c for c in text)
