"""DOCX: the document laid out in Word on the profile's reference .docx (its styles and page set-up)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from gen.render import RenderJob
from gen.render.package import repacked

if TYPE_CHECKING:
    from docx.document import Document as WordDocument


def render_docx(job: RenderJob) -> bytes:
    from docx.oxml.ns import qn

    from gen.render.word.fields import element
    from gen.render.word.reference import open_reference
    from gen.render.word.settings import apply_fonts, apply_page
    from gen.render.word.writer import Writer

    word = open_reference(job.profile)
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    landscape = apply_page(word, job.profile.spec)
    apply_fonts(word, job.profile.spec)
    writer = Writer(word, job.document, landscape)
    writer.write()

    doc = job.document
    properties = word.core_properties
    properties.title = doc.title
    properties.author = doc.author
    properties.language = doc.language
    properties.last_modified_by = "budgetdoc"
    # Word then refreshes the 目录's page numbers and the page count when the file is opened.
    settings = word.settings.element
    if settings.find(qn("w:updateFields")) is None:
        settings.insert(0, element("w:updateFields", val="true"))

    return _with_page_numbers(job, word, writer.page_refs)


def _saved(word: WordDocument) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)
    return repacked(buffer.getvalue())


def _with_page_numbers(job: RenderJob, word: WordDocument, refs: list[tuple[str, Any]]) -> bytes:
    """The document with each 目录 entry's page number, as LibreOffice lays the pages out.

    It is laid out with placeholder numbers as wide as the real ones will be, so that writing them
    in moves nothing; with more than 99 pages, once more with wider placeholders.
    """
    from gen.render.word.pages import bookmark_pages
    from gen.render.word.writer import PAGE_PLACEHOLDER

    pages = None
    placeholder = PAGE_PLACEHOLDER
    for _ in range(2):
        for _name, shown in refs:
            _set_text(shown, placeholder)
        pages = bookmark_pages(_saved(word), [name for name, _ in refs]) if refs else None
        widest = len(str(max(pages.values(), default=0))) if pages else 0
        if widest <= len(placeholder):
            break
        placeholder = "0" * widest
    for name, shown in refs:
        _set_text(shown, str(pages[name]) if pages else "")
    if refs and pages is None:
        job.notices.append(
            "Word 版目录：本机没有 LibreOffice（或排版失败），目录未写页码；"
            "在 Word 或 WPS 中打开后右键目录“更新域”即可填上（安装 LibreOffice 后重新生成则自带页码）"
        )
    return _saved(word)


def _set_text(run: Any, text: str) -> None:
    from docx.oxml.ns import qn

    shown = run.find(qn("w:t"))
    if shown is None:
        shown = run.makeelement(qn("w:t"), {})
        shown.set(qn("xml:space"), "preserve")
        run.append(shown)
    shown.text = text


class DocxRenderer:
    extension = "docx"

    def render(self, job: RenderJob) -> bytes:
        return render_docx(job)
