"""docs/表格参考.md, generated from the code: every fact set and dimension, every table setting, the
table kinds national declares, and the form language with every field a form can print.
`python -m gen.compose.table_reference` rewrites it; a test keeps it in sync, so the reference never
says what the code does not do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gen.compose.formfields import FORM_FIELDS, INCOME_KEYS, FormField
from gen.compose.formspec import (
    FormCell,
    FormGrid,
    FormKind,
    FormRow,
    FundingRows,
    IndicatorColumn,
    IndicatorGrid,
)
from gen.compose.profile import Profile, SectionSpec, load_profile
from gen.compose.tablespec import ColumnSpec, Measure, RowSpec, SideSpec, TableKind
from gen.compute.facts import CATEGORY_KEYS, FACT_SETS, FUND_KEYS
from gen.markdown import document, rewrite

TARGET = Path(__file__).resolve().parents[2] / "docs" / "表格参考.md"
TABLE_SETTINGS = ("unit", "decimals", "unit_label", "caption", "notes", "empty_note", "orientation",
                  "columns", "code_style", "rows")  # fmt: skip


def _fields(model: type[BaseModel], only: tuple[str, ...] = ()) -> list[str]:
    lines = ["| 设置 | 说明 |", "|---|---|"]
    for name, info in model.model_fields.items():
        if only and name not in only:
            continue
        lines.append(f"| `{name}` | {info.title or ''} |")
    return lines


LEVEL_TEXT = {
    "function": "（类 3 位、款 5 位、项 7 位，按前缀汇总）",
    "economic": "（类 3 位、款 5 位，按前缀汇总）",
}
# What each enum key means, in the input's own words.
MEANINGS: dict[str, str] = {
    **{key: fund.value for fund, key in FUND_KEYS.items()},
    "carryover": "上年结转（结余）",
    "current": "本年资金",
    "personnel": "人员经费",
    "public": "公用经费",
    "project": "项目支出",
    "remit_upper": "上缴上级支出",
    "subsidiary_grant": "对附属单位补助支出",
    **{key: category.value for category, key in CATEGORY_KEYS.items()},
    "own": "本级支出项目",
    "transfer": "对下转移支付项目",
    "carry_general": "财政拨款结转结余-一般公共预算",
    "carry_gov_fund": "财政拨款结转结余-政府性基金预算",
    "carry_state_capital": "财政拨款结转结余-国有资本经营预算",
    "unit_funds": "单位资金",
    "abroad": "因公出国（境）费",
    "reception": "公务接待费",
    "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费",
}


# A key that means something else in another dimension (事业单位经营 income, or spending).
BY_DIMENSION = {"type": {"institution_operating": "事业单位经营支出"}}


def _keys(values: tuple[str, ...] | None, dimension: str) -> str:
    if values is None:
        return f"编码{LEVEL_TEXT.get(dimension, '')}"
    meanings = {**MEANINGS, **BY_DIMENSION.get(dimension, {})}
    return "、".join(f"`{v}` {meanings[v]}" if v in meanings else f"`{v}`" for v in values)


def _header(column: ColumnSpec) -> str:
    return " / ".join(column.header) if isinstance(column.header, list) else column.header


def _kind(name: str, kind: TableKind) -> list[str]:
    lines = [f"### `{name}`", "", kind.description or "", ""]
    if kind.sides:
        for side in kind.sides:
            columns = "、".join(_header(c) for c in side.columns)
            lines.append(f"- {side.header}栏：{columns}")
        lines.append("")
        return lines
    lines += ["| 列 `columns:` | 表头 | 默认列出 |", "|---|---|---|"]
    for column in kind.columns:
        key = column.key or _header(column)
        lines.append(f"| `{key}` | {_header(column)} | {'是' if column.default else '否'} |")
    lines.append("")
    return lines


def text() -> str:
    national = load_profile("national").spec
    parts: list[Any] = [
        "# 表格参考",
        "",
        "本文件由 `python -m gen.compose.table_reference` 从程序生成，与程序一致（有测试核对）；",
        "写法和例子见 [模板指南](模板指南.md) 的“自己声明表格”。",
        "",
        "## 事实集：表格里的数从哪里来",
        "",
        "预算文件中的每个金额都是一条“事实”，带着它所属的编码和分类键。表格的列（度量）取某个事实集，",
        "按维度筛选后相加；行按某个维度展开。维度的键是编码或下列英文键，名称由模板的 `labels` 给出。",
        "",
    ]
    for name, info in FACT_SETS.items():
        parts += [f"### `{name}`", "", info.title, "", "| 维度 | 键 |", "|---|---|"]
        parts += [f"| `{dim}` | {_keys(values, dim)} |" for dim, values in info.dimensions.items()]
        parts += ["", f"数：{'、'.join(f'`{v}`' for v in info.values)}"]
        if info.texts:
            parts += ["", f"文字（文字列 `show:` 可用）：{'、'.join(f'`{t}`' for t in info.texts)}"]
        parts.append("")
    parts += [
        "## 表格种类（`table_kinds:`）的设置",
        "",
        "其他键是对全表的筛选，写成 `维度: 键`（如 `fund: general`）。",
        "",
        *_fields(TableKind),
        "",
        "### 列（`columns:` 中的每一项）",
        "",
        *_fields(ColumnSpec),
        "",
        "### 行（`rows:`、两栏表的 `rows:` 和 `totals:` 中的每一项）",
        "",
        "其他键是对这一行（或展开的各行）的筛选，写成 `维度: 键`。",
        "",
        *_fields(RowSpec),
        "",
        "### 两栏式表的一栏（`sides:` 中的每一项）",
        "",
        *_fields(SideSpec),
        "",
        "### 度量（列的 `value:`、行的 `value:`、`measures:` 中的每一项）",
        "",
        "其他键是筛选，写成 `维度: 键` 或 `维度: [键, 键]`。",
        "",
        *_fields(Measure),
        "",
        "## 每张表在标题中的设置（带 `table:` 的标题）",
        "",
        *_fields(SectionSpec, TABLE_SETTINGS),
        "",
        "## national 声明的表格种类",
        "",
        "各地模板继承这些种类，可按名称改写其中的设置（`table_kinds:` 与上级按名称合并，列表整体替换），",
        "或声明新的种类。",
        "",
    ]
    for name, kind in national.table_kinds.items():
        parts += _kind(name, kind)
    parts += _forms(national)
    return document(parts)


INDICATOR_KEYS = {
    "level1": "一级指标（相同的相邻各行合并）",
    "level2": "二级指标（同上）",
    "level3": "三级指标",
    "value": "指标值，连同指标性质和计量单位（≥250人）",
    "nature": "指标性质：≥ ＞ ＝ ≤ ＜ 或 定性（没写则从指标值读出）",
    "unit": "计量单位（没写则从指标值读出）",
    "target": "指标值的数（250；区间写 97-100），定性指标为原文",
    "history": "以前年度各年的值和当年值（各占一列，表头两行）；没有以前年度值时同 value",
    "basis": "指标值确定依据",
    "weight": "权重",
    "core": "是否核心指标（写法见 core_words）",
}


def _field_rows(fields: dict[str, FormField]) -> list[str]:
    lines = ["| 字段 | 内容 | 类型 |", "|---|---|---|"]
    kinds = {"text": "文字", "lines": "多行", "money": "金额", "number": "数", "list": "列表",
             "indicators": "指标列表"}  # fmt: skip
    for name, found in fields.items():
        lines.append(f"| `{name}` | {found.title} | {kinds[found.kind]} |")
        lines += [
            f"| `{name}` 的每项：`{item}` | {inner.title} | {kinds[inner.kind]} |"
            for item, inner in found.items.items()
        ]
    return lines


def _forms(national: Profile) -> list[str]:
    parts = [
        "## 绩效目标申报表（`form_kinds:`）",
        "",
        "一种申报表对输入中的每一张表（每个单位、每个项目）印一份，由自上而下的几张分表（`grids:`）组成。",
        "分表的格或是标签（`label:`，表头样式），或是字段（`field:`，取下面的字段），或是固定文字（`text:`）；",
        "行可以对列表字段逐项展开（`each:`），或只在某字段有内容时印（`when:`）。",
        "文字中的 `{字段}` 换成字段的值，`{unit}` 是金额单位。",
        "`grids:` 与上级按 `id` 合并（同 `parts:`），其他设置按名称合并。",
        "",
        *_fields(FormKind),
        "",
        "### 分表（`grids:` 中的每一项）",
        "",
        *_fields(FormGrid),
        "",
        "### 行（`header:`、`rows:`、`total:`）",
        "",
        *_fields(FormRow),
        "",
        "### 格（`cells:` 中的每一项，`header:` 的每一行也是格的列表）",
        "",
        *_fields(FormCell),
        "",
        "### 整体申报表的收支构成（行的 `funding:`）",
        "",
        f"收入构成的行：{'、'.join(f'`{k}` {_INCOME_WORDS[k]}' for k in INCOME_KEYS)}；",
        "支出构成按输入的 `breakdown` 分为 `personnel`、`operating`、`specific`（或 `basic`、`project`）。",
        "",
        *_fields(FundingRows),
        "",
        "### 指标表（分表的 `indicators:`）",
        "",
        *_fields(IndicatorGrid),
        "",
        "列（`columns:`、`indicator_columns:` 中的每一项）：",
        "",
        *_fields(IndicatorColumn),
        "",
        "| 列的内容 `key:` | 印出 |",
        "|---|---|",
        *(f"| `{key}` | {meaning} |" for key, meaning in INDICATOR_KEYS.items()),
        "",
    ]
    for each, title in (("overall_forms", "整体绩效目标申报表"), ("project_forms", "项目支出绩效目标申报表")):
        parts += [f"### {title}（`each: {each}`）的字段", "", *_field_rows(FORM_FIELDS[each]), ""]
    parts += [
        "### national 声明的申报表种类",
        "",
        "national 的申报表是多数省份的格式：指标性质、计量单位、指标值各占一列，预算执行率单列一行；",
        "wuhan 改写为湖北省的格式。national 的文档结构不印申报表，在 `parts:` 中加一节即可印出。",
        "",
    ]
    for name, kind in national.form_kinds.items():
        grids = "、".join(f"`{g.id}`" for g in kind.grids if g.id)
        columns = "、".join(c.header for c in kind.indicator_columns)
        parts += [f"- `{name}`（{kind.each}）：分表 {grids}；指标表的列 {columns}"]
    return parts


_INCOME_WORDS = {
    "appropriation": "财政拨款",
    "special_account": "财政专户管理资金",
    "unit_funds": "单位资金",
    "carryover": "上年结转",
}


if __name__ == "__main__":
    rewrite(TARGET, text)
