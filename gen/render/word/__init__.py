"""DOCX: the document laid out in Word on the profile's reference .docx (its styles and page set-up)."""

from __future__ import annotations

import io

from gen.render import RenderJob
from gen.render.package import repacked


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
    Writer(word, job.document, landscape).write()

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

    buffer = io.BytesIO()
    word.save(buffer)
    return repacked(buffer.getvalue())


class DocxRenderer:
    extension = "docx"

    def render(self, job: RenderJob) -> bytes:
        return render_docx(job)
