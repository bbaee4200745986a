"""Amounts one by one: sign, precision, magnitude."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from gen.findings import Severity
from gen.validate.rules.catalogue import Context, Issue, rule
from gen.validate.rules.walk import walk
from models.amount import converted, decimal_places, money

# Physical quantities, not money: their precision is their own business.
NOT_MONEY = {"quantity", "unit_price", "building_area", "weight", "tolerance"}
# 1,000 亿元 in 万元: far beyond any department, so almost surely a typing slip.
IMPLAUSIBLE = Decimal("10000000")


def _amounts(ctx: Context) -> Iterator[tuple[tuple[str | int, ...], Decimal]]:
    for path, value in walk(ctx.budget):
        if isinstance(value, Decimal) and path and path[0] != "meta":
            yield path, value


@rule("AMT-001", Severity.ERROR, "金额为负数")
def negative(ctx: Context) -> Iterator[Issue]:
    for path, value in _amounts(ctx):
        if value < 0:
            shown = value if path[-1] in NOT_MONEY else money(value)
            yield Issue(f"填写为 {shown}", [path], hint="预算金额不能为负；减少额由系统计算")


@rule("AMT-002", Severity.ERROR, "金额超过两位小数")
def precision(ctx: Context) -> Iterator[Issue]:
    unit = ctx.budget.meta.amount_unit
    for path, value in _amounts(ctx):
        if path[-1] not in NOT_MONEY and decimal_places(value.normalize()) > 2:
            yield Issue(f"填写为 {value}，{unit}金额最多两位小数", [path], hint="请按预算系统中的数字录入")


@rule("AMT-003", Severity.ERROR, "金额大得不合常理")
def magnitude(ctx: Context) -> Iterator[Issue]:
    limit = converted(IMPLAUSIBLE, "万元", ctx.budget.meta.amount_unit)
    for path, value in _amounts(ctx):
        if path[-1] not in NOT_MONEY and abs(value) >= limit:
            yield Issue(
                f"填写为 {value}（单位：{ctx.budget.meta.amount_unit}）",
                [path],
                hint="请检查是否多输了位数，或金额单位是否应为万元",
            )


@rule("AMT-004", Severity.ERROR, "核对容差过大")
def tolerance(ctx: Context) -> Iterator[Issue]:
    unit = ctx.budget.meta.amount_unit
    stated, limit = ctx.budget.meta.tolerance, f"{ctx.tolerance_limit.normalize():f} {unit}"
    if stated > ctx.tolerance_limit:
        yield Issue(
            f"meta.tolerance 为 {stated} {unit}，超过 {limit}（其他核对按 {limit} 进行）",
            [("meta", "tolerance")],
            hint="容差只用来容忍四舍五入造成的分差（一般为 0 或 0.01）；过大的容差会掩盖收支不平衡等错误",
        )
