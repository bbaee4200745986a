"""YAML loading with ruamel.yaml, keeping the line of every key and item.

Numbers are built from their source text as Decimal (never float), codes with leading
zeros stay text, and any explicit non-standard tag (e.g. !!python/object) is refused.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode

from gen.errors import InputError
from gen.findings import Finding, Location, Severity
from gen.load.source import Path_, SourceDoc

MAX_INPUT_BYTES = 20 * 1024 * 1024


class _Constructor(RoundTripConstructor):
    def construct_yaml_float(self, node: ScalarNode) -> Any:
        text = str(node.value).replace("_", "")
        if text.lower().lstrip("+-") in (".inf", ".nan"):
            return text  # rejected later by the schema, with the field's location
        try:
            return Decimal(text)
        except InvalidOperation:
            return text

    def construct_yaml_int(self, node: ScalarNode) -> Any:
        text = str(node.value).replace("_", "")
        if len(text) > 1 and text.startswith("0") and text.isdigit():
            return text  # a code such as 0101, not the number 101
        return int(super().construct_yaml_int(node))

    def construct_undefined(self, node: Any) -> Any:
        raise ConstructorError(
            None, None, f"不支持的 YAML 标签 {node.tag}（出于安全考虑不允许）", node.start_mark
        )


_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)
_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor(None, _Constructor.construct_undefined)


def _refuse_tag(constructor: _Constructor, suffix: str, node: Any) -> Any:
    return constructor.construct_undefined(node)


for _tag in ("tag:yaml.org,2002:python/", "!"):
    _Constructor.add_multi_constructor(_tag, _refuse_tag)


def _problem(path: Path, message: str, line: int | None = None) -> InputError:
    return InputError([Finding("LOAD", Severity.ERROR, message, (Location(path.name, line),))])


def read_text(path: Path) -> str:
    """Read an input as text, with Chinese messages for the usual encoding mistakes."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _problem(path, f"无法读取文件：{exc.strerror}") from None
    if size > MAX_INPUT_BYTES:
        raise _problem(path, f"文件过大（{size // 1024 // 1024} MB），输入文件不应超过 20 MB")
    raw = path.read_bytes()
    if not raw.strip():
        raise _problem(path, "文件为空")
    if b"\x00" in raw[:4096]:
        raise _problem(path, "这不是文本文件（含二进制内容），请提供 YAML 文本")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            hint = "文件看起来是 GBK/GB18030 编码，请在编辑器中另存为 UTF-8"
        except UnicodeDecodeError:
            hint = "请将文件保存为 UTF-8 编码"
        raise _problem(path, f"文件不是 UTF-8 编码：{hint}", line) from None


def load_yaml(path: Path) -> SourceDoc:
    text = read_text(path)
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = exc.problem or exc.context or "无法解析"
        raise _problem(path, f"YAML 格式错误：{_translate(detail)}", line) from None
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise _problem(path, f"YAML 格式错误：{exc}") from None
    if not isinstance(tree, CommentedMap):
        raise _problem(path, "文件顶层应为键值结构（meta:、units: …）", 1)
    lines: dict[Path_, int] = {}
    data = _plain(tree, (), lines)
    return SourceDoc(path=path, data=data, lines=lines)


def _plain(node: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    """Convert ruamel's commented containers to dicts/lists, recording each child's line."""
    if isinstance(node, CommentedMap):
        result: dict[str, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            line_col = node.lc.data.get(key)
            if line_col:
                # Point at the value when it sits on the key's line, else at the key.
                lines[child] = line_col[0] + 1
            result[str(key)] = _plain(value, child, lines)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            line_col = node.lc.data.get(index)
            if line_col:
                lines[child] = line_col[0] + 1
            items.append(_plain(value, child, lines))
        return items
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    return node


_TRANSLATIONS = {
    "could not find expected ':'": "缺少冒号“:”",
    "mapping values are not allowed here": "此处不能出现“:”（缩进或引号有误）",
    "found duplicate key": "键重复",
    "expected <block end>, but found": "缩进不一致",
    "found character '\\t' that cannot start any token": "不能使用 Tab 缩进，请用空格",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found undefined alias": "引用了未定义的锚点",
}


def _translate(detail: str) -> str:
    for english, chinese in _TRANSLATIONS.items():
        if english in detail:
            return f"{chinese}（{detail}）"
    return detail
