"""Roll-ups of the two classifications by code prefix: 类 ← 款 ← 项."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from gen.compute.rows import Column, DataTable, Row, RowKind, add_into, amount, summed
from models.budget import EconomicLeaf, FunctionLeaf, FundSource
from models.codes import CodeList, economic_ancestors, function_ancestors

FUNCTION_COLUMNS = [
    Column("total"),
    Column("basic"),
    Column("personnel"),
    Column("public"),
    Column("project"),
    Column("institution_operating"),
    Column("remit_upper"),
    Column("subsidiary_grant"),
]
ECONOMIC_COLUMNS = [Column("total"), Column("personnel"), Column("public")]

_LEVEL_KIND = {3: RowKind.CLASS, 5: RowKind.SECTION, 7: RowKind.ITEM}


def function_leaf_values(leaf: FunctionLeaf) -> dict[str, Decimal]:
    personnel, public = amount(leaf.personnel), amount(leaf.public)
    values = {
        "personnel": personnel,
        "public": public,
        "basic": personnel + public,
        "project": amount(leaf.project),
        "institution_operating": amount(leaf.institution_operating),
        "remit_upper": amount(leaf.remit_upper),
        "subsidiary_grant": amount(leaf.subsidiary_grant),
        "unsplit": amount(leaf.unsplit),
    }
    values["total"] = sum(
        (v for k, v in values.items() if k not in ("personnel", "public")), start=Decimal(0)
    )
    return values


def economic_leaf_values(leaf: EconomicLeaf) -> dict[str, Decimal]:
    personnel, public = amount(leaf.personnel), amount(leaf.public)
    return {"personnel": personnel, "public": public, "total": personnel + public}


def _rollup(
    table_id: str,
    columns: list[Column],
    leaves: Iterable[tuple[str, str | None, dict[str, Decimal]]],
    codes: CodeList,
    ancestors: Callable[[str], list[str]],
) -> DataTable:
    sums: dict[str, dict[str, Decimal]] = {}
    given_names: dict[str, str] = {}
    for code, name, values in leaves:
        if name:
            given_names.setdefault(code, name)
        for node in [*ancestors(code), code]:
            add_into(sums.setdefault(node, {}), values)
    tops = (values for code, values in sums.items() if not ancestors(code))
    rows = [Row(None, "", RowKind.TOTAL, summed(tops))]
    for code in sorted(sums):
        name = codes.name(code) or given_names.get(code) or "（科目表中无此编码）"
        rows.append(Row(code, name, _LEVEL_KIND.get(len(code), RowKind.ITEM), sums[code]))
    if not sums:
        rows[0].values = {c.key: Decimal(0) for c in columns}
    return DataTable(table_id, columns, rows)


def function_table(
    table_id: str, leaves: Sequence[FunctionLeaf], codes: CodeList, funds: Iterable[FundSource]
) -> DataTable:
    """Function rows over leaves of the given fund sources, parents rolled up by prefix."""
    wanted = set(funds)
    return _rollup(
        table_id,
        FUNCTION_COLUMNS,
        ((leaf.code, leaf.name, function_leaf_values(leaf)) for leaf in leaves if leaf.fund in wanted),
        codes,
        function_ancestors,
    )


def economic_table(
    table_id: str, leaves: Sequence[EconomicLeaf], codes: CodeList, funds: Iterable[FundSource]
) -> DataTable:
    wanted = set(funds)
    return _rollup(
        table_id,
        ECONOMIC_COLUMNS,
        ((leaf.code, leaf.name, economic_leaf_values(leaf)) for leaf in leaves if leaf.fund in wanted),
        codes,
        economic_ancestors,
    )
