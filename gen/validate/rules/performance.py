"""Checks of the 绩效目标申报表: indicator values, their tree and weights, and amounts against the budget."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gen.compute.indicators import IndicatorValueError, reading, scattered
from gen.compute.performance import funding_composition
from gen.compute.revealed import Fact
from gen.compute.yoy import HUNDRED
from gen.findings import Severity
from gen.load.source import Path_
from gen.validate.rules.catalogue import Context, Issue, rule
from models.amount import ZERO, money
from models.performance import Indicator


def _tables(ctx: Context) -> Iterator[tuple[Path_, list[Indicator], Decimal | None]]:
    """Every indicator table with its input path, and the weight of 预算执行率 when the printed
    project form lists it apart under its 年度 indicators: one table per goal, two per project form."""
    performance = ctx.budget.performance
    apart = _fixed_weight_printed(ctx)
    for i, overall in enumerate(performance.overall_forms):
        for kind in ("long_term_goals", "annual_goals"):
            for j, goal in enumerate(getattr(overall, kind)):
                yield ("performance", "overall_forms", i, kind, j, "indicators"), goal.indicators, None
    for i, project in enumerate(performance.project_forms):
        yield ("performance", "project_forms", i, "long_term_indicators"), project.long_term_indicators, None
        annual = ("performance", "project_forms", i, "annual_indicators")
        yield annual, project.annual_indicators, project.execution_weight if apart else None


def _fixed_weight_printed(ctx: Context) -> bool:
    """Whether the forms printed list 预算执行率 apart (without a profile: whenever it is given)."""
    if ctx.profile is None:
        return True
    return any(
        grid.indicators is not None and grid.indicators.fixed and grid.indicators.field == "annual_indicators"
        for kind in ctx.profile.printed_forms()
        if kind.each == "project_forms"
        for grid in kind.grids
    )


@rule("PERF-001", Severity.ERROR, "指标值无法解析")
def values_parse(ctx: Context) -> Iterator[Issue]:
    year = ctx.budget.meta.year
    for path, indicators, _ in _tables(ctx):
        for k, indicator in enumerate(indicators):
            written = [((*path, k, "value"), indicator.value)]
            written += [((*path, k, "history", str(y)), v) for y, v in indicator.history.items()]
            for where, value in written:
                try:
                    reading(indicator, value)
                except IndicatorValueError as error:
                    yield Issue(f"{indicator.level3}：{error}", [where])
            for past in indicator.history:
                if past >= year:
                    yield Issue(
                        f"{indicator.level3}：以前年度指标值的年度 {past} 不早于预算年度 {year}",
                        [(*path, k, "history", str(past))],
                        hint="当年指标值填在 value，history 只填以前年度",
                    )


@rule("PERF-002", Severity.WARNING, "指标层级不连续")
def tree_contiguous(ctx: Context) -> Iterator[Issue]:
    """The form prints indicators in the officer's order; a group split in two merges twice."""
    for path, indicators, _ in _tables(ctx):
        for k in scattered(indicators):
            row = indicators[k]
            yield Issue(
                f"“{row.level1} / {row.level2}”在前面已经出现过，中间隔着别的指标；"
                "表中按填写的顺序列出，这一组将分成两处合并单元格",
                [(*path, k, "level1")],
                hint="如要合并在一起，把这一行移到同名一级（二级）指标的其他行旁边",
            )


@rule("PERF-003", Severity.ERROR, "指标权重合计不为 100")
def weights_total(ctx: Context) -> Iterator[Issue]:
    """Weights, where given, on every indicator, adding to 100 with 预算执行率's when it is apart."""
    for path, indicators, fixed in _tables(ctx):
        weighted = [k for k, row in enumerate(indicators) if row.weight is not None]
        if not weighted:
            continue
        missing = [k for k, row in enumerate(indicators) if row.weight is None]
        for k in missing:
            yield Issue(
                f"{indicators[k].level3}：同一张指标表里其他指标填了权重，这一条没有填",
                [(*path, k, "level3")],
            )
        total = sum((indicators[k].weight or ZERO for k in weighted), start=fixed or ZERO)
        if not missing and total != HUNDRED:
            apart = f"（含预算执行率 {fixed.normalize():f}）" if fixed else ""
            unprinted = (
                fixed is None
                and path[-1] == "annual_indicators"
                and ctx.budget.performance.project_forms[int(path[2])].execution_weight is not None
            )
            yield Issue(
                f"权重合计为 {total.normalize():f}{apart}，应为 100",
                [(*path, k, "weight") for k in weighted],
                expected=HUNDRED,
                actual=total,
                hint="所用模板的项目申报表不单列预算执行率，execution_weight 不印出也不计入"
                if unprinted
                else None,
            )


@rule("PERF-004", Severity.ERROR, "项目绩效申报表的明细金额与项目预算不符")
def project_details_match(ctx: Context) -> Iterator[Issue]:
    for i, funding in enumerate(ctx.computed.project_funding):
        if funding.project is None or not funding.form.details:
            continue
        local, transfer, other = funding.details_total
        path = ("performance", "project_forms", i, "details")
        name = funding.project.name
        appropriation = funding.appropriation
        if ctx.differs(appropriation, local + transfer):
            yield Issue(
                f"{name}：明细的本级财政拨款与上级转移支付合计 {money(local + transfer)}，"
                f"项目表中本年财政拨款 {money(appropriation)}",
                [path],
                expected=appropriation,
                actual=local + transfer,
            )
        others = funding.special_account + funding.other
        if ctx.differs(others, other):
            yield Issue(
                f"{name}：明细的其他资金合计 {money(other)}，"
                f"项目表中财政专户、单位资金及结转合计 {money(others)}",
                [path],
                expected=others,
                actual=other,
            )


