"""The terminal format: a summary table, then one table per section (rich, no colour, fixed width)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from gen.compose.numbers import amount_text
from gen.compute.diff import Diff, Section
from gen.render.diff import limits, lines, signed, signed_percent, title

WIDTH = 120


def _table(section: Section, diff: Diff) -> Table:
    table = Table(title=section.title, title_justify="left", show_lines=False, expand=False)
    coded = section.id != "summary"
    if coded:
        table.add_column(section.key_label)
    # A long name wraps onto more lines rather than losing its end to an ellipsis.
    table.add_column("名称" if coded else section.key_label, overflow="fold")
    for label in (f"{diff.prior_year}年", f"{diff.year}年", "增减额", "增减幅度"):
        table.add_column(label, justify="right")
    table.add_column("状态")
    table.add_column("说明", overflow="fold")
    for line in lines(section, diff):
        table.add_row(
            *([line.code or ""] if coded else []),
            line.name,
            amount_text(line.prior),
            amount_text(line.current),
            signed(line.delta),
            signed_percent(line.percent),
            line.status.value,
            line.remark,
        )
    return table


def write_text(diff: Diff) -> bytes:
    buffer = io.StringIO()
    # Names and reasons come from the inputs: no [markup] or :emoji: codes, printed as written.
    console = Console(
        file=buffer,
        width=WIDTH,
        no_color=True,
        highlight=False,
        force_terminal=False,
        markup=False,
        emoji=False,
    )
    console.print(f"{title(diff)}（单位：{diff.unit}）")
    for section in [diff.summary, *diff.sections]:
        console.print()
        if section.note:
            console.print(f"{section.title}：{section.note}")
            continue
        console.print(_table(section, diff))
    unexplained = diff.unexplained()
    console.print()
    if unexplained:
        console.print(f"需说明变动原因：{len(unexplained)} 项（{limits(diff)}，输入中没有原因）")
        for section, item in unexplained:
            console.print(
                f"  {section.title} {item.name}：{signed(item.change.delta)}，"
                f"原因写在输入文件的 {item.reason_field}"
            )
    else:
        console.print(f"达到说明标准（{limits(diff)}）的变动都已写明原因。")
    return buffer.getvalue().encode("utf-8")
