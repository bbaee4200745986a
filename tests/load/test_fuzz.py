"""Fuzzing the loaders: whatever the file holds, the outcome is data or a located InputError, never a crash.

Four properties: arbitrary bytes as a .yaml file; YAML-ish text from a grammar of YAML's tokens; the
minimal input as a workbook with random cells set to random values (loaded and checked); random bytes,
truncated and corrupted copies of a valid workbook. FUZZ_SCALE=10 in the environment runs ten times
as many examples.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from gen.errors import InputError, UsageError
from gen.inputs.data import budget_data
from gen.inputs.workbook import write_workbook
from gen.load import load_source
from gen.load.yaml_source import exact_reading, fast_reading
from gen.pipeline import check_input, load_budget
from tests.conftest import ROOT
from tests.fuzzing import fuzz

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def only_known_errors(call: Callable[[], object], name: str) -> None:
    """Run `call`: returning is fine, an InputError must name each problem in `name`, UsageError is fine."""
    try:
        call()
    except UsageError as exc:
        assert str(exc)
    except InputError as exc:
        assert exc.findings, "an InputError without findings"
        for finding in exc.findings:
            assert finding.message.strip(), finding
            assert any(loc.file == name for loc in finding.locations), finding


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# ---------------------------------------------------------------- (a) arbitrary bytes as YAML


@fuzz(150)
@given(raw=st.binary(max_size=3000))
@example(raw=b"")
@example(raw=b"\xef\xbb\xbf")
@example(raw="名称: 测试\n".encode("gbk"))
@example(raw=b"a: \x00")
@example(raw=b"a: 1\n" + b"\xff" * 10)
@example(raw=b"a: [" * 300)
@example(raw=b"\x1b[31m: x\n")
def test_bytes_as_yaml(workdir: Path, raw: bytes) -> None:
    path = workdir / "input.yaml"
    path.write_bytes(raw)
    only_known_errors(lambda: load_source(path), path.name)


# ---------------------------------------------------------------- (b) YAML-ish text from a grammar

KEY_TOKENS = [
    "meta", "units", "income", "amount", "code", "name", "year", "filled_on", "projects",
    "名称", "金额", "<<", "? a", "a b", '"q"', "'k'", "1", "0101", "1.5", "null", "~", "true",
    "[a, b]", "{a: 1}", "&k key", "*k", "!!str key", "!x key", "-", "", " ", "#c",
]  # fmt: skip

SCALAR_TOKENS = [
    # numbers of every YAML shape
    "1e30", "-1e-30", "1E+400", "1e", "0x10", "0xZZ", "0o17", "0b101", "1_000", "1__0", "_1",
    "1_000.5", ".5", "5.", "+12", "-0", "00", "0101", "1,234.50", "１２３４．５０",
    ".nan", ".NaN", ".inf", "-.inf", "+.inf", "9" * 31, "0." + "0" * 40 + "1", "190:20:30",
    # dates and times, valid and not
    "2022-11-20", "2022-13-45", "2022-02-29", "2022-02-30", "0000-01-01", "9999-12-31",
    "2022-11-20T10:00:00", "2022-11-20 25:61:61", "2022-1-1", "2022-11-20t10:00:00.123456789Z",
    # booleans and nulls
    "true", "False", "yes", "no", "on", "off", "y", "~", "null", "Null",
    # quoting, flow, block scalars
    "''", '""', "'it''s'", '"esc \\x00 \\u0000 \\uD800 \\U0010FFFF \\q"', "'unterminated",
    '"unterminated', "[]", "{}", "[1, 2", "{a: 1", "[a, [b, {c: d}]]", "{? a}", "|", ">",
    "|-", ">+2", "|9",
    # anchors, aliases, merge keys, tags
    "&a 1", "&a", "*a", "*b", "&a [1, 2]", "&a {x: 1}", "!!str 1", "!!str [1]", "!!int x", "!!int 1",
    "!!int [1]", "!!float 1", "!!float x", "!!bool maybe", "!!bool", "!!null x", "!!binary aGk=",
    "!!binary @@", "!!timestamp x", "!!timestamp 2022-13-45", "!!set {a}", "!!omap [a: 1]",
    "!!pairs [a: 1]", "!!map [1]", "!!seq {a: 1}", "!x 1", "!<tag:x> 1", "!!python/object:os.system",
    "!!python/name:os.system", "!e!x 1",
    # directives and document markers mid-stream
    "%YAML 1.2", "%TAG ! tag:x,", "---", "...", "--- |", "#comment", "? complex", "@", "`",
    # Chinese text, control and odd characters
    "测试市测试局", "一般公共预算", "≥90%", "\u3000全角空格\u3000", "\ufeff", "\u2028", "\u0085",
    "\x1b[31m", "\x7f", "\ud7ff", "a\tb", "a #b", "a: b", "- a", "%", "&", "*", "!", "|>",
]  # fmt: skip

KEYS = st.one_of(st.sampled_from(KEY_TOKENS), st.text(alphabet=st.characters(codec="utf-8"), max_size=8))

SCALARS = st.one_of(
    st.sampled_from(SCALAR_TOKENS),
    st.integers().map(str),
    st.integers(min_value=10**20, max_value=10**400).map(str),
    st.floats().map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=20),
    st.text(alphabet=st.characters(max_codepoint=0x9F, categories=["Cc"]), max_size=5),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=10),
    # Not "[" * n: ruamel scans deep flow nesting in quadratic time (5 s for 2000 levels); see the examples.
    st.builds(lambda n, c: c * n, st.integers(1000, 20000), st.sampled_from(["x", "9", "测", "-", " ", "#"])),
)


@st.composite
def yaml_lines(draw: st.DrawFn) -> str:
    indent = draw(st.sampled_from(["", "", "  ", "    ", "      ", " ", "\t", "  \t"]))
    dash = draw(st.sampled_from(["", "", "- ", "-  ", "- - ", "? "]))
    shape = draw(st.integers(0, 5))
    key = draw(KEYS)
    value = draw(SCALARS)
    anchor = draw(st.sampled_from(["", "", "", "&a ", "&b ", "!!map ", "!!str "]))
    if shape == 0:
        body = f"{key}: {anchor}{value}"
    elif shape == 1:
        body = f"{key}:"
    elif shape == 2:
        body = f"{anchor}{value}"
    elif shape == 3:
        body = f"<<: {draw(st.sampled_from(['*a', '*b', '[*a, *b]', '*a *b', '{x: 1}', '1']))}"
    elif shape == 4:
        body = f"{key}: {{{key}: {value}, {value}: [{value}]}}"
    else:
        body = f"{key}: {anchor}[{value}, {draw(SCALARS)}]"
    comment = draw(st.sampled_from(["", "", "", "  # 注释", " #", "#x"]))
    return indent + dash + body + comment


@st.composite
def line_soup(draw: st.DrawFn) -> list[str]:
    """Lines each built from the tokens: mostly not YAML, exercising the parser's errors."""
    lines = draw(st.lists(yaml_lines(), min_size=1, max_size=12))
    if draw(st.booleans()):
        # Start from something that loads, so the later lines reach past the parser's first error.
        lines = ["meta:", "  name: &a 测试", "  year: 2023", "units:", "  - &b {code: '1'}", *lines]
    return lines


