"""Schema validation with pydantic, every error translated to Chinese and located."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from gen.errors import InputError
from gen.findings import Finding, Severity
from gen.load.source import SourceDoc
from models.budget import Budget

M = TypeVar("M", bound=BaseModel)
FieldPath = tuple[str | int, ...]

_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（请检查拼写，或删除该字段）",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文字",
    "bool_type": "应为“是/否”（true/false）",
    "bool_parsing": "应为“是/否”（true/false）",
    "list_type": "应为列表（每项以“- ”开头）",
    "dict_type": "应为键值结构",
    "model_type": "应为键值结构",
    "model_attributes_type": "应为键值结构",
    "date_type": "应为日期（如 2022-11-19）",
    "date_parsing": "应为日期（如 2022-11-19）",
    "date_from_datetime_parsing": "应为日期（如 2022-11-19）",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "string_pattern_mismatch": "取值不符合要求",
    "too_long": "项数过多",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
}


def field_title(path: tuple[str | int, ...], root: type[BaseModel] = Budget) -> str:
    """The Chinese title of the field at `path` (e.g. 项目支出), or '' when unknown."""
    model: Any = root
    title = ""
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return title
        info = fields[part]
        title = info.title or part
        model = _inner_model(info.annotation)
    return title


def field_names(path: tuple[str | int, ...], root: type[BaseModel] = Budget) -> list[str]:
    """The field names the model at `path` accepts ([] when `path` is not a model)."""
    model: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return []
        model = _inner_model(fields[part].annotation)
    return list(getattr(model, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in typing.get_args(candidate):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind in ("enum", "literal_error"):
        expected = str(error.get("ctx", {}).get("expected", ""))
        choices = expected.replace("'", "").replace(" or ", "、").replace(", ", "、")
        return f"取值应为以下之一：{choices}"
    if kind in ("value_error", "assertion_error"):
        return str(error.get("ctx", {}).get("error", error["msg"]))
    base = _MESSAGES.get(kind, error["msg"])
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal") and ctx:
        bound = ctx.get("ge", ctx.get("le"))
        base += f"（{'不应小于' if kind == 'greater_than_equal' else '不应大于'} {bound}）"
    return base


def parse_budget(source: SourceDoc) -> Budget:
    """Validate the loaded data; raise InputError listing every schema problem at once."""
    return parse_model(Budget, source)


# C0 controls other than tab and line breaks: invisible, and not allowed in DOCX/XLSX XML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_characters(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Each text holding a control character, with a message saying which."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _control_characters(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _control_characters(value, (*path, index))
    elif isinstance(data, str) and (found := _CONTROL.search(data)):
        where = f"第 {found.start() + 1} 个字符，U+{ord(found.group()):04X}"
        yield path, f"含有不可见的控制字符（{where}），请删除"


def parse_model(model: type[M], source: SourceDoc) -> M:
    """Validate `source` against `model`; every problem becomes a located Chinese finding."""
    parsed, findings = _validated(model, source, partial=False)
    if findings or parsed is None:
        raise InputError(findings)
    return parsed


def check_layer(model: type[BaseModel], source: SourceDoc) -> None:
    """Check a layer that others complete (a profile that extends another), each problem at its
    own line: a required field it leaves out is not a problem here."""
    _, findings = _validated(model, source, partial=True)
    if findings:
        raise InputError(findings)


def _validated(model: type[M], source: SourceDoc, *, partial: bool) -> tuple[M | None, list[Finding]]:
    findings = []
    for path, message in _control_characters(source.data):
        title = field_title(path, model)
        label = f"{title}：" if title else ""
        findings.append(Finding("SCHEMA", Severity.ERROR, label + message, (source.locate(path),)))
    try:
        parsed = model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors():
            path = tuple(part for part in error["loc"] if isinstance(part, (str, int)))
            value = error.get("input")
            if partial and error["type"] == "missing":
                continue
            if error["type"] == "extra_forbidden":
                parent = field_title(path[:-1], model)
                label = f"{parent}：" if parent else ""
                names = field_names(path[:-1], model)
                known = f"可用：{'、'.join(names)}；" if 0 < len(names) <= 20 else ""
                message = f"{label}未知字段“{path[-1]}”（{known}请检查拼写，或删除该字段）"
                findings.append(Finding("SCHEMA", Severity.ERROR, message, (source.locate(path),)))
                continue
            title = field_title(path, model)
            quiet = error["type"] in ("missing", "value_error")
            shown = f"：“{value}”" if isinstance(value, (str, int)) and not quiet else ""
            label = f"{title}：" if title else ""
            findings.append(
                Finding(
                    "SCHEMA",
                    Severity.ERROR,
                    f"{label}{_message(error)}{shown}",
                    (source.locate(path),),
                )
            )
        return None, findings
    return parsed, findings
