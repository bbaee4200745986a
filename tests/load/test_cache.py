"""A parsed YAML file is kept by its bytes, as JSON, and used only for those very bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from gen.load.cache import cached
from gen.load.source import SourceDoc
from gen.load.yaml_source import load_yaml
from tests.conftest import ROOT

NATIONAL = ROOT / "templates" / "national" / "profile.yaml"


def test_a_cached_parse_is_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETDOC_CACHE", str(tmp_path / "cache"))
    calls: list[Path] = []

    def counted(path: Path) -> SourceDoc:
        calls.append(path)
        return load_yaml(path)

    fresh = load_yaml(NATIONAL)
    first, second = cached(NATIONAL, counted), cached(NATIONAL, counted)
    assert calls == [NATIONAL]  # parsed once
    for source in (first, second):
        assert (source.data, source.lines) == (fresh.data, fresh.lines)
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".json"]


def test_changed_bytes_are_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETDOC_CACHE", str(tmp_path / "cache"))
    profile = tmp_path / "profile.yaml"
    profile.write_text("name: a\ntitle: 甲\n", encoding="utf-8")
    assert cached(profile, load_yaml).data["title"] == "甲"
    profile.write_text("name: a\ntitle: 乙\n", encoding="utf-8")
    assert cached(profile, load_yaml).data["title"] == "乙"


def test_an_unwritable_cache_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("BUDGETDOC_CACHE", str(blocker / "cache"))  # a folder inside a file
    assert cached(NATIONAL, load_yaml).data["name"] == "national"
