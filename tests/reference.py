"""Read the tables of the published reference document (a text extraction, tab-separated)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

REFERENCE = Path(__file__).parent / "data" / "jianghan-2023-reference.txt"
TABLES_PART = "第五部分 预算公开报表"

# The reference's numeric tables (its titles, parentheses as printed in its body).
NUMERIC_TABLES = [
    "2023年收支预算总表",
    "2023年支出预算总表",
    "2023年财政拨款收支预算总表",
    "2023年一般公共预算支出表(分功能科目)",
    "2023年一般公共预算支出表(分单位)",
    "2023年一般公共预算基本支出表",
    "2023年一般公共预算“三公”经费支出表",
    "2023年项目支出预算表",
    "2023年政府采购预算表",
    "2023年政府向社会力量购买服务预算表",
]
# The published procurement total sums the unit-price column (a known defect); we do not print it.
KNOWN_DEFECTS = {"2023年政府采购预算表": {"5,679.80"}}
AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")


def text() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def _lines() -> list[str]:
    lines = text().split("\n")
    start = max(i for i, line in enumerate(lines) if line.strip() == TABLES_PART)
    return lines[start:]


def section(title: str) -> list[list[str]]:
    """Rows (tab-split cells) of the table whose title line starts with `title`, up to the next title."""
    lines = _lines()
    begin = next(i for i, line in enumerate(lines) if line.startswith(title))
    rows = []
    for line in lines[begin + 1 :]:
        if re.match(r"^20\d\d ?年", line) and "表" in line.split("\t")[0]:
            break
        if "\t" in line:
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def number(cell: str) -> Decimal:
    """'89,052.55' -> Decimal; a blank cell is zero (the format prints zero as blank)."""
    text = cell.replace(",", "").replace(" ", "")
    return Decimal(text) if text else Decimal(0)


def is_code(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{3,7}", cell))


def toc_tables() -> list[str]:
    """The table titles listed in the reference's 目录 under 第五部分, numbering and spaces removed."""
    lines = text().split("\n")
    start = lines.index(TABLES_PART)  # the first occurrence is the 目录's
    titles = []
    for line in lines[start + 1 :]:
        if line.startswith("第一部分"):
            break
        if line.startswith("- "):
            titles.append(re.sub(r"^[一二三四五六七八九十]+、", "", line[2:].strip()).replace(" ", ""))
    return titles


def amounts(title: str) -> list[str]:
    """Every amount printed in the reference's table `title`, less its known defects."""
    return [
        cell
        for row in section(title)
        for cell in row
        if AMOUNT.match(cell) and cell not in KNOWN_DEFECTS.get(title, set())
    ]


def toc_parts() -> list[str]:
    """The part headings listed in the reference's 目录, e.g. 第一部分 基本情况."""
    lines = text().split("\n")
    end = lines.index(TABLES_PART) + 1
    return [line.strip() for line in lines[:end] if re.match(r"^第[一二三四五六七八九十]+部分", line)]
