"""`budgetdoc diff` output: one writer per format, each laying out a computed Diff."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from gen.compose.numbers import amount_text, percent_text
from gen.compute.diff import Diff, Item, Status

DiffWriter = Callable[[Diff], bytes]


def writers() -> dict[str, DiffWriter]:
    from gen.render.diff.json_diff import write_json
    from gen.render.diff.text import write_text

    return {"text": write_text, "json": write_json}


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
