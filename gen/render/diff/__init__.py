"""`budgetdoc diff` output: one writer per format, each laying out a computed Diff."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gen.compose.numbers import amount_text, percent_text
from gen.compute.diff import Diff, Item, Section, Status
from gen.errors import UsageError

DiffWriter = Callable[[Diff], bytes]


# The file extensions of each diff format.
DIFF_SUFFIXES = {"text": (".txt", ".text"), "html": (".html", ".htm"), "xlsx": (".xlsx",), "json": (".json",)}


def output_format(fmt: str | None, out_file: str | None) -> str | None:
    """The format --out's extension names; it must agree with --format when both are given."""
    if not out_file:
        return fmt
    if out_file.endswith(("/", os.sep)) or Path(out_file).is_dir():
        raise UsageError(f"--out 应为文件名（如 变动.xlsx），不是文件夹：{out_file}")
    suffix = Path(out_file).suffix.lower()
    named = next((f for f, suffixes in DIFF_SUFFIXES.items() if suffix in suffixes), None)
    known = "、".join(s for suffixes in DIFF_SUFFIXES.values() for s in suffixes)
    if named is None:
        shown = f"扩展名“{suffix}”" if suffix else "没有扩展名"
        raise UsageError(f"--out {out_file} {shown}，不对应任何格式：应为 {known}")
    if fmt is not None and fmt != named:
        wanted = "、".join(DIFF_SUFFIXES[fmt])
        raise UsageError(f"--format {fmt} 与 --out {out_file} 的扩展名不符：{fmt} 格式的扩展名应为 {wanted}")
    return named


def writers() -> dict[str, DiffWriter]:
    from gen.render.diff.html_diff import write_html
    from gen.render.diff.json_diff import write_json
    from gen.render.diff.text import write_text
    from gen.render.diff.xlsx_diff import write_xlsx

    return {"text": write_text, "html": write_html, "xlsx": write_xlsx, "json": write_json}


@dataclass(frozen=True)
class Line:
    """One item as every format shows it: both years, the change and what to do about it."""

    code: str | None
    """None in the summary, whose items are named figures rather than codes."""
    name: str
    prior: Decimal | None
    current: Decimal | None
    """None for an item removed this year."""
    delta: Decimal | None
    percent: Decimal | None
    status: Status
    remark: str
    flagged: bool
    """Over the thresholds with no reason: 需说明变动原因."""


def lines(section: Section, diff: Diff) -> list[Line]:
    coded = section.id != "summary"
    return [
        Line(
            item.key if coded else None,
            item.name,
            item.change.prior,
            None if item.removed else item.change.current,
            item.change.delta,
            item.change.percent,
            item.status,
            remark(item, diff),
            item.needs_reason(diff.thresholds, diff.unit),
        )
        for item in section.items
    ]


def title(diff: Diff) -> str:
    return f"{diff.department} {diff.prior_year}年—{diff.year}年预算比较"


def limits(diff: Diff) -> str:
    """The thresholds in words: when a change needs its reason."""
    return f"变动额达 {amount_text(diff.thresholds.amount)} 万元且幅度达 {diff.thresholds.percent}%"


def signed(value: Decimal | None) -> str:
    """+1,234.50 / −1.00; blank when unknown."""
    if value is None:
        return ""
    text = amount_text(abs(value))
    return text if value == 0 else ("+" if value > 0 else "−") + text


def signed_percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = percent_text(abs(value))
    return text if value == 0 else ("+" if value > 0 else "−") + text


def remark(item: Item, diff: Diff) -> str:
    """需说明变动原因 (where to write it is listed after the tables), the officer's reason, or a rename."""
    if item.needs_reason(diff.thresholds, diff.unit):
        return "需说明变动原因"
    if item.status is Status.RENAMED:
        return f"原名“{item.prior_name}”"
    return item.reason or ""
