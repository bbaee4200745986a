"""PDF: the HTML page with the profile's print stylesheet, laid out by WeasyPrint."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from gen.compose.document import Orientation, Table
from gen.compose.templating import ProfileTemplateError
from gen.render import RenderJob
from gen.render.html import PRINT_STYLESHEET, render_html, settings_css, stylesheet
from gen.render.typeset.source import TABLE_SIZE, pages
from gen.render.widths import print_widths


class _Notices(logging.Handler):
    """Collects what WeasyPrint warns about (unknown CSS, missing fonts) during one build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured_notices() -> Iterator[list[str]]:
    handler = _Notices()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _fetcher(folders: Sequence[Path]) -> Any:
    """A URL fetcher for data: URIs and files inside the profile's own folders, nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [folder.resolve() for folder in folders]

    class ProfileAssets(URLFetcher):  # type: ignore[misc]
        refused: list[str]

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file":
                # resolve() follows symlinks, so a link inside a profile cannot point outside it.
                path = Path(unquote(parts.path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in roots):
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            self.refused.append(url)
            raise ValueError(f"refused: {url}")

    fetcher = ProfileAssets(allowed_protocols=("data", "file"), fail_on_errors=True)
    fetcher.refused = []
    return fetcher


def print_css(job: RenderJob) -> str:
    settings = settings_css(job.profile.spec, paged=True)
    return "\n".join([stylesheet(job), stylesheet(job, PRINT_STYLESHEET), settings])


def column_widths(job: RenderJob) -> Callable[[Table], list[float]]:
    """Each table's measured column widths on the profile's paper and margins (print.css's where
    profile.yaml sets none), in ems of the tables' type as print.css sets it."""
    page = pages(job.profile.spec.page)
    text_ems = {side: page[side].text_width / TABLE_SIZE[side] for side in Orientation}
    return partial(print_widths, text_ems=text_ems)


def render_pdf(job: RenderJob) -> tuple[bytes, list[str]]:
    """The PDF's bytes and WeasyPrint's warnings (a warning usually means a glyph or rule went missing)."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    page = render_html(job, css=print_css(job), media="print", column_widths=column_widths(job))
    fetcher = _fetcher(job.profile.chain)
    base = job.profile.chain[0].resolve().as_uri() + "/"
    with _captured_notices() as notices:
        try:
            document = HTML(string=page, base_url=base, url_fetcher=fetcher, media_type="print")
            standard = job.pdf_standard or job.profile.spec.pdf.standard
            data = document.write_pdf(pdf_variant=f"pdf/{standard}" if standard else None)
        except FatalURLFetchingError:
            refused = "、".join(fetcher.refused) or "外部资源"
            raise ProfileTemplateError(
                f"模板引用了模板文件夹以外的资源，已拒绝：{refused}（PDF 只能使用模板自带的文件）"
            ) from None
    return data, notices


def missing_fonts(names: Sequence[str]) -> list[str]:
    """Which of the named fonts fontconfig does not know (the PDF then embeds the stylesheet's)."""
    import shutil
    import subprocess

    if not names or shutil.which("fc-list") is None:
        return []
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    known = {family.strip() for line in listed.splitlines() for family in line.split(",")}
    return [name for name in names if name not in known]


class PdfRenderer:
    extension = "pdf"

    def render(self, job: RenderJob) -> bytes:
        data, notices = render_pdf(job)
        job.notices.extend(f"PDF 排版提示：{message}" for message in notices)
        fonts = job.profile.spec.fonts
        named = sorted({f for f in (fonts.title, fonts.heading, fonts.body, fonts.table) if f})
        job.notices.extend(
            f"PDF：本机没有字体“{name}”，PDF 中改用样式表的字体（Word 版仍写明“{name}”）"
            for name in missing_fonts(named)
        )
        return data
