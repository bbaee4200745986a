"""Loaded input data with the location of every value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gen.findings import Location, format_path

Path_ = tuple[str | int, ...]


@dataclass
class SourceDoc:
    """Plain data (dicts, lists, scalars) and a map from field path to line."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    display: str = ""
    """How messages name the file; defaults to its file name."""
    cells: dict[Path_, str] = field(default_factory=dict)
    """For a workbook: 工作表!单元格 of each value (and of each row, at its first cell)."""

    @property
    def display_name(self) -> str:
        return self.display or self.path.name

    def locate(self, path: Path_) -> Location:
        """The location of `path`, or of its nearest ancestor present in the file."""
        probe = tuple(path)
        while True:
            if probe in self.cells:
                return Location(self.display_name, None, format_path(tuple(path)), self.cells[probe])
            if probe in self.lines:
                return Location(self.display_name, self.lines[probe], format_path(tuple(path)))
            if not probe:
                return Location(self.display_name, None, format_path(tuple(path)))
            probe = probe[:-1]
