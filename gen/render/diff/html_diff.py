"""The HTML format: one standalone page (inline CSS, nothing fetched) for reading or sending round."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from gen.compose.numbers import amount_text
from gen.compute.diff import Diff
from gen.render.diff import limits, lines, signed, signed_percent, title

PAGE = "page.html.j2"


def _environment() -> Environment:
    # Our own template; every figure and name in it comes from the inputs, hence autoescape.
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(amount=amount_text, signed=signed, signed_percent=signed_percent)
    return env


def write_html(diff: Diff) -> bytes:
    sections = [
        {"section": section, "lines": lines(section, diff)} for section in [diff.summary, *diff.sections]
    ]
    page = (
        _environment()
        .get_template(PAGE)
        .render(
            diff=diff,
            title=title(diff),
            limits=limits(diff),
            sections=sections,
            unexplained=diff.unexplained(),
        )
    )
    return page.encode("utf-8")
