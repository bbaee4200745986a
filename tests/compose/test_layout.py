"""Which sections open a page: answered once in compose, for every format."""

from __future__ import annotations

from gen.compose.document import Cell, Document, Paragraph, Part, Section, Table, TitlePage
from gen.compose.layout import arrange


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
