"""The check report, as a budget officer reads it in a terminal."""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import suppress

from rich.console import Console
from rich.text import Text

from gen.findings import Finding
from models.amount import money


class _Console(Console):
    """Prints text as it is (a file named 预算[v2].yaml is not rich markup) and, when the reader of a
    pipe has gone (`check | head`), stops printing without changing the exit code."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        silence(self.file)


def console(err: bool = False) -> Console:
    return _Console(stderr=err, highlight=False, soft_wrap=True, markup=False)


def silence(stream: object) -> None:
    """Send what is still written to `stream` (whose reader has gone) nowhere."""
    fileno = getattr(stream, "fileno", None)
    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), fileno() if fileno else 1)


def summary_line(name: str, findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    if not findings:
        return f"{name}：检查通过，未发现问题"
    verdict = "不能生成公开文本，请先修正错误" if errors else "可以生成，但请逐条确认警告"
    return f"{name}：{errors} 个错误，{warnings} 个警告 —— {verdict}"


def print_findings(console: Console, findings: Iterable[Finding]) -> None:
    ordered = sorted(findings, key=lambda f: (not f.is_error, f.rule))
    for finding in ordered:
        style = "bold red" if finding.is_error else "yellow"
        head = Text()
        head.append(f"{finding.severity.value} {finding.rule} ", style=style)
        head.append(finding.message)
        console.print(head)
        for location in finding.locations:
            console.print(Text(f"    位置：{location}"))
        if finding.expected is not None and finding.actual is not None:
            difference = finding.difference
            console.print(
                Text(
                    f"    应为 {money(finding.expected)}，实为 {money(finding.actual)}，"
                    f"差额 {'+' if difference and difference > 0 else ''}{money(difference)}"
                )
            )
        if finding.hint:
            console.print(Text(f"    建议：{finding.hint}", style="dim"))
