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
    ],
)
def test_rows_keep_with_the_next(roles: list[str], kept: list[bool]) -> None:
    rows = kept_rows([TableRow([Cell("x")], role) for role in roles])
    assert [row.keep_with_next for row in rows] == kept
