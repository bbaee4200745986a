"""An input with nothing in it: `init` writes one, and printed it would read 本部门由组成。收入包括：。"""

from __future__ import annotations

from collections.abc import Iterator

from gen.findings import Severity
from gen.validate.rules.catalogue import Context, Issue, rule


@rule("DATA-001", Severity.ERROR, "预算缺少必要内容")
def empty(ctx: Context) -> Iterator[Issue]:
    budget = ctx.budget
    if not budget.units:
        yield Issue("没有填写预算单位", [("units",)], hint="请在 units（预算单位）中列出本部门的每个单位")
    if not budget.income and not budget.carryover:
        yield Issue("没有填写收入", [("income",)], hint="请在 income（收入）中按单位和来源填写本年收入")
    spending = budget.expenditure
    # A year known only by its published totals (a prior year's 基本/项目 split or its total) has
    # its expenditure in type_breakdown; only an input with neither has none.
    if not spending.functional and not spending.by_unit and spending.type_breakdown is None:
        yield Issue(
            "没有填写支出",
            [("expenditure", "functional")],
            hint="请在 expenditure.functional（支出功能分类明细）中按科目填写支出",
        )
