"""Layout decisions compose makes once for every format: which rows keep with the next."""

from __future__ import annotations

import pytest

from gen.compose.document import Cell, TableRow
from gen.compose.layout import kept_rows

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
