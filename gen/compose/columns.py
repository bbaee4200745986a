"""Table columns: each table's known set, a profile's choice and order, and the headings they make.

A column's `path` is its headings from the top row down ("基本支出", "人员经费"); columns that share a
heading are spanned by it, and a column whose path is shorter than the deepest one spans down.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from gen.compose.cells import TableContext, count, head, text
from gen.compose.document import Cell
from gen.compose.numbers import amount_text, rounded_to
from gen.compose.templating import ProfileTemplateError
from gen.compute.rows import Column, Row, RowKind

Kind = Literal["code", "segment", "name", "text", "number", "price", "amount"]
TEXT_KINDS = ("code", "segment", "name", "text")
# Where each level of a classification code sits in the code: 功能分类 2040201 = 204 | 02 | 01.
Levels = tuple[tuple[str, int, int], ...]
FUNCTION_LEVELS: Levels = (("类", 0, 3), ("款", 3, 5), ("项", 5, 7))
ECONOMIC_LEVELS: Levels = (("类", 0, 3), ("款", 3, 5))


@dataclass(frozen=True)
class Col:
    key: str
    path: tuple[str, ...]
    kind: Kind = "amount"
    width: float = 1.3
    summed: bool = False
    """Part of its row's 合计: hiding it while it holds money leaves rows that do not add up."""
    span: tuple[int, int] = (0, 0)
    """For a code segment: where it sits in the code."""


def col(key: str, *path: str, kind: Kind = "amount", width: float | None = None, summed: bool = False) -> Col:
    default = {"code": 1.2, "name": 3.2, "text": 2.2}.get(kind, 1.3)
    return Col(key, path, kind, width if width is not None else default, summed)


def from_computed(column: Column, *, summed: bool = False, width: float | None = None) -> Col:
    """A computed table's column; a label 'group-name' becomes a heading over 'name'."""
    kind: Kind = {"text": "text", "number": "number"}.get(column.kind, "amount")  # type: ignore[assignment]
    return col(column.key, *column.label.split("-"), kind=kind, width=width, summed=summed)


def choose(ctx: TableContext, known: Sequence[Col], default: Sequence[str] | None = None) -> list[Col]:
    """The profile's `columns` for this table (keys from the known set), else the default ones."""
    by_key = {c.key: c for c in known}
    wanted = list(ctx.spec.columns or default or by_key)
    unknown = [k for k in wanted if k not in by_key]
    repeated = sorted({k for k in wanted if wanted.count(k) > 1})
    if unknown or repeated:
        problem = f"没有列 {'、'.join(unknown)}" if unknown else f"列 {'、'.join(repeated)} 写了不止一次"
        raise ProfileTemplateError(
            f"{ctx.where}.columns：表格“{ctx.title}”{problem}（可用：{'、'.join(by_key)}）"
        )
    chosen = [by_key[k] for k in wanted]
    for index, column in enumerate(chosen[1:], start=1):
        group = column.path[:-1]
        earlier = [c for c in chosen[: index - 1] if group and c.path[:-1] == group]
        if earlier and chosen[index - 1].path[:-1] != group:
            raise ProfileTemplateError(
                f"{ctx.where}.columns：表格“{ctx.title}”中同属“{group[-1]}”的列要相邻："
                f"请把 {column.key} 紧接在 {earlier[-1].key} 之后"
            )
    return chosen


def check_hidden(ctx: TableContext, known: Sequence[Col], chosen: Sequence[Col], rows: Sequence[Row]) -> None:
    """Refuse to leave out a column that holds money its rows' 合计 counts."""
    shown = {c.key for c in chosen}
    for column in known:
        if column.summed and column.key not in shown and any(r.value(column.key) for r in rows):
            total = next((r.value(column.key) for r in rows if r.kind is RowKind.TOTAL), None)
            amount = f"（合计 {amount_text(total)}{ctx.amount_unit}）" if total else ""
            raise ProfileTemplateError(
                f"{ctx.where}.columns：表格“{ctx.title}”未列出的“{label(column)}”有数据{amount}，"
                f"各行将不等于合计；请把 {column.key} 加入 columns"
            )


def label(column: Col) -> str:
    """A column's own name: 基本支出 rather than the 小计 under it."""
    return column.path[-2] if column.path[-1] == "小计" and len(column.path) > 1 else column.path[-1]


