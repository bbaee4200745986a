"""The comparison as data: every item with both years, the change and whether it needs a reason."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from gen.compose.numbers import rounded_to
from gen.compute.diff import Diff, Section


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _rounded(percent: Decimal | None) -> Decimal | None:
    return None if percent is None else rounded_to(percent)


def _section(section: Section, diff: Diff) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": section.title,
        "note": section.note,
        "items": [
            {
                "key": item.key,
                "name": item.name,
                "prior_name": item.prior_name,
                "prior": _number(item.change.prior),
                "current": None if item.removed else _number(item.change.current),
                "change": _number(item.change.delta),
                "percent": _number(_rounded(item.change.percent)),
                "status": item.status.value,
                "reason": item.reason,
                "needs_reason": item.needs_reason(diff.thresholds, diff.unit),
                "reason_field": item.reason_field,
            }
            for item in section.items
        ],
    }


def write_json(diff: Diff) -> bytes:
    payload = {
        "department": diff.department,
        "prior_year": diff.prior_year,
        "year": diff.year,
        "unit": diff.unit,
        "thresholds": {"amount_wan": str(diff.thresholds.amount), "percent": str(diff.thresholds.percent)},
        "sections": [_section(s, diff) for s in [diff.summary, *diff.sections]],
        "unexplained": [item.reason_field for _, item in diff.unexplained()],
    }
    return (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
