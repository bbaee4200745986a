"""The form language of profile.yaml: a 绩效目标申报表 as grids of labelled cells bound to fields.

A form kind (`form_kinds:`) is repeated for each form of the input (one per unit or project); it is a
list of grids printed one under the other. A grid has header rows and body rows of cells: a label
(the profile's words), a field of the form (the officer's text, a computed amount), boxes to tick;
rows may repeat for each element of a list (projects, details, goals), appear only when a field has
content, or be the 整体 form's 收支 composition. An indicator grid prints an indicator list with
merged 一级/二级 cells and the columns a district asks for (指标性质, 计量单位, 指标值, 权重, 是否核心指标…).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from gen.compose.tablespec import Spec
from gen.compute.performance import FundingComposition

CellFormat = Literal["text", "center", "lines", "numbered", "money", "percent", "count", "boxes"]


class FormCell(Spec):
    label: str | None = Field(None, title="标签格（表头样式）的文字，可含 {year} {unit} {n}")
    field: str | None = Field(None, title="填入的字段（见表格参考中申报表的字段）")
    text: str | None = Field(None, title="固定的文字（值格），可含 {year} {unit} 及字段")
    format: CellFormat = Field(
        "text",
        title="写法：text 文字、center 居中文字、lines 分行、numbered 分行加序号、money 金额、"
        "percent 百分比、count 数量、boxes 勾选框",
    )
    options: str | list[str] | None = Field(
        None, title="勾选框的各项（列表，或 labels 中一组的名称）；文字格写 labels 组名则按组换成名称"
    )
    span: int | Literal["rest"] = Field(1, title="横跨几列（rest：到行尾）")
    rows: int = Field(1, ge=1, title="纵跨几行")
    left: bool = Field(False, title="标签格靠左（如分表的标题行）")


class FundingRows(Spec):
    """The 整体 form's 收支 composition: this year's amounts and shares, earlier years as typed."""

    title: str = Field("总体资金情况", title="左上角的标签")
    current: str = Field("当年金额", title="本年金额列的标签")
    share: str = Field("占比", title="占比列的标签")
    years: str = Field("近年收支金额", title="以前年度各列上方的标签")
    labels: dict[str, str] = Field(
        default_factory=dict, title="各组、各行的名称（income、spending、total、appropriation、personnel 等）"
    )
    income: list[str] = Field(
        default_factory=lambda: ["appropriation", "special_account", "unit_funds"],
        title="收入构成列出的行（appropriation、special_account、unit_funds、carryover）",
    )
    optional: list[str] = Field(
        default_factory=list, title="收入构成中只在有金额时列出的行（如 carryover：有上年结转才列）"
    )

    def income_keys(self, fc: FundingComposition) -> list[str]:
        """The 收入构成 lines a form prints: those declared, and the optional ones with an amount."""
        return [*self.income, *(key for key in self.optional if fc.line("income", key).current)]


Fields = str | list[str]


class FormRow(Spec):
    cells: list[FormCell] = Field(default_factory=list, title="这一行的格")
    each: str | None = Field(None, title="对列表字段的每一项印一行（格中的字段取该项的）")
    lead: FormCell | None = Field(None, title="逐项各行左边合并成的一格（如“资金来源”），横跨逐项的各行")
    when: Fields | None = Field(None, title="只在这个（这些之一）字段有内容时印")
    unless: Fields | None = Field(None, title="只在这个（这些）字段都没有内容时印")
    role: Literal["label", "detail", "total"] = Field(
        "detail", title="行的样式：detail 表体、label 标签行、total 合计（加粗）"
    )
    funding: FundingRows | None = Field(None, title="在此印整体申报表的收支构成（表头两行和各行）")


IndicatorKey = Literal[
    "level1", "level2", "level3", "value", "nature", "unit", "target", "history", "basis", "weight", "core"
]


class IndicatorColumn(Spec):
    key: IndicatorKey = Field(
        title="列的内容：level1/2/3 各级指标、value 指标值（原样，如 ≥250人）、nature 指标性质、"
        "unit 计量单位、target 指标值（数值）、history 以前年度和当年值、basis 确定依据、weight 权重、"
        "core 是否核心指标"
    )
    header: str = Field(title="表头")
    width: float = Field(1.2, gt=0, le=20, title="相对列宽")
    optional: bool = Field(False, title="只在有指标填了这一项时列出（权重、核心指标、确定依据）")


class IndicatorGrid(Spec):
    field: str = Field(title="指标列表字段（annual_indicators、indicators 等）")
    columns: list[IndicatorColumn] | None = Field(None, title="列（不写则用申报表种类的 indicator_columns）")
    fixed: str | None = Field(None, title="指标之外另列一行的名称（如“预算执行率”，权重取 execution_weight）")


class FormGrid(Spec):
    id: str | None = Field(None, title="分表的标识：继承时按 id 合并（同 parts）")
    each: str | None = Field(None, title="对列表字段的每一项印一张（如每个目标一张指标表）")
    when: Fields | None = Field(None, title="只在这个（这些之一）字段有内容时印")
    stated: str | None = Field(None, title="只在输入写了这个字段时印（写了空列表则印 empty_note）")
    caption: str | None = Field(None, title="第一行：横跨全表、靠左的标题，可含 {year} {unit} {n} 及字段")
    header: list[list[FormCell]] = Field(default_factory=list, title="表头行（每页重复）")
    rows: list[FormRow] = Field(default_factory=list, title="表体的行")
    total: FormRow | None = Field(None, title="逐项的行之后的合计行（有逐项的行时才印）")
    empty_note: str | None = Field(None, title="逐项的行一行也没有时印这句话")
    widths: list[float] = Field(default_factory=list, title="各列相对宽度")
    year_width: float = Field(1.4, title="收支构成中以前年度各列的宽度")
    indicators: IndicatorGrid | None = Field(None, title="这一张是指标表")


class FormKind(Spec):
    each: Literal["overall_forms", "project_forms"] = Field(title="对输入中每一张申报表印一份")
    label: str = Field("{name}", title="书签和目录中区分各份的名称")
    subtitle: str = Field("", title="表题下的一行（如“填报日期：{filled_on}”），所用字段为空时不印")
    grids: list[FormGrid] = Field(title="自上而下的各张分表")
    indicator_columns: list[IndicatorColumn] = Field(
        default_factory=list, title="指标表的列（各张指标表不另写 columns 时用）"
    )
    core_words: tuple[str, str] = Field(("是", "否"), title="是否核心指标的写法（是、否）")
    current: str = Field("预期当年实现值", title="指标有以前年度值时，当年值一列的表头")
    empty_header: list[str] = Field(
        default_factory=list, title="输入没有这种申报表时（印 empty_note），那张空表的表头"
    )


FormKind.model_rebuild()
