"""Year consistency: the prior year, dates, code-list edition."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gen.findings import Severity
from gen.validate.rules.catalogue import Context, Issue, rule
from models.amount import money
from models.codes import available_editions


@rule("YEAR-001", Severity.ERROR, "上年数据的年度或部门不符")
def prior_year(ctx: Context) -> Iterator[Issue]:
    prior = ctx.computed.prior
    if prior is None:
        return
    meta, before = ctx.budget.meta, prior.budget.meta
    if before.year != meta.year - 1:
        yield Issue(
            f"本年为 {meta.year} 年，比较用的上年文件为 {before.year} 年",
            [("meta", "prior")],
            hint=f"请指定 {meta.year - 1} 年的预算文件",
        )
    if before.department.code != meta.department.code:
        yield Issue(
            f"上年文件的部门编码为“{before.department.code}”，本年为“{meta.department.code}”",
            [("meta", "prior"), ("meta", "department", "code")],
        )


@rule("YEAR-002", Severity.WARNING, "“三公”经费上年数与上年预算文件不符")
def three_public_prior(ctx: Context) -> Iterator[Issue]:
    prior = ctx.computed.prior
    if prior is None:
        return
    for name in ("abroad", "reception", "vehicle_purchase", "vehicle_operation"):
        stated = getattr(ctx.budget.three_public, name).prior_amount
        known = getattr(prior.budget.three_public, name).amount
        if stated is not None and ctx.differs(known, stated):
            yield Issue(
                f"本年文件填写上年数 {money(stated)}，上年预算文件为 {money(known)}",
                [("three_public", name, "prior_amount")],
                expected=known,
                actual=stated,
                hint="比较时以上年预算文件为准",
            )


@rule("YEAR-003", Severity.WARNING, "没有该年度的科目表")
def edition_available(ctx: Context) -> Iterator[Issue]:
    edition = ctx.budget.meta.code_edition
    editions = available_editions()
    if edition not in editions:
        used = ctx.computed.codes.functional.edition
        yield Issue(
            f"未内置 {edition} 年政府收支分类科目（现有：{'、'.join(map(str, editions))}），"
            f"科目名称按 {used} 年科目表核对和打印",
            [("meta", "edition") if ctx.budget.meta.edition else ("meta", "year")],
        )


@rule("YEAR-004", Severity.WARNING, "日期与预算年度不符")
def dates(ctx: Context) -> Iterator[Issue]:
    year = ctx.budget.meta.year
    filled = ctx.budget.meta.filled_on
    if filled and not dt.date(year - 1, 1, 1) <= filled <= dt.date(year, 12, 31):
        yield Issue(
            f"填报日期 {filled} 不在 {year - 1}—{year} 年内（可能沿用了旧日期）", [("meta", "filled_on")]
        )
    as_of = ctx.budget.assets.as_of
    if as_of and as_of.year not in (year - 1, year):
        yield Issue(f"国有资产统计时点 {as_of} 不是 {year - 1} 年末或 {year} 年", [("assets", "as_of")])
