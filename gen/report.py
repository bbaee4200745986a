"""The check report, as a budget officer reads it in a terminal."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.text import Text

from gen.findings import Finding
from models.amount import money


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
