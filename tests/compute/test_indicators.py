"""Indicator values read as operator, number and unit, and rows grouped into the 一级/二级 tree."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gen.compute.indicators import IndicatorValueError, indicator_tree, parse_value, scattered
from models.performance import Indicator

# written, printed, operator, number, unit, upper
QUANTITIES = [
    ("≥97%", "≥97%", "≥", "97", "%", None),
    ("23046.15平方米", "23046.15平方米", None, "23046.15", "平方米", None),
    ("≤24 小时", "≤24小时", "≤", "24", "小时", None),
    ("前 2 名", "前2名", "≤", "2", "名", None),
    ("＝100%", "=100%", "=", "100", "%", None),
    ("<39876起", "<39876起", "<", "39876", "起", None),
    (">0.5%", ">0.5%", ">", "0.5", "%", None),
    ("≥1500 m ²", "≥1500m²", "≥", "1500", "m²", None),
    ("≥2次/周", "≥2次/周", "≥", "2", "次/周", None),
    ("≥55万起", "≥55万起", "≥", "55", "万起", None),
    ("0次", "0次", None, "0", "次", None),
    ("97%-100%", "97%-100%", None, "97", "%", "100"),
    ("97-100%", "97-100%", None, "97", "%", "100"),
    ("不低于95%", "不低于95%", "≥", "95", "%", None),
    (">=90%", ">=90%", "≥", "90", "%", None),
    ("９７％", "97%", None, "97", "%", None),
    ("1,500台", "1,500台", None, "1500", "台", None),
    ("26", "26", None, "26", "", None),
]


@pytest.mark.parametrize(("written", "printed", "operator", "number", "unit", "upper"), QUANTITIES)
def test_quantitative_values(
    written: str, printed: str, operator: str | None, number: str, unit: str, upper: str | None
) -> None:
    value = parse_value(written)
    assert value.quantitative
    assert (value.text, value.operator, value.number, value.unit) == (
        printed,
        operator,
        Decimal(number),
        unit,
    )
    assert value.upper == (Decimal(upper) if upper else None)
    assert value.rank == written.startswith("前")


@pytest.mark.parametrize("written", ["达标", "逐步减少", "有所改善", "≤规定时间", "达到预期目标", " 下降 "])
def test_qualitative_values_are_kept_as_written(written: str) -> None:
    value = parse_value(written)
    assert not value.quantitative
    assert (value.text, value.operator, value.unit) == (written.strip(), None, "")


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "为空"),
        ("   ", "为空"),
        ("≥", "只有运算符"),
        ("≥9 7%", "数字中间有空格"),
        ("≥abc1", "读不出数值"),
        ("约97%左右2", "读不出数值"),
        ("≥97%≤99%", "读不出数值"),
        ("97%-100次", "单位不同"),
        ("1.2.3", "读不出数值"),
    ],
)
def test_malformed_values_say_why(written: str, reason: str) -> None:
    with pytest.raises(IndicatorValueError, match=reason):
        parse_value(written)


def _rows(*levels: tuple[str, str]) -> list[Indicator]:
    return [Indicator(level1=a, level2=b, level3=f"指标{i}", value="达标") for i, (a, b) in enumerate(levels)]


def test_tree_groups_consecutive_rows_with_spans() -> None:
    rows = _rows(
        ("产出", "数量"), ("产出", "数量"), ("产出", "质量"), ("效益", "社会"), ("满意度", "服务对象")
    )
    tree = indicator_tree(rows)
    assert [(b.name, b.span, [(c.name, len(c.indicators)) for c in b.children]) for b in tree] == [
        ("产出", 3, [("数量", 2), ("质量", 1)]),
        ("效益", 1, [("社会", 1)]),
        ("满意度", 1, [("服务对象", 1)]),
    ]
    assert scattered(rows) == []


@pytest.mark.parametrize(
    ("levels", "found"),
    [
        ((("产出", "数量"), ("效益", "社会"), ("产出", "质量")), [2]),
        ((("产出", "数量"), ("产出", "质量"), ("产出", "数量")), [2]),
        ((("产出", "数量"), ("效益", "数量")), []),
    ],
)
def test_scattered_rows_are_found(levels: tuple[tuple[str, str], ...], found: list[int]) -> None:
    assert scattered(_rows(*levels)) == found
