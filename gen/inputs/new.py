"""A new input for a department and year: blank, or carrying the prior year's structure and prose."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from gen.compose.profile import PROFILE_FILE
from gen.inputs.data import budget_data
from gen.load.references import WHAT, within
from models.budget import STATED_LISTS, Budget

# Prose that belongs to one year only: the reasons for last year's changes.
YEARLY = {
    "narrative": ("change_reason", "general_change_reason", "change_reasons", "abroad_note"),
    "meta": ("filled_on", "edition", "tolerance"),
    "expenditure": ("type_breakdown",),
    "assets": ("as_of",),
}


def _with_lists(data: dict[str, Any]) -> dict[str, Any]:
    """Every list an input may state, present (empty if new): a new input is to be filled in whole,
    so a list left empty there says there are none."""
    for path in STATED_LISTS:
        owner = data
        for part in path[:-1]:
            owner = owner.setdefault(part, {})
        owner.setdefault(path[-1], [])
    return data


def blank(year: int, profile: str | None) -> dict[str, Any]:
    """The fields every input has, to be filled in (the department's code and name are still empty)."""
    meta: dict[str, Any] = {"department": {"code": None, "name": None}, "year": year, "amount_unit": "万元"}
    if profile:
        meta["profile"] = profile
    return _with_lists({"meta": meta})


# Figures that are a form's scheme rather than this year's money: an indicator's weight, 预算执行率's.
SCHEME = frozenset({"weight", "execution_weight"})


def _without_amounts(value: Any) -> Any:
    """The structure with every amount removed (counts, years and weights stay)."""
    if isinstance(value, dict):
        return {k: _without_amounts(v) for k, v in value.items() if k in SCHEME or not isinstance(v, Decimal)}
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


def _real(path: Path) -> Path:
    """`path` resolved; where a symlink loop stops that, its absolute form (a build then names the loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _moved(reference: str, source: Path, target: Path) -> str:
    """A path written relative to `source`'s folder, rewritten relative to `target`'s."""
    if Path(reference).is_absolute():
        return reference
    place = _real(source.resolve().parent / reference)
    return Path(os.path.relpath(place, target.resolve().parent)).as_posix()


def relocated(data: dict[str, Any], source: Path, target: Path) -> dict[str, Any]:
    """`data` read from `source`, its file references (上年文件, 补充科目, a profile folder beside it)
    rewritten so that they still name the same files when the data is saved as `target`."""
    meta = data.get("meta")
    if not isinstance(meta, dict):
        return data
    for key in ("prior", "extra_codes"):
        if isinstance(meta.get(key), str):
            meta[key] = _moved(meta[key], source, target)
    profile = meta.get("profile")
    # A profile folder next to the input (meta.profile: 我区模板) goes with it; a built-in name stays.
    if isinstance(profile, str) and (source.resolve().parent / profile / PROFILE_FILE).is_file():
        meta["profile"] = _moved(profile, source, target)
    return data


def outside_references(data: dict[str, Any], target: Path) -> list[str]:
    """The files `data`'s meta names (上年文件, 补充科目) that a build of `target` would refuse as
    outside its folder (gen.load.references, whose test this is) unless it is named with --refs."""
    meta = data.get("meta")
    if not isinstance(meta, dict):
        return []
    folder = target.resolve().parent
    named = [meta[field] for field in WHAT if isinstance(meta.get(field), str)]
    return [name for name in named if not within(_real(folder / name), folder)]


def carried(prior: Budget, prior_path: Path, out: Path, profile: str | None) -> dict[str, Any]:
    """The prior year's codes, units, projects and prose for the next year, every amount empty."""
    data: dict[str, Any] = relocated(_without_amounts(budget_data(prior)), prior_path, out)
    for section, names in YEARLY.items():
        for name in names:
            data.get(section, {}).pop(name, None)
    for item in data.get("three_public", {}).values():
        if isinstance(item, dict):
            item.pop("reason", None)
    _shift_indicators(data.get("performance", {}), prior.meta.year)
    _with_lists(data)
    meta = data["meta"]
    meta["year"] = prior.meta.year + 1
    meta["prior"] = Path(os.path.relpath(prior_path.resolve(), out.resolve().parent)).as_posix()
    if profile:
        meta["profile"] = profile
    return data