def split_codes(ctx: TableContext, columns: list[Col], levels: Levels | None) -> list[Col]:
    """With code_style split, a classification code column becomes 类/款/项 columns."""
    if ctx.code_style != "split" or levels is None:
        return columns
    result = []
    for column in columns:
        if column.kind != "code":
            result.append(column)
            continue
        result += [
            Col(f"{column.key}:{name}", (*column.path, name), "segment", 0.6, span=(start, end))
            for name, start, end in levels
        ]
    return result


def kept(ctx: TableContext, columns: Sequence[Col], rows: Sequence[Row]) -> list[Row]:
    """Every row, or (rows: nonempty) the total and the rows with any amount."""
    if ctx.rows == "all":
        return list(rows)
    return [r for r in rows if r.kind is RowKind.TOTAL or any(r.values.values())]


def _collapsed(columns: Sequence[Col]) -> list[Col]:
    """A group left with only its 小计 column is headed by the group's name alone (基本支出)."""
    result = []
    for column in columns:
        group = column.path[:-1]
        alone = group and not any(c is not column and c.path[: len(group)] == group for c in columns)
        result.append(replace(column, path=group) if alone and column.path[-1] == "小计" else column)
    return result


def header(columns: Sequence[Col]) -> list[list[Cell]]:
    columns = _collapsed(columns)
    depth = max(len(c.path) for c in columns)
    rows = []
    for level in range(depth):
        row, index = [], 0
        while index < len(columns):
            column = columns[index]
            if level >= len(column.path):
                index += 1
                continue
            if level == len(column.path) - 1:
                row.append(head(column.path[level], rowspan=depth - level))
                index += 1
                continue
            group, end = column.path[: level + 1], index + 1
            while (
                end < len(columns)
                and len(columns[end].path) > level + 1
                and columns[end].path[: level + 1] == group
            ):
                end += 1
            row.append(head(column.path[level], colspan=end - index))
            index = end
        rows.append(row)
    return rows


def indent_by_depth(row: Row) -> int:
    """Indentation steps of a row's name: totals and 类 flush, one step per level below."""
    return max(row.depth - 1, 0)


def cells(ctx: TableContext, columns: Sequence[Col], row: Row, indent: Callable[[Row], int]) -> list[Cell]:
    is_total = row.kind is RowKind.TOTAL
    result = []
    for column in columns:
        if column.kind == "code":
            result.append(text("" if is_total else row.code or ""))
        elif column.kind == "segment":
            start, end = column.span
            code = "" if is_total else row.code or ""
            result.append(text(code[start:end] if len(code) >= end else ""))
        elif column.kind == "name":
            result.append(text("合计" if is_total else row.name, indent(row)))
        elif column.kind == "text":
            result.append(text("" if is_total else row.texts.get(column.key, "")))
        elif column.kind == "number":
            result.append(count(row.values.get(column.key)))
        elif column.kind == "price":
            result.append(ctx.price(row.values.get(column.key)) if column.key in row.values else text(""))
        else:
            result.append(ctx.money(row.values.get(column.key)))
    if is_total and not any(c.kind == "name" for c in columns) and columns[0].kind in TEXT_KINDS:
        result[0] = text("合计")
    return result


def rounding_differs(ctx: TableContext, total: Decimal, parts: Sequence[Decimal]) -> bool:
    """Whether `total` printed in the table's unit differs from the sum of its printed `parts`."""

    def shown(value: Decimal) -> Decimal:
        return rounded_to(ctx.scaled(value) or Decimal(0), ctx.decimals)

    return shown(total) != sum((shown(p) for p in parts), Decimal(0))


def tail_difference(ctx: TableContext, columns: Sequence[Col], rows: Sequence[Row]) -> bool:
    """Whether rounding makes a printed 合计 differ from its printed parts, across a row or down a column.

    Down: every row against its direct children (类 against its 款, a unit against its projects).
    """
    keys = [c.key for c in columns if c.kind == "amount"]
    parts = [c.key for c in columns if c.summed]
    if (
        "total" in keys
        and parts
        and any(rounding_differs(ctx, r.value("total"), [r.value(k) for k in parts]) for r in rows)
    ):
        return True
    for index, row in enumerate(rows):
        below = []
        for other in rows[index + 1 :]:
            if other.depth <= row.depth:
                break
            below.append(other)
        if not below:
            continue
        depth = min(r.depth for r in below)
        children = [r for r in below if r.depth == depth]
        if any(rounding_differs(ctx, row.value(k), [c.value(k) for c in children]) for k in keys):
            return True
    return False
