"""Load stage: an input file → plain data plus where each value came from."""

from __future__ import annotations

from pathlib import Path

from gen.errors import UsageError
from gen.load.source import SourceDoc
from gen.load.yaml_source import load_yaml

__all__ = ["SourceDoc", "load_source"]


def load_source(path: Path) -> SourceDoc:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_yaml(path)
    if suffix in (".xlsx", ".xlsm"):
        from gen.load.xlsx_source import load_xlsx

        return load_xlsx(path)
    raise UsageError(f"{path}：不支持的输入格式“{suffix or '无扩展名'}”，请使用 .yaml 或 .xlsx 文件")
