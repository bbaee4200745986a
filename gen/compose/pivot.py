"""The one table composer: a declared table kind, pivoted over the keyed facts into a document Table.

Rows come from the kind's row items (a dimension expanded at its levels, or fixed labelled rows),
columns from its column list (text shown, or a measure), header groups from the columns' header
paths. Every number is a measure evaluated on the facts; every word is the profile's or the input's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from gen.compose.cells import TableContext, blank_or, count, head, make_table, spaced, text
from gen.compose.document import Cell, Table, TableRow
from gen.compose.measures import At, Evaluator, Query, base_query
from gen.compose.numbers import amount_text, numbered, percent_format, percent_text, rounded_to
from gen.compose.tablespec import ColumnSpec, Measure, RowSpec, SideSpec, TableKind
from gen.compose.templating import ProfileTemplateError
from gen.compute.facts import FACT_SETS, GROUP_CODES, HIERARCHIES, LEVELS
from gen.compute.revealed import Fact, Missing, Unrevealed
from models.amount import ZERO

CODE_ROLES = {3: "class", 5: "section", 7: "item"}
# Nesting of a row for indentation and for which rows add up to which: totals 0, 类 and the
# department 1, their 款 and units 2, 项 and project groups 3, details 4.
DEPTHS = {
    "total": 0, "department": 1, "class": 1, "unit": 2, "section": 2, "group": 3, "item": 3, "detail": 4,
}  # fmt: skip


def depth(role: str) -> int:
    """How deep a row of `role` nests; a role DEPTHS does not list is as deep as a detail."""
    return DEPTHS.get(role, DEPTHS["detail"])


SUMMARY_ROLES = frozenset({"total", "department", "unit", "group"})
DEFAULT_WIDTHS = {"code": 1.2, "name": 3.2}
TEXT_WIDTH, VALUE_WIDTH, SEGMENT_WIDTH = 2.2, 1.3, 0.6
SEGMENTS = {"function": (("类", 0, 3), ("款", 3, 5), ("项", 5, 7)), "economic": (("类", 0, 3), ("款", 3, 5))}


@dataclass
class Line:
    """One printed row before its cells are made: what it is, where its numbers come from."""

    role: str
    code: str = ""
    name: str = ""
    at: At = field(default_factory=At)
    base: Query | None = None
    """The facts and filters its numbers come from; None for a fixed row without a measure (nothing)."""
    combined: Measure | None = None
    """A fixed row's own combined measure (a sum, a change …), evaluated as it is."""
    texts: Mapping[str, str] = field(default_factory=dict)
    label_cell: bool = False
    spaced: bool = False
    item: str | None = None
    parts: Sequence[str] = ()
    """The rows (by item id) this row is the sum of, for the rounding note."""
    indent: int | None = None
    only_label: bool = False
    """A department row of a listing: its code and name, nothing else."""

    @property
    def depth(self) -> int:
        return depth(self.role)

    @property
    def summary(self) -> bool:
        return self.role in SUMMARY_ROLES


@dataclass(frozen=True)
class Col:
    """A chosen column: its spec, its header path (units filled in), and for a code segment its span."""

    spec: ColumnSpec
    path: tuple[str, ...]
    width: float | None
    segment: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        return column_key(self.spec)

    @property
    def is_value(self) -> bool:
        return self.spec.show is None


def column_key(spec: ColumnSpec) -> str:
    header = spec.header if isinstance(spec.header, list) else [spec.header]
    return spec.key or header[-1]


