"""Render stage: one renderer per output format behind one small interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from gen.compute.budget import ComputedBudget

if TYPE_CHECKING:
    from gen.compose.document import Document
    from gen.compose.profile import ResolvedProfile


@dataclass
class RenderJob:
    """One input's computed budget and, composed once on first use, its document."""

    computed: ComputedBudget
    profile_name: str
    near: Path | None = None
    """Where the input is: a profile the input names may be a folder next to it."""
    notices: list[str] = field(default_factory=list)
    """Layout remarks a renderer wants the user to see (e.g. WeasyPrint warnings)."""
    pdf_engine: str | None = None
    """typst or weasyprint; None takes the profile's (pdf.engine)."""
    pdf_standard: str | None = None
    """A PDF/A level (a-2b …); None takes the profile's (pdf.standard), if any."""
    _profile: ResolvedProfile | None = field(default=None, repr=False)
    _document: Document | None = field(default=None, repr=False)

    @classmethod
    def composed(
        cls,
        computed: ComputedBudget,
        profile: ResolvedProfile,
        document: Document,
        pdf_engine: str | None = None,
        pdf_standard: str | None = None,
    ) -> RenderJob:
        """A job for a document already composed (and checked for completeness) by the pipeline."""
        return cls(
            computed,
            profile.name,
            pdf_engine=pdf_engine,
            pdf_standard=pdf_standard,
            _profile=profile,
            _document=document,
        )

    @property
    def profile(self) -> ResolvedProfile:
        if self._profile is None:
            from gen.compose.profile import load_profile

            self._profile = load_profile(self.profile_name, self.near)
        return self._profile

    @property
    def document(self) -> Document:
        if self._document is None:
            from gen.compose import compose

            document = compose(self.computed, self.profile)
            refuse_characters(document)
            self._document = document
        return self._document

    @property
    def engine(self) -> str:
        """The PDF engine this job uses: the build's choice, else the profile's."""
        return self.pdf_engine or self.profile.spec.pdf.engine


def refuse_characters(document: object) -> None:
    """Refuse a document whose text holds a character no format can store or a reader would not see.

    The input's text is checked when it is loaded; what else the document says comes from the
    profile (profile.yaml, its templates), which could hold such a character too: a control
    character would stop the DOCX and XLSX writers, a right-to-left override reorder a title.
    """
    from dataclasses import fields, is_dataclass

    from gen.characters import character_message, quoted
    from gen.compose.templating import ProfileTemplateError

    pending: list[object] = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            message = character_message(item)
            if message:
                shown = f"模板生成的文字“{quoted(item)}”{message}"
                raise ProfileTemplateError(f"{shown}（请检查模板和 profile.yaml）")
        elif isinstance(item, list):
            pending.extend(item)
        elif is_dataclass(item) and not isinstance(item, type):
            pending.extend(getattr(item, f.name) for f in fields(item))


class Renderer(Protocol):
    extension: str

    def render(self, job: RenderJob) -> bytes:
        """The whole output file's bytes; lays out what it is given and never computes a figure."""
        ...


class ChosenPdf:
    """PDF by the job's engine: Typst from the document model, or WeasyPrint from the print HTML."""

    extension = "pdf"

    def render(self, job: RenderJob) -> bytes:
        if job.engine == "weasyprint":
            from gen.render.pdf import PdfRenderer

            return PdfRenderer().render(job)
        from gen.render.typeset import TypstRenderer

        return TypstRenderer().render(job)


def renderers() -> dict[str, Renderer]:
    # Imported lazily so that a JSON-only build does not load heavy libraries.
    from gen.render.html import HtmlRenderer
    from gen.render.json_export import JsonRenderer
    from gen.render.word import DocxRenderer
    from gen.render.xlsx import XlsxRenderer

    return {
        "html": HtmlRenderer(),
        "pdf": ChosenPdf(),
        "docx": DocxRenderer(),
        "xlsx": XlsxRenderer(),
        "json": JsonRenderer(),
    }