# Scalars that keep a block document parseable, so the tree reaches the constructors and beyond.
PLAIN_TOKENS = [
    "1", "0", "-5", "150.00", "1e30", "1_000", "0x10", "0101", ".nan", ".inf", "2022-11-20", "2022-13-45",
    "2022-11-20T10:00:00", "true", "no", "~", "''", '"901001"', "测试", "!!str 1", "!!int 1", "!!float 1",
    "!!binary aGk=", "!!set {a}", "!!omap [a: 1]", "!!pairs [a: 1]", "!!timestamp 2022-11-20", "!!null",
    "!!bool yes", "!x 1", "[]", "{}", "[1, [2, {a: b}]]", "{a: [1], b: {c: d}}", "*a", "&a 1",
]  # fmt: skip
PLAIN_SCALARS = st.one_of(
    st.sampled_from(PLAIN_TOKENS),
    st.integers().map(str),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8),
)
PLAIN_KEYS = st.one_of(
    st.sampled_from(["meta", "units", "code", "amount", "名称", "1", "0101", "<<", "? a", '"q"', "~"]),
    st.text(alphabet="abcxyz_", min_size=1, max_size=6),
)

Tree = Any  # ("map", [(key, Tree)]) | ("seq", [Tree]) | str


def _render(node: Tree, indent: int, prefix: str) -> list[str]:
    """`node` as block YAML, its first line after `prefix` (a key and colon, or a dash)."""
    pad = " " * indent
    if isinstance(node, str):
        return [f"{prefix} {node}".rstrip() if prefix else pad + node]
    kind, children = node
    if not children:
        return [f"{prefix} {'{}' if kind == 'map' else '[]'}" if prefix else pad + "{}"]
    lines = [prefix] if prefix else []
    inner = indent + 2 if prefix else indent
    for child in children:
        head = " " * inner + (f"{child[0]}:" if kind == "map" else "-")
        lines.extend(_render(child[1] if kind == "map" else child, inner + 2, head))
    return lines


