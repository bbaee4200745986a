"""Classification codes: format, presence in the edition's list, names, duplicates, overlaps."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from gen.findings import Severity
from gen.validate.rules.catalogue import Context, Issue, rule
from models.budget import EconomicLeaf, FunctionLeaf
from models.codes import (
    CodeList,
    economic_ancestors,
    economic_level,
    function_ancestors,
    function_level,
    normalize_name,
)

Located = tuple[tuple[str | int, ...], str, str | None]  # (path to the row, code, name given)


def _function_codes(ctx: Context) -> Iterator[Located]:
    b = ctx.budget
    for i, leaf in enumerate(b.expenditure.functional):
        yield ("expenditure", "functional", i), leaf.code, leaf.name
    for i, p in enumerate(b.projects):
        yield ("projects", i, "function_code"), p.function_code, None
    for section in ("procurement", "purchased_services"):
        for i, row in enumerate(getattr(b, section)):
            yield (section, i), row.function_code, row.function_name


def _economic_codes(ctx: Context) -> Iterator[Located]:
    b = ctx.budget
    for i, leaf in enumerate(b.expenditure.economic):
        yield ("expenditure", "economic", i), leaf.code, leaf.name
    for section in ("procurement", "purchased_services"):
        for i, row in enumerate(getattr(b, section)):
            yield (section, i), row.economic_code, row.economic_name


def _field(path: tuple[str | int, ...], name: str) -> tuple[str | int, ...]:
    return path if path and path[-1] == name else (*path, name)


@rule("CODE-001", Severity.ERROR, "科目编码格式错误")
def code_format(ctx: Context) -> Iterator[Issue]:
    for path, code, _ in _function_codes(ctx):
        if function_level(code) is None:
            yield Issue(
                f"功能分类编码“{code}”应为 3 位（类）、5 位（款）或 7 位（项）数字",
                [_field(path, "function_code" if path[0] != "expenditure" else "code")],
            )
    for path, code, _ in _economic_codes(ctx):
        if economic_level(code) is None:
            yield Issue(
                f"经济分类编码“{code}”应为 3 位（类）或 5 位（款）数字",
                [_field(path, "economic_code" if path[0] != "expenditure" else "code")],
            )


def _unknown(ctx: Context, codes: CodeList, located: Iterator[Located], label: str) -> Iterator[Issue]:
    seen: set[str] = set()
    for path, code, given in located:
        if path[0] == "expenditure" and not given:
            continue  # a table row without any name: CODE-008's error, not this warning
        level_ok = function_level(code) if codes.kind == "functional" else economic_level(code)
        if level_ok and code not in codes and code not in seen and codes.names:
            seen.add(code)
            yield Issue(
                f"{label}“{code}”不在 {codes.edition} 年科目表中",
                [path],
                hint="请核对编码；确为新增科目的，可在 meta.extra_codes 指定的补充科目文件中登记",
            )


@rule("CODE-002", Severity.WARNING, "科目不在科目表中")
def code_known(ctx: Context) -> Iterator[Issue]:
    codes = ctx.computed.codes
    yield from _unknown(ctx, codes.functional, _function_codes(ctx), "功能分类科目")
    yield from _unknown(ctx, codes.economic, _economic_codes(ctx), "经济分类科目")
    for kind, mapping in (("function_usage", codes.functional), ("economic_usage", codes.economic)):
        for code in getattr(ctx.budget.narrative, kind):
            if mapping.names and code not in mapping:
                yield Issue(f"说明文字所对应的科目“{code}”不在科目表中", [("narrative", kind, code)])


def _names(codes: CodeList, located: Iterator[Located], label: str, name_field: str) -> Iterator[Issue]:
    for path, code, given in located:
        official = codes.name(code)
        if given and official and normalize_name(given) != normalize_name(official):
            target = _field(path, name_field if path[0] != "expenditure" else "name")
            yield Issue(
                f"{label} {code} 填写为“{given}”，{codes.edition} 年科目表为“{official}”",
                [target],
                hint="编码或名称有一处录错；表格将按科目表名称打印",
            )


@rule("CODE-008", Severity.ERROR, "科目没有名称，表格无法打印")
def code_unnamed(ctx: Context) -> Iterator[Issue]:
    """Every row of the classification tables, a leaf or a parent rolled up from it, needs a name."""
    codes = ctx.computed.codes
    tables = (
        (_function_codes(ctx), codes.functional, function_level, function_ancestors, "功能分类"),
        (_economic_codes(ctx), codes.economic, economic_level, economic_ancestors, "经济分类"),
    )
    for located, code_list, level, ancestors, label in tables:
        rows = [(path, code, given) for path, code, given in located if path[0] == "expenditure"]
        named = {code for _, code, given in rows if given}
        reported: set[str] = set()
        for path, code, _ in rows:
            if level(code) is None:
                continue  # CODE-001
            nodes = [*ancestors(code), code]
            missing = [n for n in nodes if n not in reported and n not in named and not code_list.name(n)]
            if not missing:
                continue
            reported.update(missing)
            which = "、".join(f"{level(n)}“{n}”" for n in missing)
            yield Issue(
                f"{label}科目“{code}”：{which}在 {code_list.edition} 年科目表中没有名称，表格印不出名称",
                [_field(path, "code")],
                hint="请核对编码；确为新增科目的，在 meta.extra_codes 指定的补充科目文件中登记名称（含上级）",
            )


@rule("CODE-003", Severity.WARNING, "科目名称与编码不符")
def code_names(ctx: Context) -> Iterator[Issue]:
    codes = ctx.computed.codes
    yield from _names(codes.functional, _function_codes(ctx), "功能分类科目", "function_name")
    yield from _names(codes.economic, _economic_codes(ctx), "经济分类科目", "economic_name")


@rule("CODE-004", Severity.ERROR, "编码重复")
def duplicates(ctx: Context) -> Iterator[Issue]:
    b = ctx.budget
    groups = (
        (
            "expenditure.functional",
            ("expenditure", "functional"),
            [
                (leaf.code, leaf.fund.value + ("（上年结转）" if leaf.carried_over else ""))
                for leaf in b.expenditure.functional
            ],
            "功能分类科目",
        ),
        (
            "expenditure.economic",
            ("expenditure", "economic"),
            [(leaf.code, leaf.fund.value) for leaf in b.expenditure.economic],
            "经济分类科目",
        ),
        (
            "expenditure.by_unit",
            ("expenditure", "by_unit"),
            [(u.unit, u.fund.value) for u in b.expenditure.by_unit],
            "分单位支出的单位",
        ),
        ("units", ("units",), [(u.code, "") for u in b.units], "单位编码"),
        ("projects", ("projects",), [(p.code, "") for p in b.projects], "项目编码"),
    )
    for _, base, keys, label in groups:
        first: dict[tuple[str, str], int] = {}
        for index, key in enumerate(keys):
            if key in first:
                fund = f"（{key[1]}）" if key[1] else ""
                yield Issue(
                    f"{label}“{key[0]}”{fund}出现了两次（第 {first[key] + 1} 项和第 {index + 1} 项）",
                    [(*base, index), (*base, first[key])],
                    hint="同一编码只能录入一次，请合并金额",
                )
            else:
                first[key] = index


@rule("CODE-005", Severity.ERROR, "明细科目与其上级科目同时录入")
def overlapping_leaves(ctx: Context) -> Iterator[Issue]:
    sections: list[tuple[str, Sequence[FunctionLeaf | EconomicLeaf]]] = [
        ("functional", ctx.budget.expenditure.functional),
        ("economic", ctx.budget.expenditure.economic),
    ]
    for section, leaves in sections:
        index_of = {(leaf.code, leaf.fund): i for i, leaf in enumerate(leaves)}
        # A parent listed without amounts is only a row to print; with amounts it is counted twice.
        funded = {key for key, i in index_of.items() if any(v for _, v in _amounts_of(leaves[i]))}
        for (code, fund), index in index_of.items():
            for length in (3, 5):
                parent = (code[:length], fund)
                if length < len(code) and parent in funded:
                    yield Issue(
                        f"“{code}”与其上级科目“{code[:length]}”都录入了金额，上级科目会被重复计算",
                        [("expenditure", section, index), ("expenditure", section, index_of[parent])],
                        hint="只录入最明细一级，上级科目由系统汇总",
                    )


def _amounts_of(leaf: object) -> list[tuple[str, object]]:
    return [(k, v) for k, v in vars(leaf).items() if isinstance(v, Decimal)]


@rule("CODE-006", Severity.WARNING, "经济分类与经费类型不匹配")
def economic_type(ctx: Context) -> Iterator[Issue]:
    for index, leaf in enumerate(ctx.budget.expenditure.economic):
        top = leaf.code[:3]
        if top in ("301", "303") and leaf.public:
            yield Issue(
                f"{leaf.code} 属于人员支出，却填在公用经费中",
                [("expenditure", "economic", index, "public")],
            )
        if top == "302" and leaf.personnel:
            yield Issue(
                f"{leaf.code} 属于商品和服务支出，却填在人员经费中",
                [("expenditure", "economic", index, "personnel")],
            )


@rule("CODE-007", Severity.ERROR, "科目未细化到公开要求的级次")
def disclosure_depth(ctx: Context) -> Iterator[Issue]:
    """Functions must be disclosed to 项 (7 digits), basic expenditure to 款 (5 digits)."""
    for index, leaf in enumerate(ctx.budget.expenditure.functional):
        split = any(v for k, v in _amounts_of(leaf) if k != "unsplit")
        # Coarse leaves (only `unsplit`) are a prior year's known grain, not a disclosure.
        if split and function_level(leaf.code) in ("类", "款"):
            yield Issue(
                f"功能分类“{leaf.code}”为{function_level(leaf.code)}级，预算公开应细化到项级（7 位）",
                [("expenditure", "functional", index, "code")],
            )
    for index, eco in enumerate(ctx.budget.expenditure.economic):
        if economic_level(eco.code) == "类" and any(v for _, v in _amounts_of(eco)):
            yield Issue(
                f"经济分类“{eco.code}”为类级，基本支出应细化到款级（5 位）",
                [("expenditure", "economic", index, "code")],
            )
