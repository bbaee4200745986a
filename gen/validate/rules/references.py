"""References between tables: units and projects named elsewhere must exist and agree."""

from __future__ import annotations

from collections.abc import Iterator

from gen.compose.profile import builtin_profiles, find_profile
from gen.errors import UsageError
from gen.findings import Severity
from gen.validate.rules.catalogue import Context, Issue, rule
from models.codes import normalize_name

# Rows of basic expenditure name no project; these are the usual wordings.
BASIC_EXPENDITURE_LABELS = {"在职人员公用", "基本支出", "人员经费", "公用经费", "日常公用"}


def _unit_refs(ctx: Context) -> Iterator[tuple[tuple[str | int, ...], str]]:
    b = ctx.budget
    for i, item in enumerate(b.income):
        if item.unit:
            yield ("income", i, "unit"), item.unit
    for i, carry in enumerate(b.carryover):
        if carry.unit:
            yield ("carryover", i, "unit"), carry.unit
    for i, u in enumerate(b.expenditure.by_unit):
        yield ("expenditure", "by_unit", i, "unit"), u.unit
    for i, p in enumerate(b.projects):
        yield ("projects", i, "unit"), p.unit
    for section in ("procurement", "purchased_services"):
        for i, row in enumerate(getattr(b, section)):
            yield (section, i, "unit"), row.unit
    for i, form in enumerate(b.performance.overall_forms):
        if form.unit:
            yield ("performance", "overall_forms", i, "unit"), form.unit


@rule("REF-001", Severity.ERROR, "引用了未登记的单位")
def units_exist(ctx: Context) -> Iterator[Issue]:
    known = {u.code for u in ctx.budget.units}
    for path, code in _unit_refs(ctx):
        if code not in known:
            yield Issue(
                f"单位编码“{code}”不在 units 中", [path], hint="请先在 units 中登记该单位（编码、名称、性质）"
            )


@rule("REF-002", Severity.WARNING, "同一单位名称前后不一致")
def unit_names_agree(ctx: Context) -> Iterator[Issue]:
    names = {u.code: u.name for u in ctx.budget.units}
    for section in ("procurement", "purchased_services"):
        for i, row in enumerate(getattr(ctx.budget, section)):
            official = names.get(row.unit)
            if row.unit_name and official and normalize_name(row.unit_name) != normalize_name(official):
                yield Issue(
                    f"单位 {row.unit} 此处为“{row.unit_name}”，单位表为“{official}”",
                    [(section, i, "unit_name")],
                    hint="表格将统一使用单位表中的名称",
                )


@rule("REF-003", Severity.ERROR, "引用了不存在的项目")
def project_codes_exist(ctx: Context) -> Iterator[Issue]:
    known = {p.code for p in ctx.budget.projects}
    for section in ("procurement", "purchased_services"):
        for i, row in enumerate(getattr(ctx.budget, section)):
            if row.project_code and row.project_code not in known:
                yield Issue(f"项目编码“{row.project_code}”不在 projects 中", [(section, i, "project_code")])
    for i, form in enumerate(ctx.budget.performance.project_forms):
        if form.project not in known:
            yield Issue(
                f"绩效目标申报表的项目编码“{form.project}”不在 projects 中",
                [("performance", "project_forms", i, "project")],
            )


@rule("REF-004", Severity.WARNING, "项目名称与项目表不一致")
def project_names_agree(ctx: Context) -> Iterator[Issue]:
    projects = {p.code: p for p in ctx.budget.projects}
    names = {normalize_name(p.name) for p in ctx.budget.projects}
    for section in ("procurement", "purchased_services"):
        for i, row in enumerate(getattr(ctx.budget, section)):
            given = normalize_name(row.project)
            if row.project_code in projects:
                project = projects[row.project_code]
                unit_mismatch = project.unit != row.unit
                if given != normalize_name(project.name):
                    yield Issue(
                        f"此处为“{row.project}”，项目 {project.code} 在项目表中为“{project.name}”",
                        [(section, i, "project")],
                    )
                if unit_mismatch:
                    yield Issue(
                        f"项目 {project.code} 属于单位 {project.unit}，此处记在单位 {row.unit} 下",
                        [(section, i, "unit")],
                    )
            elif given not in names and row.project not in BASIC_EXPENDITURE_LABELS and ctx.budget.projects:
                yield Issue(
                    f"“{row.project}”既不是项目表中的项目，也不是基本支出",
                    [(section, i, "project")],
                    hint="填写 project_code 指明对应项目，或核对项目名称",
                )


@rule("REF-005", Severity.ERROR, "找不到输入指定的模板")
def profile_exists(ctx: Context) -> Iterator[Issue]:
    if ctx.profile_given:
        return  # the command line's profile is used instead
    name = ctx.budget.meta.profile
    try:
        find_profile(name, ctx.source.path.parent, confined=True)
    except UsageError:
        yield Issue(
            f"模板“{name}”既不是内置模板（{'、'.join(builtin_profiles())}），"
            "也不是输入文件所在文件夹中含 profile.yaml 的文件夹",
            [("meta", "profile")],
        )


# Where each mapping of the officer's text is keyed, and the table whose codes it may name.
KEYED_TEXTS = (
    ("change_reasons", "function", "功能分类科目", "expenditure"),
    ("change_reasons", "economic", "经济分类科目", "general_basic_economic"),
    ("change_reasons", "unit", "单位", "by_unit"),
    ("change_reasons", "project", "项目", "projects"),
    (None, "function_usage", "功能分类科目", "expenditure"),
    (None, "economic_usage", "经济分类科目", "basic_economic"),
)


def _codes(ctx: Context, table: str, year: int) -> set[str]:
    """The codes a year's table lists (0 this year, 1 last year), with units and projects."""
    computed = ctx.computed if year == 0 else ctx.computed.prior
    if computed is None:
        return set()
    budget = computed.budget
    if table == "by_unit":
        return {u.code for u in budget.units}
    if table == "projects":
        return {p.code for p in budget.projects}
    return {row.code for row in computed.tables[table].rows if row.code}


@rule("REF-006", Severity.ERROR, "文字说明的键不是本部门的科目、单位或项目")
def text_keys_exist(ctx: Context) -> Iterator[Issue]:
    """A reason or usage keyed by a code neither year has would never be printed: a misspelled key."""
    narrative = ctx.budget.narrative
    for group, name, what, table in KEYED_TEXTS:
        texts = getattr(narrative.change_reasons if group else narrative, name)
        # A change reason may be for an item removed this year: last year's codes count too.
        years = (0, 1) if group else (0,)
        known = set().union(*(_codes(ctx, table, year) for year in years))
        place = ("narrative", *((group,) if group else ()), name)
        for code in texts:
            if code in known:
                continue
            scope = "本年和上年都没有" if group and ctx.computed.prior is not None else "本年没有"
            yield Issue(
                f"“{code}”不是本部门的{what}：{scope}这个编码，这条说明不会印出",
                [(*place, code)],
                hint=f"请核对编码（键写{what}的编码）"
                + (
                    "；若是上年有、本年取消的，请用 meta.prior 指定上年文件"
                    if group and ctx.computed.prior is None
                    else ""
                ),
            )
