"""docs/模板变量参考.md, generated from the code: every variable narrative templates see, every attribute
of every view they reach, and every filter. `python -m gen.compose.context_reference` rewrites it; tests
keep it in sync with template_context, with the views' attributes and with the filters, so a
template writer never has to read Python to learn what a template may use.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from gen.compose.context import Amount, ProjectItem, UnitItem
from gen.compute.budget import (
    ClassFigure,
    Figures,
    ProcurementFigures,
    Split,
    StaffingFigures,
    ThreePublicFigures,
)
from gen.compute.lines import FundFigures, Line
from gen.compute.yoy import Change
from gen.markdown import document, rewrite, row

TARGET = Path(__file__).resolve().parents[2] / "docs" / "模板变量参考.md"

# name: (type shown, what it is). A type in TYPES links to its attributes below.
VARIABLES: dict[str, tuple[str, str]] = {
    "year": ("整数", "预算年度（2023）"),
    "prior_year": ("整数", "上年（有上年文件时为其年度，否则为预算年度减 1）"),
    "unit": ("文字", "正文金额单位（profile.yaml 的 text.unit，默认同输入文件）：写在 `|amount` 之后"),
    "dept": ("输入", "部门（`meta.department`：`name` 全称、`short_name` 简称、`code` 编码）"),
    "dept_name": ("文字", "部门简称（没有简称时为全称）"),
    "meta": (
        "输入",
        "输入文件的基本信息（`meta`：`region` 地区、`phone` 公开咨询电话、`contact_person` 联系人、"
        "`contact_details` 联系方式 ……）",
    ),
    "b": (
        "输入",
        "整个输入文件（字段见[输入参考](输入参考.md)），如 `b.overview.functions`、`b.three_public.scope`",
    ),
    "n": ("输入", "输入文件的文字说明（`narrative`：变动原因、用途等，字段见[输入参考](输入参考.md)）"),
    "f": ("Figures", "全部计算结果（合计、分类、与上年比较）"),
    "tp": ("ThreePublicFigures", "“三公”经费（同 `f.three_public`）"),
    "funds": (
        "按资金来源的 FundFigures",
        "各资金来源的支出：`funds.general` 一般公共预算、`funds.gov_fund` 政府性基金预算、"
        "`funds.state_capital` 国有资本经营预算、`funds.special_account`、`funds.public_institution`、"
        "`funds.institution_operating`、`funds.superior_grant`、`funds.subsidiary_remit`、`funds.other`",
    ),
    "units": ("输入列表", "预算单位（`units`：每个有 `code`、`name`、`short_name`、`kind`）"),
    "unit_names": ("文字列表", "各预算单位的简称（没有简称时为全称）"),
    "income_lines": (
        "列表",
        "有数的各项收入：每项 `label` 名称（income_labels）、`source` 收入来源、`amount` 金额、"
        "`share` 占收入合计的百分比",
    ),
    "appropriation_income": ("列表", "有数的各项财政拨款收入：每项 `label`、`amount`"),
    "appropriation_classes": ("列表", "财政拨款支出中有数的各功能分类（类）：每项 `code`、`name`、`amount`"),
    "spending_kinds": ("文字列表", "本部门有的支出种类（基本支出、项目支出……，labels.spending_type 的说法）"),
    "general_drivers": (
        "列表",
        "一般公共预算变动的主要构成（基本、项目支出的变动，按变动额从大到小）：每项 `label`、"
        "`change`（Change）；只有全部支出都是一般公共预算时才有",
    ),
    "procurement_lines": (
        "列表",
        "政府采购中有数的各类别：每项 `name`（货物、服务、工程）、`amount`、`usage` 内容说明",
    ),
    "gov_fund_total": ("金额", "政府性基金预算支出（同 `funds.gov_fund.total.current`）"),
    "state_capital_total": ("金额", "国有资本经营预算支出（同 `funds.state_capital.total.current`）"),
    "glossary": ("字典", "名词解释：名词 → 解释（profile.yaml 的 glossary）"),
    "item": ("ProjectItem 或 UnitItem", "逐项重复的节（each:）中的当前项目或单位；其他节中不能用"),
}

# Each view's attributes: what it is, in the words of the document.
ATTRIBUTES: dict[type, tuple[str, dict[str, str]]] = {
    Change: (
        "一个数与上年比较。上年未知时 `prior`、`delta`、`percent`、`direction` 是“未知”："
        "只能用 `is none` 判断，直接使用会报 DOC-001（macros.j2 的 `m.change` 已这样写）",
        {
            "current": "本年数",
            "prior": "上年数",
            "delta": "增减额（本年减上年，可为负；印出时用 `|amount` 取绝对值）",
            "percent": "增减幅度（百分数，上年为 0 时为空值）",
            "direction": "“增加”“减少”或“持平”",
            "known": "上年数是否已知（是/否）",
        },
    ),
    Figures: (
        "全部计算结果（`f`）。输入没有提供的部分是“未知”，使用时报 DOC-001 并指出要填的字段",
        {
            "total": "收支总预算（Change）",
            "income_total": "收入合计（不含上年结转）",
            "carryover_total": "上年结转结余合计",
            "income_by_source": "按收入来源的收入（键为“一般公共预算”等）",
            "basic": "基本支出（Change）",
            "personnel": "人员经费（Change）",
            "public": "公用经费（Change）",
            "project": "项目支出（Change）",
            "basic_share": "基本支出占支出合计的百分比",
            "project_share": "项目支出占支出合计的百分比",
            "appropriation": "财政拨款支出（Change）",
            "general": "一般公共预算拨款支出（Change）",
            "general_split": "一般公共预算的基本、项目支出（Split）",
            "function_classes": "各功能分类（类）的支出（ClassFigure 列表）",
            "general_function_classes": "一般公共预算各功能分类（类）（ClassFigure 列表）",
            "basic_economic_classes": "一般公共预算基本支出各经济分类（类）（ClassFigure 列表）",
            "functions": "全部支出的每个功能分类科目，类、款、项依次（Line 列表）",
            "general_functions": "一般公共预算支出的每个功能分类科目，类、款、项（Line 列表）",
            "basic_economic": "一般公共预算基本支出的每个经济分类科目，类、款（Line 列表）",
            "fund_totals": "按资金来源的支出（键为“一般公共预算”等）",
            "funds": "各资金来源的支出及与上年比较（同变量 `funds`）",
            "operating_costs": "机关运行经费（Change）",
            "procurement": "政府采购（ProcurementFigures）",
            "purchased_services": "政府购买服务合计",
            "three_public": "“三公”经费（ThreePublicFigures，同变量 `tp`）",
            "staffing": "人员（StaffingFigures）",
        },
    ),
    Line: (
        "一个科目（功能分类的类、款、项，或经济分类的类、款）。上年文件揭示到这一级时有上年数，"
        "上年有这一级而没有这个科目时上年数为 0；没有揭示到这一级时上年数未知",
        {
            "code": "科目编码",
            "name": "科目名称",
            "level": "“类”“款”或“项”",
            "names": "从类到本科目的名称（如 公共安全支出、公安、行政运行），可写 "
            "`{% for x in l.names %}{{ x }}（{{ ['类','款','项'][loop.index0] }}）{% endfor %}`",
            "change": "金额与上年比较（Change）",
            "amount": "本年金额（同 `change.current`）",
        },
    ),
    FundFigures: (
        "一种资金来源的支出（`funds.gov_fund` 等），与上年比较。两年都按人员经费、公用经费、"
        "项目支出填写时才有基本、项目支出的上年数",
        {
            "total": "支出合计（Change）",
            "lines": "各功能分类科目，类、款、项（Line 列表）",
            "classes": "各功能分类（类）（Line 列表）",
            "basic": "基本支出（Change）",
            "personnel": "人员经费（Change）",
            "public": "公用经费（Change）",
            "project": "项目支出（Change）",
        },
    ),
    ClassFigure: (
        "一个“类”（功能分类或经济分类）",
        {"code": "编码", "name": "名称", "amount": "本年金额", "change": "与上年比较（Change）"},
    ),
    Split: (
        "基本支出与项目支出（`f.general_split`）",
        {
            "total": "合计",
            "basic": "基本支出",
            "personnel": "人员经费",
            "public": "公用经费",
            "project": "项目支出",
            "basic_share": "基本支出占合计的百分比",
            "project_share": "项目支出占合计的百分比",
        },
    ),
    ThreePublicFigures: (
        "“三公”经费（`tp`），每项为 Change；输入没有写的项是“未知”",
        {
            "abroad": "因公出国（境）费",
            "reception": "公务接待费",
            "vehicle_purchase": "公务用车购置费",
            "vehicle_operation": "公务用车运行维护费",
            "vehicle": "公务用车购置及运行维护费",
            "total": "合计",
        },
    ),
    ProcurementFigures: (
        "政府采购（`f.procurement`）",
        {
            "total": "合计",
            "by_category": "按类别（货物、服务、工程）",
            "sme": "其中面向中小企业",
            "micro": "其中面向小微企业",
        },
    ),
    StaffingFigures: (
        "人员（`f.staffing`），输入没有写的是“未知”",
        {"authorized": "编制数", "in_service": "在职实有人数", "retired": "离退休人数"},
    ),
    ProjectItem: (
        "逐项重复的节（`each: projects` 或 `each: project_forms`）中的一个项目（`item`）",
        {
            "code": "项目编码",
            "name": "项目名称",
            "unit": "项目单位编码",
            "unit_name": "项目单位名称（单位表中的全称）",
            "group": "项目级次（labels.project_group 的说法，如“本级支出项目”）",
            "category": "项目类别（经常性、一次性、延续性）",
            "function_code": "功能分类科目编码",
            "function_name": "功能分类科目名称",
            "total_budget": "项目总预算（未填为空值，先用 `is not none` 判断）",
            "amount": "本年预算（Change；上年同编码项目的预算，上年文件没有项目表时未知）",
            "sources": "本年预算中有数的资金来源（Amount 列表，名称取 labels.project_source）",
            "purpose": "主要支出方向和用途（`projects[].purpose`）",
            "overview": "项目概述（`projects[].overview`；没写时取其申报表的 `summary`）",
            "form": "该项目的绩效目标申报表（`performance.project_forms` 中的一张：`basis` 立项依据、"
            "`period` 起止时间、`executing_unit` 执行单位、`annual_goal` 年度目标、"
            "`annual_indicators` 指标……）；没有申报表时为空值，输入没有申报表部分时未知",
            "number": "在本节各项中的序号（1、2……）",
            "path": "该项目在输入文件中的位置",
        },
    ),
    UnitItem: (
        "逐项重复的节（`each: units`）中的一个预算单位（`item`）",
        {
            "code": "单位编码",
            "name": "单位名称",
            "short_name": "单位简称（没有简称时为全称）",
            "kind": "单位性质（行政、参公、事业、企业）",
            "total": "支出合计（Change；输入没有分单位支出时未知）",
            "basic": "基本支出（Change）",
            "personnel": "人员经费（Change）",
            "public": "公用经费（Change）",
            "project": "项目支出（Change）",
            "projects": "本单位的项目（ProjectItem 列表）",
            "number": "在本节各项中的序号（1、2……）",
        },
    ),
    Amount: ("有名称的金额", {"label": "名称", "key": "键", "amount": "金额"}),
}

FILTERS: dict[str, str] = {
    "amount": "金额：换算为正文单位（text.unit），按 text.decimals 四舍五入，千分位，取绝对值："
    "`{{ f.total.current|amount }}{{ unit }}`",
    "number": "数量、面积等非金额的数，原样带千分位：`{{ b.assets.building_area|number }}平方米`",
    "pct": "百分数，两位小数：`{{ f.basic_share|pct }}` → 67.29%",
    "trend": "变动的说法：增长、下降或持平：`{{ f.total|trend }}`",
    "joined": "用顿号连接：`{{ unit_names|joined }}`；`joined('、', '及')` 最后一项前用“及”",
    "lead": "有内容时前后加字：`{{ n.change_reason|lead('，') }}`",
    "date_cn": "日期：2022年11月19日",
    "item": "列举序号（numbering.item）：`{{ loop.index|item }}` → 1、",
    "sub": "二级标题序号（numbering.subsection）：`{{ loop.index|sub }}` → （一）",
    "count": "数目的中文写法：2 → 两，3 → 三",
    "sum": "相加（只能加数目，不能加金额：金额的合计都已算好）",
}


def attributes(view: type) -> set[str]:
    """What a template can read of a view: its fields and properties (not methods, not _private)."""
    names = {f.name for f in dataclasses.fields(view)} if dataclasses.is_dataclass(view) else set()
    names |= {name for name, value in vars(view).items() if isinstance(value, property)}
    return {name for name in names if not name.startswith("_")}


def text() -> str:
    parts = [
        "# 模板变量参考",
        "",
        "本文件由 `python -m gen.compose.context_reference` 从程序生成，与程序一致（有测试核对）。",
        "说明文字模板（narrative.j2）和 profile.yaml 中的标题能用的",
        "全部变量、每个变量的字段和全部过滤器都在这里；写法见[模板指南](模板指南.md)第四节，",
        "输入文件的字段见[输入参考](输入参考.md)。",
        "",
        "金额都是输入文件单位的精确数，印出时用 `|amount` 换算为正文单位并四舍五入；",
        "模板中不能对金额做加减乘除（合计、差额、占比都已算好），否则生成时报错。",
        "输入没有提供的数是“未知”：只能用 `is none` 判断，其他任何用法都使该节报 DOC-001，",
        "并指出要在输入文件中填写的字段。",
        "",
        "## 变量",
        "",
        "| 变量 | 类型 | 说明 |",
        "|---|---|---|",
        *(row([f"`{name}`", kind, what]) for name, (kind, what) in VARIABLES.items()),
        "",
        "## 各类型的字段",
        "",
    ]
    for view, (what, fields) in ATTRIBUTES.items():
        parts += [f"### {view.__name__}", "", what, "", "| 字段 | 说明 |", "|---|---|"]
        parts += [row([f"`{name}`", meaning]) for name, meaning in fields.items()]
        parts.append("")
    parts += [
        "## 过滤器",
        "",
        "| 过滤器 | 说明 |",
        "|---|---|",
        *(row([f"`{name}`", what]) for name, what in FILTERS.items()),
        "",
        "另有 Jinja 自带的过滤器（`length`、`selectattr`、`rejectattr`、`map`、`list`、`first`、`last` 等）",
        "和判断 `is none`（数未知或字段未填时为真）。",
    ]
    return document(parts)


if __name__ == "__main__":
    rewrite(TARGET, text)
