"""Schema validation with pydantic, every error translated to Chinese and located."""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from gen.characters import quoted
from gen.errors import InputError
from gen.findings import Finding, Severity
from gen.load.limits import text_problems
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
    "int_parsing_size": "数值过大",
    "finite_number": "应为有限的数字",
    "string_unicode": "应为文字",
    "string_sub_type": "应为文字",
    "bytes_type": "应为文字",
    "list_type_mismatch": "应为列表（每项以“- ”开头）",
    "set_type": "应为列表（每项以“- ”开头）",
    "tuple_type": "应为列表（每项以“- ”开头）",
    "too_short": "项数过少",
    "none_required": "应留空",
    "greater_than": "数值过小",
    "less_than": "数值过大",
    "multiple_of": "数值不符合要求",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多",
    "decimal_whole_digits": "整数位数过多",
    "date_from_datetime_inexact": "应为日期（如 2022-11-19），不带时间",
    "date_past": "日期应在过去",
    "date_future": "日期应在将来",
    "datetime_type": "应为日期（如 2022-11-19）",
    "datetime_parsing": "应为日期（如 2022-11-19）",
    "is_instance_of": "类型不符合要求",
    "union_tag_invalid": "取值不符合要求",
    "union_tag_not_found": "取值不符合要求",
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
    # pydantic's own words are English: a kind without a translation gets a plain Chinese verdict.
    base = _MESSAGES.get(kind, "取值不符合要求")
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal") and ctx:
        bound = ctx.get("ge", ctx.get("le"))
        base += f"（{'不应小于' if kind == 'greater_than_equal' else '不应大于'} {bound}）"
    if kind in ("string_too_long", "too_long") and "max_length" in ctx:
        unit = "个字符" if kind == "string_too_long" else "项"
        base += f"（不应超过 {ctx['max_length']} {unit}）"
    return base


def parse_budget(source: SourceDoc) -> Budget:
    """Validate the loaded data; raise InputError listing every schema problem at once."""
    return parse_model(Budget, source)


def _encodable(data: Any) -> Any:
    """`data` with lone surrogates replaced, so that validation can report its other problems."""
    if isinstance(data, dict):
        return {_encodable(key): _encodable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_encodable(item) for item in data]
    if isinstance(data, str):
        return data.encode("utf-8", "replace").decode("utf-8")
    return data


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
    for path, message in text_problems(source.data):
        title = field_title(path, model)
        label = f"{title}：" if title else ""
        findings.append(Finding("SCHEMA", Severity.ERROR, label + message, (source.locate(path),)))
    try:
        # A lone surrogate (already refused above) cannot even be handed to pydantic.
        parsed = model.model_validate(_encodable(source.data) if findings else source.data)
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
                message = f"{label}未知字段“{quoted(path[-1])}”（{known}请检查拼写，或删除该字段）"
                findings.append(Finding("SCHEMA", Severity.ERROR, message, (source.locate(path),)))
                continue
            title = field_title(path, model)
            quiet = error["type"] in ("missing", "value_error")
            shown = f"：“{quoted(value)}”" if isinstance(value, (str, int)) and not quiet else ""
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
