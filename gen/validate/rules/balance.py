"""Cross-checks where two inputs must agree: the sides of the budget that must balance."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gen.compute.revealed import Fact
from gen.compute.rows import RowKind
from gen.compute.schedules import procurement_category
from gen.findings import Severity
from gen.validate.rules.catalogue import Context, Issue, rule
from models.amount import ZERO, money
from models.budget import FundSource, OperatingCostScope, ProcurementCategory

FUNCTIONAL = ("expenditure", "functional")
ECONOMIC = ("expenditure", "economic")
BY_UNIT = ("expenditure", "by_unit")
VEHICLE_PURCHASE_CODES = ("31013", "30913")


def _fund_total(sums: dict[FundSource, dict[str, Decimal]], fund: FundSource, column: str) -> Decimal:
    return sums.get(fund, {}).get(column, ZERO)


def _balance(ctx: Context) -> tuple[Decimal, Decimal] | None:
    """收入总计 and 支出合计, when the input reveals its spending total."""
    figures = ctx.computed.figures
    if figures.total is None:
        return None
    return figures.income_total + figures.carryover_total, figures.total.current


@rule("BAL-001", Severity.ERROR, "收支不平衡")
def income_equals_expenditure(ctx: Context) -> Iterator[Issue]:
    figures = ctx.computed.figures
    sides = _balance(ctx)
    if sides is None:
        return
    supply, spend = sides
    if ctx.differs(spend, supply):
        yield Issue(
            f"收入总计（本年收入 {money(figures.income_total)} + 上年结转 {money(figures.carryover_total)}）"
            f"为 {money(supply)}，支出合计为 {money(spend)}",
            [("income",), FUNCTIONAL],
            expected=spend,
            actual=supply,
            hint="收入总计应等于支出合计：请核对 income、carryover 与 expenditure.functional",
        )


@rule("BAL-016", Severity.WARNING, "收支相差在核对容差之内")
def balance_within_tolerance(ctx: Context) -> Iterator[Issue]:
    """The tolerance lets the check pass; the document still prints each side's own sum, unequal."""
    sides = _balance(ctx)
    if sides is None:
        return
    supply, spend = sides
    if supply != spend and not ctx.differs(spend, supply):
        yield Issue(
            f"收入总计 {money(supply)}，支出合计 {money(spend)}，相差 {money(supply - spend)}："
            "公开表中的收入总计与支出总计将不相等",
            [("income",), FUNCTIONAL, ("meta", "tolerance")],
            expected=spend,
            actual=supply,
            hint="核对容差只让检查通过，不会改动任何数字；请把收支调整到完全相等",
        )


@rule("BAL-002", Severity.ERROR, "基本支出功能分类与经济分类不一致")
def functional_equals_economic(ctx: Context) -> Iterator[Issue]:
    if not ctx.computed.revealed.known(Fact.ECONOMIC):
        return
    sums = ctx.computed.fund_sums
    basic = [f for f, v in sums.functional.items() if v.get("personnel") or v.get("public")]
    for fund in sorted({*sums.economic, *basic}, key=list(FundSource).index):
        for column, label in (("personnel", "人员经费"), ("public", "公用经费")):
            expected = _fund_total(sums.functional, fund, column)
            actual = _fund_total(sums.economic, fund, column)
            if ctx.differs(expected, actual):
                yield Issue(
                    f"{fund.value}{label}：功能分类合计 {money(expected)}，经济分类合计 {money(actual)}",
                    [FUNCTIONAL, ECONOMIC],
                    expected=expected,
                    actual=actual,
                    hint=f"同一笔{label}在两种分类中应一致，请核对两处明细是否漏填或多填",
                )


@rule("BAL-003", Severity.ERROR, "分单位支出与功能分类支出不一致")
def units_equal_functions(ctx: Context) -> Iterator[Issue]:
    if not ctx.computed.revealed.known(Fact.BY_UNIT):
        return
    sums = ctx.computed.fund_sums
    for fund in sums.by_unit:
        for column, label in (("personnel", "人员经费"), ("public", "公用经费"), ("project", "项目支出")):
            expected = _fund_total(sums.functional, fund, column)
            actual = _fund_total(sums.by_unit, fund, column)
            if ctx.differs(expected, actual):
                yield Issue(
                    f"{fund.value}{label}：功能分类合计 {money(expected)}，各单位合计 {money(actual)}",
                    [FUNCTIONAL, BY_UNIT],
                    expected=expected,
                    actual=actual,
                )


