"""The whole pipeline in one place: load → validate → compute → (render → write, in build)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gen.compute.budget import CodeLists, ComputedBudget, compute
from gen.findings import Finding
from gen.load import SourceDoc, load_source
from gen.load.codes import extra_codes
from gen.load.references import resolve
from gen.validate.rules import Context, run_rules
from gen.validate.schema import parse_budget
from models.budget import Budget
from models.codes import load_codelist, nearest_edition


@dataclass
class Checked:
    """A computed budget and every finding about its input."""

    computed: ComputedBudget
    source: SourceDoc
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]


def code_lists(budget: Budget, source: SourceDoc) -> CodeLists:
    """The input's edition of both code lists, with its 补充科目."""
    edition = nearest_edition(budget.meta.code_edition)
    functional, economic = load_codelist("functional", edition), load_codelist("economic", edition)
    if budget.meta.extra_codes:
        extra = extra_codes(source, budget.meta.extra_codes)
        # One file for both lists: 功能分类 codes begin with 2, 经济分类 codes with 3.
        functional = functional.extended(
            {k: v for k, v in extra.items() if len(k) in (3, 5, 7) and k[0] == "2"}
        )
        economic = economic.extended({k: v for k, v in extra.items() if len(k) in (3, 5) and k[0] == "3"})
    return CodeLists(functional, economic)


def load_budget(path: Path) -> tuple[Budget, SourceDoc]:
    """Load one input and check it against the schema (not yet the rules)."""
    source = load_source(path)
    return parse_budget(source), source


def _prior_path(budget: Budget, source: SourceDoc, override: Path | None) -> Path | None:
    if override is not None:
        return override
    if budget.meta.prior:
        return resolve(source, "prior", budget.meta.prior)
    return None


def check_input(path: Path, prior: Path | None = None) -> Checked:
    """Load, validate and compute one input; raise InputError if it cannot even be computed."""
    budget, source = load_budget(path)
    prior_computed = None
    prior_path = _prior_path(budget, source, prior)
    if prior_path is not None:
        prior_budget, prior_source = load_budget(prior_path)
        prior_computed = compute(prior_budget, code_lists(prior_budget, prior_source))
    computed = compute(budget, code_lists(budget, source), prior_computed)
    findings = run_rules(Context(computed, source))
    return Checked(computed, source, findings)
