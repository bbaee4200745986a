"""The input workbook's layout, read from the model itself so that no field can be left out.

Scalars outside lists become rows of the 基本信息 sheet; each list of records becomes a sheet with one
column per scalar; a list or mapping inside a record becomes a sheet whose key columns name its
record (序号); a mapping of text by code becomes a sheet of two columns. Short lists (the three levels
of a 指导目录) and year-keyed mappings (以前年度指标值) stay columns of their record.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import MaxLen
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from models.budget import Budget
from models.fields import _code_text

FIELDS_SHEET = "基本信息"
GUIDE_SHEET = "填表说明"
LISTS_SHEET = "代码表"
ORDINAL = "序号"
SHEET_NAME_LIMIT = 31
# A list no longer than this is laid out as columns of its record (a 指导目录's three levels).
INLINE_LIST = 5

# Which columns choose from which list: codes from the code lists, units and projects from their sheets.
REFERENCES = {
    ("FunctionLeaf", "code"): "functional",
    ("EconomicLeaf", "code"): "economic",
    ("*", "function_code"): "functional",
    ("*", "economic_code"): "economic",
    ("*", "unit"): "unit",
    ("ProjectPerformanceForm", "project"): "project",
    ("*", "project_code"): "project",
}

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Scalar:
    kind: str
    """amount | int | bool | date | enum | code | text | long"""
    choices: tuple[str, ...] = ()
    nullable: bool = False


@dataclass(frozen=True)
class Column:
    path: tuple[str | int, ...]
    """The value's place in its record: ("code",), ("catalog", 0); ("history", "*") for year columns."""
    title: str
    scalar: Scalar
    required: bool = False
    reference: str | None = None
    """functional | economic | unit | project: where a dropdown takes its choices."""


@dataclass
class Sheet:
    name: str
    path: tuple[str, ...]
    """The model path of the list or mapping, '*' standing for each enclosing record."""
    kind: str
    """records | values | mapping"""
    keys: list[str] = field(default_factory=list)
    """Titles of the key columns naming the enclosing records (序号 of each level)."""
    columns: list[Column] = field(default_factory=list)
    numbered: bool = False
    """Its records own nested sheets, so each has a 序号 those sheets refer to."""
    key_title: str = ""
    """A mapping's key column: 科目编码, 单位编码 …"""
    label: str = ""
    """What the sheet holds, as the chain of field titles (基本情况 › 主要职能)."""

    @property
    def ordinal(self) -> str:
        """The title of this sheet's own 序号 column, which its nested sheets use as a key."""
        return f"{self.name.rsplit('-', 1)[-1]}{ORDINAL}"

    def titles(self) -> list[str]:
        """Header titles in order: keys, own 序号, then the columns (year columns as their pattern)."""
        return [*self.keys, *([self.ordinal] if self.numbered else []), *(c.title for c in self.columns)]


@dataclass
class Layout:
    fields: list[Column]
    """The 基本信息 rows; each path is from the top of the input."""
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


def unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """The bare type, its Annotated metadata and whether None is allowed."""
    metadata: list[Any] = []
    nullable = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            for item in extra:
                metadata.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            nullable = nullable or len(options) < len(get_args(annotation))
            annotation = options[0]
        else:
            return annotation, metadata, nullable


def scalar_of(annotation: Any, metadata: list[Any], nullable: bool) -> Scalar | None:
    validators = {m.func for m in metadata if isinstance(m, BeforeValidator)}
    longest = max((m.max_length for m in metadata if isinstance(m, MaxLen)), default=None)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return Scalar("enum", tuple(str(e.value) for e in annotation), nullable)
    kinds = {Decimal: "amount", bool: "bool", int: "int", dt.date: "date"}
    if annotation in kinds:
        return Scalar(kinds[annotation], ("是", "否") if annotation is bool else (), nullable)
    if annotation is str:
        patterns = [getattr(m, "pattern", None) for m in metadata]
        choice = next((re.fullmatch(r"\^\(([^()]+)\)\$", p) for p in patterns if p), None)
        if choice:
            return Scalar("enum", tuple(choice.group(1).split("|")), nullable)
        if _code_text in validators:
            return Scalar("code", (), nullable)
        return Scalar("long" if longest and longest > 1000 else "text", (), nullable)
    return None


def _short(title: str) -> str:
    """A title without its parenthesised remark, as a sheet name."""
    return re.sub(r"（[^）]*）", "", title).strip()


