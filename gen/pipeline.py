"""The whole pipeline in one place: load → validate → compute → (render → write, in build)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from gen.compute.budget import CodeLists, ComputedBudget, compute
from gen.errors import InputError
from gen.findings import Finding, Severity
from gen.load import SourceDoc, load_source
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
        extra_path = source.path.parent / budget.meta.extra_codes
        where = source.locate(("meta", "extra_codes"))
        try:
            data = YAML(typ="safe", pure=True).load(extra_path.read_text(encoding="utf-8")) or {}
            extra = {str(k): str(v) for k, v in (data.get("codes") or {}).items()}
        except FileNotFoundError:
            message = f"找不到补充科目文件“{budget.meta.extra_codes}”（应与本文件在同一目录或写相对路径）"
            raise InputError([Finding("LOAD", Severity.ERROR, message, (where,))]) from None
        except (OSError, UnicodeDecodeError, YAMLError, AttributeError) as exc:
            message = f"补充科目文件“{budget.meta.extra_codes}”无法读取：{exc}"
            raise InputError([Finding("LOAD", Severity.ERROR, message, (where,))]) from None
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
        candidate = source.path.parent / budget.meta.prior
        if not candidate.exists():
            where = source.locate(("meta", "prior"))
            message = f"找不到上年预算文件“{budget.meta.prior}”（应与本文件在同一目录或写相对路径）"
            raise InputError([Finding("LOAD", Severity.ERROR, message, (where,))])
        return candidate
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
