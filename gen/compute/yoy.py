"""Year-over-year comparison of one figure; the one implementation used by build and diff."""

from __future__ import annotations

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
