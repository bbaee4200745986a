"""Performance-target forms (绩效目标申报表): the officer's goals and indicators, never their amounts.

A form's amounts (this year's funding, the project list, the funding sources) come from the budget;
only prior years' amounts are typed. Indicator values stay text here and are parsed in `gen.compute`.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from models.amount import Amount, Quantity
from models.fields import Code, Schema, Text


def _value_text(value: Any) -> Any:
    # An unquoted 26 or 0.5 in YAML is still an indicator value as written, not an amount.
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    return value


IndicatorValue = Annotated[str, BeforeValidator(_value_text), Field(max_length=200)]


class IndicatorNature(StrEnum):
    """指标性质: the comparison a quantitative value states, or 定性."""

    AT_LEAST = "≥"
    ABOVE = "＞"
    EQUAL = "＝"
    AT_MOST = "≤"
    BELOW = "＜"
    QUALITATIVE = "定性"


def _nature(value: Any) -> Any:
    # Half- and full-width operators are one and the same 指标性质.
    if isinstance(value, str):
        text = value.strip()
        return {">=": "≥", "<=": "≤", "=": "＝", ">": "＞", "<": "＜", "≧": "≥", "≦": "≤"}.get(text, text)
    return value


Nature = Annotated[IndicatorNature, BeforeValidator(_nature)]


class Indicator(Schema):
    """One row of an indicator table; consecutive rows with the same 一级/二级 form the tree."""

    level1: str = Field(title="一级指标", min_length=1)
    level2: str = Field(title="二级指标", min_length=1)
    level3: str = Field(title="三级指标", min_length=1)
    value: IndicatorValue = Field(title="指标值（可连同指标性质和计量单位写成 ≥250人）")
    nature: Nature | None = Field(None, title="指标性质（≥ ＞ ＝ ≤ ＜ 或 定性）")
    unit: str | None = Field(None, examples=["人"], title="计量单位", max_length=20)
    history: dict[int, IndicatorValue] = Field(
        default_factory=dict, examples=[{2022: "≥97%"}], title="以前年度指标值（年度: 值）"
    )
    basis: Text | None = Field(None, title="指标值确定依据")
    weight: Quantity | None = Field(None, title="权重", ge=0, le=100)
    core: bool | None = Field(None, title="是否核心指标")


class Goal(Schema):
    text: Text = Field(title="目标内容")
    indicators: list[Indicator] = Field(default_factory=list, title="绩效指标")


class SpendingBreakdown(StrEnum):
    """How a 整体绩效 form splits spending: the current three classes, or the older two."""

    CLASSES = "人员类/运转类/特定目标类"
    BASIC_PROJECT = "基本支出/项目支出"


class PriorFunding(Schema):
    """Typed prior-year amounts of a 整体绩效 form; the current year is computed."""

    year: int = Field(title="年度")
    appropriation: Amount | None = Field(None, title="收入-财政拨款")
    special_account: Amount | None = Field(None, title="收入-财政专户管理资金")
    unit_funds: Amount | None = Field(None, title="收入-单位资金")
    personnel: Amount | None = Field(None, title="支出-人员类")
    operating: Amount | None = Field(None, title="支出-运转类")
    specific: Amount | None = Field(None, title="支出-特定目标类（项目支出）")


class OverallPerformanceForm(Schema):
    """部门（单位）整体绩效目标申报表; unit None means the whole department."""

    unit: Code | None = Field(None, title="单位编码（空为部门整体）")
    filled_by: str | None = Field(None, title="填报人")
    phone: str | None = Field(None, title="联系电话")
    breakdown: SpendingBreakdown = Field(SpendingBreakdown.CLASSES, title="支出构成的分法")
    prior_funding: list[PriorFunding] = Field(default_factory=list, title="近年收支金额")
    functions: list[Text] = Field(default_factory=list, title="职能概述（空则用部门主要职能）")
    annual_tasks: list[Text] = Field(default_factory=list, title="年度工作任务")
    long_term_horizon: int | None = Field(None, title="长期目标截止年度")
    long_term_goals: list[Goal] = Field(default_factory=list, title="长期目标")
    annual_goals: list[Goal] = Field(default_factory=list, title="年度目标")


class ProjectKind(StrEnum):
    OPERATING = "运转类"
    SPECIFIC_OWN = "特定目标类本级支出"
    SPECIFIC_TRANSFER = "特定目标类上级转移支出"


class ProjectDetail(Schema):
    content: Text = Field(title="项目内容")
    basis: Text | None = Field(None, title="测算依据及说明")
    local_amount: Amount | None = Field(None, title="本级财政拨款金额")
    transfer_amount: Amount | None = Field(None, title="上级转移支付金额")
    other_amount: Amount | None = Field(None, title="其他资金")


class AssetPlanRow(Schema):
    item: str = Field(examples=["执法记录仪"], title="品名")
    quantity: Quantity | None = Field(None, title="数量")
    amount: Amount | None = Field(None, title="金额")


class ProjectPerformanceForm(Schema):
    """项目支出绩效目标申报表; the project's amounts and frequency come from `projects`."""

    project: Code = Field(title="项目编码")
    competent_department: str | None = Field(None, title="项目主管部门")
    executing_unit: str | None = Field(None, title="项目执行单位")
    manager: str | None = Field(None, title="项目负责人")
    phone: str | None = Field(None, title="联系电话")
    period: str | None = Field(None, title="项目起止时间（空则为预算年度）")
    kind: ProjectKind | None = Field(None, title="项目类别")
    classification: str | None = Field(
        None, examples=["一般性项目"], title="项目分类（如 重点专项、一般性项目）", max_length=50
    )
    summary: Text | None = Field(None, examples=["派出所办公用房租赁及维修改造"], title="项目概述")
    execution_weight: Quantity | None = Field(
        None, title="预算执行率权重（指标之外另列时填写，常为 10）", ge=0, le=100
    )
    basis: list[Text] = Field(default_factory=list, title="立项依据")
    plan: list[Text] = Field(default_factory=list, title="项目实施方案")
    last_evaluation: list[Text] = Field(default_factory=list, title="上年绩效评价结果、整改及应用")
    budget_history: list[Text] = Field(default_factory=list, title="项目前两年预算及当年预算变动情况")
    details: list[ProjectDetail] = Field(default_factory=list, title="项目支出明细及依据")
    asset_plan: list[AssetPlanRow] = Field(default_factory=list, title="资产配置及采购计划")
    long_term_goal: Text | None = Field(None, title="长期绩效目标")
    annual_goal: Text | None = Field(None, title="年度绩效目标")
    long_term_indicators: list[Indicator] = Field(default_factory=list, title="长期绩效指标")
    annual_indicators: list[Indicator] = Field(default_factory=list, title="年度绩效指标")


class Performance(Schema):
    practice: list[Text] = Field(default_factory=list, title="预算绩效开展情况")
    overall_forms: list[OverallPerformanceForm] = Field(default_factory=list, title="整体绩效目标申报表")
    project_forms: list[ProjectPerformanceForm] = Field(default_factory=list, title="项目绩效目标申报表")
