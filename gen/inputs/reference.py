"""docs/输入参考.md, generated from the input model: every field of an input with its Chinese title, its
type, whether it is required, an example and where it goes in the workbook. `python -m
gen.inputs.reference` rewrites it; a test keeps it in sync with the model, and `init`'s skeleton, the
README and the workbook's 填表说明 point to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from gen.inputs.layout import FIELDS_SHEET, Scalar, layout, scalar_of, unwrap
from gen.markdown import document, rewrite, row
from models.amount import QUANTITY
from models.budget import STATED_LISTS, Budget

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "输入参考.md"
# The shipped inputs the examples are taken from, in order.
EXAMPLES = (ROOT / "inputs" / "jianghan-2023.yaml", ROOT / "inputs" / "jianghan-2022.yaml")
LONGEST_EXAMPLE = 36

# An example for a field the shipped inputs leave empty and the model gives none of (by its kind).
FALLBACK = {"amount": "12.50", "int": "2", "bool": "false", "date": "2023-01-31"}
KINDS = {
    "amount": "金额",
    "int": "整数",
    "bool": "是/否（true/false）",
    "date": "日期（2023-01-31）",
    "code": "编码（文字）",
    "text": "文字",
    "long": "长文字",
}

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class FieldDoc:
    path: Path_
    """Field names from the top, '*' for each item of a list, '<键>' for each key of a mapping."""
    title: str
    kind: str
    required: bool
    example: str
    sheet: str
    """Where it goes in the workbook: 基本信息, or a sheet and its column."""

    @property
    def shown(self) -> str:
        return ".".join(self.path).replace(".*", "[]")


def _kind(scalar: Scalar, metadata: list[Any]) -> str:
    if scalar.kind == "enum":
        return "选项：" + "、".join(scalar.choices)
    if scalar.kind == "amount" and QUANTITY in metadata:
        return "数量"
    return KINDS[scalar.kind]


@cache
def _examples() -> list[Any]:
    from gen.inputs.data import budget_data
    from gen.pipeline import load_budget

    return [budget_data(load_budget(path)[0]) for path in EXAMPLES if path.is_file()]


def _example(path: Path_) -> Any:
    """The first value at `path` in the shipped inputs (the first list item that has it)."""

    def find(node: Any, rest: Path_) -> Any:
        if not rest:
            return node
        head, tail = rest[0], rest[1:]
        if head == "*" and isinstance(node, list):
            return next((found for item in node if (found := find(item, tail)) is not None), None)
        if head.startswith("<") and isinstance(node, dict):
            return next((found for value in node.values() if (found := find(value, tail)) is not None), None)
        if isinstance(node, dict) and head in node:
            return find(node[head], tail)
        return None

    return next((found for data in _examples() if (found := find(data, path)) is not None), None)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, (Decimal, int, dt.date)):
        return str(value)
    if isinstance(value, list):
        return _shown(value[0]) if value and not isinstance(value[0], (dict, list)) else ""
    if isinstance(value, str):
        text = " ".join(value.split())
        return text if len(text) <= LONGEST_EXAMPLE else text[:LONGEST_EXAMPLE] + "……"
    return ""


def _places() -> dict[Path_, str]:
    """Each field's place in the workbook, by its path ('*' for list items)."""
    spec = layout()
    places: dict[Path_, str] = {}
    for column in spec.fields:
        places[tuple(str(p) for p in column.path)] = FIELDS_SHEET
    for sheet in spec.sheets:
        places[sheet.path] = sheet.name
        base: Path_ = (*sheet.path, "*") if sheet.kind != "mapping" else sheet.path
        for column in sheet.columns:
            if sheet.kind == "mapping":
                places[(*sheet.path, "<键>")] = (
                    f"{sheet.name}：{column.title}" if column.path == ("value",) else ""
                )
                continue
            if sheet.kind == "values":
                places[(*sheet.path, "*")] = f"{sheet.name}：{column.title}"
                continue
            name = str(column.path[0])
            if len(column.path) > 1 and column.path[1] == "*":
                places[(*base, name, "<键>")] = f"{sheet.name}：{column.title.replace('年', '（年度）年', 1)}"
            elif len(column.path) > 1:
                # A short list laid out as numbered columns of its record (指导目录1, 2, 3).
                inline = f"{sheet.name}：{column.title.rstrip('0123456789')}1…"
                places.setdefault((*base, name), inline)
                places.setdefault((*base, name, "*"), inline)
            else:
                places[(*base, name)] = f"{sheet.name}：{column.title}"
    return places