def _reference(model: type[BaseModel], name: str) -> str | None:
    return REFERENCES.get((model.__name__, name)) or REFERENCES.get(("*", name))


@cache
def layout() -> Layout:
    fields: list[Column] = []
    sheets: list[Sheet] = []
    _walk_fields(Budget, (), "", fields, sheets)
    names = [s.name for s in sheets]
    assert len(set(names)) == len(names), "sheet names must be unique"
    return Layout(fields, sheets)


def _walk_fields(
    model: type[BaseModel], path: tuple[str, ...], title: str, fields: list[Column], sheets: list[Sheet]
) -> None:
    """Scalars outside lists are 基本信息 rows; lists and mappings become sheets."""
    for name, info in model.model_fields.items():
        annotation, metadata, nullable = unwrap(info.annotation)
        label = f"{title} › {info.title}" if title else str(info.title)
        scalar = scalar_of(annotation, [*metadata, *info.metadata], nullable)
        if scalar is not None:
            fields.append(Column((*path, name), label, scalar, info.is_required(), _reference(model, name)))
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _walk_fields(annotation, (*path, name), label, fields, sheets)
        else:
            _collection(annotation, (*path, name), _short(str(info.title)), [], sheets, label)


def _collection(
    annotation: Any, path: tuple[str, ...], name: str, keys: list[str], sheets: list[Sheet], label: str = ""
) -> None:
    """The sheet for a list or mapping at `path`, then the sheets of lists nested in its records."""
    label = label or name.replace("-", " › ")
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is dict:
        key, key_meta, _ = unwrap(args[0])
        value, value_meta, _ = unwrap(args[1])
        key_scalar = scalar_of(key, key_meta, False)
        value_scalar = scalar_of(value, value_meta, False)
        assert key_scalar and value_scalar, path
        titles = {"code": "编码", "enum": "类别", "int": "年度"}
        sheet = Sheet(
            name[:SHEET_NAME_LIMIT],
            path,
            "mapping",
            keys,
            key_title=titles.get(key_scalar.kind, "项目"),
            label=label,
        )
        sheet.columns = [
            Column(("key",), sheet.key_title, key_scalar, True),
            Column(("value",), "内容", value_scalar, True),
        ]
        sheets.append(sheet)
        return
    item, item_meta, _ = unwrap(args[0])
    scalar = scalar_of(item, item_meta, False)
    if scalar is not None:
        sheet = Sheet(name[:SHEET_NAME_LIMIT], path, "values", keys, label=label)
        sheet.columns = [Column(("value",), "内容", scalar, True)]
        sheets.append(sheet)
        return
    sheet = Sheet(name[:SHEET_NAME_LIMIT], path, "records", keys, label=label)
    sheets.append(sheet)
    nested: list[tuple[Any, tuple[str, ...], str]] = []
    for field_name, info in item.model_fields.items():
        annotation, metadata, nullable = unwrap(info.annotation)
        scalar = scalar_of(annotation, [*metadata, *info.metadata], nullable)
        title = str(info.title)
        if scalar is not None:
            reference = _reference(item, field_name)
            sheet.columns.append(Column((field_name,), title, scalar, info.is_required(), reference))
            continue
        origin, args = get_origin(annotation), get_args(annotation)
        limit = max((m.max_length for m in info.metadata if isinstance(m, MaxLen)), default=None)
        if origin is list and limit is not None and limit <= INLINE_LIST:
            element = scalar_of(*unwrap(args[0])[:2], False)
            assert element is not None
            base = _short(title)
            sheet.columns += [Column((field_name, i), f"{base}{i + 1}", element) for i in range(limit)]
        elif origin is dict and unwrap(args[0])[0] is int:
            element = scalar_of(*unwrap(args[1])[:2], False)
            assert element is not None
            # Year columns, as the forms print them: 2021年指标值, 2022年指标值.
            sheet.columns.append(
                Column((field_name, "*"), f"年{_short(title).removeprefix('以前年度')}", element)
            )
        else:
            nested.append((annotation, (*path, "*", field_name), f"{name}-{_short(title)}"))
    if nested:
        sheet.numbered = True
        for annotation, child_path, child_name in nested:
            _collection(annotation, child_path, child_name, [*keys, sheet.ordinal], sheets)


YEAR_COLUMN = re.compile(r"^(\d{4})年(.+)$")
