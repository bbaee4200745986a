"""The exception tree; the CLI turns these into Chinese messages at the edge."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gen.findings import Finding


class BudgetDocError(Exception):
    """Base of every error budgetdoc reports to its user."""

    exit_code = 1


class InputError(BudgetDocError):
    """The input cannot be used; carries every problem found, each with its location."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} 个问题")
        self.findings = findings


class UsageError(BudgetDocError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class OutputError(BudgetDocError):
    """An output file could not be written."""


class RenderError(BudgetDocError):
    """An output cannot be made as asked (e.g. PDF/A, which needs a glyph for every character)."""