def fields() -> list[FieldDoc]:
    """Every field of an input, depth first in the model's order."""
    places = _places()
    found: list[FieldDoc] = []

    def walk(model: type[BaseModel], path: Path_) -> None:
        for name, info in model.model_fields.items():
            annotation, metadata, nullable = unwrap(info.annotation)
            metadata = [*metadata, *info.metadata]
            here = (*path, name)
            title = str(info.title or name)
            required = info.is_required()
            given = info.examples[0] if info.examples else None
            scalar = scalar_of(annotation, metadata, nullable)
            if scalar is not None:
                example = _example(here) or given or FALLBACK.get(scalar.kind) or (scalar.choices or ("",))[0]
                found.append(doc(here, title, _kind(scalar, metadata), required, _shown(example)))
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                found.append(doc(here, title, "（下列各项）", required))
                walk(annotation, here)
            else:
                collection(annotation, here, title, required, given)

    def collection(annotation: Any, path: Path_, title: str, required: bool, given: Any) -> None:
        args = get_args(annotation)
        if get_origin(annotation) is dict:
            key, key_meta, _ = unwrap(args[0])
            value, value_meta, _ = unwrap(args[1])
            key_scalar, value_scalar = scalar_of(key, key_meta, False), scalar_of(value, value_meta, False)
            assert key_scalar is not None and value_scalar is not None, path
            label = "<年度>" if key_scalar.kind == "int" else "<键>"
            found.append(doc(path, title, f"对照表（键：{_kind(key_scalar, key_meta)}）", required))
            mapping = _example(path) or given or {}
            first = next(iter(mapping.items()), None)
            example = f"{first[0]}: {_shown(first[1])}" if first else ""
            found.append(
                doc(
                    (*path, "<键>"),
                    f"{title}：每个键的内容",
                    _kind(value_scalar, value_meta),
                    True,
                    example,
                    label,
                )
            )
            return
        item, item_meta, _ = unwrap(args[0])
        scalar = scalar_of(item, item_meta, False)
        stated = "；不写为未知，写 [] 为没有" if path in STATED_LISTS else ""
        if scalar is not None:
            found.append(doc(path, title, f"列表（每项一行{stated}）", required))
            example = _shown(_example((*path, "*")))
            found.append(doc((*path, "*"), f"{title}：每一项", _kind(scalar, item_meta), True, example))
            return
        found.append(doc(path, title, f"表格（每项一行，含下列各项{stated}）", required))
        walk(item, (*path, "*"))

    def doc(
        path: Path_, title: str, kind: str, required: bool, example: str = "", label: str = ""
    ) -> FieldDoc:
        shown_path = tuple(label if p == "<键>" and label else p for p in path)
        return FieldDoc(shown_path, title, kind, required, example, places.get(path, ""))

    walk(Budget, ())
    return found


def text() -> str:
    found = fields()
    parts = [
        "# 输入参考",
        "",
        "本文件由 `python -m gen.inputs.reference` 从输入模型生成，与程序一致（有测试核对）。",
        "一个部门一年的预算输入文件（YAML 或 Excel 工作簿）的每个字段：字段名、中文名称、类型、是否必填、",
        "例子（取自 `inputs/jianghan-2023.yaml`）和它在工作簿中的位置。`budgetdoc init` 生成的新文件、",
        "工作簿的“填表说明”都指向这里；完整的例子见 `inputs/jianghan-2023.yaml`。",
        "",
        "- 字段名中的 `[]` 表示列表中的每一项（工作簿中为一个工作表，每项一行），`<键>` 表示对照表的每个键",
        "  （如科目编码），`<年度>` 为年份。",
        "- 金额按 `meta.amount_unit`（万元或元）填写，最多两位小数；合计、小计、占比和增减都由程序计算，",
        "  不填。",
        "- “必填”指所在的那一项中必填；可不填的部分不写时为“未知”（不是 0），需要它的段落会报 DOC-001",
        "  并指出这里的字段。",
        "",
    ]
    section = ""
    for field in found:
        top = field.path[0]
        if top != section:
            section = top
            title = str(Budget.model_fields[top].title)
            parts += [
                "",
                f"## `{top}` {title}",
                "",
                "| 字段 | 名称 | 类型 | 必填 | 例子 | 工作簿 |",
                "|---|---|---|---|---|---|",
            ]
        example = f"`{field.example}`" if field.example else ""
        parts.append(
            row(
                [
                    f"`{field.shown}`",
                    field.title,
                    field.kind,
                    "是" if field.required else "",
                    example,
                    field.sheet,
                ]
            )
        )
    return document(parts)


if __name__ == "__main__":
    rewrite(TARGET, text)
