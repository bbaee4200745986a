"""Render stage: one renderer per output format behind one small interface."""

from __future__ import annotations

from typing import Protocol

from gen.compute.budget import ComputedBudget


class Renderer(Protocol):
    extension: str

    def render(self, computed: ComputedBudget) -> bytes:
        """The whole output file's bytes; never computes a figure itself."""
        ...


def renderers() -> dict[str, Renderer]:
    # Imported lazily so that a JSON-only build does not load heavy libraries.
    from gen.render.json_export import JsonRenderer

    return {"json": JsonRenderer()}
