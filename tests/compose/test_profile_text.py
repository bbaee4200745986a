"""The words every shipped profile prints, checked as a proofreader would.

Chinese text takes full-width punctuation between Chinese characters — 出国（境）费, not 出国(境)费 —
and no spaces around figures — 从2020年1月1日起, not 从 2020 年 1 月 1 日 起 (a space there is
extraction noise in the reference, not typesetting). Checked in every string of each profile.yaml
and in the literal text of its templates (what Jinja tags print is the data's, checked elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

# The shipped profiles and the guide's example district profiles (shili, forms).
PROFILES = [
    *sorted((ROOT / "templates").glob("*/profile.yaml")),
    *sorted((ROOT / "docs" / "example").glob("*/profile.yaml")),
]
CJK = r"[\u3400-\u9fff“”‘’（）《》、，。：；！？]"
PROBLEMS = {
    "半角标点夹在汉字之间": re.compile(rf"(?<={CJK})[()\[\],;:!?](?={CJK})"),
    "数字两侧有空格": re.compile(rf"(?<={CJK}) +(?=\d)|(?<=\d) +(?={CJK})"),
}
# Jinja statements, expressions and comments: their text is code, not words printed.
TAGS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, f"{path}.{key}")
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _template_text(path: Path) -> Iterator[tuple[str, str]]:
    # A tag becomes a line break, so that text on either side of it is never read as adjacent.
    text = TAGS.sub("\n", path.read_text(encoding="utf-8"))
    for number, line in enumerate(text.splitlines(), start=1):
        yield f"{path.name}:{number}", line


def _texts(profile: Path) -> Iterator[tuple[str, str]]:
    data = YAML(typ="safe").load(profile.read_text(encoding="utf-8"))
    yield from _strings(data, profile.parent.name)
    for template in sorted(profile.parent.glob("**/*.j2")):
        yield from _template_text(template)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.parent.name)
def test_shipped_profile_text_has_full_width_punctuation_and_no_spaces_around_figures(profile: Path) -> None:
    found = [
        f"{where}：{problem}：…{text[max(m.start() - 8, 0) : m.end() + 8]}…"
        for where, text in _texts(profile)
        for problem, pattern in PROBLEMS.items()
        for m in pattern.finditer(text)
    ]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("因公出国(境)费", "半角标点夹在汉字之间"),
        ("购置支出(含车辆购置税、牌照费)及", "半角标点夹在汉字之间"),
        ("财政部从 2020 年 1 月 1 日起", "数字两侧有空格"),
        ("因公出国（境）费", None),
        ("财政部从2020年1月1日起", None),
        ("单位：万元 (元)", None),
    ],
)
def test_the_check_finds_what_it_is_for(text: str, problem: str | None) -> None:
    found = [name for name, pattern in PROBLEMS.items() if pattern.search(text)]
    assert found == ([problem] if problem else [])