@rule("PERF-005", Severity.ERROR, "同一项目或单位填了两张绩效目标申报表")
def one_form_each(ctx: Context) -> Iterator[Issue]:
    performance = ctx.budget.performance
    seen: dict[str | None, int] = {}
    for i, overall in enumerate(performance.overall_forms):
        if overall.unit in seen:
            whom = f"单位 {overall.unit}" if overall.unit else "部门整体"
            yield Issue(
                f"{whom}的整体绩效目标申报表与第 {seen[overall.unit] + 1} 张重复",
                [("performance", "overall_forms", i, "unit")],
            )
        seen.setdefault(overall.unit, i)
    projects: dict[str, int] = {}
    for i, form in enumerate(performance.project_forms):
        if form.project in projects:
            yield Issue(
                f"项目 {form.project} 的绩效目标申报表与第 {projects[form.project] + 1} 张重复",
                [("performance", "project_forms", i, "project")],
            )
        projects.setdefault(form.project, i)


@rule("PERF-006", Severity.WARNING, "同一指标各年度的单位不一致")
def units_agree(ctx: Context) -> Iterator[Issue]:
    for path, indicators, _ in _tables(ctx):
        for k, indicator in enumerate(indicators):
            units: dict[str, str] = {}
            for written in (*indicator.history.values(), indicator.value):
                try:
                    parsed = reading(indicator, written)
                except IndicatorValueError:
                    continue  # PERF-001 reports it
                if parsed.quantitative:
                    units.setdefault(parsed.unit, written)
            if len(units) > 1:
                yield Issue(
                    f"{indicator.level3}：各年度指标值的单位不同（{'、'.join(units.values())}），前后无法比较",
                    [(*path, k, "value")],
                )


@rule("PERF-007", Severity.WARNING, "整体绩效目标申报表的上年金额与上年预算不符")
def prior_funding_matches(ctx: Context) -> Iterator[Issue]:
    prior = ctx.computed.prior
    if prior is None:
        return
    year = prior.budget.meta.year
    # What the prior input reveals: a unit's income only if income names units, its spending only if
    # the unit has rows, and the 人员/运转/项目 split only if the prior year is not known by 类 alone.
    unit_income = any(i.unit for i in prior.budget.income)
    unit_spending = {u.unit for u in prior.budget.expenditure.by_unit} if prior.known("by_unit") else set()
    for i, current in enumerate(ctx.computed.funding):
        form = current.form
        revealed = {
            "income": form.unit is None or unit_income,
            "spending": prior.revealed.known(Fact.FUNCTION_DETAIL)
            and (form.unit is None or form.unit in unit_spending),
        }
        # The same form applied to the prior budget: its lines match `current.lines` one for one.
        then = funding_composition(
            prior.budget, form, prior.tables["by_unit"], prior.tables["expenditure"], prior.project_totals
        )
        for j, typed in enumerate(form.prior_funding):
            if typed.year != year:
                continue
            for line, expected in zip(current.lines, then.lines, strict=True):
                fields = line.prior_fields
                # A line typed only in part (基本支出 with 人员类 alone), or never typed, is not compared.
                if not fields or not revealed[line.group] or any(getattr(typed, f) is None for f in fields):
                    continue
                value = line.prior[year]
                if value is not None and ctx.differs(expected.current, value):
                    yield Issue(
                        f"{current.name}：{year}年{LINE_WORDS[line.key]}填写 {money(value)}，"
                        f"{year}年预算（{ctx.budget.meta.prior}）为 {money(expected.current)}",
                        [("performance", "overall_forms", i, "prior_funding", j, fields[0])],
                        expected=expected.current,
                        actual=value,
                    )


# The words of a composition line, for messages.
LINE_WORDS = {
    "appropriation": "财政拨款",
    "special_account": "财政专户管理资金",
    "unit_funds": "单位资金",
    "carryover": "上年结转",
    "personnel": "人员类项目支出",
    "operating": "运转类项目支出",
    "specific": "特定目标类项目支出",
    "basic": "基本支出",
    "project": "项目支出",
}


@rule("PERF-008", Severity.ERROR, "整体绩效目标申报表的收入构成与支出构成合计不等")
def composition_balances(ctx: Context) -> Iterator[Issue]:
    """The form the profile prints must not contradict itself (收入 without 上年结转, 支出 with it)."""
    if ctx.profile is None:
        return
    printed = [kind for kind in ctx.profile.printed_forms() if kind.each == "overall_forms"]
    blocks = [spec.funding for kind in printed for grid in kind.grids for spec in grid.rows if spec.funding]
    for block in blocks[:1]:  # one form per unit: the first composition printed is the form's
        for i, composition in enumerate(ctx.computed.funding):
            keys = block.income_keys(composition)
            income = sum((composition.line("income", key).current for key in keys), start=ZERO)
            spending = composition.group_total("spending")
            if not ctx.differs(spending, income):
                continue
            carried = composition.line("income", "carryover").current
            missing = "carryover" not in keys and carried and not ctx.differs(spending, income + carried)
            yield Issue(
                f"{composition.name}：收入构成合计 {money(income)}，支出构成合计 {money(spending)}"
                + (f"（收入构成没有列上年结转 {money(carried)}）" if missing else ""),
                [("performance", "overall_forms", i)],
                expected=spending,
                actual=income,
                hint="在模板申报表收入构成的 income 或 optional 中加上 carryover（上年结转）"
                if missing
                else "核对本单位的收入与支出",
            )