@rule("BAL-004", Severity.ERROR, "项目合计与项目支出不一致")
def projects_equal_project_spending(ctx: Context) -> Iterator[Issue]:
    # A project list left out is unknown; one stated empty says there are no projects.
    if not ctx.computed.revealed.known(Fact.PROJECTS) or not ctx.computed.revealed.known(Fact.FUNCTIONS):
        return
    expected = ctx.computed.tables["expenditure"].total().value("project")
    actual = sum(ctx.computed.project_totals, start=ZERO)
    if ctx.differs(expected, actual):
        yield Issue(
            f"功能分类项目支出合计 {money(expected)}，各项目本年预算合计 {money(actual)}",
            [FUNCTIONAL, ("projects",)],
            expected=expected,
            actual=actual,
        )


@rule("BAL-005", Severity.ERROR, "项目按功能科目合计与该科目项目支出不一致")
def projects_by_function(ctx: Context) -> Iterator[Issue]:
    projects = ctx.budget.projects
    if not ctx.computed.revealed.known(Fact.PROJECTS) or not ctx.computed.revealed.known(
        Fact.FUNCTION_DETAIL
    ):
        return
    spending: dict[str, Decimal] = {}
    where: dict[str, int] = {}
    for index, leaf in enumerate(ctx.budget.expenditure.functional):
        if leaf.project:
            spending[leaf.code] = spending.get(leaf.code, ZERO) + leaf.project
            where.setdefault(leaf.code, index)
    planned: dict[str, Decimal] = {}
    first: dict[str, int] = {}
    for index, (project, total) in enumerate(zip(projects, ctx.computed.project_totals, strict=True)):
        planned[project.function_code] = planned.get(project.function_code, ZERO) + total
        first.setdefault(project.function_code, index)
    for code in sorted(set(spending) | set(planned)):
        expected, actual = spending.get(code, ZERO), planned.get(code, ZERO)
        if ctx.differs(expected, actual):
            paths: list[tuple[str | int, ...]] = []
            if code in where:
                paths.append((*FUNCTIONAL, where[code], "project"))
            if code in first:
                paths.append(("projects", first[code], "function_code"))
            yield Issue(
                f"科目 {code}：功能分类项目支出 {money(expected)}，列入该科目的项目合计 {money(actual)}",
                paths,
                expected=expected,
                actual=actual,
                hint="检查项目的 function_code 是否填对",
            )


@rule("BAL-006", Severity.ERROR, "项目按单位合计与该单位项目支出不一致")
def projects_by_unit(ctx: Context) -> Iterator[Issue]:
    """Units that type a 项目支出: the rest of theirs, and every other unit's, is summed from projects."""
    by_unit = ctx.budget.expenditure.by_unit
    if not by_unit or not ctx.computed.revealed.known(Fact.PROJECTS):
        return
    typed: dict[str, int] = {}
    for index, item in enumerate(by_unit):
        if item.project is not None:
            typed.setdefault(item.unit, index)
    spending = {
        row.code: row.value("project")
        for row in ctx.computed.tables["by_unit"].rows
        if row.kind is RowKind.UNIT
    }
    planned: dict[str, Decimal] = {}
    for project, total in zip(ctx.budget.projects, ctx.computed.project_totals, strict=True):
        planned[project.unit] = planned.get(project.unit, ZERO) + total
    for unit, index in sorted(typed.items()):
        expected, actual = spending.get(unit, ZERO), planned.get(unit, ZERO)
        if ctx.differs(expected, actual):
            yield Issue(
                f"单位 {unit}：分单位项目支出 {money(expected)}，该单位各项目合计 {money(actual)}",
                [(*BY_UNIT, index, "project"), ("projects",)],
                expected=expected,
                actual=actual,
                hint="分单位的 project 可以不填，由该单位各项目合计得出",
            )


@rule("BAL-007", Severity.ERROR, "单位收入与单位支出不一致")
def unit_income_equals_spending(ctx: Context) -> Iterator[Issue]:
    income_rows = ctx.computed.tables["income"].rows
    by_unit = ctx.budget.expenditure.by_unit
    if not by_unit or not ctx.computed.known("by_unit") or not any(i.unit for i in ctx.budget.income):
        return
    spending = {
        row.code: row.value("total")
        for row in ctx.computed.tables["general_by_unit"].rows
        if row.kind is RowKind.UNIT and row.code is not None
    }
    funds = {i.fund for i in by_unit}
    if funds != {FundSource.GENERAL} or any(i.source is not FundSource.GENERAL for i in ctx.budget.income):
        return  # units' income by other sources is compared at department level only (BAL-001)
    for row in income_rows:
        if row.kind is not RowKind.UNIT or row.code is None:
            continue
        expected = spending.get(row.code, ZERO)
        actual = row.value("total")
        if ctx.differs(expected, actual):
            yield Issue(
                f"单位 {row.code}：收入 {money(actual)}，支出 {money(expected)}",
                [("income",), BY_UNIT],
                expected=expected,
                actual=actual,
            )


