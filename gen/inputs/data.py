"""An input as plain data, the shape both writers take: the model's own values in its field order."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel


def plain(value: Any) -> Any:
    """Models as dicts of their set values (Decimals stay Decimals), enums as their text; nothing empty,
    but a list the input wrote empty (`procurement: []` says there is none; leaving it out says nothing)."""
    if isinstance(value, BaseModel):
        items = {name: plain(getattr(value, name)) for name in type(value).model_fields}
        written = value.model_fields_set
        return {k: v for k, v in items.items() if v is not None and v != {} and (v != [] or k in written)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def budget_data(budget: BaseModel) -> dict[str, Any]:
    data = plain(budget)
    assert isinstance(data, dict)
    return data
