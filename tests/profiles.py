"""Writing a profile folder for a test: profile.yaml and any template files."""

from __future__ import annotations

from pathlib import Path


def write_profile(root: Path, name: str, yaml: str, files: dict[str, str] | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "profile.yaml").write_text(yaml, encoding="utf-8")
    for relative, content in (files or {}).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return folder
