"""Findings as the page's table shows them: one row per finding, with its places and amounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