@rule("BAL-008", Severity.ERROR, "按类型的部门金额与功能分类明细不一致")
def type_breakdown_matches(ctx: Context) -> Iterator[Issue]:
    breakdown = ctx.budget.expenditure.type_breakdown
    if breakdown is None:
        return
    revealed = ctx.computed.revealed
    total_row = ctx.computed.tables["expenditure"].total()
    labels = {
        "total": "支出合计",
        "basic": "基本支出",
        "personnel": "人员经费",
        "public": "公用经费",
        "project": "项目支出",
    }
    for column, label in labels.items():
        stated = getattr(breakdown, column)
        # With 类 amounts only, the leaves reveal the total; split by type, every column.
        compared = revealed.known(Fact.FUNCTION_DETAIL) or (
            column == "total" and revealed.known(Fact.FUNCTIONS)
        )
        expected = total_row.value(column)
        if stated is not None and compared and ctx.differs(expected, stated):
            yield Issue(
                f"{label}：功能分类合计 {money(expected)}，type_breakdown 填写 {money(stated)}",
                [("expenditure", "type_breakdown", column), FUNCTIONAL],
                expected=expected,
                actual=stated,
                hint="功能分类已细分到类型时，可删除 type_breakdown",
            )
    parts = (breakdown.personnel, breakdown.public)
    if breakdown.basic is not None and None not in parts:
        together = sum((p for p in parts if p is not None), start=ZERO)
        if ctx.differs(breakdown.basic, together):
            yield Issue(
                f"基本支出 {money(breakdown.basic)}，人员经费与公用经费之和 {money(together)}",
                [("expenditure", "type_breakdown", "basic")],
                expected=together,
                actual=breakdown.basic,
                hint="基本支出 = 人员经费 + 公用经费；已填人员经费和公用经费时可不填 basic",
            )
    figures = ctx.computed.figures
    if figures.total and figures.basic and figures.project:
        together = figures.basic.current + figures.project.current
        if together > figures.total.current + ctx.tolerance:
            yield Issue(
                f"基本支出 {money(figures.basic.current)} 与项目支出 {money(figures.project.current)} 之和"
                f"大于支出合计 {money(figures.total.current)}",
                [("expenditure", "type_breakdown")],
                expected=figures.total.current,
                actual=together,
            )


def _economic_amount(ctx: Context, code: str) -> tuple[Decimal, list[tuple[str | int, ...]]]:
    """基本支出 at one economic code (all funds), with where its leaves are."""
    rows = [r for r in ctx.computed.tables["basic_economic"].rows if r.code == code]
    paths: list[tuple[str | int, ...]] = [
        (*ECONOMIC, i) for i, leaf in enumerate(ctx.budget.expenditure.economic) if leaf.code == code
    ]
    return (rows[0].value("total") if rows else ZERO), paths


@rule("BAL-009", Severity.WARNING, "“三公”经费与经济分类或政府采购不一致")
def three_public_against_sources(ctx: Context) -> Iterator[Issue]:
    tp = ctx.budget.three_public
    if ctx.budget.expenditure.economic:
        for name, code, label in (
            ("reception", "30217", "公务接待费"),
            ("vehicle_operation", "30231", "公务用车运行维护费"),
        ):
            stated = getattr(tp, name).amount
            basic, paths = _economic_amount(ctx, code)
            if stated is not None and ctx.differs(basic, stated):
                yield Issue(
                    f"{label} {money(stated)} 与基本支出经济分类 {code} 的 {money(basic)} 不同"
                    "（如项目支出中也安排了该费用，可忽略）",
                    [("three_public", name, "amount"), *(paths or [ECONOMIC])],
                    expected=basic,
                    actual=stated,
                )
    purchases = [
        (i, r) for i, r in enumerate(ctx.budget.procurement) if r.economic_code in VEHICLE_PURCHASE_CODES
    ]
    if ctx.budget.procurement and tp.vehicle_purchase.amount is not None:
        bought = sum((r.amount for _, r in purchases), start=ZERO)
        stated = tp.vehicle_purchase.amount
        if ctx.differs(bought, stated):
            yield Issue(
                f"公务用车购置费 {money(stated)} 与政府采购中公务用车购置（31013）合计 {money(bought)} 不同",
                [("three_public", "vehicle_purchase", "amount"), *[("procurement", i) for i, _ in purchases]],
                expected=bought,
                actual=stated,
            )


