"""Excel loading: the input workbook's sheets back to plain data, each value located as 工作表!单元格.

Values are read as Excel shows them: a formula by its cached result (none is an error at its cell),
numbers to 15 significant digits, numbers typed as text ("1,234.50", full-width digits) kept as text
for the schema to read. Blank rows and surrounding spaces do not matter.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gen.errors import InputError, os_reason
from gen.findings import Finding, Location, Severity, format_path
from gen.inputs.layout import FIELDS_SHEET, GUIDE_SHEET, LISTS_SHEET, YEAR_COLUMN, Column, Sheet, layout
from gen.load.limits import (
    MAX_CELLS,
    MAX_INPUT_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_UNPACKED_BYTES,
    too_large,
)
from gen.load.package import declaring_part
from gen.load.source import Path_, SourceDoc
from models.budget import STATED_LISTS

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OOXML's escape for a character XML cannot hold (_x000D_ is a carriage return); _x005F_ is "_" itself.
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# A cell element (<c r="A1" …>, perhaps with a namespace prefix) and a shared string (<si>).
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_STRING_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
TRUE, FALSE = {"是", "true", "yes", "y", "1", "√"}, {"否", "false", "no", "n", "0", "×"}


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.problems: list[Finding] = []
        self.cells: dict[Path_, str] = {}
        # Numbered records by sheet path and 序号 (with their enclosing records' 序号): dict and model path.
        self.records: dict[tuple[tuple[str, ...], tuple[int, ...]], tuple[dict[str, Any], Path_]] = {}

    def problem(self, message: str, cell: str | None = None, path: Path_ = ()) -> None:
        where = Location(self.name, None, format_path(path), cell)
        self.problems.append(Finding("LOAD", Severity.ERROR, message, (where,)))

    # ------------------------------------------------------------ cells

    def value(self, values: Worksheet, formulas: Worksheet, row: int, column: int) -> tuple[Any, str]:
        """The cell as Excel shows it, and its 工作表!单元格."""
        cell: Cell = values.cell(row, column)  # type: ignore[assignment]
        where = f"{values.title}!{cell.coordinate}"
        if formulas.cell(row, column).data_type == "f" and cell.value is None:
            self.problem(
                "公式没有计算结果：请在 Excel 或 WPS 中打开、重新计算并保存，或改为直接填写数值", where
            )
            return None, where
        value = cell.value
        if cell.data_type == "e":
            self.problem(f"单元格的值是错误值 {value}（公式出错）：请修正公式，或改为直接填写数值", where)
            return None, where
        if isinstance(value, float) and not math.isfinite(value):
            # A stored number beyond Excel's range (<v>1E400</v>) reads as infinity.
            self.problem("单元格的数值超出 Excel 的范围（无穷大）：请改为直接填写正确的数值", where)
            return None, where
        if isinstance(value, str):
            value = _unescaped(value).strip() or None
        return value, where

    @staticmethod
    def convert(value: Any, column: Column) -> Any:
        """A cell value as the schema expects it; what cannot be converted is left for the schema to name."""
        kind = column.scalar.kind
        if value is None:
            return None
        if isinstance(value, float):
            value = Decimal(format(value, ".15g"))
            if kind in ("int", "code", "text", "long", "enum") and value == value.to_integral_value():
                value = int(value)
        if isinstance(value, dt.datetime):
            value = value.date() if kind == "date" else value.date().isoformat()
        if isinstance(value, str) and kind in ("amount", "int", "code", "date"):
            # Full-width digits and punctuation from Chinese input methods: １２３４．５０ → 1234.50.
            value = unicodedata.normalize("NFKC", value).strip()
        if kind == "bool" and isinstance(value, (str, int)) and not isinstance(value, bool):
            lowered = str(value).strip().lower()
            value = True if lowered in TRUE else False if lowered in FALSE else value
        if kind in ("text", "long", "enum") and not isinstance(value, str):
            value = format(value, "f") if isinstance(value, Decimal) else str(value)
        if kind == "code" and isinstance(value, Decimal):
            value = format(value, "f")
        return value

    # ------------------------------------------------------------ sheets

    def fields(self, values: Worksheet, formulas: Worksheet, data: dict[str, Any]) -> None:
        """基本信息: each row names its field in column C, its value in column B."""
        known = {".".join(map(str, c.path)): c for c in layout().fields}
        for row in range(2, min(values.max_row, MAX_ROWS) + 1):
            key, key_at = self.value(values, formulas, row, 3)
            value, where = self.value(values, formulas, row, 2)
            if key is None:
                if value is not None:
                    self.problem("这一行没有“字段”，无法确定内容填在哪里", where)
                continue
            column = known.get(str(key))
            if column is None:
                self.problem(f"不认识的字段“{key}”（请勿修改“字段”列）", key_at)
                continue
            path: Path_ = column.path
            for depth in range(1, len(path) + 1):
                # A group left wholly blank (部门) is then named at its first row.
                self.cells.setdefault(path[:depth], where)
            converted = self.convert(value, column)
            if converted is not None:
                _place(data, path, converted)
            elif column.required:
                # Each missing required field is reported, not just its group.
                _place(data, path[:-1], None, parents_only=True)

    def sheet(self, spec: Sheet, values: Worksheet, formulas: Worksheet, data: dict[str, Any]) -> None:
        headers = self.headers(spec, values, formulas)
        groups: dict[tuple[int, ...], int] = {}
        for row in range(2, min(values.max_row, MAX_ROWS) + 1):
            read = {key: self.value(values, formulas, row, column) for key, column in headers.items()}
            if all(value is None for value, _ in read.values()):
                continue
            first = f"{values.title}!A{row}"
            keys = self.keys(spec, read, first)
            if keys is None:
                continue
            container = self.container(spec, data, keys, first)
            if container is None:
                continue
            into, at = container
            # A finding about the whole list (收支不平衡 names `income`) points at its first row.
            self.cells.setdefault(at, first)
            if spec.kind == "mapping":
                self.entry(spec, read, into, at)
                continue
            index = len(into)
            record_path: Path_ = (*at, index)
            self.cells[record_path] = first
            if spec.kind == "values":
                column = spec.columns[0]
                value, where = read.get(("field", column), (None, first))
                self.cells[record_path] = where
                into.append(self.convert(value, column))
                continue
            record = self.fill(spec, read, record_path)
            into.append(record)
            if spec.numbered:
                groups[keys] = groups.get(keys, 0) + 1
                given, where = read.get(("ordinal", 0), (None, first))
                ordinal = groups[keys] if given is None else _whole(given)
                if ordinal is None or (spec.path, (*keys, ordinal)) in self.records:
                    self.problem(f"“{spec.ordinal}”应为不重复的正整数", where, record_path)
                    continue
                self.records[(spec.path, (*keys, ordinal))] = (record, record_path)

    def container(
        self, spec: Sheet, data: dict[str, Any], keys: tuple[int, ...], first: str
    ) -> tuple[Any, Path_] | None:
        """The list (or mapping) this sheet's row goes into, and its model path."""
        if not spec.keys:
            owner: Any = data
            for part in spec.path[:-1]:
                owner = owner.setdefault(part, {})
            at: Path_ = spec.path
        else:
            star = len(spec.path) - 1 - spec.path[::-1].index("*")
            found = self.records.get((spec.path[:star], keys))
            if found is None:
                labels = "、".join(f"{title} {key}" for title, key in zip(spec.keys, keys, strict=True))
                self.problem(f"找不到所属的上级记录（{labels}）", first)
                return None
            owner, parent_path = found
            for part in spec.path[star + 1 : -1]:
                owner = owner.setdefault(part, {})
            at = (*parent_path, *spec.path[star + 1 :])
        empty: Any = {} if spec.kind == "mapping" else []
        return owner.setdefault(spec.path[-1], empty), at

    def fill(self, spec: Sheet, read: dict[Any, tuple[Any, str]], record_path: Path_) -> dict[str, Any]:
        record: dict[str, Any] = {}
        positions: dict[str, dict[int, Any]] = {}
        for key, (value, where) in read.items():
            column = key[1] if key[0] in ("field", "year") else None
            if column is None:
                continue
            name, *rest = column.path
            # A year column's place is its year; a short list's, its position; a plain field's, its name.
            step = key[2] if key[0] == "year" else rest[0] if rest else None
            place: Path_ = (*record_path, name) if step is None else (*record_path, name, step)
            self.cells[place] = where
            converted = self.convert(value, column)
            if key[0] == "year":
                if converted is not None:
                    record.setdefault(name, {})[step] = converted
            elif isinstance(step, int):
                positions.setdefault(name, {})[step] = converted
            elif converted is not None:
                record[name] = converted
        for name, by_position in positions.items():
            items = [by_position.get(i) for i in range(max(by_position) + 1)]
            while items and items[-1] is None:  # the blank tail of 目录1…3
                items.pop()
            if items:
                record[name] = items
        return record

    def entry(self, spec: Sheet, read: dict[Any, tuple[Any, str]], into: dict[Any, Any], at: Path_) -> None:
        key_column, value_column = spec.columns
        key, key_at = read.get(("field", key_column), (None, ""))
        value, where = read.get(("field", value_column), (None, key_at))
        key = self.convert(key, key_column)
        if key is None:
            self.problem(f"缺少“{spec.key_title}”", where, at)
            return
        key = str(key) if key_column.scalar.kind in ("code", "text", "enum") else key
        place: Path_ = (*at, key)
        if key in into:
            self.problem(f"“{key}”重复出现", key_at, place)
            return
        into[key] = self.convert(value, value_column)
        self.cells[place] = where

    def headers(self, spec: Sheet, values: Worksheet, formulas: Worksheet) -> dict[Any, int]:
        """Column of each key, ordinal and field, by header title; unknown headers are problems."""
        expected: dict[str, Any] = {title: ("key", i) for i, title in enumerate(spec.keys)}
        if spec.numbered:
            expected[spec.ordinal] = ("ordinal", 0)
        for column in spec.columns:
            if "*" not in column.path:
                expected[column.title] = ("field", column)
        found: dict[Any, int] = {}
        for index in range(1, values.max_column + 1):
            title, where = self.value(values, formulas, 1, index)
            if title is None:
                if _has_data(values, index):
                    # A cleared header would drop the whole column's values without a word.
                    present = _titles(values)
                    missing = [t for t, key in expected.items() if key not in found and t not in present]
                    hint = f"（这一列可能是“{'”“'.join(missing)}”）" if missing else ""
                    self.problem(f"这一列有数据但没有标题{hint}：请填回标题，或删除这一列的数据", where)
                continue
            title = str(title)
            match = YEAR_COLUMN.match(title)
            years = [c for c in spec.columns if "*" in c.path and match and c.title == f"年{match.group(2)}"]
            if title in expected and expected[title] not in found:
                found[expected[title]] = index
            elif years and match:
                found[("year", years[0], int(match.group(1)))] = index
            else:
                self.problem(
                    f"不认识或重复的列“{title}”（工作表“{spec.name}”应有的列见“{GUIDE_SHEET}”）", where
                )
        return found

    def keys(self, spec: Sheet, read: dict[Any, tuple[Any, str]], first: str) -> tuple[int, ...] | None:
        keys = []
        for index, title in enumerate(spec.keys):
            value, where = read.get(("key", index), (None, first))
            number = _whole(value)
            if number is None:
                self.problem(f"“{title}”应填写上级记录的序号（正整数）", where)
                return None
            keys.append(number)
        return tuple(keys)


