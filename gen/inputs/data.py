"""An input as plain data, the shape both writers take: the model's own values in its field order."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel


def plain(value: Any) -> Any:
    """Models as dicts of the values the input wrote (Decimals stay Decimals), enums as their text;
    a list written empty stays (`procurement: []` says there is none; leaving it out says nothing).
    A field the input did not write is its default, and left out it reads back the same."""
    if isinstance(value, BaseModel):
        written = value.model_fields_set
        items = {name: plain(getattr(value, name)) for name in type(value).model_fields if name in written}
        return {k: v for k, v in items.items() if v is not None and v != {}}
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
