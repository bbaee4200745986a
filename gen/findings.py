"""Located findings: what the loader, the schema and the rule catalogue report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from gen.characters import visible
from models.amount import decimal_places


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True)
class Location:
    """Where a value sits: file and line (or a workbook's 工作表!单元格), and its field path in the model."""

    file: str
    line: int | None = None
    path: str = ""
    cell: str | None = None

    def __str__(self) -> str:
        where = (
            f"{self.file} {self.cell}"
            if self.cell
            else f"{self.file}:{self.line}"
            if self.line
            else self.file
        )
        return f"{where}（{self.path}）" if self.path else where


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    locations: tuple[Location, ...] = field(default_factory=tuple)
    expected: Decimal | None = None
    actual: Decimal | None = None
    hint: str | None = None

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        def num(value: Decimal | None) -> str | None:
            if value is None:
                return None
            return format(value.quantize(Decimal(1).scaleb(-max(2, decimal_places(value)))), "f")

        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "locations": [
                {"file": loc.file, "line": loc.line, "cell": loc.cell, "path": loc.path}
                for loc in self.locations
            ],
            "expected": num(self.expected),
            "actual": num(self.actual),
            "difference": num(self.difference),
            "hint": self.hint,
        }


def format_path(path: tuple[str | int, ...]) -> str:
    """('projects', 3, 'general') -> 'projects[4].general': indices shown from 1, as an officer counts."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{visible(part)}" if text else visible(part)
    return text
