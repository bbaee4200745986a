"""Classification code lists (功能分类 / 经济分类), keyed by edition year."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

CODELIST_DIR = Path(__file__).parent / "codelists"
FUNCTION_LEVELS = {3: "类", 5: "款", 7: "项"}
ECONOMIC_LEVELS = {3: "类", 5: "款"}


@dataclass(frozen=True)
class CodeList:
    """Names by code for one classification of one edition."""

    kind: str
    edition: int
    names: dict[str, str] = field(default_factory=dict)

    def name(self, code: str) -> str | None:
        return self.names.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self.names

    def extended(self, extra: dict[str, str]) -> CodeList:
        return CodeList(self.kind, self.edition, {**self.names, **extra})


def available_editions() -> list[int]:
    return sorted(int(p.name) for p in CODELIST_DIR.iterdir() if p.is_dir() and p.name.isdigit())


def nearest_edition(edition: int) -> int:
    """The shipped edition to use for `edition`: itself, else the latest before it (lists change little)."""
    editions = available_editions()
    earlier = [e for e in editions if e <= edition]
    return edition if edition in editions else max(earlier, default=min(editions, default=edition))


@cache
def load_codelist(kind: str, edition: int) -> CodeList:
    """The shipped list; an edition we do not ship gives an empty list (every code then warns)."""
    path = CODELIST_DIR / str(edition) / f"{kind}.yaml"
    if not path.exists():
        return CodeList(kind, edition)
    # libyaml (ruamel.yaml.clib) reads a list about 5 times faster than the pure-Python parser; both
    # read every shipped list the same (tests/test_national.py), and without the C parser ruamel
    # falls back to the pure one.
    data = YAML(typ="safe", pure=False).load(path.read_text(encoding="utf-8"))
    return CodeList(kind, edition, {str(k): str(v) for k, v in data["codes"].items()})


def normalize_name(name: str) -> str:
    """Compare names ignoring width of brackets and spaces: 维修(护)费 == 维修（护）费."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def function_level(code: str) -> str | None:
    return FUNCTION_LEVELS.get(len(code)) if code.isdigit() else None


def economic_level(code: str) -> str | None:
    return ECONOMIC_LEVELS.get(len(code)) if code.isdigit() else None


def function_ancestors(code: str) -> list[str]:
    """Parent codes from 类 down, excluding the code itself: 2040201 -> [204, 20402]."""
    return [code[:n] for n in (3, 5) if n < len(code)]


def economic_ancestors(code: str) -> list[str]:
    return [code[:3]] if len(code) > 3 else []