@st.composite
def tree_lines(draw: st.DrawFn) -> list[str]:
    """A nested mapping rendered as block YAML (mostly parseable), sometimes with a few lines spoiled."""
    scalar = st.one_of(PLAIN_SCALARS, PLAIN_SCALARS, SCALARS)
    tree = st.recursive(
        scalar,
        lambda children: st.one_of(
            st.lists(st.tuples(PLAIN_KEYS, children), max_size=4).map(lambda kv: ("map", kv)),
            st.lists(children, max_size=4).map(lambda items: ("seq", items)),
        ),
        max_leaves=25,
    )
    top = draw(st.lists(st.tuples(PLAIN_KEYS, tree), min_size=1, max_size=6))
    lines = _render(("map", top), 0, "")
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(lines) - 1))
        lines[at] = draw(st.sampled_from(["", lines[at] + " &a", lines[at] + " *a", " " + lines[at]]))
    return lines


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    lines = draw(st.one_of(line_soup(), tree_lines()))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@fuzz(150)
@given(text=yaml_documents())
@example(text="a: &x\n  b: 1\nc:\n  <<: *x\n  d: 2\n")
@example(text="a: &x [1]\nb:\n  <<: [*x]\n")
@example(text="a: !!set {x}\n")
@example(text="a: !!bool maybe\n")
@example(text="a: !!bool\n")
@example(text="a: !!str [1]\n")
@example(text="a: !!int [1]\n")
@example(text="<<: {x: 1}\n")
@example(text="a: !!omap [b: 1, c: 2]\n")
@example(text="a: !!binary aGk=\n")
@example(text="a: !!timestamp 2022-13-45\n")
@example(text="a: 2022-13-45\n")
@example(text="a: 1e30\nb: 0x10\nc: 1_000\nd: .nan\ne: -.inf\n")
@example(text="? [a, b]\n: 1\n")
@example(text="? {a: 1}\n: 1\n")
@example(text="a: " + "[" * 1000 + "\n")  # past the recursion limit
@example(text="a: &a [*a]\n")
@example(text="a: 测试\u2028b: 1\n")
@example(text="# 注释\u2028b: 1\na: 1\n")
@example(text="# 注释\x85b: 1\na: 1\n")
@example(text='a: "\\x85\\u200b\\uFFFE\\uD800\\U0010FFFF"\n')
@example(text="year\u200b: 1\n")
@example(text="a: " + "9" * 5000 + "\n")
@example(text="a: 1e1000000\nb: 1e-99999999\n")
@example(text="# " + "x" * 300000 + "\n")
@example(text="%YAML 1.1\n---\na: 1\n")
@example(text="--- a\n--- b\n")
def test_yaml_grammar(workdir: Path, text: str) -> None:
    path = workdir / "input.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    only_known_errors(lambda: load_source(path), path.name)


@pytest.mark.filterwarnings("ignore::ruamel.yaml.error.ReusedAnchorWarning")
@fuzz(300)
@given(text=st.one_of(yaml_documents(), tree_lines().map("\n".join)))
@example(text=MINIMAL.read_text(encoding="utf-8"))
@example(text=(ROOT / "inputs" / "jianghan-2023.yaml").read_text(encoding="utf-8"))
@example(text="a:\n-\n  b: 1\n- c\n")
@example(text="a: 2022-11-20T10:00:00\n")
@example(text="a: 1\na: 2\n")
@example(text="a: &x 1\nb: *x\n")
@example(text="1: a\ntrue: b\n~: c\n0101: d\n1.50: e\n2022-11-20: f\n")
@example(text="meta: a\tb\n")  # libyaml takes a tab inside a plain value, ruamel refuses it
@example(text='a: "x\\u0085y"\n')
def test_the_fast_reading_is_the_exact_one(text: str) -> None:
    """Where the C parser's reading succeeds, it is the exact loader's, data and lines alike; where the
    exact loader refuses a text, the fast one does not read it either."""
    if "\x00" in text or "\ufeff" in text or any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # read_text refuses these before either reading
    fast = fast_reading(text)
    try:
        exact = exact_reading(Path("input.yaml"), text)
    except InputError:
        assert fast is None
        return
    if fast is not None:
        assert fast == (exact.data, exact.lines)


