"""The words of a table heading, where it may break onto a new line (计量|单位, 对附属单位|补助支出).

Chinese is set without spaces and a renderer may break it between any two characters, which
leaves 对附属单位补助支 on one line and a lone 出 on the next. A column heading breaks between its
words or not at all: the words are found by longest match against the vocabulary of budget table
headings below (a district's own headings add theirs by the same rule: a bracketed part, a year, a
run of digits or Latin letters is one word; a character not in the vocabulary is a word alone).
"""

from __future__ import annotations

import re

# The words of budget table headings (longest match: 中小企业 before 中小 + 企业).
_LISTED = """
    单位 代码 编码 名称 科目 功能 经济 分类 部门 预算 支出 收入 合计 小计 总计 金额 数量 单价 计量
    项目 类型 总预算 本年度 本年 上年 年度 当年 资金 来源 性质 采购 品目 类别 政府 购买 服务 内容 是否
    包含 指导 目录 一级 二级 三级 指标 指标值 确定 依据 测算 及 说明 基本 人员 公用 经费 公务 接待费
    用车 购置费 运行费 购置 运行 维护费 因公 出国 一般 公共 政府性 基金 国有 资本 经营 财政 专户 管理
    事业 上缴 上级 附属 补助 其他 拨款 本级 转移 支付 结转 结余 其中 面向 中小 小微 企业 中小企业
    小微企业 品名 绩效 目标 目标表 总目标 整体 长期 预期 实现值 主要 方向 和 用途 情况 申报 申报数 明细
    资产 配置 计划 截止 三公 合计数 变动 增减 比例 上年度 金额合计 预算数
"""
VOCABULARY = frozenset(_LISTED.split())
LONGEST = max(len(word) for word in VOCABULARY)
# Runs that are one word whatever they hold: a bracketed part, figures and Latin letters, quotes.
WHOLE = re.compile(r"（[^（）]*）|\([^()]*\)|“[^“”]*”|[0-9A-Za-z.,%/：:]+年?|[^\S\n]+")
# Headings longer than this are sentences (a form's goal line): they wrap as text does.
HEADING = 14


def words(text: str) -> tuple[str, ...]:
    """`text` as its words, in order, joined they are `text` again; () for text that is not a
    heading (long, or several lines), which breaks wherever it must."""
    if not text or len(text) > HEADING or "\n" in text:
        return ()
    found: list[str] = []
    at = 0
    while at < len(text):
        whole = WHOLE.match(text, at)
        if whole:
            found.append(whole.group(0))
            at = whole.end()
            continue
        for size in range(min(LONGEST, len(text) - at), 0, -1):
            if size == 1 or text[at : at + size] in VOCABULARY:
                found.append(text[at : at + size])
                at += size
                break
    return _joined(found)


def _joined(found: list[str]) -> tuple[str, ...]:
    """A one-character word never stands alone on a line: it goes with the word after it (对附属,
    及运行费), or the last with the word before it (（境）费)."""
    merged: list[str] = []
    carry = ""
    for index, word in enumerate(found):
        if len(word) == 1 and index + 1 < len(found):
            carry += word
        elif len(word) == 1 and merged:
            merged[-1] += carry + word
            carry = ""
        else:
            merged.append(carry + word)
            carry = ""
    if carry:
        merged.append(carry)
    return tuple(merged)
