"""TXT-001 flags unfinished prose and nothing an officer would legitimately write."""

from __future__ import annotations

import pytest

from gen.validate.rules.texts import PLACEHOLDER


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("主要用于XX支出", True),
        ("共计××万元", True),
        ("待填写", True),
        ("TODO: 补充原因", True),
        ("原因？？", True),
        ("根据武政办【2019】2号文件", False),
        ("{{ 7*7 }} 按原样打印", False),
        ("XXL 号被装", False),
        ("2023年预算", False),
    ],
)
def test_placeholder(text: str, flagged: bool) -> None:
    assert bool(PLACEHOLDER.search(text)) is flagged