@rule("BAL-010", Severity.ERROR, "政府采购金额构成有误")
def procurement_amounts(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.budget.procurement):
        if procurement_category(row) is None:
            yield Issue(
                f"品目 {row.item_code} 无法判断属于货物、服务还是工程",
                [("procurement", index, "item_code")],
                hint="品目编码应以 A（货物）、B（工程）、C（服务）开头，或填写 category",
            )
        sme, micro = row.sme_amount, row.micro_amount
        if sme is not None and sme > row.amount:
            yield Issue(
                f"面向中小企业金额 {money(sme)} 大于采购金额 {money(row.amount)}",
                [("procurement", index, "sme_amount")],
                expected=row.amount,
                actual=sme,
            )
        if micro is not None and micro > (sme if sme is not None else row.amount):
            yield Issue(
                f"面向小微企业金额 {money(micro)} 大于面向中小企业金额 {money(sme)}",
                [("procurement", index, "micro_amount")],
                expected=sme,
                actual=micro,
            )


@rule("BAL-011", Severity.WARNING, "采购数量×单价与采购金额不符")
def quantity_times_price(ctx: Context) -> Iterator[Issue]:
    for index, row in enumerate(ctx.budget.procurement):
        if row.quantity is None or row.unit_price is None:
            continue
        product = row.quantity * row.unit_price
        # A unit price printed to 2 decimals may be off by half a cent per unit.
        places = max(2, -int(row.unit_price.as_tuple().exponent))
        tolerance = abs(row.quantity) * Decimal(5).scaleb(-places - 1) + ctx.tolerance
        if ctx.differs(product, row.amount, tolerance):
            yield Issue(
                f"{money(row.quantity)} × {money(row.unit_price)} = {money(product)}，"
                f"采购金额为 {money(row.amount)}",
                [("procurement", index, "amount")],
                expected=product,
                actual=row.amount,
            )


@rule("BAL-012", Severity.WARNING, "政府采购类别说明与金额不符", prints="procurement")
def procurement_category_text(ctx: Context) -> Iterator[Issue]:
    figures = ctx.computed.figures.procurement
    if figures is None:
        return
    texts = ctx.budget.narrative.procurement_usage
    for category in ProcurementCategory:
        amount = figures.by_category.get(category, ZERO)
        if amount and category not in texts:
            yield Issue(
                f"{category.value}类采购 {money(amount)} {ctx.budget.meta.amount_unit}，但未说明其内容",
                [("narrative", "procurement_usage")],
                hint=f"在 narrative.procurement_usage 下填写“{category.value}: …”",
            )
        if not amount and category in texts:
            yield Issue(
                f"没有{category.value}类采购，却有“{category.value}”的说明（可能是上年文字）",
                [("narrative", "procurement_usage", category.value)],
            )


@rule("BAL-013", Severity.WARNING, "项目总预算小于本年预算")
def project_total_budget(ctx: Context) -> Iterator[Issue]:
    for index, (project, this_year) in enumerate(
        zip(ctx.budget.projects, ctx.computed.project_totals, strict=True)
    ):
        if project.total_budget is not None and project.total_budget < this_year:
            yield Issue(
                f"{project.name}：项目总预算 {money(project.total_budget)}，本年预算 {money(this_year)}",
                [("projects", index, "total_budget")],
                expected=this_year,
                actual=project.total_budget,
            )


@rule("BAL-014", Severity.ERROR, "采购、购买服务或项目的功能科目没有对应支出")
def rows_use_spent_codes(ctx: Context) -> Iterator[Issue]:
    """A row printed under a code the department spends nothing on states something false."""
    if not ctx.computed.revealed.known(Fact.FUNCTION_DETAIL):
        return
    leaves = {leaf.code for leaf in ctx.budget.expenditure.functional}
    spent = leaves | {code[:n] for code in leaves for n in (3, 5) if n < len(code)}
    names = ctx.computed.codes.functional
    for section in ("procurement", "purchased_services", "projects"):
        for index, row in enumerate(getattr(ctx.budget, section)):
            if row.function_code in spent:
                continue
            typed = getattr(row, "function_name", None)
            listed = names.name(row.function_code)
            called = f"（科目表中为“{listed}”）" if listed and typed and listed != typed else ""
            yield Issue(
                f"功能科目 [{row.function_code}]{typed or listed or ''}{called}在支出功能分类中没有安排支出",
                [(section, index, "function_code")],
                hint="可能是科目编码录错，请改为支出功能分类表中的科目",
            )


@rule("BAL-015", Severity.ERROR, "机关运行经费口径为“按填报金额”但未填金额")
def operating_costs_stated(ctx: Context) -> Iterator[Issue]:
    costs = ctx.budget.operating_costs
    if costs.scope is OperatingCostScope.STATED and costs.amount is None:
        yield Issue("请填写 operating_costs.amount", [("operating_costs", "scope")])