def _unescaped(text: str) -> str:
    """Text as Excel shows it: OOXML escapes (_x000D_ …) decoded, Windows line ends made plain."""
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip()
        value = int(value) if value.isdigit() else None
    return value if isinstance(value, int) and value > 0 else None


def _has_data(sheet: Worksheet, column: int) -> bool:
    rows = sheet.iter_rows(min_row=2, max_row=min(sheet.max_row, MAX_ROWS), min_col=column, max_col=column)
    return any(row[0].value not in (None, "") for row in rows)


def _titles(sheet: Worksheet) -> set[str]:
    return {str(cell.value).strip() for cell in sheet[1] if cell.value is not None}


def _place(data: dict[str, Any], path: Path_, value: Any, *, parents_only: bool = False) -> None:
    if parents_only:
        for part in path:
            data = data.setdefault(str(part), {})
        return
    *parents, last = path
    for part in parents:
        data = data.setdefault(str(part), {})
    data[str(last)] = value


def _open(path: Path) -> tuple[Any, Any]:
    """Both views of the workbook: cached values, and formulas (to tell a missing result from a blank)."""
    import warnings

    from openpyxl import load_workbook

    def refuse(message: str) -> InputError:
        return InputError([Finding("LOAD", Severity.ERROR, message, (Location(path.name),))])

    try:
        size = path.stat().st_size
        head = path.open("rb").read(8)
    except OSError as exc:
        raise refuse(f"无法读取文件：{os_reason(exc)}") from None
    if size > MAX_INPUT_BYTES:
        raise refuse(too_large("输入工作簿", size, MAX_INPUT_BYTES))
    if head == OLE_SIGNATURE:
        raise refuse("工作簿设置了打开密码，或是旧版 .xls 格式：请在 Excel/WPS 中取消密码并另存为 .xlsx")
    if not zipfile.is_zipfile(path):
        raise refuse("这不是 Excel 工作簿（.xlsx 文件应是 zip 格式）：请在 Excel/WPS 中另存为 .xlsx")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise refuse("工作簿已损坏，无法打开：请在 Excel 或 WPS 中打开并另存为 .xlsx") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise refuse(f"{too_large('工作簿解压后', unpacked, MAX_UNPACKED_BYTES)}，不像是预算输入，已拒绝读取")
    if "xl/workbook.xml" not in names:
        raise refuse("这是 zip 文件，但不是 Excel 工作簿（缺少 xl/workbook.xml）")
    try:
        too_big = _oversized(path)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise refuse("工作簿已损坏，无法打开：请在 Excel 或 WPS 中打开并另存为 .xlsx") from None
    if too_big:
        raise refuse(too_big)
    try:
        declaring = declaring_part(path)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise refuse("工作簿已损坏，无法打开：请在 Excel 或 WPS 中打开并另存为 .xlsx") from None
    if declaring:
        raise refuse(f"{declaring} 含有 DTD 或实体声明（<!DOCTYPE>），Excel/WPS 保存的工作簿不会有，已拒绝")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about validations and styles it cannot read fully; none matter here.
            warnings.simplefilter("ignore")
            return load_workbook(path, data_only=True), load_workbook(path, data_only=False)
    # openpyxl raises anything from KeyError to XML parser errors for a damaged workbook.
    except Exception as exc:
        raise refuse(
            f"工作簿无法打开：文件已损坏，或不是 Excel/WPS 保存的格式（{type(exc).__name__}）。"
            "请在 Excel 或 WPS 中打开并另存为 .xlsx"
        ) from None


