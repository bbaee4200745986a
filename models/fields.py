"""Field types every part of the schema shares: codes, long text, the strict base model."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _code_text(value: Any) -> Any:
    # Codes are written unquoted in YAML and arrive as ints; they are identifiers, not numbers.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


# The officer's prose (reasons, descriptions) may be long; any other text (a name, a unit of measure)
# is short. Both are far beyond real use and short of what would stall a PDF's line breaking.
MAX_TEXT = 20_000
MAX_NAME = 1_000

Code = Annotated[str, BeforeValidator(_code_text), Field(min_length=1, max_length=40)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class Schema(BaseModel):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, str_max_length=MAX_NAME, use_enum_values=False
    )
