"""The open-data export: every computed table as rows of cells, and the narrative's figures."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from enum import Enum
from typing import Any

from gen.compute.budget import ComputedBudget
from gen.compute.facts import SET_FACTS
from gen.compute.rows import DataTable
from gen.compute.yoy import Change
from gen.render import RenderJob
from models.amount import CENT, cents, decimal_places

FORMAT_VERSION = 1


def _amount(value: Decimal) -> str:
    """Exact decimal text, always with at least two places: 0 -> '0.00', 1.005 stays '1.005'."""
    return format(value if decimal_places(value) >= 2 else value.quantize(CENT), "f")


def _percent(value: Decimal | None) -> str | None:
    return None if value is None else _amount(cents(value))


def _change(change: Change) -> dict[str, Any]:
    return {
        "current": _amount(change.current),
        "prior": None if change.prior is None else _amount(change.prior),
        "change": None if change.delta is None else _amount(change.delta),
        "change_percent": _percent(change.percent),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Change):
        return _change(value)
    if isinstance(value, Decimal):
        return _amount(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {(k.value if isinstance(k, Enum) else str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _table(table: DataTable) -> dict[str, Any]:
    return {
        "columns": [{"key": c.key, "kind": c.kind} for c in table.columns],
        "rows": [
            {
                "code": row.code,
                "name": row.name,
                "kind": row.kind.value,
                "depth": row.depth,
                "cells": {
                    **{k: _amount(v) for k, v in row.values.items()},
                    **row.texts,
                },
            }
            for row in table.rows
        ],
    }


def _performance(computed: ComputedBudget) -> dict[str, Any]:
    """The forms' computed amounts: each 整体 form's composition, each project form's sources."""
    return {
        "overall_forms": [
            {
                "unit": fc.form.unit,
                "name": fc.name,
                "lines": [
                    {
                        "group": line.group,
                        "key": line.key,
                        "current": _amount(line.current),
                        # Of the group's whole: 收入 with 上年结转, as a form prints it when complete.
                        "share": _percent(fc.share(line)),
                        "prior": {str(y): None if v is None else _amount(v) for y, v in line.prior.items()},
                    }
                    for line in fc.lines
                ],
                "projects": [
                    {
                        "code": p.project.code,
                        "total_budget": _amount(p.total_budget),
                        "this_year": _amount(p.this_year),
                    }
                    for p in fc.projects
                ],
            }
            for fc in computed.funding
        ],
        "project_forms": [
            {
                "project": f.form.project,
                **{
                    key: _amount(getattr(f, key))
                    for key in ("total_budget", "this_year", "local", "transfer", "special_account", "other")
                },
                "sources": {key: _amount(amount) for key, amount in f.sources if amount},
            }
            for f in computed.project_funding
        ],
    }


def _revealed(computed: ComputedBudget, fact_set: str) -> bool:
    needed = SET_FACTS[fact_set]
    return needed is None or computed.revealed.known(needed)


def export(computed: ComputedBudget) -> dict[str, Any]:
    meta = computed.budget.meta
    figures = computed.figures
    # What this input does not reveal is null (a None figure), never a made-up zero.
    plain_figures = _plain(figures)
    procurement = figures.procurement
    tp = figures.three_public
    return {
        "format": "budgetdoc/disclosure-data",
        "version": FORMAT_VERSION,
        "department": {"code": meta.department.code, "name": meta.department.name},
        "year": meta.year,
        "code_edition": meta.code_edition,
        "amount_unit": meta.amount_unit,
        "notes": "金额为字符串形式的精确小数；百分比保留两位小数（四舍五入）。",
        "figures": {
            **plain_figures,
            "basic_share": _percent(figures.basic_share),
            "project_share": _percent(figures.project_share),
            "procurement_shares": None
            if procurement is None
            else {c.value: _percent(procurement.share(c)) for c in procurement.by_category},
            "three_public_total": _plain(tp.total),
            "three_public_vehicle": _plain(tp.vehicle),
        },
        "tables": {
            table_id: _table(table) if computed.known(table_id) else None
            for table_id, table in computed.tables.items()
        },
        "facts": {
            name: [
                {
                    "keys": dict(record.keys),
                    "values": {k: _amount(v) for k, v in record.values.items()},
                    **({"texts": dict(record.texts)} if record.texts else {}),
                }
                for record in records
            ]
            for name, records in computed.facts.sets.items()
            if _revealed(computed, name)
        },
        "performance": _performance(computed),
    }


class JsonRenderer:
    extension = "json"

    def render(self, job: RenderJob) -> bytes:
        text = json.dumps(export(job.computed), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