def _oversized(path: Path) -> str | None:
    """Why the workbook holds more than any budget input (cells, shared strings), or None.

    Counted from the XML before openpyxl builds a Python object per cell, which for a few million
    cells takes minutes and gigabytes.
    """
    cells = strings = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename
            if name == "xl/sharedStrings.xml":
                if info.file_size > MAX_SHARED_STRINGS_BYTES:
                    too_big = too_large("工作簿的共享文字表解压后", info.file_size, MAX_SHARED_STRINGS_BYTES)
                    return f"{too_big}，不像是预算输入，已拒绝读取"
                strings += _count(archive, name, _STRING_TAG)
            elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                cells += _count(archive, name, _CELL_TAG)
    if cells > MAX_CELLS:
        return f"工作簿有 {cells} 个单元格，超过 {MAX_CELLS} 个，不像是预算输入，已拒绝读取"
    if strings > MAX_SHARED_STRINGS:
        return f"工作簿的共享文字表有 {strings} 项，超过 {MAX_SHARED_STRINGS} 项，不像是预算输入，已拒绝读取"
    return None


def _count(archive: zipfile.ZipFile, name: str, tag: re.Pattern[bytes]) -> int:
    """Occurrences of `tag` in a part, read in pieces (a tag split between two pieces counts once)."""
    count, tail = 0, b""
    with archive.open(name) as part:
        while chunk := part.read(1 << 20):
            data = tail + chunk
            # Count tags that start before the last 64 bytes; those after are counted with the next piece.
            cut = max(0, len(data) - 64)
            count += sum(1 for found in tag.finditer(data) if found.start() < cut)
            tail = data[cut:]
    return count + sum(1 for _ in tag.finditer(tail))