class Pivot:
    def __init__(self, ctx: TableContext, kind: TableKind, evaluator: Evaluator) -> None:
        self.ctx = ctx
        self.kind = kind
        self.evaluator = evaluator
        self.profile = ctx.profile
        self.counters: dict[str, int] = {}

    # ------------------------------------------------------------------ rows

    def base(self, item: RowSpec | None = None) -> Query:
        facts = (item.facts if item else None) or self.kind.facts
        if facts is None:
            raise ProfileTemplateError(f"{self.ctx.where}：表格没有写事实集（facts）")
        filters = [self.kind.filters, *([item.filters] if item else [])]
        return base_query(facts, *filters)

    def lines(
        self, items: Sequence[RowSpec], *, role: str | None = None, keep: Callable[[Line], bool] | None = None
    ) -> list[Line]:
        """The rows of `items` in order; with `keep`, an item listed nonempty keeps only the rows it
        accepts, and is numbered after the others are left out."""
        made: list[Line] = []
        for item in items:
            if item.each is None:
                made.append(self.fixed(item, role))
                continue
            expanded = self.each(item)
            if keep is not None and self.show(item) == "nonempty":
                expanded = [line for line in expanded if line.summary or keep(line)]
            made += [
                replace(line, name=self.number(item, line.name)) if not line.summary else line
                for line in expanded
            ]
        return made

    def fixed(self, item: RowSpec, role: str | None) -> Line:
        line_role = item.role or role or "detail"
        line = Line(line_role, name=self.number(item, item.label or ""), label_cell=line_role == "total")
        line.spaced, line.item, line.parts = item.spaced, item.id, item.parts
        if item.value is None:
            return line
        measure = self.evaluator.resolve(item.value)
        facts = measure.facts or item.facts or self.kind.facts or ""
        if measure.combined:
            line.combined, line.base = measure, base_query(facts, self.kind.filters, item.filters)
        else:
            query = Query(facts, measure.year, measure.value)
            line.base = query.narrowed(self.kind.filters).narrowed(item.filters).narrowed(measure.filters)
        return line

    def number(self, item: RowSpec, label: str) -> str:
        if not item.number:
            return label
        counter = item.counter or f"#{id(item)}"
        self.counters[counter] = self.counters.get(counter, 0) + 1
        pattern = getattr(self.profile.numbering, item.number, item.number)
        return numbered(pattern, self.counters[counter]) + label

    def labels(self, item: RowSpec) -> Mapping[str, str]:
        if isinstance(item.labels, dict):
            return item.labels
        if item.labels:
            return self.profile.labels.get(item.labels, {})
        return {}

    def listed(self, item: RowSpec) -> list[str] | None:
        if item.keys is None:
            return None
        if isinstance(item.keys, str):
            return list(self.profile.lists.get(item.keys, []))
        return list(item.keys)

    def each(self, item: RowSpec) -> list[Line]:
        dim = item.each
        assert dim is not None
        base = self.base(item)
        if dim == "project":
            return self.projects(item, base)
        if dim == "row":
            listing = [
                Line(
                    "detail",
                    str(r.keys.get("unit") or ""),
                    "",
                    At("row", str(r.keys["row"])),
                    base,
                    texts=r.texts,
                )
                for r in self.evaluator.records(base)
            ]
            return [self.department(base, item.department), *listing] if item.department else listing
        present = self.evaluator.keys(base, dim)
        listed = self.listed(item)
        if dim in HIERARCHIES:
            keys = self.codes(item, dim, present, listed)
        else:
            order = self.key_order(dim, base.facts)
            found = sorted(present, key=lambda k: (order.index(k) if k in order else len(order), k))
            keys = (listed or []) + (
                [k for k in found if k not in (listed or [])] if item.others or listed is None else []
            )
        names = self.labels(item)
        dimension = self.evaluator.years["current"]
        known = dimension[0].dimensions.get(dim) if dimension else None
        lines = []
        if dim == "unit" and item.department:
            lines.append(self.department(base, item.department))
        for key in keys:
            name = names.get(key) or (known.names.get(key) if known else None) or key
            role = (
                CODE_ROLES.get(len(key), "detail")
                if dim in HIERARCHIES
                else ("unit" if dim == "unit" else "detail")
            )
            lines.append(Line(role, key, name, At(dim, key), base, item=item.id))
        return lines

    def key_order(self, dim: str, facts: str) -> list[str]:
        known = self.evaluator.years["current"]
        if dim == "unit" and known:
            return list(known[0].dimensions["unit"].order)
        vocabulary = FACT_SETS[facts].dimensions.get(dim)
        return list(vocabulary or ())

    def codes(self, item: RowSpec, dim: str, present: list[str], listed: list[str] | None) -> list[str]:
        levels = [LEVELS[level] for level in item.levels or ("类", "款", "项")]
        if dim == "economic":
            levels = [n for n in levels if n <= 5]
        finest = max(levels)
        coarse = [code for code in present if len(code) < finest]
        if coarse and finest > min(levels):
            raise Unrevealed(
                Missing(
                    Fact.FUNCTION_DETAIL,
                    "按表格列示的科目级次（输入只到" + "、".join(sorted(set(coarse))) + "）",
                    (("expenditure", "functional" if dim == "function" else "economic"),),
                    "按项级（经济分类按款级）科目填写",
                )
            )
        codes = {code[:n] for code in present for n in levels if n <= len(code)}
        if listed is None:
            return sorted(codes)
        others = sorted(c for c in codes if c not in listed) if item.others else []
        return [c for c in listed if len(c) in levels] + others

    def department(self, base: Query, mode: str) -> Line:
        dept = self.ctx.computed.budget.meta.department
        return Line("department", dept.code, dept.name, At(), base, only_label=mode == "label")

    def projects(self, item: RowSpec, base: Query) -> list[Line]:
        records = self.evaluator.records(base)
        units = (
            self.evaluator.years["current"][0].dimensions["unit"] if self.evaluator.years["current"] else None
        )
        order = list(units.order) if units else []
        tree: dict[str, dict[str, list[str]]] = {}
        names: dict[str, str] = {}
        for record in records:
            unit, group, project = (str(record.keys[d]) for d in ("unit", "group", "project"))
            tree.setdefault(unit, {}).setdefault(group, [])
            if project not in tree[unit][group]:
                tree[unit][group].append(project)
            names[project] = record.texts.get("name", project)
        lines = []
        if item.department:
            lines.append(self.department(base, item.department))
        group_names = self.labels(item)
        for unit in sorted(tree, key=lambda u: (order.index(u) if u in order else len(order), u)):
            unit_name = units.names.get(unit, "") if units else ""
            if "unit" in item.groups:
                lines.append(Line("unit", unit, unit_name or "（单位表中无此编码）", At("unit", unit), base))
            for group in ("own", "transfer"):
                if group not in tree[unit]:
                    continue
                if "group" in item.groups:
                    at = At("group", group, (("unit", unit),))
                    lines.append(Line("group", GROUP_CODES[group], group_names.get(group, group), at, base))
                for project in tree[unit][group]:
                    texts = {"unit_name": unit_name, "name": names[project]}
                    lines.append(
                        Line(
                            "detail",
                            project,
                            names[project],
                            At("project", project),
                            base,
                            texts=texts,
                            indent=0,
                        )
                    )
        return lines

    # ------------------------------------------------------------------ cells

    def value(self, line: Line, column: Col) -> Decimal | None:
        if line.combined is not None and line.base is not None:
            return self.evaluator.value(line.combined, line.base, At())
        if line.base is None:
            return ZERO  # a fixed row without a measure holds nothing
        measure = self.evaluator.resolve(column.spec.value) if column.spec.value is not None else Measure()
        return self.evaluator.value(measure, line.base, line.at)

    def cell(self, line: Line, column: Col, amount: Decimal | None) -> Cell:
        spec = column.spec
        if spec.show is not None:
            return self.text_cell(line, column)
        if line.only_label:
            return text("")
        if line.summary and not spec.totals:
            return count(None) if spec.format == "count" else text("")
        if spec.format == "count":
            return count(amount)
        if spec.format == "price":
            return self.ctx.price(amount) if amount is not None else text("")
        if spec.format == "percent":
            return blank_or(percent_text(amount) if amount else "", amount, percent_format())
        return self.ctx.money(amount if amount is not None else ZERO)

    def text_cell(self, line: Line, column: Col) -> Cell:
        show = column.spec.show
        total = line.role == "total"
        if show == "code":
            code = "" if total else line.code
            if column.segment is not None:
                start, end = column.segment
                return text(code[start:end] if len(code) >= end else "")
            return text(code)
        if show in ("name", "label"):
            if line.label_cell:
                return (spaced if line.spaced else head)(line.name)
            indent = line.indent if line.indent is not None else max(line.depth - 1, 0)
            return text(line.name, 0 if total else indent)
        if line.only_label and show in ("unit_code", "unit_name"):
            return text(line.code if show == "unit_code" else line.name)
        return text("" if total else line.texts.get(show or "", ""))

    # ------------------------------------------------------------------ columns and header

    def chosen(self, columns: Sequence[ColumnSpec], *, selectable: bool = True) -> list[ColumnSpec]:
        """The section's `columns` (keys of the kind's columns, in its order), else the default ones."""
        by_key = {column_key(c): c for c in columns}
        wanted = self.ctx.spec.columns if selectable and self.ctx.spec.columns else None
        if wanted is None:
            return [c for c in columns if c.default]
        unknown = [k for k in wanted if k not in by_key]
        repeated = sorted({k for k in wanted if wanted.count(k) > 1})
        if unknown or repeated:
            problem = f"没有列 {'、'.join(unknown)}" if unknown else f"列 {'、'.join(repeated)} 写了不止一次"
            raise ProfileTemplateError(
                f"{self.ctx.where}.columns：表格“{self.ctx.title}”{problem}（可用：{'、'.join(by_key)}）"
            )
        chosen = [by_key[k] for k in wanted]
        paths = [self.path(c) for c in chosen]
        for index in range(1, len(chosen)):
            group = paths[index][:-1]
            earlier = [chosen[i] for i in range(index - 1) if group and paths[i][:-1] == group]
            if earlier and paths[index - 1][:-1] != group:
                raise ProfileTemplateError(
                    f"{self.ctx.where}.columns：表格“{self.ctx.title}”中同属“{group[-1]}”的列要相邻："
                    f"请把 {column_key(chosen[index])} 紧接在 {column_key(earlier[-1])} 之后"
                )
        return chosen

    def path(self, spec: ColumnSpec) -> tuple[str, ...]:
        labels = spec.header if isinstance(spec.header, list) else [spec.header]
        return tuple(label.replace("{unit}", self.ctx.unit) for label in labels)

    def cols(self, specs: Sequence[ColumnSpec], dimension: str | None) -> list[Col]:
        made = []
        for spec in specs:
            path = self.path(spec)
            width = spec.width
            if width is None and spec.show is not None:
                width = DEFAULT_WIDTHS.get(spec.show, TEXT_WIDTH)
            split = self.ctx.code_style == "split" and spec.show == "code" and dimension in SEGMENTS
            if not split or dimension is None:
                made.append(Col(spec, path, width if width is not None else VALUE_WIDTH))
                continue
            made += [
                Col(spec, (*path, name), SEGMENT_WIDTH, (start, end))
                for name, start, end in SEGMENTS[dimension]
            ]
        return made

    def header(self, columns: Sequence[Col]) -> list[list[Cell]]:
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
                    made = spaced if column.spec.spaced else head
                    row.append(made(column.path[level], rowspan=depth - level))
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

    # ------------------------------------------------------------------ the table

    def show(self, item: RowSpec | None = None) -> str:
        return (item.show if item else None) or self.ctx.rows

    def tables(self) -> list[Table]:
        return [self.two_sided() if self.kind.sides else self.one_sided()]

    def one_sided(self) -> Table:
        kind = self.kind
        chosen = self.chosen(kind.columns)
        first_each = next((item for item in kind.rows if item.each), None)
        dimension = first_each.each if first_each else None
        columns = self.cols(chosen, dimension)
        all_columns = self.cols(kind.columns, dimension)
        lines = self.lines(kind.rows)
        shows = [c.spec.show for c in columns[:2]]
        # A listing's department row names the department in its 单位代码 and 单位名称 columns.
        lines = [x for x in lines if not x.only_label or shows == ["unit_code", "unit_name"]]
        if kind.total != "none":
            total = Line("total", name=kind.total_label, base=self.base(first_each) if first_each else None)
            # A department row sits under the total, whichever end it is printed at.
            lines = [total, *lines] if kind.total == "top" else [*lines, total]
        values = {id(line): {c.key: self.value(line, c) for c in all_columns if c.is_value} for line in lines}
        if self.show() == "nonempty" or (first_each and first_each.show == "nonempty"):
            lines = [x for x in lines if x.role == "total" or any(v for v in values[id(x)].values())]
        self.check_hidden(chosen, kind.columns, lines, values)
        body = [
            TableRow([self.cell(line, c, values[id(line)].get(c.key)) for c in columns], line.role)
            for line in lines
        ]
        body = self.label_total(body, columns, lines)
        widths = [] if kind.widths == "equal" else [c.width or VALUE_WIDTH for c in columns]
        made = make_table(self.ctx, self.header(columns), body, widths)
        note = self.ctx.empty_note or kind.empty_note
        if note and not any(v for line in lines for v in values[id(line)].values() if v):
            made.rows, made.empty_note = [], note
            return made
        if self.tail_difference(columns, lines, values):
            made.notes.append(self.profile.tables.rounding_note)
        return made

    def label_total(
        self, body: list[TableRow], columns: Sequence[Col], lines: Sequence[Line]
    ) -> list[TableRow]:
        """Without a name column, a total row is named in its first text column (合计)."""
        if any(c.spec.show in ("name", "label") for c in columns) or not columns or columns[0].is_value:
            return body
        return [
            TableRow([text(self.kind.total_label), *row.cells[1:]], row.role) if line.role == "total" else row
            for row, line in zip(body, lines, strict=True)
        ]

    def check_hidden(
        self,
        chosen: Sequence[ColumnSpec],
        every: Sequence[ColumnSpec],
        lines: Sequence[Line],
        values: Mapping[int, Mapping[str, Decimal | None]],
    ) -> None:
        """Refuse to leave out a column that holds money its rows' 合计 counts."""
        shown = {column_key(c) for c in chosen}
        for spec in every:
            key = column_key(spec)
            if spec.part_of and key not in shown and any(values[id(line_)].get(key) for line_ in lines):
                total = next((values[id(line_)].get(key) for line_ in lines if line_.role == "total"), None)
                amount = f"（合计 {amount_text(total)}{self.ctx.amount_unit}）" if total else ""
                label = self.path(spec)
                name = label[-2] if label[-1] == "小计" and len(label) > 1 else label[-1]
                raise ProfileTemplateError(
                    f"{self.ctx.where}.columns：表格“{self.ctx.title}”未列出的“{name}”有数据{amount}，"
                    f"各行将不等于合计；请把 {key} 加入 columns"
                )

    def differs(self, total: Decimal | None, parts: Iterable[Decimal | None]) -> bool:
        """Whether `total` printed in the table's unit differs from the sum of its printed `parts`."""

        def shown(value: Decimal | None) -> Decimal:
            return rounded_to(self.ctx.scaled(value or ZERO) or ZERO, self.ctx.decimals)

        return shown(total) != sum((shown(p) for p in parts), ZERO)

    def tail_difference(
        self,
        columns: Sequence[Col],
        lines: Sequence[Line],
        values: Mapping[int, Mapping[str, Decimal | None]],
    ) -> bool:
        """Whether rounding makes a printed 合计 differ from its printed parts, across or down."""
        amounts = [c for c in columns if c.is_value and c.spec.format == "amount"]
        keys = {c.key for c in amounts}
        for target in {c.spec.part_of for c in amounts if c.spec.part_of and c.spec.part_of in keys}:
            parts = [c.key for c in amounts if c.spec.part_of == target]
            for x in lines:
                if self.differs(values[id(x)].get(target), [values[id(x)].get(p) for p in parts]):
                    return True
        for index, line in enumerate(lines):
            below = []
            for other in lines[index + 1 :]:
                if other.depth <= line.depth:
                    break
                below.append(other)
            if not below:
                continue
            depth = min(other.depth for other in below)
            children = [other for other in below if other.depth == depth]
            for key in keys:
                if self.differs(values[id(line)].get(key), [values[id(c)].get(key) for c in children]):
                    return True
        return False

    # ------------------------------------------------------------------ two sides (收支总表)

    def two_sided(self) -> Table:
        sides = self.kind.sides
        columns = [self.cols(side.columns, None) for side in sides]
        header = [
            [
                (spaced if side.spaced else head)(side.header, len(cols))
                for side, cols in zip(sides, columns, strict=True)
            ],
            [cell for cols in columns for cell in self.header(cols)[-1]],
        ]
        body_lines = [self.side_lines(side, side.rows) for side in sides]
        total_lines = [self.side_lines(side, side.totals, "total") for side in sides]
        rows = self.zipped(body_lines, columns) + self.zipped(total_lines, columns, role="total")
        widths = (
            [] if self.kind.widths == "equal" else [c.width or VALUE_WIDTH for cols in columns for c in cols]
        )
        made = make_table(self.ctx, header, rows, widths)
        if any(
            self.parts_differ(lines, cols)
            for lines, cols in zip(
                [[*b, *t] for b, t in zip(body_lines, total_lines, strict=True)], columns, strict=True
            )
        ):
            made.notes.append(self.profile.tables.rounding_note)
        return made

    def side_lines(self, side: SideSpec, items: Sequence[RowSpec], role: str | None = None) -> list[Line]:
        """A side's rows, numbered on their own (each side counts from 一), never indented."""
        value = next((c for c in self.cols(side.columns, None) if c.is_value), None)

        def keep(line: Line) -> bool:
            return value is None or bool(self.value(line, value))

        self.counters = {}
        return [replace(line, indent=0) for line in self.lines(items, role=role, keep=keep)]

    def zipped(
        self, sides: list[list[Line]], columns: list[list[Col]], role: str = "detail"
    ) -> list[TableRow]:
        rows = []
        for index in range(max((len(lines) for lines in sides), default=0)):
            cells: list[Cell] = []
            for lines, cols in zip(sides, columns, strict=True):
                line = lines[index] if index < len(lines) else None
                for column in cols:
                    if line is None:
                        cells.append(text("") if column.spec.show else self.ctx.money(None))
                    else:
                        cells.append(
                            self.cell(line, column, None if column.spec.show else self.value(line, column))
                        )
            rows.append(TableRow(cells, role))
        return rows

    def parts_differ(self, lines: Sequence[Line], columns: Sequence[Col]) -> bool:
        value = next((c for c in columns if c.is_value), None)
        if value is None:
            return False
        for line in lines:
            if line.parts:
                parts = [other for other in lines if other.item in line.parts]
                if self.differs(self.value(line, value), [self.value(p, value) for p in parts]):
                    return True
        return False


def _collapsed(columns: Sequence[Col]) -> list[Col]:
    """A group left with only its 小计 column is headed by the group's name alone (基本支出)."""
    result = []
    for column in columns:
        group = column.path[:-1]
        alone = group and not any(c is not column and c.path[: len(group)] == group for c in columns)
        result.append(replace(column, path=group) if alone and column.path[-1] == "小计" else column)
    return result
