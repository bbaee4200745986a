"""What narrative templates see: the input (for prose) and computed figures (for numbers).

Every figure here is computed; what the input does not reveal is an Unknown (or a None that the
sandbox turns into one through a FACTS mapping), never None or zero. Every name is documented in
docs/模板变量参考.md, generated from VARIABLES and the FACTS-style docs of each view
(gen.compose.context_reference) and tested in sync.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from gen.compose.profile import ResolvedProfile
from gen.compose.unknown import Unknown, Unknowns
from gen.compute.budget import ComputedBudget, Figures
from gen.compute.revealed import Fact, Missing
from gen.compute.rows import Row, RowKind
from gen.compute.schedules import project_values
from gen.compute.yoy import Change
from models.amount import ZERO
from models.budget import APPROPRIATIONS, PROJECT_SOURCE_FIELDS, FundSource, Narrative, Project, Unit
from models.performance import ProjectPerformanceForm

# The kinds of spending the 支出预算总表 has columns for, as the narrative lists them.
SPENDING_KINDS = ("basic", "project", "institution_operating", "remit_upper", "subsidiary_grant")

# What `item` stands for outside a repeated section: used only while narrative.j2 is first run to
# collect its blocks (a block that reads `item` is rendered per item, and the profile check refuses it
# in a section that is not repeated).
NO_ITEM = Missing(Fact.PROJECTS, "item（只有逐项重复的节 each: 中才有）", ())


@dataclass(frozen=True)
class Amount:
    """A labelled amount of a sentence (一般公共预算拨款 120万元)."""

    DOCS: ClassVar[Mapping[str, str]] = {
        "label": "名称（模板 labels 中的说法）",
        "key": "键",
        "amount": "金额",
    }

    label: str
    key: str
    amount: Decimal


@dataclass(frozen=True)
class ProjectItem:
    """One project, as a section repeated per project (each: projects) sees it in `item`."""

    DOCS: ClassVar[Mapping[str, str]] = {
        "code": "项目编码",
        "name": "项目名称",
        "unit": "项目单位编码",
        "unit_name": "项目单位名称（单位表中的全称）",
        "group": "项目级次（本级支出项目等，模板 labels.project_group 的说法）",
        "category": "项目类别（经常性、一次性、延续性）",
        "function_code": "功能分类科目编码",
        "function_name": "功能分类科目名称",
        "total_budget": "项目总预算（未填为空值，先用 is not none 判断）",
        "amount": "本年预算（Change：current 本年，prior 上年同编码项目，上年文件没有项目表时未知）",
        "sources": "本年预算的资金来源，有数的各项（Amount 列表，名称取 labels.project_source）",
        "purpose": "主要支出方向和用途（输入 projects[].purpose）",
        "overview": "项目概述（输入 projects[].overview）",
        "form": "该项目的绩效目标申报表（输入 performance.project_forms 中的一张：basis 立项依据、"
        "period 起止时间、executing_unit 执行单位、annual_goal 年度目标、annual_indicators 指标 …）；"
        "没有申报表时为空值，输入没有申报表部分时未知",
        "number": "在本节各项中的序号（1、2 ……）",
    }
    INPUT: ClassVar[Mapping[str, str]] = {
        "total_budget": "total_budget",
        "purpose": "purpose",
        "overview": "overview",
    }
    """Attributes that are the input project's own fields: read empty, they explain an empty section."""

    code: str
    name: str
    unit: str
    unit_name: str
    group: str
    category: str
    function_code: str
    function_name: str
    total_budget: Decimal | None
    amount: Change
    sources: list[Amount]
    purpose: str | None
    overview: str | None
    form: ProjectPerformanceForm | Unknown | None
    number: int
    path: tuple[str | int, ...] = ()
    """The project's place in the input (projects[3])."""


@dataclass(frozen=True)
class UnitItem:
    """One budget unit, as a section repeated per unit (each: units) sees it in `item`."""

    FACTS: ClassVar[Mapping[str, Fact]] = {
        name: Fact.BY_UNIT for name in ("total", "basic", "personnel", "public", "project")
    }
    DOCS: ClassVar[Mapping[str, str]] = {
        "code": "单位编码",
        "name": "单位名称",
        "short_name": "单位简称（未填时为全称）",
        "kind": "单位性质（行政、参公、事业、企业）",
        "total": "支出合计（Change，含上年；输入没有分单位支出时未知）",
        "basic": "基本支出（Change）",
        "personnel": "人员经费（Change）",
        "public": "公用经费（Change）",
        "project": "项目支出（Change）",
        "projects": "本单位的项目（与 each: projects 的 item 相同）",
        "number": "在本节各项中的序号（1、2 ……）",
    }

    code: str
    name: str
    short_name: str
    kind: str
    total: Change | None
    basic: Change | None
    personnel: Change | None
    public: Change | None
    project: Change | None
    projects: list[ProjectItem]
    number: int