def load_xlsx(path: Path) -> SourceDoc:
    values_book, formula_book = _open(path)
    reader = _Reader(path)
    data: dict[str, Any] = {}
    spec = layout()
    known = {FIELDS_SHEET, GUIDE_SHEET, LISTS_SHEET, *(s.name for s in spec.sheets)}
    for sheet in values_book.worksheets:
        title = sheet.title
        if title not in known:
            reader.problem(
                f"不认识的工作表“{title}”（可用的工作表见“{GUIDE_SHEET}”；不用的工作表请删除）", f"{title}!A1"
            )
        elif sheet.sheet_state != "visible" and title != LISTS_SHEET:
            reader.problem(f"工作表“{title}”被隐藏：请取消隐藏并检查其中的数据，或删除它", f"{title}!A1")
        for merged in sheet.merged_cells.ranges:
            if title not in (GUIDE_SHEET, LISTS_SHEET):
                reader.problem(
                    f"数据区不能有合并单元格（{merged.coord}）：请取消合并，每个单元格填写一个值",
                    f"{title}!{merged.coord}",
                )
        if sheet.max_row > MAX_ROWS:
            reader.problem(f"工作表“{title}”超过 {MAX_ROWS} 行，不像是预算输入", f"{title}!A{MAX_ROWS + 1}")
    if reader.problems:
        raise InputError(reader.problems)
    if FIELDS_SHEET in values_book.sheetnames:
        reader.fields(values_book[FIELDS_SHEET], formula_book[FIELDS_SHEET], data)
    else:
        reader.problem(f"缺少工作表“{FIELDS_SHEET}”（部门、年度等基本信息）")
    for sheet_spec in spec.sheets:
        if sheet_spec.name in values_book.sheetnames:
            reader.sheet(sheet_spec, values_book[sheet_spec.name], formula_book[sheet_spec.name], data)
            if sheet_spec.path in STATED_LISTS:
                # The sheet kept and left blank says there are none; a sheet taken out says nothing.
                owner = data
                for part in sheet_spec.path[:-1]:
                    owner = owner.setdefault(part, {})
                owner.setdefault(sheet_spec.path[-1], [])
    if reader.problems:
        raise InputError(reader.problems)
    return SourceDoc(path=path, data=data, cells=reader.cells)
