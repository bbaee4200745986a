"""A profile's form kinds checked when it is loaded: every field a cell, row or grid names exists
and suits its format, label sets exist, rows fill their grid, each problem at its profile.yaml line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from gen.compose.formfields import FORM_FIELDS, INCOME_KEYS, FormField
from gen.compose.formspec import FormCell, FormGrid, FormKind, FormRow
from gen.compose.profile import ResolvedProfile

Path_ = tuple[str | int, ...]
Problem = Callable[[str, Path_], None]
Fields = Mapping[str, FormField]

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# What a cell format needs of its field.
FORMAT_KINDS = {
    "money": ("money",),
    "count": ("money", "number"),
    "percent": ("money", "number"),
    "lines": ("lines",),
    "numbered": ("lines",),
    "text": ("text", "number"),
    "center": ("text", "number"),
    "boxes": ("text",),
}


class _FormChecker:
    def __init__(self, profile: ResolvedProfile, problem: Problem) -> None:
        self.labels = profile.spec.labels
        self.problem = problem

    def words(self, template: str, fields: Fields, path: Path_) -> None:
        """{name}s must be fields (or {unit}); other braces would print as they are."""
        for name in PLACEHOLDER.findall(template):
            if name == "unit":
                continue
            if not re.fullmatch(r"\w+", name):
                self.problem(f"“{{{name}}}”不是字段名：只能写 {{字段名}}", path)
            elif name not in fields:
                self.problem(f"没有字段“{name}”（可用：{_known(fields)}）", path)
            elif fields[name].kind in ("list", "indicators"):
                self.problem(f"字段“{name}”是列表，不能写进文字", path)

    def field(self, name: str | Sequence[str] | None, fields: Fields, path: Path_) -> None:
        for one in [name] if isinstance(name, str) else name or []:
            if one not in fields:
                self.problem(f"没有字段“{one}”（可用：{_known(fields)}）", path)

    def listed(self, name: str, fields: Fields, path: Path_) -> Fields | None:
        """The element fields of the list `name`, or None (reported) when it is not a list."""
        found = fields.get(name)
        if found is None or found.kind != "list":
            lists = "、".join(k for k, f in fields.items() if f.kind == "list") or "无"
            self.problem(f"“{name}”不是可以逐项展开的列表字段（可用：{lists}）", path)
            return None
        return {**fields, **found.items}

    def cell(self, cell: FormCell, fields: Fields, path: Path_) -> None:
        given = [key for key in ("label", "field", "text") if getattr(cell, key) is not None]
        if len(given) != 1:
            self.problem("格要写 label（标签）、field（字段）或 text（文字）中的一个", path)
        if cell.label is not None:
            self.words(cell.label, fields, (*path, "label"))
        if cell.text is not None:
            self.words(cell.text, fields, (*path, "text"))
        if isinstance(cell.options, str) and cell.options not in self.labels:
            known = "、".join(self.labels) or "无"
            self.problem(f"labels 中没有“{cell.options}”（有：{known}）", (*path, "options"))
        if cell.format == "boxes" and not cell.options:
            self.problem("勾选框（boxes）要写 options：各项的列表或 labels 的组名", (*path, "options"))
        if cell.field is None:
            return
        found = fields.get(cell.field)
        if found is None:
            self.problem(f"没有字段“{cell.field}”（可用：{_known(fields)}）", (*path, "field"))
        elif found.kind not in FORMAT_KINDS[cell.format]:
            usable = "、".join(f for f, kinds in FORMAT_KINDS.items() if found.kind in kinds) or "无"
            self.problem(
                f"字段“{cell.field}”是{_KIND_WORDS[found.kind]}，不能用 {cell.format} 写法（可用：{usable}）",
                (*path, "format"),
            )

    def row(self, row: FormRow, fields: Fields, kind: FormKind, path: Path_) -> Fields:
        """Checks the row; returns the fields its cells see (an `each` row's element's too)."""
        self.field(row.when, fields, (*path, "when"))
        self.field(row.unless, fields, (*path, "unless"))
        if row.funding is not None:
            if kind.each != "overall_forms":
                self.problem("收支构成（funding）只用于整体绩效目标申报表", (*path, "funding"))
            for key in ("income", "optional"):
                wrong = [k for k in getattr(row.funding, key) if k not in INCOME_KEYS]
                if wrong:
                    self.problem(
                        f"收入构成没有“{'、'.join(wrong)}”（可用：{'、'.join(INCOME_KEYS)}）",
                        (*path, "funding", key),
                    )
            if row.cells or row.each:
                self.problem("收支构成的行不再写 cells 或 each", path)
            return fields
        seen = fields
        if row.each is not None:
            seen = self.listed(row.each, fields, (*path, "each")) or fields
        elif row.lead is not None:
            self.problem("lead 只用于逐项展开的行（each）", (*path, "lead"))
        if row.lead is not None:
            self.cell(row.lead, fields, (*path, "lead"))
        for index, cell in enumerate(row.cells):
            self.cell(cell, seen, (*path, "cells", index))
        if not row.cells:
            self.problem("行没有格（cells）", path)
        return seen

    def grid(self, grid: FormGrid, fields: Fields, kind: FormKind, path: Path_) -> None:
        if grid.each is not None:  # when and the rest are the element's
            fields = self.listed(grid.each, fields, (*path, "each")) or fields
        self.field(grid.when, fields, (*path, "when"))
        self.field(grid.stated, fields, (*path, "stated"))
        if grid.caption is not None:
            self.words(grid.caption, fields, (*path, "caption"))
        if grid.indicators is not None:
            self.indicators(grid, fields, kind, path)
            return
        if not grid.widths:
            self.problem("分表要写各列的相对宽度（widths）", path)
        for index, cells in enumerate(grid.header):
            for c, cell in enumerate(cells):
                self.cell(cell, fields, (*path, "header", index, c))
        listed = False
        funding = any(row.funding is not None for row in grid.rows)
        for index, row in enumerate(grid.rows):
            self.row(row, fields, kind, (*path, "rows", index))
            listed = listed or row.each is not None
        if grid.total is not None:
            if not listed:
                self.problem("合计行（total）只用于有逐项展开的行（each）的分表", (*path, "total"))
            self.row(grid.total, fields, kind, (*path, "total"))
        self.spans(grid, funding, path)

    def indicators(self, grid: FormGrid, fields: Fields, kind: FormKind, path: Path_) -> None:
        assert grid.indicators is not None
        name = grid.indicators.field
        if fields.get(name) is None or fields[name].kind != "indicators":
            lists = "、".join(k for k, f in fields.items() if f.kind == "indicators") or "无"
            self.problem(f"“{name}”不是指标列表（可用：{lists}）", (*path, "indicators", "field"))
        if grid.rows or grid.header or grid.total:
            self.problem("指标表的行和表头由指标生成，不再写 header、rows 或 total", path)
        columns = grid.indicators.columns if grid.indicators.columns is not None else kind.indicator_columns
        if not columns:
            self.problem("指标表没有列：写 indicators.columns，或申报表种类的 indicator_columns", path)
        keys = [c.key for c in columns]
        if grid.indicators.fixed and "weight" not in keys:
            self.problem(
                "另列预算执行率（fixed）的指标表要有权重列（weight）", (*path, "indicators", "fixed")
            )
        if len(set(keys)) != len(keys):
            self.problem("指标表的列重复", (*path, "indicators"))

    def spans(self, grid: FormGrid, funding: bool, path: Path_) -> None:
        """Each row fills the grid's columns, counting cells that span down from rows above."""
        width = len(grid.widths)
        for block, rows in (("header", [FormRow(cells=c) for c in grid.header]), ("rows", grid.rows)):
            below: list[int] = []  # rows still taken by cells spanning down, per column of them
            for index, row in enumerate(rows):
                if row.funding is not None:
                    below = []
                    continue
                cells = [*([row.lead] if row.lead else []), *row.cells]
                taken = len([b for b in below if b > 0])
                rest = any(c.span == "rest" for c in cells)
                filled = taken + sum(c.span for c in cells if c.span != "rest") + rest
                where = (*path, block, index)
                if rest and cells[-1].span != "rest":
                    self.problem("span: rest 只能写在一行的最后一格", where)
                elif filled > width or (not rest and filled != width):
                    self.problem(f"这一行占 {filled} 列，分表有 {width} 列（widths）", where)
                elif funding and not rest:
                    self.problem("有收支构成的分表会按以前年度增加列：其他各行的最后一格写 span: rest", where)
                below = [b - 1 for b in below if b > 1] + [
                    c.rows - 1 for c in cells if c.rows > 1 for _ in range(c.span if c.span != "rest" else 1)
                ]


_KIND_WORDS = {
    "text": "文字",
    "lines": "多行文字",
    "money": "金额",
    "number": "数",
    "list": "列表",
    "indicators": "指标列表",
}


def _known(fields: Fields) -> str:
    return "、".join(fields)


def check_forms(profile: ResolvedProfile, problem: Problem) -> None:
    """Every form kind of the profile."""
    checker = _FormChecker(profile, problem)
    for name, kind in profile.spec.form_kinds.items():
        path: Path_ = ("form_kinds", name)
        fields = FORM_FIELDS[kind.each]
        for key in ("label", "subtitle"):
            checker.words(getattr(kind, key), fields, (*path, key))
        if not kind.grids:
            problem(f"申报表种类 {name} 没有分表（grids）", (*path, "grids"))
        for index, grid in enumerate(kind.grids):
            checker.grid(grid, fields, kind, (*path, "grids", index))
