"""Money and count types shared by the schema: exact decimals, never floats."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, TypeVar, get_args

from pydantic import BaseModel, BeforeValidator, PlainSerializer

M = TypeVar("M", bound=BaseModel)
ZERO = Decimal("0")
CENT = Decimal("0.01")
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
# Far beyond any budget in 元 or 万元; keeps every sum well inside Decimal's 28 digits.
LIMIT = Decimal(10) ** 15
# Decimal places any number may have (amounts are checked for 2 by a rule; a quantity may have more):
# 1e-99999999 is a valid Decimal that prints as a hundred million digits.
MAX_PLACES = 10
MAX_WRITTEN_PLACES = 30


def parse_decimal(value: Any) -> Decimal:
    """Accept int, Decimal or a numeric string; reject floats' binary noise and non-finite values."""
    if isinstance(value, bool):
        raise ValueError("应为数字，不是是/否")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # Only reached from Python callers; YAML and Excel loaders hand over exact text.
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace("，", ",")
        if text.lower().lstrip("+-.") in ("nan", "inf", "infinity"):
            raise ValueError("金额不能是无穷大或非数字（NaN）")
        # Python's Decimal also takes 1_000 and ignores misplaced commas; an amount must not.
        if not (_PLAIN.fullmatch(text) or _GROUPED.fullmatch(text)):
            raise ValueError(f"“{_short(value)}”不是数字")
        number = Decimal(text.replace(",", ""))
    else:
        raise ValueError("应为数字")
    if not number.is_finite():
        raise ValueError("金额不能是无穷大或非数字（NaN）")
    # adjusted() is the exponent of the leading digit: no arithmetic, so 1e1000000 cannot overflow here.
    if number and number.adjusted() >= LIMIT.adjusted():
        raise ValueError(f"金额过大：{_short(value)}（不应达到一千万亿），请检查是否多输入了数字")
    if _significant_places(number) > MAX_PLACES:
        raise ValueError(f"小数位数过多：{_short(value)}（不应超过 {MAX_PLACES} 位）")
    return number


def _significant_places(number: Decimal) -> int:
    """Decimal places without trailing zeros (150.000 has none), read from the digits, not computed."""
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int):
        return 0
    if exponent < -MAX_WRITTEN_PLACES:
        return -exponent  # 0E-99999999 or 1.000…000: zeros, but printed digit by digit
    if not any(digits):
        return 0
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + zeros))


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:30] + "…"


def _dump(value: Decimal) -> str:
    return format(value, "f")


Amount = Annotated[Decimal, BeforeValidator(parse_decimal), PlainSerializer(_dump, return_type=str)]
"""An amount of money in the input's unit (万元 by default)."""


class _Measured:
    """Marks a Decimal that is a count or a physical measure, not money: unit changes leave it alone."""

    def __repr__(self) -> str:
        return "Quantity"


QUANTITY = _Measured()
Quantity = Annotated[
    Decimal, BeforeValidator(parse_decimal), PlainSerializer(_dump, return_type=str), QUANTITY
]
"""A number that is not money (a quantity, an area, a weight): typed as Amount but never rescaled."""


# How many 元 one unit of each amount unit is.
UNIT_SIZE = {"万元": Decimal(10000), "元": Decimal(1)}


def converted(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """An amount in `from_unit` expressed in `to_unit` (exact; rounding is for display)."""
    return value if from_unit == to_unit else value * UNIT_SIZE[from_unit] / UNIT_SIZE[to_unit]


def cents(value: Decimal) -> Decimal:
    """Round half-up to 2 decimals, for display only."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def money(value: Decimal | None) -> str:
    """89052.55 -> '89,052.55', as messages show amounts (None shows as 0.00)."""
    return f"{cents(ZERO if value is None else value):,.2f}"


def _is_quantity(annotation: Any) -> bool:
    """Whether a field's annotation (possibly `X | None`) is a Quantity."""
    if any(meta is QUANTITY for meta in getattr(annotation, "__metadata__", ())):
        return True
    return any(_is_quantity(arg) for arg in get_args(annotation))


def rescaled(model: M, from_unit: str, to_unit: str) -> M:
    """`model` with every amount of money in it expressed in `to_unit` (quantities untouched).

    Only fields the input set are touched, so what was typed and what was left out stay apart.
    """
    if from_unit == to_unit:
        return model
    update: dict[str, Any] = {}
    for name in model.model_fields_set:
        info = type(model).model_fields[name]
        value = getattr(model, name)
        measured = _is_quantity(info.annotation) or any(meta is QUANTITY for meta in info.metadata)
        if isinstance(value, Decimal) and not measured:
            update[name] = converted(value, from_unit, to_unit)
        elif isinstance(value, BaseModel):
            update[name] = rescaled(value, from_unit, to_unit)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            update[name] = [rescaled(item, from_unit, to_unit) for item in value]
    return model.model_copy(update=update)
