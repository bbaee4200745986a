from __future__ import annotations

from decimal import Decimal

import pytest

from gen.compose.numbers import amount_text, chinese_number, count_text, number_text, numbered, percent_text


@pytest.mark.parametrize(
    ("value", "trim", "blank_zero", "expected"),
    [
        ("89052.55", False, False, "89,052.55"),
        ("72643", False, False, "72,643.00"),
        ("72643", True, False, "72,643"),
        ("555.20", True, False, "555.2"),
        ("10741.80", True, False, "10,741.8"),
        ("0", False, True, ""),
        ("0", True, False, "0"),
        ("0.004", False, True, ""),
        ("0.005", False, False, "0.01"),
        ("2.675", False, False, "2.68"),
        ("-14294.74", False, False, "-14,294.74"),
        ("1234567.891", False, False, "1,234,567.89"),
    ],
)
def test_amount_text(value: str, trim: bool, blank_zero: bool, expected: str) -> None:
    assert amount_text(Decimal(value), trim=trim, blank_zero=blank_zero) == expected


def test_amount_text_of_none_is_blank() -> None:
    assert amount_text(None) == ""


@pytest.mark.parametrize(
    ("value", "trim", "expected"),
    [
        ("67.29211", False, "67.29%"),
        ("32.70789", False, "32.71%"),
        ("100", False, "100.00%"),
        ("100", True, "100%"),
        ("13.8315", True, "13.83%"),
        ("8.2405", True, "8.24%"),
        ("32.5", True, "32.5%"),
    ],
)
def test_percent_text(value: str, trim: bool, expected: str) -> None:
    assert percent_text(Decimal(value), trim=trim) == expected


@pytest.mark.parametrize(
    ("n", "nian", "expected"),
    [
        (1, False, "一"),
        (10, False, "十"),
        (11, False, "十一"),
        (20, False, "二十"),
        (21, False, "二十一"),
        (21, True, "廿一"),
        (20, True, "二十"),
        (25, True, "廿五"),
        (30, True, "三十"),
        (100, False, "一百"),
        (105, False, "一百零五"),
        (110, False, "一百一十"),
    ],
)
def test_chinese_number(n: int, nian: bool, expected: str) -> None:
    assert chinese_number(n, nian=nian) == expected


@pytest.mark.parametrize(
    ("pattern", "n", "expected"),
    [
        ("第{cn}部分", 5, "第五部分"),
        ("{cn}、", 12, "十二、"),
        ("（{cn}）", 3, "（三）"),
        ("{n}、", 10, "10、"),
        ("{cn_nian}、", 23, "廿三、"),
        ("表{n}", 7, "表7"),
    ],
)
def test_numbered(pattern: str, n: int, expected: str) -> None:
    assert numbered(pattern, n) == expected


def test_counts_and_plain_numbers() -> None:
    assert count_text(2) == "两"
    assert count_text(3) == "三"
    assert number_text(Decimal("14100")) == "14,100"
    assert number_text(Decimal("0.60")) == "0.60"
