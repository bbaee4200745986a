"""A department's 补充科目 file (meta.extra_codes): `codes: {编码: 名称}`, read as carefully as an input."""

from __future__ import annotations

from gen.errors import InputError
from gen.findings import Finding, Severity
from gen.load.limits import text_problems
from gen.load.references import resolve
from gen.load.source import SourceDoc
from gen.load.yaml_source import load_yaml

_SHAPE = '应为“codes:”下每行一个“编码: 名称”，例如  codes:\n  "2040299": 其他公安支出'


def extra_codes(source: SourceDoc, name: str) -> dict[str, str]:
    """The codes and names of the file `name` refers to, next to the input; problems located in it."""
    path = resolve(source, "extra_codes", name)
    if path.suffix.lower() not in (".yaml", ".yml"):
        where = source.locate(("meta", "extra_codes"))
        message = f"补充科目文件“{name}”应为 .yaml 文件"
        raise InputError([Finding("LOAD", Severity.ERROR, message, (where,))])
    extra = load_yaml(path)
    codes = extra.data.get("codes") if isinstance(extra.data, dict) else None
    if not isinstance(codes, dict):
        where = extra.locate(("codes",))
        raise InputError([Finding("LOAD", Severity.ERROR, f"补充科目文件格式有误：{_SHAPE}", (where,))])
    problems = [
        Finding("LOAD", Severity.ERROR, f"补充科目：{message}", (extra.locate(path_),))
        for path_, message in text_problems(codes, ("codes",))
    ]
    for code, title in codes.items():
        if not isinstance(title, str) or not title.strip():
            where = extra.locate(("codes", code))
            problems.append(Finding("LOAD", Severity.ERROR, f"补充科目“{code}”应写名称", (where,)))
    if problems:
        raise InputError(problems)
    return {str(code).strip(): str(title).strip() for code, title in codes.items()}
