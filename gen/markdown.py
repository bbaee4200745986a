"""The references in docs/ that are generated from the code (表格参考, 模板变量参考, 输入参考): their
Markdown, and the `python -m …` entry that rewrites one (a test compares each with its generator)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path


def cell(text: str) -> str:
    """A Markdown table cell: a | (as in `|amount`) would end the cell."""
    return text.replace("|", "\\|")


def row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def document(lines: Sequence[str]) -> str:
    return "\n".join(lines).rstrip() + "\n"


def rewrite(target: Path, text: Callable[[], str]) -> None:
    """Write the reference `text` makes to `target` (the module's `python -m` entry)."""
    target.write_text(text(), encoding="utf-8")
    print(f"wrote {target}")
