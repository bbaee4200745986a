"""The whole pipeline in one place: load → validate → compute → compose (→ render → write, in build)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gen.compose import DocumentIncomplete, Gap, compose
from gen.compose.document import Document
from gen.compose.profile import ResolvedProfile, SectionSpec, load_profile
from gen.compute.budget import CodeLists, ComputedBudget, compute
from gen.errors import InputError, UsageError
from gen.findings import Finding, Severity, format_path
from gen.load import SourceDoc, load_source
from gen.load.codes import extra_codes
from gen.load.references import resolve
from gen.validate.rules import Context, run_rules
from gen.validate.schema import field_title, parse_budget
from models.amount import rescaled
from models.budget import Budget
from models.codes import load_codelist, nearest_edition


@dataclass
class Checked:
    """A computed budget, every finding about its input (and its prior year), and its document."""

    computed: ComputedBudget
    source: SourceDoc
    findings: list[Finding]
    document: Document | None = None
    """Composed when asked for and the input has no errors."""
    profile: ResolvedProfile | None = None

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


def _prior(
    budget: Budget, source: SourceDoc, override: Path | None
) -> tuple[ComputedBudget | None, list[Finding]]:
    """Last year's budget in this year's amount unit, and that file's own findings at its own lines."""
    path = _prior_path(budget, source, override)
    if path is None:
        return None, []
    prior, prior_source = load_budget(path)
    codes = code_lists(prior, prior_source)
    alone = compute(prior, codes)
    # Its own checks, not its text rules: a prior year's prose is never printed.
    findings = run_rules(Context(alone, prior_source, printed=frozenset()))
    unit = budget.meta.amount_unit
    if prior.meta.amount_unit == unit:
        return alone, findings
    # A prior year typed in another unit is compared in this year's (an amount, never a unit slip).
    meta = prior.meta.model_copy(update={"amount_unit": unit})
    converted = rescaled(prior, prior.meta.amount_unit, unit).model_copy(update={"meta": meta})
    return compute(converted, codes), findings


def _profile(budget: Budget, path: Path, name: str | None) -> ResolvedProfile | None:
    """The command line's profile (which must exist), else the input's (REF-005 reports it missing)."""
    if name is not None:
        return load_profile(name)
    try:
        return load_profile(budget.meta.profile, path.parent)
    except UsageError:
        return None


def _printed(profile: ResolvedProfile) -> frozenset[str]:
    """The narrative blocks the profile's sections print."""
    blocks: set[str] = set()

    def visit(sections: list[SectionSpec]) -> None:
        for section in sections:
            if section.text:
                blocks.add(section.text)
            visit(section.sections)

    for part in profile.spec.parts:
        if part.text:
            blocks.add(part.text)
        visit(part.sections)
    return frozenset(blocks)


def check_input(
    path: Path, prior: Path | None = None, profile: str | None = None, *, document: bool = True
) -> Checked:
    """Load, validate and compute one input with its prior year; with `document`, compose it too.

    Raises InputError only if it cannot even be computed; every other problem is a finding: the
    input's, its prior year's, and every section the profile prints that the input lacks data for.
    """
    budget, source = load_budget(path)
    prior_computed, findings = _prior(budget, source, prior)
    computed = compute(budget, code_lists(budget, source), prior_computed)
    try:
        resolved = _profile(budget, path, profile)
    except InputError as refused:  # the profile's own findings, reported with the input's
        resolved, findings = None, [*findings, *refused.findings]
    printed = _printed(resolved) if resolved else None
    context = Context(computed, source, printed=printed, profile_given=profile is not None, profile=resolved)
    findings += run_rules(context)
    checked = Checked(computed, source, findings, profile=resolved)
    if document and resolved is not None and not checked.errors:
        try:
            checked.document = compose(computed, resolved)
        except DocumentIncomplete as incomplete:
            findings += gap_findings(incomplete.gaps, source)
    return checked


def gap_findings(gaps: list[Gap], source: SourceDoc) -> list[Finding]:
    """Each section the document cannot print, located at the input fields it needs and in the profile."""
    findings = []
    for gap in gaps:
        if gap.missing is not None:
            missing = gap.missing
            places = tuple(source.locate(p) for p in missing.paths)
            message = f"文档所需的数据输入中没有：“{gap.section}”需要{missing.what}"
            findings.append(
                Finding("DOC-001", Severity.ERROR, message, (*places, gap.where), hint=missing.hint or None)
            )
            continue
        fields = "、".join(dict.fromkeys(field_title(p) or format_path(p) for p in gap.empty_fields))
        message = f"标题下没有内容：“{gap.section}”下面没有任何文字或表格" + (
            f"（该节用到的{fields}未填写）" if fields else ""
        )
        places = tuple(source.locate(p) for p in gap.empty_fields)
        hint = gap.hint or "填写该节用到的内容；如本部门确实没有，请在模板中删去此节或写明无此项的说明"
        findings.append(Finding("DOC-002", Severity.ERROR, message, (*places, gap.where), hint=hint))
    return findings
