"""The input workbook: lossless both ways, values as Excel shows them, every problem at 工作表!单元格."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from gen.errors import InputError
from gen.inputs.data import budget_data
from gen.inputs.workbook import write_workbook
from gen.load import load_source
from gen.pipeline import check_input, load_budget
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


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


def _edited(book: bytes, edit: Callable[[Workbook], None]) -> bytes:
    workbook = load_workbook(io.BytesIO(book))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set(sheet: str, cell: str, value: object) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        book[sheet][cell] = value

    return edit


def _amount(tmp_path: Path, book: bytes, value: object) -> Decimal:
    path = tmp_path / "in.xlsx"
    path.write_bytes(_edited(book, _set("收入", "C2", value)))
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
    path.write_bytes(_edited(minimal_book, spread))
    assert load_budget(path)[0] == load_budget(MINIMAL)[0]


def _cached_formula(book: bytes) -> bytes:
    """A formula with its result, as Excel saves it (openpyxl cannot write the cached value)."""
    edited = _edited(book, _set("收入", "C2", "=100+50"))
    source = zipfile.ZipFile(io.BytesIO(edited))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"<f>100+50</f><v></v>", b"<f>100+50</f><v>150</v>"))
    return buffer.getvalue()


def test_a_formula_is_read_by_its_cached_result(tmp_path: Path, minimal_book: bytes) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(_cached_formula(minimal_book))
    assert load_budget(path)[0].income[0].amount == Decimal(150)


def _hide(book: Workbook) -> None:
    book["项目"].sheet_state = "hidden"


def _merge(book: Workbook) -> None:
    book["项目"].merge_cells("B2:C2")


def _extra_sheet(book: Workbook) -> None:
    book.create_sheet("草稿")["A1"] = "x"


# (edit, message, location) — each a workbook an officer could plausibly send.
BROKEN: list[tuple[str, Callable[[Workbook], None], str, str]] = [
    ("formula", _set("收入", "C2", "=SUM(A1:A2)"), "公式没有计算结果", "收入!C2"),
    ("hidden", _hide, "被隐藏", "项目!A1"),
    ("merged", _merge, "合并单元格", "项目!B2:C2"),
    ("unknown sheet", _extra_sheet, "不认识的工作表“草稿”", "草稿!A1"),
    ("unknown column", _set("收入", "E1", "备注"), "不认识或重复的列“备注”", "收入!E1"),
    ("unknown field", _set("基本信息", "C2", "meta.department.cdoe"), "不认识的字段", "基本信息!C2"),
    ("text amount", _set("收入", "C2", "一百五十"), "不是数字", "收入!C2（income[1].amount）"),
    ("bad choice", _set("预算单位", "D2", "机关"), "单位性质", "预算单位!D2（units[1].kind）"),
    ("bad year", _set("基本信息", "B5", "二〇二三"), "预算年度", "基本信息!B5（meta.year）"),
    ("missing", _set("项目", "B2", None), "缺少必填字段", "项目!B2（projects[1].name）"),
    ("bad yes/no", _set("政府购买服务", "C2", "也许"), "是否包含政府采购", "政府购买服务!C2"),
]


@pytest.mark.parametrize(("case", "edit", "message", "where"), BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_workbook_is_named_at_its_cell(
    tmp_path: Path, minimal_book: bytes, case: str, edit: Callable[[Workbook], None], message: str, where: str
) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(_edited(minimal_book, edit))
    with pytest.raises(InputError) as raised:
        load_budget(path)
    shown = [f"{f.message} @ {loc}" for f in raised.value.findings for loc in f.locations]
    assert any(message in line and f"in.xlsx {where}" in line for line in shown), shown


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "设置了打开密码，或是旧版 .xls"),
        (b"meta:\n  year: 2023\n", "这不是 Excel 工作簿"),
        (_zip({"readme.txt": b"hello"}), "不是 Excel 工作簿（缺少 xl/workbook.xml）"),
        (_zip({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"<x/>"}), "工作簿无法打开"),
        (_zip({"xl/workbook.xml": b"\0" * (201 * 1024 * 1024)}), "解压后过大"),  # a zip bomb
    ],
    ids=["password or xls", "text", "other zip", "damaged", "zip bomb"],
)
def test_a_file_that_is_not_a_usable_workbook_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "in.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        load_source(path)
    assert message in raised.value.findings[0].message
    assert str(raised.value.findings[0].locations[0]) == "in.xlsx"


def test_rules_point_at_cells(tmp_path: Path) -> None:
    path = tmp_path / "jianghan-2023.xlsx"
    path.write_bytes(_workbook(JIANGHAN_2023))
    (tmp_path / "jianghan-2022.yaml").write_bytes(JIANGHAN_2022.read_bytes())
    findings = check_input(path).findings
    places = {str(loc) for f in findings for loc in f.locations}
    assert "jianghan-2023.xlsx 政府采购!H14（procurement[13].function_code）" in places
