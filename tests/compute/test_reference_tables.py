"""Every number of the reference's numeric tables equals the value computed from leaf data."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from gen.compute.rows import DataTable, Row, RowKind
from gen.pipeline import Checked
from tests.reference import is_code, number, section
from tests.reference import text as reference_text

FUNCTION_TABLES = [
    # (title in the reference, computed table, reference column index -> computed column)
    (
        "2023年支出预算总表",
        "expenditure",
        {
            2: "total",
            3: "basic",
            4: "project",
            5: "institution_operating",
            6: "remit_upper",
            7: "subsidiary_grant",
        },
    ),
    (
        "2023年一般公共预算支出表(分功能科目)",
        "general_by_function",
        {2: "total", 3: "basic", 4: "personnel", 5: "public", 6: "project"},
    ),
    ("2023年一般公共预算基本支出表", "general_basic_economic", {2: "total", 3: "personnel", 4: "public"}),
]


def _coded_rows(table: DataTable) -> dict[str | None, Row]:
    return {row.code: row for row in table.rows if row.kind is not RowKind.TOTAL}


@pytest.mark.parametrize(("title", "table_id", "columns"), FUNCTION_TABLES)
def test_classification_tables(jianghan: Checked, title: str, table_id: str, columns: dict[int, str]) -> None:
    table = jianghan.computed.tables[table_id]
    rows = _coded_rows(table)
    checked = 0
    for cells in section(title):
        if cells[1] == "合计":
            target = table.total()
        elif is_code(cells[0]):
            target = rows[cells[0]]
            assert target.name.replace("（", "(").replace("）", ")") == cells[1].replace("（", "(").replace(
                "）", ")"
            )
        else:
            continue
        for index, key in columns.items():
            cell = cells[index] if index < len(cells) else ""
            assert target.value(key) == number(cell), (title, cells[0], key)
            checked += 1
    reference_codes = {cells[0] for cells in section(title) if is_code(cells[0])}
    assert reference_codes == set(rows), "same rows as the reference, no more, no fewer"
    assert checked > 20


def test_unit_table(jianghan: Checked) -> None:
    table = jianghan.computed.tables["general_by_unit"]
    columns = {2: "total", 3: "basic", 4: "personnel", 5: "public", 6: "project"}
    seen = 0
    for cells in section("2023年一般公共预算支出表(分单位)"):
        if cells[1] == "合计":
            row = table.total()
        elif is_code(cells[0]):
            row = table.row(cells[0])
            if row.kind is RowKind.UNIT:
                assert row.name == cells[1]
        else:
            continue
        seen += 1
        for index, key in columns.items():
            assert row.value(key) == number(cells[index]), (cells[0], key)
    assert seen == 4


def _two_sided(cells_rows: list[list[str]]) -> dict[str, Decimal]:
    """Label -> amount for both sides of a 收支总表, labels stripped of their numbering."""
    found: dict[str, Decimal] = {}
    for cells in cells_rows:
        for label_index in (0, 2):
            value = cells[label_index + 1] if label_index + 1 < len(cells) else ""
            if cells[label_index] and re.fullmatch(r"[\d,.]*", value):
                label = cells[label_index].split("、")[-1].split("）")[-1].replace(" ", "")
                found.setdefault(label, number(value))  # first occurrence: 本年 before 上年结转
    return found


def _printed(jianghan: Checked, section_id: str) -> dict[str, Decimal]:
    """Label -> amount of a two-sided table as the wuhan document prints it (both sides)."""
    assert jianghan.document is not None
    table = next(t for t in jianghan.document.tables() if t.id == section_id)
    return _two_sided([[c.text for c in row.cells] for row in table.rows])


def test_summary_table(jianghan: Checked) -> None:
    reference = _two_sided(section("2023年收支预算总表"))
    printed = _printed(jianghan, "t_summary")
    for label in (
        "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入", "财政专户管理资金收入",
        "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入",
        "本年收入合计", "收入总计", "本年支出合计", "支出总计",
    ):  # fmt: skip
        assert printed[label] == reference[label], label
    for name, value in reference.items():
        if name.endswith("支出") and name in printed:
            assert printed[name] == value, name
    classes_with_money = {k for k, v in reference.items() if k.endswith("支出") and v and "合计" not in k}
    assert classes_with_money <= printed.keys()


def test_appropriation_table(jianghan: Checked) -> None:
    reference = _two_sided(section("2023年财政拨款收支预算总表"))
    printed = _printed(jianghan, "t_appropriation")
    assert printed["一般公共预算拨款"] == reference["一般公共预算拨款"]
    assert printed["本年收入"] == reference["本年收入"]
    assert printed["上年结转"] == reference["上年结转"] == 0
    assert printed["本年支出"] == reference["本年支出"]
    assert printed["收入总计"] == reference["收入总计"] == printed["支出总计"]
    for name in ("公共安全支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出"):
        assert printed[name] == reference[name]


def test_three_public_table(jianghan: Checked) -> None:
    cells = next(c for c in section("2023年一般公共预算“三公”经费支出表") if c[0] and c[0][0].isdigit())
    row = jianghan.computed.tables["three_public"].total()
    keys = ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
    assert [row.value(k) for k in keys] == [number(c) for c in cells]


def test_gov_fund_table_is_empty(jianghan: Checked) -> None:
    table = jianghan.computed.tables["gov_fund_by_function"]
    assert [r.kind for r in table.rows] == [RowKind.TOTAL]
    assert table.total().value("total") == 0
    # The reference prints the table empty with this note; an empty computed table lets us do the same.
    assert "2023年政府性基金预算支出表" in reference_text()
    assert "本单位无政府性基金预算安排的支出" in reference_text()


def test_project_table(jianghan: Checked) -> None:
    rows = iter(jianghan.computed.tables["projects"].rows)
    total = next(rows)
    compared = 0
    for cells in section("2023年项目支出预算表"):
        if not cells[0] and cells[3]:
            assert total.value("total") == number(cells[3]) == total.value("general")
            continue
        if not cells[0][:1].isdigit():
            continue
        row = next(rows)
        assert (row.code, row.name) == (cells[0], cells[1])
        if row.kind is RowKind.DETAIL:
            assert row.texts["unit_name"] == cells[2]
        assert row.value("total") == number(cells[3])
        assert row.value("general") == number(cells[4])
        compared += 1
    assert compared == 2 + 2 + 15 + 11 + 1  # department, units+groups, projects


def test_procurement_table(jianghan: Checked) -> None:
    table = jianghan.computed.tables["procurement"]
    rows = [r for r in table.rows if r.kind is RowKind.DETAIL]
    reference = [c for c in section("2023年政府采购预算表") if c[0] in ("118001", "118002")]
    assert len(rows) == len(reference) == 36
    for row, cells in zip(rows, reference, strict=True):
        assert row.texts["unit_code"] == cells[0]
        assert row.texts["project"] == cells[2]
        assert row.texts["item"] == cells[3]
        assert row.value("quantity") == number(cells[8])
        assert row.value("unit_price") == number(cells[9])
        assert row.value("amount") == number(cells[11])
        # The text extraction shifts a lone figure left, so per row only the figures are comparable;
        # which column they sit in is pinned down by the total row below.
        shown = [number(c) for c in cells[12:14] if c]
        assert [v for v in (row.values.get("sme_amount"), row.values.get("micro_amount")) if v] == shown
    total_cells = next(c for c in section("2023年政府采购预算表") if len(c) > 1 and c[1] == "会计")
    total = table.total()  # the reference misprints its label as 会计; ours is the profile's 合计
    assert total.value("amount") == number(total_cells[11]) == Decimal("6636.08")
    assert total.value("sme_amount") == number(total_cells[12])
    assert total.value("micro_amount") == number(total_cells[13])
    # The reference's total row sums unit prices (5,679.80); a total of prices means nothing.
    assert "unit_price" not in total.values and "quantity" not in total.values


def test_procurement_categories_match_narrative(jianghan: Checked) -> None:
    figures = jianghan.computed.figures.procurement
    assert {c.value: v for c, v in figures.by_category.items()} == {
        "货物": Decimal("626.62"),
        "服务": Decimal("5554.46"),
        "工程": Decimal("455"),
    }
    assert sum(figures.by_category.values()) == figures.total


def test_purchased_services_table(jianghan: Checked) -> None:
    table = jianghan.computed.tables["purchased_services"]
    reference = [c for c in section("2023年政府向社会力量购买服务预算表") if c[0] in ("118001", "118002")]
    rows = [r for r in table.rows if r.kind is RowKind.DETAIL]
    assert [r.value("amount") for r in rows] == [number(c[6]) for c in reference]
    assert [r.texts["content"] for r in rows] == [c[4] for c in reference]
    total_cells = next(
        c for c in section("2023年政府向社会力量购买服务预算表") if len(c) > 1 and c[1] == "合计"
    )
    assert table.total().value("amount") == number(total_cells[6]) == Decimal("987.92")
