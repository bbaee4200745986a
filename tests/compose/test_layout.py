"""Layout decisions compose makes once for every format: which rows keep with the next, where a
heading breaks, which sections open a page."""

from __future__ import annotations

import pytest

from gen.compose.document import Cell, Document, Paragraph, Part, Section, Table, TableRow, TitlePage
from gen.compose.layout import arrange, kept_rows

D, T, C, S = "detail", "total", "class", "section"


@pytest.mark.parametrize(
    ("roles", "kept"),
    [
        ([D], [False]),
        ([D, D], [True, False]),
        ([D, D, D], [True, True, False]),
        # First two rows together, last two together, the middle free to break.
        ([D, D, D, D, D], [True, False, False, True, False]),
        # A total at the bottom: the last two rows above it and the total end a page together.
        ([D, D, D, D, D, T], [True, False, False, True, True, False]),
        # A total at the top, and 类/款 rows heading their rows, keep with what follows.
        ([T, C, S, D, D, D, C, S, D, D], [True, True, True, False, False, False, True, True, True, False]),
        ([T, D], [True, False]),
        # 类 and 款 only (the basic-spending table): a 款 does not keep with the next 款.
        ([T, C, S, S, S, C, S, S, S], [True, True, False, False, False, True, False, True, False]),
    ],
)
def test_rows_keep_with_the_next(roles: list[str], kept: list[bool]) -> None:
    rows = kept_rows([TableRow([Cell("x")], role) for role in roles])
    assert [row.keep_with_next for row in rows] == kept


@pytest.mark.parametrize(
    ("heading", "words"),
    [
        ("计量单位", ("计量", "单位")),
        ("对附属单位补助支出", ("对附属", "单位", "补助", "支出")),
        ("单价（万元）", ("单价", "（万元）")),
        ("上缴上级支出", ("上缴", "上级", "支出")),
        ("因公出国（境）费", ("因公", "出国", "（境）费")),
        ("2023年预算申报数", ("2023年", "预算", "申报数")),
        ("合计", ("合计",)),
        ("项", ("项",)),
        # A sentence (a form's goal line) wraps as text does.
        ("年度目标1：将防风险、保稳定作为首要责任，强化措施", ()),
    ],
)
def test_a_heading_is_its_words(heading: str, words: tuple[str, ...]) -> None:
    from gen.compose.words import words as split

    assert split(heading) == words
    assert "".join(split(heading)) in (heading, "")


def _table(name: str) -> Table:
    return Table(name, name, [[Cell("项目", is_label=True)]], [])


def _document(*parts: Part) -> Document:
    return arrange(Document("测试", "测试局", "zh-CN", TitlePage("测试"), list(parts)))


def test_a_tables_heading_opens_a_page_but_not_right_under_a_heading() -> None:
    first, second = (
        Section("a", "一、", "甲表", 1, [_table("甲表")]),
        Section("b", "二、", "乙表", 1, [_table("乙表")]),
    )
    inner = Section("c", "（一）", "丙表", 2, [_table("丙表")])
    grouped = Section("g", "三、", "分组", 1, children=[inner])  # a heading with nothing of its own
    after_text = Section("d", "（一）", "丁表", 2, [_table("丁表")])
    explained = Section("e", "四、", "说明", 1, [Paragraph("说明文字。")], children=[after_text])
    _document(Part("p", "第一部分", "表", [first, second, grouped, explained]))
    assert [s.new_page for s in (first, second, grouped, inner, explained, after_text)] == [
        False,  # right under the part's heading
        True,
        False,  # a text heading
        False,  # right under its parent's heading: the heading would be left alone at a page's foot
        False,
        True,  # after its parent's text
    ]


def test_a_section_the_profile_puts_on_a_page_of_its_own() -> None:
    items = [Section(f"i{n}", f"{n}、", "项目", 1, [Paragraph("概述。")], new_page=True) for n in "一二三"]
    part = Part("p", "第一部分", "项目", items, blocks=[Paragraph("引言。")])
    _document(part)
    # The part's own text stands between its heading and the first item, which therefore opens a page.
    assert [s.new_page for s in items] == [True, True, True]
    bare = [Section(f"j{n}", f"{n}、", "项目", 1, [Paragraph("概述。")], new_page=True) for n in "一二"]
    _document(Part("q", "第二部分", "项目", bare))
    assert [s.new_page for s in bare] == [False, True]
