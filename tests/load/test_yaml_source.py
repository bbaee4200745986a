"""The YAML loader: exact decimals, line numbers, and Chinese messages for broken files."""

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


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        ("", "文件为空", None),
        ("a: 1\na: 2\n", "键重复", 2),
        ("a: b: c\n", "此处不能出现", 1),
        ("a:\n\t- 1\n", "Tab", 2),
        ("- 1\n- 2\n", "顶层应为键值结构", 1),
        ("a: !!python/object/apply:os.system [ls]\n", "不支持的 YAML 标签", 1),
        ("a: !custom 1\n", "不支持的 YAML 标签", 1),
        ("a: [1, 2\n", "YAML 格式错误", 2),
        ("名称: 测试\n".encode("gbk"), "GBK", 1),
        (b"\x00\x01\x02binary", "不是文本文件", None),
    ],
)
def test_broken_files(tmp_path: Path, content: bytes | str, message: str, line: int | None) -> None:
    with pytest.raises(InputError) as caught:
        _load(tmp_path, content)
    [finding] = caught.value.findings
    assert message in finding.message
    assert finding.locations[0].line == line


def test_bom_is_accepted(tmp_path: Path) -> None:
    assert _load(tmp_path, "\ufeffa: 1\n").data == {"a": 1}  # type: ignore[attr-defined]
