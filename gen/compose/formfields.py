"""The fields a form kind's cells can print: what each holds, for checking a profile and for the
table reference. `gen.compose.forms` fills exactly these (a test holds the two together).

A field is text, lines (a list of texts), money (an amount computed from the budget), number, or a
list of elements whose own fields a row or grid repeated with `each` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldKind = Literal["text", "lines", "money", "number", "list", "indicators"]


@dataclass(frozen=True)
class FormField:
    kind: FieldKind
    title: str
    items: dict[str, FormField] = field(default_factory=dict)
    """A list's element fields (a row or grid with `each` prints them)."""


def _f(kind: FieldKind, title: str, **items: FormField) -> FormField:
    return FormField(kind, title, items)


_INDICATORS = "指标列表（指标表的 indicators.field）"

OVERALL_FIELDS: dict[str, FormField] = {
    "name": _f("text", "部门或单位名称"),
    "filled_by": _f("text", "填报人"),
    "phone": _f("text", "联系电话"),
    "filled_on": _f("text", "填报日期（meta.filled_on，写成“2022年11月19日”）"),
    "functions": _f("lines", "职能概述（表中没写则用部门主要职能）"),
    "annual_tasks": _f("lines", "年度工作任务"),
    "horizon": _f("text", "长期目标的截止年度，写成“（截止2025年）”"),
    "income_appropriation": _f("money", "本年收入：财政拨款"),
    "income_special_account": _f("money", "本年收入：财政专户管理资金"),
    "income_unit_funds": _f("money", "本年收入：单位资金"),
    "income_carryover": _f("money", "本年收入：上年结转"),
    "income_total": _f("money", "本年收入合计（含上年结转）"),
    "spending_personnel": _f("money", "本年支出：人员类（人员经费）"),
    "spending_operating": _f("money", "本年支出：运转类（公用经费）"),
    "spending_specific": _f("money", "本年支出：特定目标类（项目支出）"),
    "spending_basic": _f("money", "本年支出：基本支出（人员类和运转类）"),
    "spending_project": _f("money", "本年支出：项目支出（同特定目标类）"),
    "spending_total": _f("money", "本年支出合计"),
    "projects": _f(
        "list",
        "本单位（部门）的项目",
        name=_f("text", "项目名称"),
        category=_f("text", "项目类型（经常性、一次性、延续性）"),
        total_budget=_f("money", "项目总预算"),
        this_year=_f("money", "项目本年度预算"),
        purpose=_f("text", "项目主要支出方向和用途"),
    ),
    "projects_total_budget": _f("money", "各项目总预算合计"),
    "projects_this_year": _f("money", "各项目本年度预算合计"),
    "goal_pairs": _f(
        "list",
        "长期目标与年度目标逐对",
        n=_f("number", "序号"),
        long_term=_f("text", "长期目标"),
        annual=_f("text", "年度目标"),
    ),
    "long_term_goals": _f(
        "list",
        "长期目标",
        n=_f("number", "序号"),
        text=_f("text", "目标"),
        indicators=_f("indicators", _INDICATORS),
    ),
    "annual_goals": _f(
        "list",
        "年度目标",
        n=_f("number", "序号"),
        text=_f("text", "目标"),
        indicators=_f("indicators", _INDICATORS),
    ),
    "long_term_goal_texts": _f("lines", "各长期目标"),
    "annual_goal_texts": _f("lines", "各年度目标"),
    "year": _f("number", "预算年度"),
}

PROJECT_FIELDS: dict[str, FormField] = {
    "name": _f("text", "项目名称（项目表中的）"),
    "label": _f("text", "项目名称，项目表中没有时为项目编码（书签用）"),
    "code": _f("text", "项目编码"),
    "unit_name": _f("text", "项目所属单位名称"),
    "department": _f("text", "部门名称"),
    "competent_department": _f("text", "项目主管部门"),
    "executing_unit": _f("text", "项目执行单位"),
    "implementing_unit": _f("text", "实施单位：执行单位，没写则为项目所属单位"),
    "manager": _f("text", "项目负责人"),
    "phone": _f("text", "联系电话"),
    "period": _f("text", "项目起止时间"),
    "kind": _f("text", "项目类别（运转类、特定目标类本级支出、特定目标类上级转移支出）"),
    "category": _f("text", "项目安排频度（项目表的 category：经常性、一次性、延续性）"),
    "classification": _f("text", "项目分类（如 重点专项、一般性项目）"),
    "summary": _f("text", "项目概述"),
    "basis": _f("lines", "立项依据"),
    "plan": _f("lines", "项目实施方案"),
    "last_evaluation": _f("lines", "上年绩效评价结果、整改及应用"),
    "budget_history": _f("lines", "项目前两年预算及当年预算变动情况"),
    "total_budget": _f("money", "项目总预算"),
    "this_year": _f("money", "项目当年预算"),
    "local": _f("money", "财政拨款中本级安排的（财政拨款减上级转移支付）"),
    "transfer": _f("money", "上级转移支付（明细中填的）"),
    "special_account": _f("money", "财政专户管理资金"),
    "other": _f("money", "其他资金（单位资金和上年结转）"),
    "sources": _f(
        "list",
        "项目有金额的各资金来源，按项目表的顺序",
        source=_f("text", "资金来源（general、gov_fund、carry_general、special_account、unit_funds 等）"),
        amount=_f("money", "金额"),
    ),
    "details": _f(
        "list",
        "项目支出明细及依据",
        content=_f("text", "项目内容"),
        basis=_f("text", "测算依据及说明"),
        local_amount=_f("money", "本级财政拨款金额"),
        transfer_amount=_f("money", "上级转移支付金额"),
        other_amount=_f("money", "其他资金"),
    ),
    "details_local": _f("money", "明细的本级财政拨款合计"),
    "details_transfer": _f("money", "明细的上级转移支付合计"),
    "details_other": _f("money", "明细的其他资金合计"),
    "asset_plan": _f(
        "list",
        "资产配置及采购计划",
        item=_f("text", "品名"),
        quantity=_f("number", "数量"),
        amount=_f("money", "金额"),
    ),
    "long_term_goal": _f("text", "长期绩效目标"),
    "annual_goal": _f("text", "年度绩效目标"),
    "long_term_indicators": _f("indicators", "长期绩效指标"),
    "annual_indicators": _f("indicators", "年度绩效指标"),
    "execution_weight": _f("number", "预算执行率的权重（指标之外另列时）"),
    "year": _f("number", "预算年度"),
}

FORM_FIELDS: dict[str, dict[str, FormField]] = {
    "overall_forms": OVERALL_FIELDS,
    "project_forms": PROJECT_FIELDS,
}
INCOME_KEYS = ("appropriation", "special_account", "unit_funds", "carryover")
