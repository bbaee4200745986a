"""Year-over-year comparison of one figure; the one implementation used by build and diff."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Change:
    current: Decimal
    prior: Decimal | None

    @property
    def known(self) -> bool:
        return self.prior is not None

    @property
    def delta(self) -> Decimal | None:
        return None if self.prior is None else self.current - self.prior

    @property
    def percent(self) -> Decimal | None:
        """Change as a percentage of the prior amount; None when there is no base to compare."""
        if self.prior is None or self.prior == 0:
            return None
        return (self.current - self.prior) / self.prior * HUNDRED

    @property
    def direction(self) -> str | None:
        """增加 / 减少 / 持平 (the narrative picks 增长/下降 from the same sign)."""
        delta = self.delta
        if delta is None:
            return None
        return "增加" if delta > 0 else "减少" if delta < 0 else "持平"


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """Percentage of `whole`, unrounded; None when it is meaningless."""
    if part is None or whole is None or whole == 0:
        return None
    return part / whole * HUNDRED


# Name and amount of each coded line of one year's table.
Lines = Mapping[str, tuple[str, Decimal]]


@dataclass(frozen=True)
class Matched:
    """One coded line in both years, matched by its code (never by its name)."""

    code: str
    name: str
    """This year's name; last year's for a removed line."""
    change: Change
    prior_name: str | None = None
    removed: bool = False


def match(now: Lines, before: Lines | None) -> list[Matched]:
    """Lines matched by code at the levels (code lengths) both years have; `before` None is unknown.

    The order is this year's, each removed line placed after the line it followed last year.
    """
    if before is None:
        return [Matched(code, name, Change(amount, None)) for code, (name, amount) in now.items()]
    levels = {len(c) for c in now} & {len(c) for c in before}
    result = []
    for code in _ordered(now, before):
        if len(code) not in levels:
            continue
        name, current = now.get(code, (None, Decimal(0)))
        prior_name, previous = before.get(code, (None, Decimal(0)))
        result.append(
            Matched(
                code,
                name or prior_name or code,
                Change(current, previous),
                prior_name,
                removed=name is None,
            )
        )
    return result


def _ordered(now: Lines, before: Lines) -> list[str]:
    order: list[str] = list(now)
    previous = None
    for code in before:
        if code not in now:
            order.insert(order.index(previous) + 1 if previous is not None else 0, code)
        previous = code
    return order