# ---------------------------------------------------------------- (c) a workbook with random cells


@functools.cache
def minimal_book() -> bytes:
    """The minimal input as a workbook, built once (not a fixture: hypothesis would print its bytes)."""
    budget, _ = load_budget(MINIMAL)
    return write_workbook(budget_data(budget))


@functools.cache
def book_shape() -> list[tuple[str, int, int]]:
    """Each sheet's name and data size, so edits land in and just around the data."""
    book = load_workbook(io.BytesIO(minimal_book()))
    return [(sheet.title, sheet.max_row, sheet.max_column) for sheet in book.worksheets]


CELL_TOKENS = [
    "", " ", "=1+1", "=SUM(A1:A3)", "=1/0", "=", "=A1", "=#REF!", "#DIV/0!", "#N/A", "是", "否", "√",
    "1,234.50", "１２３４．５０", "1e30", "-0", "0101", "2022-13-45", "nan", "inf", "true", "901001", "P001",
    "测试市测试局", "\u3000", "x" * 40000,
    # what Excel escapes and what cannot be seen: budgetdoc must decode the first and refuse the second
    "测试_x000D_\n本级", "_x0007_", "_x005F_x0041_", "_xD800_", "_xFFFF_", "2010101\u200b", "\u202e局",
    "a\u2028b", "\ufeff901001", "\U0010FFFF", "\ufdd0",
]  # fmt: skip

CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(CELL_TOKENS),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -1e300, 5e-324, 0.1 + 0.2, 1e15 + 0.3]),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-1000), max_value=dt.timedelta(days=1000)),
)


@st.composite
def book_edits(draw: st.DrawFn, shape: list[tuple[str, int, int]]) -> list[tuple[Any, ...]]:
    # Mostly values in the data rows (past the loader's checks of sheets and headers, on to the schema
    # and the rules); now and then a header, a cell beside the data, or a change to a whole sheet.
    filled = [entry for entry in shape[1:] if entry[1] >= 2]
    edits: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(1, 6))):
        name, rows, columns = draw(st.sampled_from(filled) | st.sampled_from(shape))
        kind = draw(st.sampled_from(["cell"] * 24 + ["delete", "hide", "merge", "insert", "remove", "name"]))
        row = draw(st.integers(2, max(2, rows)) | st.integers(1, rows + 2))
        column = draw(st.integers(1, columns) | st.integers(1, columns + 1))
        value = draw(CELL_VALUES) if kind in ("cell", "name") else None
        edits.append((kind, name, row, column, value))
    return edits


def _apply(book: bytes, edits: list[tuple[Any, ...]]) -> bytes | None:
    """The workbook with the edits made, or None when openpyxl itself refuses to write it."""
    workbook = load_workbook(io.BytesIO(book))
    for kind, name, row, column, value in edits:
        if name not in workbook.sheetnames:
            continue
        sheet = workbook[name]
        if kind == "cell":
            try:
                sheet.cell(row, column).value = value
            except (ValueError, TypeError, AttributeError, IllegalCharacterError):
                continue  # openpyxl refuses control characters, some types, and merged cells' values
        elif kind == "delete":
            del workbook[name]
        elif kind == "hide" and len(workbook.sheetnames) > 1:
            sheet.sheet_state = "hidden"
        elif kind == "merge":
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column)
        elif kind == "insert":
            sheet.insert_rows(row)
        elif kind == "remove":
            sheet.delete_rows(row)
        elif kind == "name":
            try:
                sheet.title = str(value)[:31] if value is not None else "Sheet"
            except ValueError:
                continue
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except (ValueError, TypeError, OverflowError, IndexError):
        return None
    return buffer.getvalue()


@fuzz(25)
@given(data=st.data())
def test_workbook_cells(workdir: Path, data: st.DataObject) -> None:
    edits = data.draw(book_edits(book_shape()), label="edits")
    edited = _apply(minimal_book(), edits)
    if edited is None:
        return
    path = workdir / "input.xlsx"
    path.write_bytes(edited)
    only_known_errors(lambda: check_input(path), path.name)


# ---------------------------------------------------------------- (d) random, truncated and corrupted bytes


