"""Rule registry and the context rules read from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from gen.compute.budget import ComputedBudget
from gen.findings import Finding, Severity
from gen.load.source import Path_, SourceDoc
from models.amount import converted
from models.budget import Budget

if TYPE_CHECKING:
    from gen.compose.profile import ResolvedProfile
# Rounding differences of a few cents per row; a larger tolerance would hide real imbalances (AMT-004).
MAX_TOLERANCE = Decimal(1)
"""万元."""


@dataclass(frozen=True)
class Issue:
    """What a rule found; the runner adds the rule's ID, severity and resolved locations."""

    message: str
    paths: Sequence[Path_]
    expected: Decimal | None = None
    actual: Decimal | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Context:
    computed: ComputedBudget
    source: SourceDoc
    prior_source: SourceDoc | None = None
    printed: frozenset[str] | None = None
    """The narrative blocks the chosen profile prints; None runs every rule."""
    profile_given: bool = False
    """The command line names the profile, so the input's meta.profile is not used."""
    profile: ResolvedProfile | None = None
    """The profile the document is printed with, for rules about what it prints."""

    @property
    def budget(self) -> Budget:
        return self.computed.budget

    @property
    def tolerance(self) -> Decimal:
        """meta.tolerance, but never more than the largest a rounding difference can explain."""
        return min(self.computed.budget.meta.tolerance, self.tolerance_limit)

    @property
    def tolerance_limit(self) -> Decimal:
        return converted(MAX_TOLERANCE, "万元", self.computed.budget.meta.amount_unit)

    def differs(self, expected: Decimal, actual: Decimal, tolerance: Decimal | None = None) -> bool:
        limit = self.tolerance if tolerance is None else tolerance
        return abs(actual - expected) > limit


Check = Callable[[Context], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    check: Check = field(compare=False)
    prints: str | None = None
    """A rule about the officer's text for one narrative block runs only when the profile prints it."""


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, severity: Severity, title: str, *, prints: str | None = None
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, severity, title, check, prints)
        return check

    return register


def run_rules(context: Context, only: Iterable[str] | None = None) -> list[Finding]:
    wanted = set(only) if only is not None else None
    findings: list[Finding] = []
    for rule_id in sorted(RULES):
        if wanted is not None and rule_id not in wanted:
            continue
        current = RULES[rule_id]
        if current.prints and context.printed is not None and current.prints not in context.printed:
            continue
        for issue in current.check(context):
            locations = tuple(context.source.locate(path) for path in issue.paths)
            findings.append(
                Finding(
                    current.id,
                    current.severity,
                    f"{current.title}：{issue.message}",
                    locations,
                    issue.expected,
                    issue.actual,
                    issue.hint,
                )
            )
    return findings
