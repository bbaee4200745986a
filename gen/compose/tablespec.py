"""The table language of profile.yaml: a disclosure table as a pivot of the budget's keyed facts.

A table kind (`table_kinds:`) declares its columns — measures (a fact set filtered by dimensions and
combined) under header groups — and its rows — a dimension at the levels a district prints, units,
projects, fund sources, or fixed labelled rows bound to measures — with numbering, totals and the
words for every key. A two-sided table (收支总表) has two `sides`. A section prints a kind
(`table: summary`) and may adjust it (unit, columns chosen, rows shown, notes …). Every field's
title here is its documentation: docs/表格参考.md is generated from these models.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Measure and row filters are written as `dimension: key` (fund: general); they are checked against
# the fact set's dimensions when the profile is loaded.
FilterValue = str | list[str]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Filtered(BaseModel):
    """A spec whose other keys are filters: `dimension: key` or `dimension: [key, …]`."""

    model_config = ConfigDict(extra="allow")

    @property
    def filters(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for name, value in (self.model_extra or {}).items():
            found[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        return found


class Measure(Filtered):
    """What a cell adds up: amounts of a fact set that pass the filters, or a combination of measures."""

    facts: str | None = Field(None, title="事实集（spending、income 等；不写则沿用行或表的）")
    value: str = Field("amount", title="取哪一项数（amount；采购的 sme_amount、quantity、unit_price 等）")
    year: Literal["current", "prior"] = Field("current", title="本年（current）或上年（prior）")
    sum: list[MeasureRef] | None = Field(None, title="几个度量之和")
    minus: list[MeasureRef] | None = Field(None, title="减去这些度量（与 sum 或本度量同用）")
    change: MeasureRef | None = Field(None, title="该度量本年减上年")
    share: MeasureRef | None = Field(None, title="占比：该度量占 of 的百分比")
    of: MeasureRef | None = Field(None, title="占比的分母（不写则为该度量在合计行的值）")

    @property
    def combined(self) -> bool:
        return any(x is not None for x in (self.sum, self.change, self.share))


MeasureRef = str | Measure
"""A measure written in place, or the name of one in the profile's `measures:`."""

Show = str
"""What a text column shows: code, name, label, or a text of the fact set (unit_name, item …)."""
Format = Literal["amount", "count", "price", "percent"]


class ColumnSpec(Spec):
    key: str | None = Field(
        None, title="列的编号（section 的 columns 按它选列、part_of 引用；默认取表头最后一级）"
    )
    header: str | list[str] = Field(title="表头：一级写字符串，多级写列表（自上而下，同组相邻的列合并表头）")
    show: Show | None = Field(
        None, title="文字列显示什么：code 编码、name 名称、label 行的标签，或事实集的文字"
    )
    value: MeasureRef | None = Field(None, title="数字列的度量（不写则为该行的金额）")
    format: Format = Field("amount", title="数字的写法：amount 金额、count 数量、price 单价、percent 百分比")
    width: float | None = Field(None, gt=0, le=20, title="相对列宽")
    part_of: str | None = Field(None, title="是哪一列的组成部分（每行的各部分之和应等于它）")
    default: bool = Field(True, title="默认列出（false 时只在 section 的 columns 选中时列出）")
    totals: bool = Field(True, title="合计行和汇总行也填数（数量、单价写 false）")
    spaced: bool = Field(False, title="表头字距加宽（如“项 目”）")


Level = Literal["类", "款", "项"]
EachDimension = Literal[
    "function", "economic", "unit", "project", "source", "fund", "type", "item", "category", "row"
]


class RowSpec(Filtered):
    """A labelled row bound to a measure, or (`each`) one row per key of a dimension."""

    id: str | None = Field(None, title="行的编号（parts 引用）")
    label: str | None = Field(None, title="行的标签（固定行）")
    value: MeasureRef | None = Field(None, title="固定行的度量（不写则该行空白）")
    each: EachDimension | None = Field(
        None, title="按维度展开为多行：function、economic、unit、project、source、fund 等"
    )
    facts: str | None = Field(None, title="展开时取哪个事实集的键（不写则沿用表的）")
    levels: list[Level] | None = Field(None, title="分类科目列出哪几级（类、款、项）")
    keys: list[str] | str | None = Field(None, title="列出哪些键、按什么顺序（或 lists 中列表的名称）")
    others: bool = Field(True, title="keys 以外、有数据的键也列出（排在后面）")
    show: Literal["all", "nonempty"] | None = Field(None, title="全部列出（all）或只列有数的行（nonempty）")
    department: Literal["totals", "label"] | None = Field(
        None, title="在合计行下加部门行：totals 带数，label 只有编码和名称"
    )
    groups: list[Literal["unit", "group"]] = Field(
        default_factory=list, title="项目按单位、项目级次分组的汇总行"
    )
    labels: str | dict[str, str] | None = Field(
        None, title="键的名称：labels 中一组的名称，或直接写“键: 名称”"
    )
    number: str | None = Field(None, title="序号：numbering 中的名称（如 summary_row）或样式（如 {cn}、）")
    counter: str | None = Field(None, title="共用序号的名称（几处固定行连续编号）")
    role: Literal["total", "detail"] | None = Field(None, title="total：合计行（加粗，标签为表头样式）")
    spaced: bool = Field(False, title="标签字距加宽（如“收 入 总 计”）")
    parts: list[str] = Field(default_factory=list, title="该行等于哪些行（编号）之和：四舍五入有尾差时加注")


class SideSpec(Spec):
    header: str = Field(title="这一栏的总表头（如“收入”）")
    spaced: bool = Field(False, title="总表头字距加宽")
    columns: list[ColumnSpec] = Field(title="这一栏的列")
    rows: list[RowSpec] = Field(title="这一栏的行")
    totals: list[RowSpec] = Field(default_factory=list, title="底部的合计行（两栏逐行对齐）")


class TableKind(Filtered):
    """A table a profile prints; its other keys are filters applied to every measure and row."""

    description: str = Field("", title="说明")
    facts: str | None = Field(None, title="事实集（行和列默认取它）")
    columns: list[ColumnSpec] = Field(default_factory=list, title="列")
    rows: list[RowSpec] = Field(default_factory=list, title="行")
    total: Literal["top", "bottom", "none"] = Field(
        "top", title="合计行在表首（top）、表尾（bottom）或不列（none）"
    )
    total_label: str = Field("合计", title="合计行的名称")
    sides: list[SideSpec] = Field(default_factory=list, title="两栏式的表（收支总表）：左、右两栏")
    empty_note: str | None = Field(None, title="表中没有数据时的说明（不写则照常列出）")
    orientation: Literal["portrait", "landscape"] | None = Field(
        None, title="页面方向（不写则列数达到 landscape_columns 时横向）"
    )
    widths: Literal["columns", "equal"] = Field("columns", title="列宽按各列 width（columns）或平均（equal）")


Measure.model_rebuild()
RowSpec.model_rebuild()
ColumnSpec.model_rebuild()
SideSpec.model_rebuild()
TableKind.model_rebuild()
