"""An input as an Excel workbook: the layout's sheets with Chinese headers, dropdowns and formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from gen.inputs.layout import FIELDS_SHEET, GUIDE_SHEET, LISTS_SHEET, Column, Layout, Sheet, layout
from gen.render.workbook import AMOUNT_FORMAT, cell_at, header_row, number, print_setup, text, workbook_bytes
from models.budget import STATED_LISTS

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from gen.compute.budget import CodeLists

# Rows below the data that still get dropdowns and formats, for the officer to fill.
SPARE_ROWS = 200
WIDTHS = {"amount": 14, "int": 10, "bool": 8, "date": 12, "enum": 16, "code": 14, "text": 22, "long": 60}
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
REFERENCE_RANGES = {"unit": "'预算单位'!$A$2:$A$1000", "project": "'项目'!$A$2:$A$2000"}

GUIDE = [
    "本工作簿是 budgetdoc 的预算输入，与 YAML 输入文件一一对应，可用 budgetdoc convert 互相转换。",
    "只填写原始数据（末级科目、单位、项目的金额）；合计、小计、占比和增减都由 budgetdoc 计算，不要填写。",
    "表头行已锁定（未设密码）；请在表头下逐行填写，可插入或删除行，空行会被忽略。",
    "带下拉箭头的单元格请从列表中选择；科目编码按文本填写（如 2040201），不要写成数字公式。",
    "金额单位见“基本信息”中的金额单位（默认万元），最多两位小数；可以写 1,234.50 这样的文字数字。",
    "“序号”列把下级工作表的行与上级的行对应起来，例如“年度目标-绩效指标”中的“年度目标序号”。",
    "填好后运行：budgetdoc check 本文件.xlsx（检查），budgetdoc build 本文件.xlsx（生成公开文本）。",
    "每个字段的名称、类型、是否必填、例子和所在的工作表见 budgetdoc 的 docs/输入参考.md。",
]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return value


def _put(sheet: Worksheet, row: int, column: int, spec: Column, value: Any) -> None:
    value = _plain(value)
    kind = spec.scalar.kind
    if value is None:
        return
    if kind in ("amount", "int") and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        number(sheet, row, column, Decimal(value), AMOUNT_FORMAT if kind == "amount" else "0")
    elif kind == "bool" and isinstance(value, bool):
        text(sheet, row, column, "是" if value else "否")
    elif kind == "date" and isinstance(value, dt.date):
        cell = cell_at(sheet, row, column)
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        # Codes, names and prose stay text, including an indicator value such as "=100%".
        text(sheet, row, column, str(value)).number_format = TEXT_FORMAT


def _column_style(sheet: Worksheet, column: int, spec: Column) -> None:
    """Formats and unlocked cells for the whole column, so new rows behave like written ones."""
    from openpyxl.styles import Alignment, Protection
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    dimension = sheet.column_dimensions[letter]
    dimension.width = WIDTHS[spec.scalar.kind]
    dimension.protection = Protection(locked=False)
    formats = {"amount": AMOUNT_FORMAT, "int": "0", "date": DATE_FORMAT}
    dimension.number_format = formats.get(spec.scalar.kind, TEXT_FORMAT)
    if spec.scalar.kind == "long":
        dimension.alignment = Alignment(wrap_text=True, vertical="top")


def _validation(sheet: Worksheet, spec: Column, cells: str, codes_rows: dict[str, int]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    reference = spec.reference
    if spec.scalar.choices:
        formula, strict = '"' + ",".join(spec.scalar.choices) + '"', True
    elif reference in codes_rows:
        column = "A" if reference == "functional" else "C"
        formula, strict = f"'{LISTS_SHEET}'!${column}$2:${column}${codes_rows[reference] + 1}", False
    elif reference in REFERENCE_RANGES:
        formula, strict = REFERENCE_RANGES[reference], False
    else:
        return
    # Codes outside the list (补充科目) stay possible: a warning, not a refusal.
    rule = DataValidation(
        type="list", formula1=formula, allow_blank=True, errorStyle="stop" if strict else "warning"
    )
    rule.error = "请从下拉列表中选择" if strict else "不在列表中，确认要使用吗？"
    rule.add(cells)
    sheet.add_data_validation(rule)


def _protect(sheet: Worksheet) -> None:
    """Headers locked without a password; rows can still be inserted, deleted, sorted and filtered."""
    protection = sheet.protection
    protection.sheet = True
    for name in ("insertRows", "deleteRows", "formatColumns", "formatCells", "sort", "autoFilter"):
        setattr(protection, name, False)


def _records(
    data: Any, path: tuple[str, ...], keys: tuple[int, ...] = ()
) -> Iterator[tuple[tuple[int, ...], Any]]:
    """Each record (or value, or mapping entry) at `path`, with the 序号 of its enclosing records."""
    if not path:
        yield keys, data
        return
    head, *rest = path
    if head == "*":
        for index, item in enumerate(data or [], start=1):
            yield from _records(item, tuple(rest), (*keys, index))
        return
    if isinstance(data, dict) and head in data:
        yield from _records(data[head], tuple(rest), keys)


def _rows(data: dict[str, Any], sheet: Sheet) -> list[tuple[tuple[int, ...], Any]]:
    rows = []
    for keys, found in _records(data, sheet.path):
        if sheet.kind == "mapping":
            rows += [(keys, {"key": k, "value": v}) for k, v in (found or {}).items()]
        elif sheet.kind == "values":
            rows += [(keys, {"value": v}) for v in found or []]
        else:
            rows += [(keys, record) for record in found or []]
    return rows


def _years(rows: list[tuple[tuple[int, ...], Any]], spec: Column, default: list[int]) -> list[int]:
    found = {year for _, record in rows for year in (record.get(spec.path[0]) or {})}
    return sorted(found) or default


def _sheet(
    book: Workbook, sheet: Sheet, data: dict[str, Any], codes_rows: dict[str, int], years: list[int]
) -> None:
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(sheet.name)
    rows = _rows(data, sheet)
    headers: list[str] = [*sheet.keys, *([sheet.ordinal] if sheet.numbered else [])]
    placed: list[tuple[Column, Any]] = []
    for spec in sheet.columns:
        if "*" in spec.path:
            for year in _years(rows, spec, years):
                headers.append(f"{year}{spec.title}")
                placed.append((spec, year))
        else:
            headers.append(spec.title)
            placed.append((spec, None))
    header_row(ws, 1, headers)
    # Room for a title that wraps onto a second or third line (科目名称（可省略，按科目表）).
    ws.row_dimensions[1].height = 45
    first = len(headers) - len(placed) + 1
    for column in range(1, first):
        ws.column_dimensions[get_column_letter(column)].width = 10
    last_row = len(rows) + 1 + SPARE_ROWS
    for offset, (spec, _year) in enumerate(placed):
        column = first + offset
        _column_style(ws, column, spec)
        letter = get_column_letter(column)
        _validation(ws, spec, f"{letter}2:{letter}{last_row}", codes_rows)
    counts: dict[tuple[int, ...], int] = {}
    for row, (keys, record) in enumerate(rows, start=2):
        # A record's 序号 counts the records of its enclosing record (1, 2, … under each).
        counts[keys] = counts.get(keys, 0) + 1
        ordinal = (*keys, counts[keys]) if sheet.numbered else keys
        for column, key in enumerate(ordinal, start=1):
            number(ws, row, column, Decimal(key), "0")
        for offset, (spec, year) in enumerate(placed):
            _put(ws, row, first + offset, spec, _value(record, spec, year))
    ws.freeze_panes = ws.cell(2, first)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 2)}"
    print_setup(ws, "1:1")
    _protect(ws)


def _value(record: Any, spec: Column, year: int | None) -> Any:
    name, *rest = spec.path
    value = record.get(name) if isinstance(record, dict) else None
    if year is not None:
        return (value or {}).get(year)
    if rest:
        index = rest[0]
        return (
            value[index]
            if isinstance(value, list) and isinstance(index, int) and index < len(value)
            else None
        )
    return value


def _stated(data: dict[str, Any], path: tuple[str, ...]) -> bool:
    node: Any = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


def _field_value(data: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _fields_sheet(book: Workbook, spec: Layout, data: dict[str, Any]) -> None:
    from openpyxl.styles import Alignment, Protection

    ws = book.create_sheet(FIELDS_SHEET)
    header_row(ws, 1, ["项目", "内容", "字段"])
    for row, column in enumerate(spec.fields, start=2):
        text(ws, row, 1, column.title)
        text(ws, row, 3, ".".join(str(p) for p in column.path))
        _put(ws, row, 2, column, _field_value(data, column.path))
        cell = cell_at(ws, row, 2)
        cell.protection = Protection(locked=False)
        if column.scalar.kind == "long":
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        _validation(ws, column, f"B{row}", {})
    for letter, width in (("A", 48), ("B", 60), ("C", 34)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "B2"
    print_setup(ws, "1:1")
    _protect(ws)


def _guide(book: Workbook, spec: Layout) -> None:
    from openpyxl.styles import Alignment, Font

    ws = book.active
    assert ws is not None
    ws.title = GUIDE_SHEET
    text(ws, 1, 1, "预算输入工作簿填表说明").font = Font(bold=True, size=14)
    for row, line in enumerate(GUIDE, start=3):
        text(ws, row, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        ws.row_dimensions[row].height = 30
    row = len(GUIDE) + 4
    header_row(ws, row, ["工作表", "说明", "必填列"])
    for sheet in [None, *spec.sheets]:
        row += 1
        if sheet is None:
            text(ws, row, 1, FIELDS_SHEET)
            text(ws, row, 2, "部门、年度、单位和文字说明等单项内容，每行一项")
            continue
        text(ws, row, 1, sheet.name)
        text(ws, row, 2, sheet.label)
        required = [c.title for c in sheet.columns if c.required]
        text(ws, row, 3, "、".join(required)).alignment = Alignment(wrap_text=True)
    for letter, width in (("A", 40), ("B", 60), ("C", 50)):
        ws.column_dimensions[letter].width = width
    print_setup(ws, "")


def _code_lists(book: Workbook, codes: CodeLists | None) -> dict[str, int]:
    """The hidden sheet the code dropdowns choose from; how many codes each list has."""
    if codes is None:
        return {}
    ws = book.create_sheet(LISTS_SHEET)
    counts = {}
    for column, (key, code_list) in (
        (1, ("functional", codes.functional)),
        (3, ("economic", codes.economic)),
    ):
        text(ws, 1, column, "功能分类科目" if key == "functional" else "经济分类科目")
        entries = sorted(code_list.names.items())
        for row, (code, name) in enumerate(entries, start=2):
            text(ws, row, column, code)
            text(ws, row, column + 1, name)
        counts[key] = len(entries)
    ws.sheet_state = "hidden"
    return counts


def write_workbook(data: dict[str, Any], codes: CodeLists | None = None, title: str = "预算输入") -> bytes:
    """`data` as the model dumps it (Decimals, enums, dates) → the workbook's bytes."""
    from openpyxl import Workbook

    spec = layout()
    book = Workbook()
    _guide(book, spec)
    _fields_sheet(book, spec, data)
    year = _field_value(data, ("meta", "year"))
    years = [year - 2, year - 1] if isinstance(year, int) else []
    codes_rows = _code_lists(book, codes)
    for sheet in spec.sheets:
        # A list the input does not state has no sheet (a kept, blank sheet would say there are none).
        if any(sheet.path[: len(p)] == p and not _stated(data, p) for p in STATED_LISTS):
            continue
        _sheet(book, sheet, data, codes_rows, years)
    if LISTS_SHEET in book.sheetnames:
        book.move_sheet(LISTS_SHEET, offset=len(book.sheetnames))
    return workbook_bytes(book, title)