def _spending_kinds(
    computed: ComputedBudget, profile: ResolvedProfile, unknowns: Unknowns
) -> list[str] | Unknown:
    """The kinds of spending the budget has, as the 支出预算总表 names its columns."""
    figures = computed.figures
    if computed.revealed.known(Fact.FUNCTION_DETAIL):
        row = computed.tables["expenditure"].total()
        amounts: dict[str, Decimal | None] = {key: row.value(key) for key in SPENDING_KINDS}
    else:
        basic = figures.basic.current if figures.basic else None
        project = figures.project.current if figures.project else None
        total = figures.total.current if figures.total else None
        # Known only by 类: the other kinds are zero exactly when 基本 and 项目 make up the total.
        others = (
            None if total is None or basic is None or project is None or total != basic + project else ZERO
        )
        amounts = {key: others for key in SPENDING_KINDS}
        amounts.update(basic=basic, project=project)
    if any(v is None for v in amounts.values()):
        return Unknown(unknowns.missing(Fact.FUNCTION_DETAIL))
    labels = profile.spec.labels.get("spending_type", {})
    return [labels.get(key, key) for key in SPENDING_KINDS if amounts[key]]


def _drivers(figures: Figures, narrative: Narrative) -> list[dict[str, Any]]:
    """The labelled 基本/项目 changes behind the 一般公共预算's change, largest first."""
    labelled: list[tuple[str, Change]] = [
        (label, change)
        for label, change in (
            (narrative.project_change_label, figures.project),
            (narrative.basic_change_label, figures.basic),
        )
        if label and change is not None and change.delta
    ]
    # The split of the change is only the 一般公共预算's own when all money is 一般公共预算.
    general, total = figures.general, figures.total
    if general is None or total is None or general.current != total.current:
        labelled = []
    labelled.sort(key=lambda pair: abs(pair[1].delta or ZERO), reverse=True)
    return [{"label": label, "change": change} for label, change in labelled]


class _Items:
    """The views of the lists a section can be repeated over."""

    def __init__(self, computed: ComputedBudget, profile: ResolvedProfile, unknowns: Unknowns) -> None:
        self.computed = computed
        self.profile = profile
        self.unknowns = unknowns

    def _known(self, *facts: Fact) -> Missing | None:
        return next((self.unknowns.missing(f) for f in facts if not self.computed.revealed.known(f)), None)

    def projects(self) -> list[ProjectItem] | Unknown:
        missing = self._known(Fact.PROJECTS)
        if missing is not None:
            return Unknown(missing)
        return [
            self.project(p, n, i)
            for n, (i, p) in enumerate(enumerate(self.computed.budget.projects), start=1)
        ]

    def with_forms(self) -> list[ProjectItem] | Unknown:
        """The projects that have a 绩效目标申报表, in the forms' order."""
        missing = self._known(Fact.PROJECTS, Fact.PROJECT_FORMS)
        if missing is not None:
            return Unknown(missing)
        projects = {p.code: (i, p) for i, p in enumerate(self.computed.budget.projects)}
        listed = [
            projects[f.project]
            for f in self.computed.budget.performance.project_forms
            if f.project in projects
        ]
        return [self.project(p, n, i) for n, (i, p) in enumerate(listed, start=1)]

    def project(self, project: Project, number: int, index: int) -> ProjectItem:
        budget = self.computed.budget
        labels = self.profile.spec.labels
        values = project_values(project)
        units = {u.code: u.name for u in budget.units}
        prior = self.computed.prior
        before: Decimal | None = None
        if prior is not None and prior.revealed.known(Fact.PROJECTS):
            earlier = next((p for p in prior.budget.projects if p.code == project.code), None)
            before = project_values(earlier)["total"] if earlier is not None else ZERO
        forms = budget.performance.project_forms
        form: ProjectPerformanceForm | Unknown | None
        if self.computed.revealed.known(Fact.PROJECT_FORMS):
            form = next((f for f in forms if f.project == project.code), None)
        else:
            form = Unknown(self.unknowns.missing(Fact.PROJECT_FORMS))
        names = self.computed.codes.functional.names
        source_labels = labels.get("project_source", {})
        return ProjectItem(
            code=project.code,
            name=project.name,
            unit=project.unit,
            unit_name=units.get(project.unit, ""),
            group=labels.get("project_group", {}).get(
                "own" if project.group.name == "OWN" else "transfer", project.group.value
            ),
            category=project.category.value,
            function_code=project.function_code,
            function_name=names.get(project.function_code, ""),
            total_budget=project.total_budget,
            amount=Change(values["total"], before),
            sources=[
                Amount(source_labels.get(key, key), key, values[key])
                for key in PROJECT_SOURCE_FIELDS
                if values[key]
            ],
            purpose=project.purpose,
            overview=project.overview,
            form=form,
            number=number,
            path=("projects", index),
        )

    def units(self) -> list[UnitItem] | Unknown:
        missing = self._known(Fact.UNITS)
        if missing is not None:
            return Unknown(missing)
        projects = self.projects()
        return [
            self.unit(u, n, projects if not isinstance(projects, Unknown) else [])
            for n, u in enumerate(self.computed.budget.units, start=1)
        ]

    def unit(self, unit: Unit, number: int, projects: list[ProjectItem]) -> UnitItem:
        rows: dict[str, Change | None] = dict.fromkeys(UnitItem.FACTS)
        if self.computed.revealed.known(Fact.BY_UNIT):
            row = _unit_row(self.computed, unit.code)
            prior = self.computed.prior
            # Last year by unit, where its input reveals it: a unit it does not list spent nothing.
            known = prior is not None and prior.revealed.known(Fact.BY_UNIT)
            before = _unit_row(prior, unit.code) if prior is not None and known else None
            for key in rows:
                previous = (before.value(key) if before is not None else ZERO) if known else None
                rows[key] = Change(row.value(key) if row is not None else ZERO, previous)
        return UnitItem(
            code=unit.code,
            name=unit.name,
            short_name=unit.short_name or unit.name,
            kind=unit.kind.value,
            projects=[p for p in projects if p.unit == unit.code],
            number=number,
            **rows,
        )


