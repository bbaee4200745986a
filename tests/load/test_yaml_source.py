"""The YAML loader: exact decimals and line numbers (broken files: tests/corpus)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gen.errors import InputError
from gen.load import load_source


def _load(tmp_path: Path, content: bytes | str) -> object:
    path = tmp_path / "input.yaml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return load_source(path)


def test_numbers_are_exact_and_located(tmp_path: Path) -> None:
    source = _load(tmp_path, "a:\n  b: 0.1\n  c:\n    - 89052.55\n    - 0118\n")
    assert source.data == {"a": {"b": Decimal("0.1"), "c": [Decimal("89052.55"), "0118"]}}  # type: ignore[attr-defined]
    assert source.lines[("a", "c", 1)] == 5  # type: ignore[attr-defined]
    assert str(source.locate(("a", "c", 1, "x"))) == "input.yaml:5（a.c[2].x）"  # type: ignore[attr-defined]


def test_a_list_longer_than_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gen.load.yaml_source.MAX_ITEMS", 3)
    with pytest.raises(InputError) as caught:
        _load(tmp_path, "a: 1\nitems:\n  - 1\n  - 2\n  - 3\n  - 4\n")
    [finding] = caught.value.findings
    assert "列表超过 3 项" in finding.message and finding.locations[0].line == 3


def test_bom_is_accepted(tmp_path: Path) -> None:
    assert _load(tmp_path, "\ufeffa: 1\n").data == {"a": 1}  # type: ignore[attr-defined]