@fuzz(40)
@given(data=st.data())
def test_damaged_workbooks(workdir: Path, data: st.DataObject) -> None:
    book = minimal_book()
    kinds = ["random", "zip-random", "truncated", "corrupted", "member"]
    how = data.draw(st.sampled_from(kinds), label="how")
    if how == "random":
        raw = data.draw(st.binary(max_size=2000))
    elif how == "zip-random":
        raw = b"PK\x03\x04" + data.draw(st.binary(max_size=2000))
    elif how == "truncated":
        raw = book[: data.draw(st.integers(0, len(book) - 1))]
    elif how == "corrupted":
        flips = data.draw(
            st.lists(st.tuples(st.integers(0, len(book) - 1), st.integers(0, 255)), min_size=1, max_size=8)
        )
        damaged = bytearray(book)
        for at, byte in flips:
            damaged[at] = byte
        raw = bytes(damaged)
    else:
        raw = _with_member(book, data)
    path = workdir / "input.xlsx"
    path.write_bytes(raw)
    only_known_errors(lambda: check_input(path), path.name)


def _with_member(book: bytes, data: st.DataObject) -> bytes:
    """A well-formed zip whose one part is replaced by random, truncated or empty content."""
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    name = data.draw(st.sampled_from(sorted(parts)), label="part")
    content = parts[name]
    choice = data.draw(st.sampled_from(["drop", "empty", "cut", "bytes"]), label="change")
    if choice == "drop":
        del parts[name]
    elif choice == "empty":
        parts[name] = b""
    elif choice == "cut":
        parts[name] = content[: data.draw(st.integers(0, max(0, len(content) - 1)))]
    else:
        parts[name] = data.draw(st.binary(max_size=500))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    return buffer.getvalue()


def _zip_damaged(how: str) -> bytes:
    """The minimal workbook with one of its zip parts damaged where the zip's directory cannot tell."""
    book = bytearray(minimal_book())
    with zipfile.ZipFile(io.BytesIO(bytes(book))) as archive:
        first = min(archive.infolist(), key=lambda info: info.header_offset)
    at = first.header_offset
    if how == "header-signature":
        book[at] = 0  # PK\x03\x04 → \x00K\x03\x04
    elif how == "header-name":
        book[at + 30 + 4] = 0  # the local header names the part differently from the directory
    else:  # "compressed-data": garbage in the middle of the deflated stream (or a bad CRC)
        start = at + 30 + len(first.filename.encode()) + len(first.extra)
        for offset in range(first.compress_size // 3, first.compress_size // 3 + 8):
            book[start + offset] ^= 0xFF
    return bytes(book)


@pytest.mark.parametrize("how", ["header-signature", "header-name", "compressed-data"])
def test_damaged_zip_parts(workdir: Path, how: str) -> None:
    path = workdir / "input.xlsx"
    path.write_bytes(_zip_damaged(how))
    only_known_errors(lambda: check_input(path), path.name)


def _with_cell_xml(sheet: str, cell: str, stored: bytes) -> bytes:
    """The minimal workbook with `stored` as the raw <v> of one numeric cell, as no writer would save it."""
    workbook = load_workbook(io.BytesIO(minimal_book()))
    workbook[sheet][cell] = 12345.5
    part = f"xl/worksheets/sheet{workbook.sheetnames.index(sheet) + 1}.xml"
    saved = io.BytesIO()
    workbook.save(saved)
    buffer = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                content = content.replace(b"<v>12345.5</v>", b"<v>" + stored + b"</v>")
            target.writestr(info, content)
    return buffer.getvalue()


# A number beyond a double's range is read by openpyxl as infinity; a code, whole-number, text or choice
# column then crashed turning it into an int (OverflowError). Written by hand: openpyxl cannot save one.
@pytest.mark.parametrize(
    ("sheet", "cell", "stored"),
    [
        ("基本信息", "B2", b"1E400"),  # 部门编码 (code)
        ("基本信息", "B5", b"-1E400"),  # 预算年度 (whole number)
        ("预算单位", "B2", b"1E400"),  # 单位名称 (text)
        ("预算单位", "D2", b"1E400"),  # 单位性质 (choice)
        ("收入", "C2", b"1E400"),  # 金额 (amount)
    ],
)
def test_numbers_beyond_excel_range(workdir: Path, sheet: str, cell: str, stored: bytes) -> None:
    path = workdir / "input.xlsx"
    path.write_bytes(_with_cell_xml(sheet, cell, stored))
    with pytest.raises(InputError) as caught:
        check_input(path)
    [finding] = caught.value.findings
    assert "超出 Excel 的范围" in finding.message
    assert finding.locations[0].cell == f"{sheet}!{cell}"
