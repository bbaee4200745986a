"""How figures are written: amounts, percentages and Chinese numerals, as a profile prints them."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from models.amount import decimal_places

_DIGITS = "零一二三四五六七八九"


def amount_text(
    value: Decimal | None,
    *,
    trim: bool = False,
    blank_zero: bool = False,
    places: int = 2,
    grouped: bool = True,
) -> str:
    """89052.55 → '89,052.55'; with `trim`, 72643.00 → '72,643' and 555.20 → '555.2'; not `grouped`,
    3766 rather than 3,766."""
    if value is None:
        return ""
    rounded = rounded_to(value, places)
    if blank_zero and rounded == 0:
        return ""
    text = f"{rounded:{',' if grouped else ''}.{places}f}"
    if trim and places:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def rounded_to(value: Decimal, places: int = 2) -> Decimal:
    """Half-up to `places` decimals, as printed (cents for 2)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | None, *, trim: bool = False) -> str:
    """A share already in percent (67.2921…) → '67.29%'; with `trim`, 100.00 → '100%'."""
    if value is None:
        return ""
    text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"
    if trim:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def number_text(value: Decimal | None) -> str:
    """A count or price as entered: 14100 → '14,100', 0.60 → '0.60' (no rounding away of digits)."""
    if value is None:
        return ""
    return f"{value:,.{decimal_places(value)}f}"


def chinese_number(n: int, *, nian: bool = False) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (or 廿一 with `nian`, as budget tables number rows 21–29)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "廿" if nian and tens == 2 and ones else _DIGITS[tens] + "十"
        return head + (_DIGITS[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else chinese_number(rest))
        if 10 <= rest < 20:
            tail = "一" + tail
        return _DIGITS[hundreds] + "百" + tail
    return str(n)


def count_text(n: int) -> str:
    """A count of things in prose: 2 → 两 (两家单位), otherwise the Chinese numeral."""
    return "两" if n == 2 else chinese_number(n)


def numbered(pattern: str, n: int) -> str:
    """Fill a numbering pattern: {cn} 一, {cn_nian} 廿一, {n} 1, {nn} 01 — e.g. '第{cn}部分', '预算{nn}表'."""
    return pattern.format(n=n, nn=f"{n:02d}", cn=chinese_number(n), cn_nian=chinese_number(n, nian=True))


def date_text(value: dt.date) -> str:
    """2022-11-19 -> '2022年11月19日'."""
    return f"{value.year}年{value.month}月{value.day}日"


def amount_format(places: int) -> str:
    """The spreadsheet format that shows an amount as amount_text does (#,##0.00)."""
    return "#,##0" + ("." + "0" * places if places else "")


def number_format(value: Decimal) -> str:
    """The format of a count or price as number_text writes it (its own places, thousands grouped)."""
    places = decimal_places(value)
    return "#,##0" + ("." + "0" * places if places else "")


def percent_format() -> str:
    """A share stored as a fraction and shown as percent_text does (67.29%)."""
    return "0.00%"