def _unit_row(computed: ComputedBudget, code: str) -> Row | None:
    return next(
        (r for r in computed.tables["by_unit"].rows if r.kind is RowKind.UNIT and r.code == code), None
    )


def items(computed: ComputedBudget, profile: ResolvedProfile, unknowns: Unknowns) -> dict[str, Any]:
    """The lists a section may be repeated over (SectionSpec.each), each item's view."""
    made = _Items(computed, profile, unknowns)
    return {"projects": made.projects(), "project_forms": made.with_forms(), "units": made.units()}


def template_context(
    computed: ComputedBudget, profile: ResolvedProfile, unknowns: Unknowns | None = None
) -> dict[str, Any]:
    """What narrative templates see: the input (for prose) and computed figures (for numbers).

    What the input does not reveal is an Unknown, never None or zero (see gen.compose.unknown).
    """
    budget, figures = computed.budget, computed.figures
    unknowns = unknowns or Unknowns(computed.revealed, budget)

    def known(fact: Fact, value: Any) -> Any:
        return value if computed.revealed.known(fact) else Unknown(unknowns.missing(fact))

    prior_year = computed.prior.budget.meta.year if computed.prior else budget.meta.year - 1
    labels = profile.spec.income_labels
    income_lines = [
        {
            "label": labels.get(s.value, s.value),
            "source": s.value,
            "amount": figures.income_by_source[s],
            "share": figures.income_share(s),
        }
        for s in FundSource
        if figures.income_by_source[s]
    ]
    department = budget.meta.department
    narrative = budget.narrative
    procurement_lines = (
        [
            {"name": category.value, "amount": amount, "usage": narrative.procurement_usage.get(category)}
            for category, amount in figures.procurement.by_category.items()
            if amount
        ]
        if figures.procurement is not None
        else Unknown(unknowns.missing(Fact.PROCUREMENT))
    )
    funds = figures.fund_totals
    return {
        "dept_name": department.short_name or department.name,
        "unit_names": known(Fact.UNITS, [u.short_name or u.name for u in budget.units]),
        "spending_kinds": _spending_kinds(computed, profile, unknowns),
        "general_drivers": _drivers(figures, narrative),
        "procurement_lines": procurement_lines,
        "tp": figures.three_public,
        "year": budget.meta.year,
        "prior_year": prior_year,
        "unit": profile.spec.text.unit or budget.meta.amount_unit,
        "dept": budget.meta.department,
        "meta": budget.meta,
        "b": budget,
        "f": figures,
        "n": budget.narrative,
        "units": known(Fact.UNITS, budget.units),
        "income_lines": income_lines,
        "appropriation_income": [
            {
                "label": labels.get(f"{s.value}-财政拨款", s.value + "拨款"),
                "amount": figures.income_by_source[s],
            }
            for s in APPROPRIATIONS
            if figures.income_by_source[s]
        ],
        "appropriation_classes": known(
            Fact.FUNCTIONS,
            [
                {"code": r.code, "name": r.name, "amount": r.value("total")}
                for r in computed.tables["appropriation_by_function"].rows
                if r.kind is RowKind.CLASS and r.value("total")
            ],
        ),
        "gov_fund_total": funds[FundSource.GOV_FUND] if funds else Unknown(unknowns.missing(Fact.FUNCTIONS)),
        "state_capital_total": funds[FundSource.STATE_CAPITAL]
        if funds
        else Unknown(unknowns.missing(Fact.FUNCTIONS)),
        "glossary": {term: meaning for term, meaning in profile.spec.glossary.items() if meaning},
        "item": Unknown(NO_ITEM),
    }
