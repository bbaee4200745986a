"""PDF laid out by Typst from the document model: tagged for screen readers (PDF/UA-1), PDF/A on request.

The document is written as Typst source (gen/render/typeset/source.py) and compiled in-process with
the compiler inside the `typst` wheel. It compiles in an empty temporary folder as its root, so the
document can read no file of the machine (only fonts, from the system's font folders), and it never
imports a package, so it never reaches the network.
"""

from __future__ import annotations

import re
import tempfile
from functools import cache
from typing import TYPE_CHECKING

from gen.compose.document import Document, Paragraph, Table
from gen.errors import RenderError
from gen.render import RenderJob
from gen.render.typeset.source import FONT_FALLBACKS, typst_source

if TYPE_CHECKING:
    import typst

UNIVERSAL_ACCESS = "ua-1"
# Files of the WeasyPrint route: a district that styles its print with them needs that engine.
PRINT_STYLING = ("pdf/print.css", "html/document.html.j2", "html/macros.html.j2", "html/style.css")
_UNKNOWN_FONT = re.compile(r"unknown font famil(?:y|ies): (.+)")
# PDF/UA and PDF/A need a glyph for every character: Typst refuses text no font can show.
_NO_GLYPH = re.compile(r"the text `\"(.*?)\"` could not be displayed")
_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}")


@cache
def system_fonts() -> typst.Fonts:
    """The machine's fonts, searched once per process (about 0.05 s)."""
    import typst

    return typst.Fonts(include_system_fonts=True, include_embedded_fonts=False)


def standards(job: RenderJob) -> list[str]:
    """Always PDF/UA-1; and the PDF/A level the build or the profile asks for."""
    chosen = job.pdf_standard or job.profile.spec.pdf.standard
    return [UNIVERSAL_ACCESS, chosen] if chosen else [UNIVERSAL_ACCESS]


def render_typst(job: RenderJob) -> tuple[bytes, list[str]]:
    """The PDF's bytes and what the user should know about it (missing fonts, ignored stylesheets)."""
    import typst

    chosen = standards(job)
    source = typst_source(job.document, job.profile.spec, dated=len(chosen) > 1).encode("utf-8")
    notices: list[str] = []
    with tempfile.TemporaryDirectory(prefix="budgetdoc-pdf-") as root:
        compiler = typst.Compiler(
            root=root, font_paths=system_fonts(), package_path=root, package_cache_path=root
        )
        try:
            data, warnings = compiler.compile_with_warnings(source, format="pdf", pdf_standards=chosen)  # type: ignore[arg-type]
        except typst.TypstError as error:
            missing = _NO_GLYPH.search(str(error.message))
            if not missing:
                raise  # a defect of this renderer: the source it wrote does not compile
            text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), missing.group(1))
            where = _found_in(job.document, text)
            if len(chosen) > 1:
                raise RenderError(
                    f"PDF/A 要求每个字都有字形，本机字体没有{_shown(text)}（{where}）："
                    "请改用常用字，或不用 PDF/A（--pdf-standard）"
                ) from None
            # Still tagged; only the claim of conformance is dropped.
            data, warnings = compiler.compile_with_warnings(source, format="pdf")
            notices.append(
                f"PDF：本机字体没有{_shown(text)}（{where}），PDF 中显示为空白方框，"
                "因此本 PDF 不声明 PDF/UA-1（仍带无障碍标签）"
            )
    assert isinstance(data, bytes)
    return data, notices + _notices(job, [w.message for w in warnings])


def _shown(text: str) -> str:
    codes = "、".join(f"U+{ord(ch):04X}" for ch in text)
    return f"文中的“{text}”（{codes}）"


def _found_in(document: Document, text: str) -> str:
    """Where in the document `text` first appears: the heading it is under, or the title."""
    if text in document.title or any(text in line for line in document.title_page.lines):
        return "封面"
    for part in document.parts:
        for heading, blocks in [(part.heading, part.blocks)] + [
            (s.heading, s.blocks) for top in part.sections for s in top.walk()
        ]:
            if heading and text in heading:
                return f"标题“{heading}”"
            for block in blocks:
                if isinstance(block, Paragraph) and text in block.text:
                    return f"“{heading}”的正文"
                if isinstance(block, Table) and text in _table_text(block):
                    return f"“{heading}”下的表格“{block.bookmark}”"
    return "文中"


def _table_text(table: Table) -> str:
    rows = [*table.header, *(row.cells for row in table.rows)]
    words = [table.title, table.subtitle, table.unit_label, *table.notes, table.empty_note or ""]
    return "\n".join(words + [cell.text for cells in rows for cell in cells])


def _notices(job: RenderJob, warnings: list[str]) -> list[str]:
    notices = []
    fonts = job.profile.spec.fonts
    # Each named font and the open font its role falls back to (a font named for two roles: the first).
    fallbacks: dict[str, tuple[str, str]] = {}
    for role, fallback in FONT_FALLBACKS.items():
        name = getattr(fonts, role)
        if name:
            fallbacks.setdefault(name.lower(), (name, fallback))
    for message in dict.fromkeys(warnings):
        unknown = _UNKNOWN_FONT.match(message)
        if unknown:
            for family in unknown.group(1).split(", "):
                name, fallback = fallbacks.get(
                    family.strip().lower(), (family.strip(), FONT_FALLBACKS["body"])
                )
                notices.append(f"PDF：本机没有字体“{name}”，PDF 中改用 {fallback}（Word 版仍写明“{name}”）")
        else:
            notices.append(f"PDF 排版提示：{message}")
    # The base profile's own print files describe what this renderer draws; a district's describe more.
    styled = [
        f"{folder.name}/{name}"
        for folder in job.profile.chain[:-1]
        for name in PRINT_STYLING
        if (folder / name).is_file()
    ]
    if styled:
        notices.append(
            f"PDF：本 PDF 按 profile.yaml 的设置排版，没有用 {'、'.join(styled)}"
            "（它们用于网页和 WeasyPrint 排版）；要让 PDF 也按它们排版，"
            "在 profile.yaml 写 pdf: {engine: weasyprint}，或用 --pdf-engine weasyprint"
        )
    return notices


class TypstRenderer:
    extension = "pdf"

    def render(self, job: RenderJob) -> bytes:
        data, notices = render_typst(job)
        job.notices.extend(notices)
        return data
