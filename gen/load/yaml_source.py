"""YAML loading with ruamel.yaml, keeping the line of every key and item.

Numbers are built from their source text as Decimal (never float), codes with leading
zeros stay text, and any explicit non-standard tag (e.g. !!python/object) is refused, as are
aliases (`*name`), which no budget needs and which can multiply a small file into a huge one.

A plain file is read by ruamel's C parser (libyaml, about 7 times faster); a file with anything
unusual in it (an error, a tag, an alias, a merge key, a directive, a character the exact reader
refuses) is read again by the pure-Python round-trip loader, which gives the located message.
Both readings are the same wherever the fast one succeeds (tests/load/test_fuzz.py).
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import ruamel.yaml.main
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import Reader

from gen.characters import refused_character
from gen.errors import InputError, os_reason
from gen.findings import Finding, Location, Severity
from gen.load.limits import MAX_INPUT_BYTES, MAX_ITEMS, MAX_LINE_CHARS, too_large
from gen.load.source import Path_, SourceDoc

# ruamel.yaml.clib's libyaml parser, where it is installed (it comes with ruamel.yaml's wheels).
CParser = getattr(ruamel.yaml.main, "CParser", None)

# Only plain decimal numbers are amounts; 0x10, 0o17 or 1_000 stay text and the schema says so.
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


# Digits of an integer the loader builds; longer ones stay text for the schema to refuse.
_MAX_DIGITS = 30
# What ruamel reads as a line break besides \n and \r (YAML 1.1): a file holding one would be read
# differently from how every editor shows it, so it is refused wherever it is, comments included.
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")

# A value that begins with a double quote: `key: "…` or `- "…`.
_OPENS_QUOTE = re.compile(r'(:|^\s*-)\s+"')


class _Composer(Composer):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.parser.check_event(AliasEvent):
            event = self.parser.peek_event()
            raise ComposerError(
                None, None, f"不支持 YAML 别名“*{event.anchor}”，请把内容直接写出", event.start_mark
            )
        return super().compose_node(parent, index)


class _Numbers:
    """Amounts as Decimal from their text, whole numbers as int, codes with leading zeros as text."""

    def construct_yaml_float(self, node: ScalarNode) -> Any:
        text = str(node.value)
        if not _DECIMAL.fullmatch(text):
            return text  # .inf, .nan, 1_0.5: rejected later by the schema, with the field's location
        try:
            return Decimal(text)
        except InvalidOperation:
            return text

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        text = str(node.value)
        if not _DECIMAL.fullmatch(text) or len(text) > _MAX_DIGITS:
            return text  # the schema names it (an int that long is no count or year, and int() is slow)
        if len(text) > 1 and text.startswith("0"):
            return text  # a code such as 0101, not the number 101
        return int(text)


class _Constructor(_Numbers, RoundTripConstructor):
    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError):
            raise ConstructorError(
                None, None, f"日期无效：“{node.value}”（应为 2022-11-19 这样的日期）", node.start_mark
            ) from None

    def construct_undefined(self, node: Any) -> Any:
        raise ConstructorError(
            None, None, f"不支持的 YAML 标签 {node.tag}（出于安全考虑不允许）", node.start_mark
        )


_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor(None, _Constructor.construct_undefined)


def _refuse_tag(constructor: _Constructor, suffix: str, node: Any) -> Any:
    return constructor.construct_undefined(node)


for _tag in ("tag:yaml.org,2002:python/", "!"):
    _Constructor.add_multi_constructor(_tag, _refuse_tag)


class _FastConstructor(_Numbers, SafeConstructor):
    pass


_FastConstructor.add_constructor("tag:yaml.org,2002:float", _FastConstructor.construct_yaml_float)
_FastConstructor.add_constructor("tag:yaml.org,2002:int", _FastConstructor.construct_yaml_int)


def _problem(path: Path, message: str, line: int | None = None) -> InputError:
    return InputError([Finding("LOAD", Severity.ERROR, message, (Location(path.name, line),))])


def read_text(path: Path) -> str:
    """Read an input as text, with Chinese messages for the usual encoding mistakes."""
    try:
        info = path.stat()
    except OSError as exc:
        raise _problem(path, f"无法读取文件：{os_reason(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _problem(path, "不是普通文件（文件夹、管道或设备），已拒绝读取")
    size = info.st_size
    if size > MAX_INPUT_BYTES:
        raise _problem(path, too_large("输入文件", size, MAX_INPUT_BYTES))
    raw = path.read_bytes()
    if not raw.strip():
        raise _problem(path, "文件为空")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(path, "文件是 UTF-16 编码（记事本的“Unicode”），请在编辑器中另存为 UTF-8")
    if b"\x00" in raw[:4096]:
        raise _problem(path, "这不是文本文件（含二进制内容），请提供 YAML 文本")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            hint = "文件看起来是 GBK/GB18030 编码，请在编辑器中另存为 UTF-8"
        except UnicodeDecodeError:
            hint = "请将文件保存为 UTF-8 编码"
        raise _problem(path, f"文件不是 UTF-8 编码：{hint}", line) from None
    _refuse_odd_lines(path, text)
    return text


def _refuse_odd_lines(path: Path, text: str) -> None:
    """Lines longer than any input needs, and line breaks only some programs see, at their line."""
    found = _ODD_BREAKS.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        kind = refused_character(found.group())
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        message = f"第 {column} 个字符是{kind}（U+{ord(found.group()):04X}），有的程序把它当作换行：请删除"
        raise _problem(path, message, line)
    for number, line_text in enumerate(text.split("\n"), start=1):
        if len(line_text) > MAX_LINE_CHARS:
            message = f"这一行有 {len(line_text)} 个字符，超过 {MAX_LINE_CHARS} 个，不像是预算输入"
            raise _problem(path, message, number)


def load_yaml(path: Path) -> SourceDoc:
    text = read_text(path)
    with _collector_paused():
        fast = fast_reading(text)
    if fast is not None:
        return SourceDoc(path=path, data=fast[0], lines=fast[1])
    return exact_reading(path, text)


def exact_reading(path: Path, text: str) -> SourceDoc:
    """The round-trip loader's reading: slower, and it says where and what any problem is."""
    yaml = YAML(typ="rt")
    yaml.Composer = _Composer
    yaml.Constructor = _Constructor
    try:
        with _collector_paused():
            tree = yaml.load(text)
    except MarkedYAMLError as exc:
        raise _syntax_problem(path, text, exc) from None
    except RecursionError:
        raise _problem(path, "YAML 格式错误：嵌套层数过多") from None
    except YAMLError as exc:
        # Reader errors (control characters in the file) carry a position, not a mark.
        position = getattr(exc, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else None
        raise _problem(path, f"YAML 格式错误：{_translate(str(exc))}", line) from None
    except (ValueError, TypeError, KeyError):
        # ruamel's own constructors fail plainly on explicit standard tags (!!bool maybe, !!int 1e3).
        message = "YAML 格式错误：有值无法按写明的类型（!!int、!!bool 等）读取，请去掉类型标记"
        raise _problem(path, message) from None
    if not isinstance(tree, CommentedMap):
        raise _problem(path, "文件顶层应为键值结构（meta:、units: …）", 1)
    lines: dict[Path_, int] = {}
    try:
        with _collector_paused():
            data = _plain(tree, (), lines)
    except RecursionError:
        raise _problem(path, "YAML 格式错误：嵌套层数过多") from None
    except _Refused as exc:
        where = SourceDoc(path=path, data=None, lines=lines).locate(exc.path)
        raise InputError([Finding("LOAD", Severity.ERROR, exc.message, (where,))]) from None
    return SourceDoc(path=path, data=data, lines=lines)


# Text the C parser may read otherwise than the exact one: tags, merge keys (which the safe
# constructor folds into the mapping), directives, the line breaks of YAML 1.1 and characters the
# exact reader refuses, and tabs (libyaml takes one inside a plain value that ruamel's scanner refuses).
_UNUSUAL = re.compile(r"[!\t\x85\u2028\u2029]|<<|^%", re.MULTILINE)


class _Slow(Exception):
    """The text needs the exact loader."""


def fast_reading(text: str) -> tuple[dict[str, Any], dict[Path_, int]] | None:
    """The data and lines as the C parser reads them; None where the exact loader must read the text
    (any problem, or anything whose reading might differ: it then gives the same data, or the message)."""
    if CParser is None or _UNUSUAL.search(text) or Reader.NON_PRINTABLE.search(text):
        return None  # (without ruamel.yaml.clib there is no C parser: the exact loader reads it all)
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _FastConstructor
    try:
        loader, _ = yaml.get_constructor_parser(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        lines: dict[Path_, int] = {}
        if not isinstance(node, MappingNode):
            return None
        return _walk(node, data, (), lines, set()), lines
    except Exception:  # whatever it is, the exact loader reports it at its line
        return None


def _walk(node: Any, value: Any, path: Path_, lines: dict[Path_, int], seen: set[int]) -> Any:
    """`value` (constructed from `node`) as plain data, recording each key's and item's line as the
    round-trip loader does."""
    if id(node) in seen:
        raise _Slow  # an alias: the same node twice
    seen.add(id(node))
    if isinstance(node, MappingNode):
        if not isinstance(value, dict) or len(node.value) != len(value):
            raise _Slow  # a merge key, a duplicate
        result: dict[str, Any] = {}
        for (key_node, child_node), (key, child) in zip(node.value, value.items(), strict=True):
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _Slow
            at = (*path, str(key))
            lines[at] = key_node.start_mark.line + 1
            result[str(key)] = _walk(child_node, child, at, lines, seen)
        return result
    if isinstance(node, SequenceNode):
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            raise _Slow
        items = []
        for index, (child_node, child) in enumerate(zip(node.value, value, strict=True)):
            lines[(*path, index)] = child_node.start_mark.line + 1
            items.append(_walk(child_node, child, (*path, index), lines, seen))
        return items
    if isinstance(value, dt.datetime) or not (
        value is None or isinstance(value, (str, bool, int, Decimal, dt.date))
    ):
        raise _Slow  # a time of day (the exact loader keeps ruamel's own type), bytes, a set …
    return value


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a file is parsed: the parser makes millions of objects
    and no cycles, and each full collection walks every object made so far, which made loading a
    large input grow faster than its size (×50 the reference: a quarter of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _syntax_problem(path: Path, text: str, exc: MarkedYAMLError) -> InputError:
    """The parser's complaint in Chinese, at the line to fix rather than where the parser gave up."""
    # "while scanning a simple key / a quoted scalar": the context mark is where the key or quote began.
    scanning = (exc.context or "").startswith("while scanning")
    mark = (exc.context_mark if scanning else None) or exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    message = f"YAML 格式错误：{_translate(exc.problem or exc.context or '无法解析')}"
    quote = _unclosed_quote(text, line)
    if quote is not None and quote != line:
        message += f"；第 {quote} 行的引号可能没有闭合（解析到第 {line} 行时出错）"
        line = quote
    return _problem(path, message, line)


def _unclosed_quote(text: str, before: int | None) -> int | None:
    """The last line up to `before` with an odd number of double quotes: an unclosed string swallows
    the lines after it, and the parser only notices later."""
    lines = text.splitlines()[: before or None]
    for number in range(len(lines), 0, -1):
        content = lines[number - 1].split(" #")[0].replace('\\"', "")
        if _OPENS_QUOTE.search(content) and content.count('"') % 2:
            return number
    return None


class _Refused(Exception):
    """A value the loader will not take, at its field path (whose line is already recorded)."""

    def __init__(self, message: str, path: Path_) -> None:
        self.message, self.path = message, path


def _plain(node: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    """Convert ruamel's commented containers to dicts/lists, recording each child's line."""
    if isinstance(node, CommentedMap):
        result: dict[str, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            # Merged (<<) and ordered-map (!!omap) keys carry no position of their own.
            line_col = node.lc.data.get(key) if node.lc.data else None
            if line_col:
                # Point at the value when it sits on the key's line, else at the key.
                lines[child] = line_col[0] + 1
            result[str(key)] = _plain(value, child, lines)
        return result
    if isinstance(node, CommentedSeq):
        if len(node) > MAX_ITEMS:
            lines[(*path, 0)] = node.lc.line + 1  # named at its first item
            raise _Refused(f"列表超过 {MAX_ITEMS} 项，不像是一个部门的预算", (*path, 0))
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            line_col = node.lc.data.get(index) if node.lc.data else None
            if line_col:
                lines[child] = line_col[0] + 1
            items.append(_plain(value, child, lines))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if node is None or isinstance(node, (int, Decimal, dt.date)):
        return node
    # !!set, !!binary, !!pairs …: nothing in a budget is written that way.
    raise _Refused("YAML 格式错误：不支持这种写法的值（!!set、!!binary 等），请直接写文字或数字", path)


_TRANSLATIONS = {
    "could not find expected ':'": "缺少冒号“:”",
    "mapping values are not allowed here": "此处不能出现“:”（缩进或引号有误）",
    "found duplicate key": "键重复",
    "expected <block end>, but found": "缩进不一致",
    "found character '\\t' that cannot start any token": "不能使用 Tab 缩进，请用空格",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found undefined alias": "引用了未定义的锚点",
    "expected ',' or ']'": "方括号“[”没有闭合，或缺少逗号",
    "expected ',' or '}'": "花括号“{”没有闭合，或缺少逗号",
    "expected URI": "不支持的 YAML 标签（以“!”开头的写法）",
    "while scanning a quoted scalar": "引号没有闭合",
    "special characters are not allowed": "含有不可见的控制字符，请删除",
}


def _translate(detail: str) -> str:
    """The parser's English complaint in Chinese; one it has no words for becomes a general hint."""
    for english, chinese in _TRANSLATIONS.items():
        if english in detail:
            return chinese
    if not detail.isascii():
        return detail  # our own message, raised from the constructor or composer above
    return "无法解析，请检查这一行及上一行的缩进、冒号、引号和括号"
