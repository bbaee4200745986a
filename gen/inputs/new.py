"""A new input for a department and year: blank, or carrying the prior year's structure and prose."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from gen.inputs.data import budget_data
from models.budget import Budget

# Prose that belongs to one year only: the reasons for last year's changes.
YEARLY = {
    "narrative": ("change_reason", "general_change_reason", "change_reasons", "abroad_note"),
    "meta": ("filled_on", "edition", "tolerance"),
    "expenditure": ("type_breakdown",),
    "assets": ("as_of",),
}


def blank(year: int, profile: str | None) -> dict[str, Any]:
    """The fields every input has, to be filled in (the department's code and name are still empty)."""
    meta: dict[str, Any] = {"department": {"code": None, "name": None}, "year": year, "amount_unit": "万元"}
    if profile:
        meta["profile"] = profile
    return {"meta": meta}


def _without_amounts(value: Any) -> Any:
    """The structure with every amount removed (counts and years stay)."""
    if isinstance(value, dict):
        return {k: _without_amounts(v) for k, v in value.items() if not isinstance(v, Decimal)}
    if isinstance(value, list):
        return [_without_amounts(v) for v in value]
    return value


def _shift_indicators(value: Any, prior_year: int) -> None:
    """Last year's target becomes last year's value in 以前年度指标值; the target stays to be revised."""
    if isinstance(value, dict):
        if "level3" in value and "value" in value:
            value["history"] = {**value.get("history", {}), prior_year: value["value"]}
        for child in value.values():
            _shift_indicators(child, prior_year)
    elif isinstance(value, list):
        for child in value:
            _shift_indicators(child, prior_year)


def carried(prior: Budget, prior_path: Path, out: Path, profile: str | None) -> dict[str, Any]:
    """The prior year's codes, units, projects and prose for the next year, every amount empty."""
    data: dict[str, Any] = _without_amounts(budget_data(prior))
    for section, names in YEARLY.items():
        for name in names:
            data.get(section, {}).pop(name, None)
    for item in data.get("three_public", {}).values():
        if isinstance(item, dict):
            item.pop("reason", None)
    _shift_indicators(data.get("performance", {}), prior.meta.year)
    meta = data["meta"]
    meta["year"] = prior.meta.year + 1
    meta["prior"] = Path(os.path.relpath(prior_path.resolve(), out.resolve().parent)).as_posix()
    if profile:
        meta["profile"] = profile
    return data
