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
    _profile: ResolvedProfile | None = field(default=None, repr=False)
    _document: Document | None = field(default=None, repr=False)

    @classmethod
    def composed(cls, computed: ComputedBudget, profile: ResolvedProfile, document: Document) -> RenderJob:
        """A job for a document already composed (and checked for completeness) by the pipeline."""
        return cls(computed, profile.name, _profile=profile, _document=document)

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

            self._document = compose(self.computed, self.profile)
        return self._document


class Renderer(Protocol):
    extension: str

    def render(self, job: RenderJob) -> bytes:
        """The whole output file's bytes; lays out what it is given and never computes a figure."""
        ...


def renderers() -> dict[str, Renderer]:
    # Imported lazily so that a JSON-only build does not load heavy libraries.
    from gen.render.html import HtmlRenderer
    from gen.render.json_export import JsonRenderer
    from gen.render.pdf import PdfRenderer
    from gen.render.word import DocxRenderer
    from gen.render.xlsx import XlsxRenderer

    return {
        "html": HtmlRenderer(),
        "pdf": PdfRenderer(),
        "docx": DocxRenderer(),
        "xlsx": XlsxRenderer(),
        "json": JsonRenderer(),
    }
