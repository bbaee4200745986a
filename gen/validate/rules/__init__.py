"""The rule catalogue: every cross-check with an ID, a severity and a Chinese message.

Importing the rule modules registers their rules; `run_rules` runs them all.
"""

from gen.validate.rules import (
    amounts,
    balance,
    codes,
    completeness,
    performance,
    references,
    texts,
    years,
)
from gen.validate.rules.catalogue import RULES, Context, Rule, run_rules

__all__ = [
    "RULES",
    "Context",
    "Rule",
    "amounts",
    "balance",
    "codes",
    "completeness",
    "performance",
    "references",
    "run_rules",
    "texts",
    "years",
]
