"""Findings as the page's table shows them (one row per finding, with its places and amounts), and where
in the input workbook a field lies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gen.inputs.layout import FIELDS_SHEET, layout
from models.amount import money


@dataclass(frozen=True)
class Place:
    where: str
    """工作表!单元格, or 第 N 行 for a YAML file (with the file's name when it is not the upload)."""
    field: str


@dataclass(frozen=True)
class Row:
    is_error: bool
    severity: str
    rule: str
    message: str
    hint: str
    places: list[Place]
    expected: str
    actual: str
    difference: str


def _amount(text: str | None, signed: bool = False) -> str:
    if text is None:
        return ""
    value = Decimal(text)
    return ("+" if signed and value > 0 else "") + money(value)


def _place(location: dict[str, Any], upload: str) -> Place:
    other = location["file"] if location["file"] != upload else ""
    if location["cell"]:
        where = location["cell"]
    elif location["line"]:
        where = f"第 {location['line']} 行"
    else:
        where = ""
    return Place(" ".join(p for p in (other, where) if p) or location["file"], location["path"])


def rows(findings: list[dict[str, Any]], upload: str) -> list[Row]:
    """`findings` as Finding.as_dict() gives them; `upload` the name they call the uploaded file by."""
    return [
        Row(
            is_error=f["severity"] == "错误",
            severity=f["severity"],
            rule=f["rule"],
            message=f["message"],
            hint=f["hint"] or "",
            places=[_place(loc, upload) for loc in f["locations"]],
            expected=_amount(f["expected"]),
            actual=_amount(f["actual"]),
            difference=_amount(f["difference"], signed=True),
        )
        for f in findings
    ]


def workbook_place(field: str) -> str:
    """Where in the input workbook a field of the input lies, for officers who fill in the workbook:
    `narrative.change_reasons.function."204"` → 各功能分类科目的变动原因：编码 204."""
    parts = tuple(p.strip('"') for p in re.findall(r'"[^"]*"|[^.]+', field))
    spec = layout()
    for column in spec.fields:
        if column.path == parts:
            return f"{FIELDS_SHEET}：{column.title}"
    for sheet in spec.sheets:
        if sheet.kind == "mapping" and sheet.path == parts[:-1]:
            return f"{sheet.name}：{sheet.key_title} {parts[-1]}"
    return ""
