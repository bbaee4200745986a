"""The shipped code lists read the same by libyaml (which budgetdoc uses: faster) as by the pure parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from models.codes import CODELIST_DIR, load_codelist

LISTS = sorted(CODELIST_DIR.glob("*/*.yaml"))


@pytest.mark.parametrize("path", LISTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_list_reads_the_same_with_either_parser(path: Path) -> None:
    pure = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    names = {str(code): str(name) for code, name in pure["codes"].items()}
    loaded = load_codelist(path.stem, int(path.parent.name))
    assert loaded.names == names
    assert all(code.isdigit() for code in loaded.names)


def test_every_edition_has_both_lists() -> None:
    assert len(LISTS) >= 4 and {p.stem for p in LISTS} == {"functional", "economic"}
