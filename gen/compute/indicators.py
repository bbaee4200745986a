"""Performance indicators: values parsed into operator, number and unit; rows grouped into a tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from models.performance import Indicator

# Word operators are kept as written on the form; the symbol is what comparisons use.
_OPERATORS = {
    "≥": "≥",
    ">=": "≥",
    "≧": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "大于等于": "≥",
    "≤": "≤",
    "<=": "≤",
    "≦": "≤",
    "不高于": "≤",
    "不超过": "≤",
    "不多于": "≤",
    "小于等于": "≤",
    "=": "=",
    "＝": "=",
    "等于": "=",
    ">": ">",
    "＞": ">",
    "大于": ">",
    "超过": ">",
    "<": "<",
    "＜": "<",
    "小于": "<",
    "低于": "<",
}
_OPERATOR = "|".join(re.escape(o) for o in sorted(_OPERATORS, key=len, reverse=True))
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_UNIT = r"[^0-9]*"
_QUANTITY = re.compile(
    rf"(?P<op>{_OPERATOR})?(?P<number>{_NUMBER})(?P<unit>{_UNIT}?)"
    rf"(?:(?:-|~|～|—|至)(?P<upper>{_NUMBER})(?P<upper_unit>{_UNIT}))?"
)
_RANK = re.compile(rf"前(?P<number>{_NUMBER})(?P<unit>名|位)")
_WIDE = str.maketrans("０１２３４５６７８９．％＝＞＜，", "0123456789.%=><,")


class IndicatorValueError(ValueError):
    """A value that looks numeric but does not read as operator, number and unit."""


@dataclass(frozen=True)
class ParsedValue:
    text: str
    """The value as printed: spacing and full-width digits made uniform, the wording kept."""
    operator: str | None = None
    """≥ ≤ = < > (the canonical symbol of 不低于, ≥ …), or None for a plain figure or a qualitative value."""
    number: Decimal | None = None
    """None for a qualitative value (达标, 逐步减少)."""
    unit: str = ""
    upper: Decimal | None = None
    """The upper bound of a range such as 97%-100%."""
    rank: bool = False
    """前 2 名: a place in a ranking, at most `number`."""

    @property
    def quantitative(self) -> bool:
        return self.number is not None


def parse_value(written: str) -> ParsedValue:
    """Read "≥97%", "23046.15平方米", "≤24 小时", "前 2 名" or a qualitative "达标"."""
    wide = written.strip().translate(_WIDE)
    if re.search(r"[0-9][\s,，]*\s[\s,，]*[0-9]", wide):
        raise IndicatorValueError(f"“{written}”的数字中间有空格")
    compact = re.sub(r"\s+", "", wide)
    if not compact:
        raise IndicatorValueError("指标值为空")
    if compact in _OPERATORS:
        raise IndicatorValueError(f"“{written}”只有运算符，没有数值")
    if not re.search(r"[0-9]", compact):
        return ParsedValue(written.strip())
    rank = _RANK.fullmatch(compact)
    if rank:
        return ParsedValue(compact, "≤", _decimal(rank["number"]), rank["unit"], rank=True)
    quantity = _QUANTITY.fullmatch(compact)
    if quantity is None:
        raise IndicatorValueError(
            f"“{written}”读不出数值：定量指标写成 运算符+数字+单位（如 ≥97%、≤24小时、23046.15平方米），"
            "定性指标不写数字（如 达标、逐步减少）"
        )
    unit, upper_unit = quantity["unit"], quantity["upper_unit"] or ""
    if quantity["upper"] is not None and unit and upper_unit and unit != upper_unit:
        raise IndicatorValueError(f"“{written}”的区间两端单位不同：{unit}、{upper_unit}")
    op = quantity["op"]
    return ParsedValue(
        compact,
        _OPERATORS[op] if op else None,
        _decimal(quantity["number"]),
        upper_unit or unit,
        _decimal(quantity["upper"]) if quantity["upper"] is not None else None,
    )


# 指标性质 as typed (full-width, as forms print it) → the symbol comparisons use.
NATURE_SYMBOL = {"≥": "≥", "＞": ">", "＝": "=", "≤": "≤", "＜": "<"}
SYMBOL_NATURE = {symbol: nature for nature, symbol in NATURE_SYMBOL.items()}


def reading(row: Indicator, written: str | None = None) -> ParsedValue:
    """A value of the row (its 指标值, or an earlier year's) read with the row's own 指标性质 and
    计量单位: ``value: 250, nature: ≥, unit: 人`` reads as ``≥250人``; a combined value reads alone.

    Raises IndicatorValueError for a value that does not read, or whose operator or unit differs
    from the row's nature or unit (the form would print two different things)."""
    parsed = parse_value(row.value if written is None else written)
    nature = row.nature.value if row.nature else None
    if nature == "定性":
        if parsed.quantitative:
            raise IndicatorValueError(f"指标性质为定性，指标值“{parsed.text}”却是数值")
        return parsed
    operator, unit = parsed.operator, parsed.unit
    if nature is not None and parsed.quantitative:
        symbol = NATURE_SYMBOL[nature]
        if operator is not None and operator != symbol:
            written_as = SYMBOL_NATURE.get(operator, operator)
            raise IndicatorValueError(f"指标性质为{nature}，指标值“{parsed.text}”写的是{written_as}")
        operator = symbol
    if row.unit and parsed.quantitative:
        if unit and unit != row.unit:
            raise IndicatorValueError(f"计量单位为“{row.unit}”，指标值“{parsed.text}”写的是“{unit}”")
        unit = row.unit
    if (operator, unit) == (parsed.operator, parsed.unit):
        return parsed
    return ParsedValue(
        f"{operator if operator and not parsed.operator else ''}{parsed.text}"
        f"{unit if unit != parsed.unit else ''}",
        operator,
        parsed.number,
        unit,
        parsed.upper,
        parsed.rank,
    )


def _decimal(digits: str) -> Decimal:
    return Decimal(digits.replace(",", ""))


@dataclass
class Level2:
    name: str
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class Level1:
    name: str
    children: list[Level2] = field(default_factory=list)

    @property
    def span(self) -> int:
        return sum(len(child.indicators) for child in self.children)


def indicator_tree(indicators: list[Indicator]) -> list[Level1]:
    """Group consecutive rows by 一级 then 二级, keeping the order the officer wrote them in."""
    tree: list[Level1] = []
    for indicator in indicators:
        if not tree or tree[-1].name != indicator.level1:
            tree.append(Level1(indicator.level1))
        branch = tree[-1]
        if not branch.children or branch.children[-1].name != indicator.level2:
            branch.children.append(Level2(indicator.level2))
        branch.children[-1].indicators.append(indicator)
    return tree


def scattered(indicators: list[Indicator]) -> list[int]:
    """Rows whose 一级 or 二级 already ended higher up: they would split a merged cell in two."""
    found = []
    closed: set[tuple[str, ...]] = set()  # groups that have ended: (一级,) and (一级, 二级)
    for index, row in enumerate(indicators):
        group = (row.level1, row.level2)
        before = (indicators[index - 1].level1, indicators[index - 1].level2) if index else None
        if before is None or before == group:
            continue
        closed.add(before)
        if before[0] != row.level1:
            closed.add(before[:1])
        if group in closed or group[:1] in closed:
            found.append(index)
    return found
