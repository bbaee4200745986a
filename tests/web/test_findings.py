"""The findings table and the reasons list, as the pages show them (no server needed)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gen.findings import Finding, Location, Severity
from gen.web.workbench.findings import rows, workbook_place


def test_a_finding_becomes_a_row_with_its_places_and_amounts() -> None:
    finding = Finding(
        "BAL-001",
        Severity.ERROR,
        "收支不平衡",
        (
            Location("预算.xlsx", None, "income", "收入!A2"),
            Location("预算.yaml", 12, "expenditure.functional"),
            Location("上年.yaml", 3, "meta.year"),
        ),
        expected=Decimal("89052.55"),
        actual=Decimal("89052.56"),
        hint="请核对",
    )
    [row] = rows([finding.as_dict()], "预算.xlsx")
    assert (row.is_error, row.severity, row.rule, row.message, row.hint) == (
        True,
        "错误",
        "BAL-001",
        "收支不平衡",
        "请核对",
    )
    # The upload is named by its cell or line; another file by its name too.
    assert [(p.where, p.field) for p in row.places] == [
        ("收入!A2", "income"),
        ("预算.yaml 第 12 行", "expenditure.functional"),
        ("上年.yaml 第 3 行", "meta.year"),
    ]
    assert (row.expected, row.actual, row.difference) == ("89,052.55", "89,052.56", "+0.01")


def test_a_warning_without_amounts_leaves_them_blank() -> None:
    finding = Finding(
        "REF-004", Severity.WARNING, "名称不一致", (Location("a.yaml", 5, "procurement[1].project"),)
    )
    [row] = rows([finding.as_dict()], "a.yaml")
    assert not row.is_error and row.severity == "警告"
    assert (row.expected, row.actual, row.difference) == ("", "", "")
    assert row.places[0].where == "第 5 行"


@pytest.mark.parametrize(
    ("field", "place"),
    [
        ("narrative.change_reason", "基本信息：文字说明 › 收支总预算变动原因（补充说明）"),
        ('narrative.change_reasons.function."204"', "各功能分类科目的变动原因：编码 204"),
        ("three_public.reception.reason", "基本信息：“三公”经费 › 公务接待费 › 变动原因"),
        ("no.such.field", ""),
    ],
)
def test_a_reason_field_is_found_in_the_workbook(field: str, place: str) -> None:
    assert workbook_place(field) == place
