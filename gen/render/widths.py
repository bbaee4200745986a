"""Table column widths shared by the paged renderers (DOCX, XLSX, PDF): measured text and weighted sharing."""

from __future__ import annotations

import re
from collections.abc import Mapping

from gen.compose.document import Orientation, Table
from gen.compose.grid import Placed, place

# Runs a table cell must not break: figures, codes, Latin words and the punctuation inside them.
UNBREAKABLE = re.compile(r"[\x21-\x7e，、．。％]+")


def ems(text: str) -> float:
    """Printed width in ems: Latin characters are about half as wide as CJK ones."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def weights_of(widths: list[float], count: int) -> list[float]:
    """The profile's relative column widths, or equal shares when it gives none (or the wrong number)."""
    return widths if len(widths) == count else [1.0] * count


def shared(
    weights: list[float], need: list[float], total: float, want: list[float] | None = None
) -> list[float]:
    """Widths sharing `total` by weight, like a browser's automatic table layout.

    No column is below its need; while another column could use the room, none is above its want.
    When the needs alone exceed `total` the widths are the needs (the caller scales or overflows).
    """
    count = len(weights)
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(count) if i not in fixed]
        room = total - sum(fixed.values())
        share = sum(weights[i] for i in free)
        widths = {i: room * weights[i] / share for i in free} if share else {}
        narrow = {i: need[i] for i in free if widths[i] < need[i]}
        roomy = {i: want[i] for i in free if want is not None and widths[i] > want[i]}
        if narrow and len(narrow) < len(free):
            fixed.update(narrow)
        elif not narrow and roomy and len(roomy) < len(free):
            fixed.update(roomy)
        else:
            widths.update(fixed)
            return [max(widths[i], need[i]) for i in range(count)]


def measured(
    table: Table, placed: list[list[Placed]], total: float, em: float, padding: float
) -> list[float]:
    """Widths sharing `total` like a browser's automatic table layout, guided by the profile's weights.

    A column is at least as wide as its longest amount, code or heading word (none of them wraps
    inside) and, while another column could use the room, no wider than its longest line. `em` and a
    cell's `padding` are in the unit of `total`; when the amounts and codes alone need more than
    `total`, their needs are scaled down.
    """
    count = table.column_count
    need = [padding + em] * count
    want = list(need)
    for line in placed:
        for p in line:
            if p.cell is None or p.colspan != 1:
                continue
            tokens = [ems(t) for t in [*UNBREAKABLE.findall(p.cell.text), *p.cell.words]] or [0.0]
            longest = max((ems(part) for part in p.cell.text.split("\n")), default=0.0)
            need[p.column] = max(need[p.column], padding + max(tokens) * em)
            want[p.column] = max(want[p.column], padding + longest * em)
    if sum(need) >= total:
        return [n * total / sum(need) for n in need]
    return shared(weights_of(table.widths, count), need, total, None if table.widths_exact else want)


# A WeasyPrint table cell's padding in ems of its type; Noto's figures are a little wider than half
# an em, and bold text wider still.
PRINT_PADDING = 1.2
FIGURE_MARGIN = 1.15


def print_widths(table: Table, text_ems: Mapping[Orientation, float]) -> list[float]:
    """Column widths in ems for the WeasyPrint PDF's fixed table layout, measured once per table;
    `text_ems` is the text width of each orientation's page in ems of its tables' type.

    WeasyPrint's automatic layout measures every cell of a table again on each page it continues
    on, which makes a long table's cost grow with the square of its length.
    """
    return measured(table, place(table), text_ems[table.orientation], FIGURE_MARGIN, PRINT_PADDING)
