"""The input workbook: lossless both ways, values as Excel shows them (broken ones: tests/corpus)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from gen.inputs.data import budget_data
from gen.inputs.workbook import write_workbook
from gen.pipeline import check_input, load_budget
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023
from tests.corpus.make import MINIMAL, edited_book, rezipped, set_cell


def _workbook(source: Path) -> bytes:
    budget, _ = load_budget(source)
    return write_workbook(budget_data(budget))


@pytest.fixture(scope="module")
def minimal_book() -> bytes:
    return _workbook(MINIMAL)


@pytest.mark.parametrize("source", [JIANGHAN_2023, JIANGHAN_2022, MINIMAL])
def test_a_workbook_holds_the_whole_input(tmp_path: Path, source: Path) -> None:
    target = tmp_path / f"{source.stem}.xlsx"
    target.write_bytes(_workbook(source))
    assert load_budget(target)[0] == load_budget(source)[0]


def _amount(tmp_path: Path, book: bytes, value: object) -> Decimal:
    path = tmp_path / "in.xlsx"
    path.write_bytes(edited_book(set_cell("收入", "C2", value), book))
    budget, _ = load_budget(path)
    return budget.income[0].amount


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (150, Decimal(150)),
        (150.25, Decimal("150.25")),
        (0.1 + 0.2, Decimal("0.3")),  # as Excel shows it (15 significant digits), not 0.30000000000000004
        ("1,234.50", Decimal("1234.50")),
        ("１２３４．５０", Decimal("1234.50")),  # full-width digits from a Chinese input method
        ("  88.00 ", Decimal("88.00")),
    ],
)
def test_amounts_are_read_as_excel_shows_them(
    tmp_path: Path, minimal_book: bytes, typed: object, read: Decimal
) -> None:
    assert _amount(tmp_path, minimal_book, typed) == read


def test_blank_rows_and_spaces_do_not_matter(tmp_path: Path, minimal_book: bytes) -> None:
    def spread(book: Workbook) -> None:
        sheet = book["预算单位"]
        sheet.insert_rows(3, 2)
        sheet["B2"] = f"  {sheet['B2'].value}  "

    path = tmp_path / "in.xlsx"
    path.write_bytes(edited_book(spread, minimal_book))
    assert load_budget(path)[0] == load_budget(MINIMAL)[0]


def _cached_formula(book: bytes) -> bytes:
    """A formula with its result, as Excel saves it (openpyxl cannot write the cached value)."""
    edited = edited_book(set_cell("收入", "C2", "=100+50"), book)
    return rezipped(edited, lambda _, data: data.replace(b"<f>100+50</f><v></v>", b"<f>100+50</f><v>150</v>"))


def test_a_formula_is_read_by_its_cached_result(tmp_path: Path, minimal_book: bytes) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(_cached_formula(minimal_book))
    assert load_budget(path)[0].income[0].amount == Decimal(150)


def test_rules_point_at_cells(tmp_path: Path) -> None:
    path = tmp_path / "jianghan-2023.xlsx"
    path.write_bytes(_workbook(JIANGHAN_2023))
    (tmp_path / "jianghan-2022.yaml").write_bytes(JIANGHAN_2022.read_bytes())
    findings = check_input(path).findings
    places = {str(loc) for f in findings for loc in f.locations}
    assert "jianghan-2023.xlsx 政府采购!C14（procurement[13].project）" in places


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("测试_x000D_\n本级", "测试\n本级"),  # a line end as other programs escape it
        ("测试\r\n本级", "测试\n本级"),
        ("测试_x0020_本级", "测试 本级"),
        ("测试_x005F_x0041_本级", "测试_x0041_本级"),  # an escaped underscore: the letters themselves
        ("测试_x41_本级", "测试_x41_本级"),  # not an escape
    ],
)
def test_ooxml_escapes_are_read_as_excel_shows_them(
    tmp_path: Path, minimal_book: bytes, typed: str, read: str
) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(edited_book(set_cell("预算单位", "B2", typed), minimal_book))
    assert load_budget(path)[0].units[0].name == read


def test_text_that_looks_like_an_escape_survives_a_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("测试市测试局本级", "测试_x000D_本级"), encoding="utf-8"
    )
    book = tmp_path / "in.xlsx"
    budget, _ = load_budget(source)
    book.write_bytes(write_workbook(budget_data(budget)))
    assert load_budget(book)[0] == budget
