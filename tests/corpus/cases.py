"""The corpus: every bad input with the message and location its report must print."""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from tests.corpus.make import (
    TEXT,
    Case,
    book,
    book_bytes,
    edited_book,
    generated,
    line_of,
    raw,
    rezipped,
    set_cell,
    text,
    usage,
    zipped,
)

AMOUNT = "    amount: 150.00"
UNITS = TEXT[TEXT.index("units:\n") : TEXT.index("income:\n")]
DEPARTMENT = TEXT[
    TEXT.index("  department:\n") : TEXT.index("  year:")
]  # income[1].amount, the first amount in the file
INCOME = "income[1].amount"

SYNTAX = [
    text("unclosed-bracket", "  year: 2023", "  year: [2023", "括号", "", "  phone:"),
    text("unclosed-quote", '  phone: "12345678"', '  phone: "12345678', "引号可能没有闭合", ""),
    text("tab-indent", "    name: 测试市测试局\n", "\tname: 测试市测试局\n", "Tab", "", "\tname"),
    text("duplicate-key", "  year: 2023", "  year: 2023\n  year: 2024", "键重复", "", "year: 2024"),
    text(
        "colon-in-value",
        "    name: 测试市测试局本级",
        "    name: 本级: 机关",
        "此处不能出现",
        "",
        "本级: 机关",
    ),
    text("missing-colon", "  year: 2023", "  year 2023", "缺少冒号", "", "year 2023"),
    text("bad-indent", "    kind: 行政", "     kind: 行政", "缩进", "", "     kind: 行政"),
    text("list-in-map", "  phone:", "  - phone:", "缩进", "", "- phone"),
    raw("top-level-list", "- meta: 1\n- units: 2\n", "顶层应为键值结构", 1),
    raw("top-level-text", "部门预算\n", "顶层应为键值结构", 1),
    raw("only-comments", "# 2023 年预算\n# 待填\n", "顶层应为键值结构", 1),
    raw("deep-nesting", "meta: " + "[" * 5000 + "]" * 5000 + "\n", "嵌套层数过多"),
    raw(
        "control-byte",
        TEXT.replace("测试市测试局本级", "测试\x07本级"),
        "控制字符",
        line_of(TEXT, "测试市测试局本级"),
    ),
]

ENCODING = [
    raw("empty", "", "文件为空"),
    raw("blank", "  \n\n   \n", "文件为空"),
    raw("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "不是文本文件"),
    raw("gbk", TEXT.encode("gbk"), "GBK", line_of(TEXT, "测试市测试局")),
    raw("utf16", TEXT.encode("utf-16"), "UTF-16"),
    raw(
        "latin1",
        TEXT.replace("测试市测试局本级", "Café").encode("latin-1", "replace"),
        "UTF-8",
        line_of(TEXT, "测试市测试局本级"),
    ),
    generated("huge", lambda: b"# " + b"x" * (21 * 1024 * 1024) + b"\n", "文件过大"),
    # A BOM is fine; what follows must still be located on the right line.
    Case(
        "bom-then-error",
        lambda folder: _written(
            folder / "bom-then-error.yaml", "\ufeff" + TEXT.replace(AMOUNT, "    amount: -1")
        ),
        "金额为负数",
        lambda _: f"bom-then-error.yaml:{line_of(TEXT, AMOUNT)}（{INCOME}）",
    ),
]

TAGS = [
    text(
        "python-object",
        "  year: 2023",
        "  year: !!python/object/apply:os.system [ls]",
        "不支持的 YAML 标签",
        "",
    ),
    text("python-name", "  year: 2023", "  year: !!python/name:os.system", "不支持的 YAML 标签", ""),
    text("custom-tag", "  year: 2023", "  year: !年份 2023", "不支持的 YAML 标签", ""),
    text("alias", "  phone:", "  short_name: &n 测试局\n  region: *n\n  phone:", "别名", "", "region: *n"),
    text("merge-key", "units:\n", "units:\n  - &u {code: x}\n  - <<: *u\n", "别名", "", "<<: *u"),
    text(
        "billion-laughs",
        "meta:\n",
        "meta:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n",
        "别名",
        "",
        "b: [*a",
    ),
]

TYPES = [
    text("year-text", "  year: 2023", "  year: 二〇二三", "预算年度：应为整数", "meta.year"),
    text("year-decimal", "  year: 2023", "  year: 2023.5", "预算年度：应为整数", "meta.year"),
    text("year-range", "  year: 2023", "  year: 1850", "不应小于 2000", "meta.year"),
    text("bad-date", "  filled_on: 2022-11-20", "  filled_on: 2022-13-45", "日期无效", ""),
    text("date-text", "  filled_on: 2022-11-20", "  filled_on: 去年十一月", "应为日期", "meta.filled_on"),
    text("amount-text", AMOUNT, "    amount: 一百五十", "不是数字", INCOME),
    text("amount-yes", AMOUNT, "    amount: true", "不是是/否", INCOME),
    text("amount-list", AMOUNT, "    amount: [150]", "应为数字", INCOME),
    text("amount-blank", AMOUNT, "    amount:", "应为数字", INCOME),
    text("amount-with-unit", AMOUNT, "    amount: 150万元", "不是数字", INCOME),
    text("amount-percent", AMOUNT, "    amount: 150%", "不是数字", INCOME),
    text(
        "units-as-map",
        UNITS,
        'units:\n  code: "901001"\n  name: 测试市测试局本级\n  kind: 行政\n',
        "应为列表",
        "units",
    ),
    text("department-as-text", DEPARTMENT, "  department: 测试市测试局\n", "应为键值结构", "meta.department"),
    text("unit-kind", "    kind: 事业", "    kind: 事业单位", "取值应为以下之一", "units[2].kind"),
    text(
        "income-source",
        "    source: 一般公共预算",
        "    source: 财政拨款",
        "取值应为以下之一",
        "income[1].source",
    ),
    text(
        "code-as-list",
        '    - code: "2010101"',
        "    - code: [2010101]",
        "应为文字",
        "expenditure.functional[1].code",
    ),
    text("name-too-short", "    name: 测试市测试局本级", "    name: 局", "内容过短", "units[1].name"),
    text(
        "text-too-long",
        "    货物: 公务用车更新",
        "    货物: " + "长" * 20001,
        "内容过长",
        "narrative.procurement_usage.货物",
    ),
    text(
        "control-escape",
        "    name: 测试市测试局本级",
        '    name: "测试\\x07本级"',
        "控制字符",
        "units[1].name",
    ),
]

FIELDS = [
    text(
        "missing-department-name",
        "    name: 测试市测试局\n",
        "",
        "部门全称：缺少必填字段",
        "meta.department.name",
        "department:",
    ),
    text("missing-year", "  year: 2023\n", "", "预算年度：缺少必填字段", "meta.year", "meta:"),
    text(
        "missing-unit-code",
        '  - code: "901002"\n    name',
        "  - name",
        "缺少必填字段",
        "units[2].code",
        "- name: 测试市测试中心",
    ),
    text("missing-income-amount", AMOUNT + "\n", "", "缺少必填字段", INCOME, '- unit: "901001"'),
    text("unknown-top-field", "units:\n", "remarks: 无\nunits:\n", "未知字段“remarks”", "remarks"),
    text("misspelt-field", '  phone: "12345678"', '  phoen: "12345678"', "未知字段“phoen”", "meta.phoen"),
    text(
        "misspelt-in-list",
        "    name: 测试市测试局本级",
        "    nmae: 测试市测试局本级",
        "未知字段“nmae”",
        "units[1].nmae",
    ),
]

AMOUNTS = [
    text("negative", AMOUNT, "    amount: -150.00", "金额为负数", INCOME),
    text("nan", AMOUNT, "    amount: .nan", "非数字（NaN）", INCOME),
    text("nan-word", AMOUNT, "    amount: NaN", "非数字（NaN）", INCOME),
    text("infinity", AMOUNT, "    amount: .inf", "无穷大", INCOME),
    text("minus-infinity", AMOUNT, "    amount: -.inf", "无穷大", INCOME),
    text("infinity-word", AMOUNT, "    amount: Infinity", "无穷大", INCOME),
    text("huge-exponent", AMOUNT, "    amount: 1e30", "金额过大", INCOME),
    text("huge-digits", AMOUNT, "    amount: " + "9" * 31, "金额过大", INCOME),
    text("implausible", AMOUNT, "    amount: 150000000", "金额大得不合常理", INCOME),
    text("three-decimals", AMOUNT, "    amount: 150.001", "超过两位小数", INCOME),
    text("many-decimals", AMOUNT, "    amount: 150.0000000001", "超过两位小数", INCOME),
    text("hex", AMOUNT, "    amount: 0x96", "不是数字", INCOME),
    text("underscore", AMOUNT, "    amount: 1_50.00", "不是数字", INCOME),
    text("misplaced-comma", AMOUNT, '    amount: "1,50.00"', "不是数字", INCOME),
    text(
        "negative-weight",
        "weight: 40,",
        "weight: -40,",
        "权重：数值过小",
        "performance.overall_forms[1].annual_goals[1].indicators[1].weight",
        "weight: -40",
    ),
]

CODES = [
    text(
        "unknown-function",
        '    - code: "2010101"',
        '    - code: "2990199"',
        "没有名称",
        "expenditure.functional[1].code",
    ),
    text(
        "unknown-economic",
        '    - code: "30201"',
        '    - code: "30298"',
        "没有名称",
        "expenditure.economic[4].code",
    ),
    text(
        "code-letters",
        '    - code: "2010101"',
        '    - code: "20101O1"',
        "科目编码格式错误",
        "expenditure.functional[1].code",
    ),
    text(
        "code-six-digits",
        '    - code: "2010101"',
        '    - code: "201010"',
        "科目编码格式错误",
        "expenditure.functional[1].code",
    ),
    text(
        "economic-seven-digits",
        '    - code: "30201"',
        '    - code: "3020101"',
        "科目编码格式错误",
        "expenditure.economic[4].code",
    ),
    text(
        "duplicate-function",
        '    - code: "2010102"',
        '    - code: "2010101"',
        "编码重复",
        "expenditure.functional[2]",
        'code: "2010101"\n      project',
    ),
    text(
        "duplicate-unit",
        '  - code: "901002"',
        '  - code: "901001"',
        "单位编码“901001”出现了两次",
        "units[2]",
        '- code: "901001"\n    name: 测试市测试中心',
    ),
    text(
        "duplicate-project",
        "  - code: P002",
        "  - code: P001",
        "编码重复",
        "projects[2]",
        "- code: P001\n    name: 车辆更新项目",
    ),
    text(
        "function-at-kuan",
        '    - code: "2080505"',
        '    - code: "20805"',
        "应细化到项级",
        "expenditure.functional[3].code",
    ),
    text(
        "economic-at-lei",
        '    - code: "30101"',
        '    - code: "301"',
        "应细化到款级",
        "expenditure.economic[1].code",
    ),
    text(
        "parent-and-child",
        '    - code: "2080505"',
        '    - code: "201"',
        "与其上级科目同时录入",
        "expenditure.functional[3]",
    ),
    text(
        "unknown-unit",
        '    - unit: "901002"\n      personnel',
        '    - unit: "901009"\n      personnel',
        "未登记的单位",
        "expenditure.by_unit[2].unit",
        'unit: "901009"',
    ),
    text(
        "unknown-project",
        "  - project: P001",
        "  - project: P009",
        "不存在的项目",
        "performance.project_forms[1].project",
    ),
]

BALANCE = [
    text("income-short", "    amount: 50.00", "    amount: 49.00", "收支不平衡", "income", "income:"),
    text(
        "economic-short",
        "      public: 10.00\n",
        "      public: 9.00\n",
        "功能分类与经济分类不一致",
        "expenditure.economic",
        "  economic:",
    ),
    text(
        "unit-short",
        "      personnel: 30.00",
        "      personnel: 29.00",
        "分单位支出与功能分类支出不一致",
        "expenditure.by_unit",
        "  by_unit:",
    ),
    text(
        "projects-short",
        "    general: 20.00",
        "    general: 19.00",
        "项目合计与项目支出不一致",
        "projects",
        "projects:",
    ),
    text(
        "procurement-parts",
        "    micro_amount: 10.00",
        "    micro_amount: 40.00",
        "政府采购金额构成有误",
        "procurement[1].micro_amount",
    ),
    text(
        "weights",
        "weight: 40,",
        "weight: 50,",
        "权重合计为 110",
        "performance.overall_forms[1].annual_goals[1].indicators[1].weight",
        "weight: 50",
    ),
    text(
        "details-short",
        "local_amount: 40.00",
        "local_amount: 39.00",
        "明细金额与项目预算不符",
        "performance.project_forms[1].details",
        "  details:",
    ),
]

REFERENCES = [
    text(
        "placeholder",
        "    服务: 信息系统运维",
        "    服务: 待填写",
        "未完成的占位内容",
        "narrative.procurement_usage.服务",
    ),
    text(
        "prior-missing",
        '  phone: "12345678"',
        '  phone: "12345678"\n  prior: 上年.yaml',
        "找不到上年预算文件",
        "meta.prior",
        "prior:",
    ),
    text(
        "extra-codes-missing",
        '  phone: "12345678"',
        '  phone: "12345678"\n  extra_codes: 补充科目.yaml',
        "找不到补充科目文件",
        "meta.extra_codes",
        "extra_codes:",
    ),
    text(
        "profile-missing",
        '  phone: "12345678"',
        '  phone: "12345678"\n  profile: 不存在的模板',
        "找不到输入指定的模板",
        "meta.profile",
        "profile:",
    ),
]


# ---------------------------------------------------------------- sizes no department reaches

LIMITS = [
    text(
        "long-name",
        "    name: 测试市测试局本级",
        "    name: " + "长" * 1001,
        "内容过长（不应超过 1000 个字符）",
        "units[1].name",
    ),
    raw(
        "long-comment-line",
        TEXT.replace("units:\n", "# " + "注" * 300_000 + "\nunits:\n", 1),
        "这一行有 300002 个字符",
        line_of(TEXT, "units:\n"),
    ),
    text(
        "long-list",
        "  functions:\n    - 负责本市测试工作。\n",
        "  functions:\n" + "    - 职能\n" * 10_001,
        "列表超过 10000 项",
        "overview.functions[1]",
        "    - 职能",
    ),
    text("amount-huge-exponent", AMOUNT, "    amount: 1e1000000", "金额过大", INCOME),
    text(
        "quantity-tiny-exponent",
        "    quantity: 1\n",
        "    quantity: 1e-99999999\n",
        "小数位数过多",
        "procurement[1].quantity",
        "quantity: 1e-99999999",
    ),
    text(
        "zero-with-huge-exponent",
        "    quantity: 1\n",
        "    quantity: 0E-99999999\n",
        "小数位数过多",
        "procurement[1].quantity",
        "quantity: 0E-99999999",
    ),
    text(
        "count-with-many-digits",
        "    quantity: 1\n",
        "    quantity: " + "9" * 5000 + "\n",
        "金额过大",
        "procurement[1].quantity",
        "quantity: 999",
    ),
    text(
        "absurd-tolerance",
        '  phone: "12345678"',
        '  phone: "12345678"\n  tolerance: 99999999999999',
        "核对容差过大",
        "meta.tolerance",
        "tolerance:",
    ),
    text(
        "empty-budget",
        TEXT[TEXT.index("units:\n") : TEXT.index("expenditure:\n")],
        "units: []\nincome: []\n",
        "没有填写预算单位",
        "units",
        "units: []",
    ),
]

# ---------------------------------------------------------------- characters that are not what they seem

UNIT_NAME = "    name: 测试市测试局本级"

CHARACTERS = [
    text(
        "zero-width-in-code",
        '    - code: "2010101"',
        '    - code: "2010101\u200b"',
        "零宽空格",
        "expenditure.functional[1].code",
    ),
    text("zero-width-in-key", "  year: 2023", "  year\u200b: 2023", "零宽空格", "meta.year<U+200B>"),
    text("rtl-override", UNIT_NAME, "    name: 测试\u202e局本级市", "从右到左覆盖", "units[1].name"),
    text(
        "bidi-isolate", UNIT_NAME, '    name: "测试\\u2067市\\u2069测试局"', "从右到左隔离", "units[1].name"
    ),
    text("noncharacter", UNIT_NAME, '    name: "测试\\uFFFF本级"', "非字符码位", "units[1].name"),
    text("lone-surrogate", UNIT_NAME, '    name: "测试\\uD800本级"', "代理字符", "units[1].name"),
    text("c1-control", UNIT_NAME, '    name: "测试\\x9b本级"', "控制字符", "units[1].name"),
    text("line-separator-in-comment", "units:\n", "# 单位\u2028列表\nunits:\n", "行分隔符", "", "# 单位"),
    text("next-line-in-comment", "units:\n", "# 单位\u0085列表\nunits:\n", "NEL", "", "# 单位"),
    text(
        "paragraph-separator-in-value",
        "    服务: 信息系统运维",
        "    服务: 信息系统\u2029运维",
        "段分隔符",
        "",
    ),
]


def _written(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


def _prior_wrong_year(folder: Path) -> Path:
    _written(folder / "prior.yaml", TEXT)  # the same year, not the year before
    return _written(
        folder / "prior-wrong-year.yaml",
        TEXT.replace('  phone: "12345678"', '  phone: "12345678"\n  prior: prior.yaml'),
    )


REFERENCES.append(
    Case(
        "prior-wrong-year",
        _prior_wrong_year,
        "比较用的上年文件为 2023 年",
        lambda _: "prior-wrong-year.yaml:8（meta.prior）",
    )
)


PHONE = '  phone: "12345678"'


def _referring(
    case_id: str, field: str, name: str, make: Callable[[Path], None] | None = None
) -> Callable[[Path], Path]:
    """minimal.yaml naming `name` in meta.<field>, after `make` has put whatever it names in place."""

    def write(folder: Path) -> Path:
        if make is not None:
            make(folder)
        return _written(folder / f"{case_id}.yaml", TEXT.replace(PHONE, f"{PHONE}\n  {field}: {name}"))

    return write


def _reference(
    case_id: str, field: str, name: str, message: str, make: Callable[[Path], None] | None = None
) -> Case:
    line = line_of(TEXT.replace(PHONE, f"{PHONE}\n  {field}: {name}"), f"  {field}:")
    return Case(
        case_id,
        _referring(case_id, field, name, make),
        message,
        lambda _: f"{case_id}.yaml:{line}（meta.{field}）",
    )


def _outside(folder: Path) -> None:
    (folder.parent / "elsewhere.yaml").write_text(TEXT, encoding="utf-8")
    (folder / "link.yaml").symlink_to(folder.parent / "elsewhere.yaml")


def _profile_outside(folder: Path) -> None:
    (folder.parent / "外地模板").mkdir(exist_ok=True)
    (folder.parent / "外地模板" / "profile.yaml").write_text(
        "name: 外地模板\nextends: national\n", encoding="utf-8"
    )


REFERENCES += [
    _reference("prior-absolute", "prior", "/etc/passwd", "是绝对路径"),
    _reference("prior-up", "prior", "../elsewhere.yaml", "不在输入文件所在的文件夹中", _outside),
    _reference("prior-link-out", "prior", "link.yaml", "不在输入文件所在的文件夹中", _outside),
    _reference("prior-directory", "prior", "上年.yaml", "是一个文件夹", lambda f: (f / "上年.yaml").mkdir()),
    _reference("prior-fifo", "prior", "上年.yaml", "不是普通文件", lambda f: os.mkfifo(f / "上年.yaml")),
    _reference("extra-codes-absolute", "extra_codes", "/etc/hostname", "是绝对路径"),
    _reference("profile-outside", "profile", "../外地模板", "找不到输入指定的模板", _profile_outside),
    _reference(
        "extra-codes-fifo", "extra_codes", "codes.yaml", "不是普通文件", lambda f: os.mkfifo(f / "codes.yaml")
    ),
    Case(
        "extra-codes-shape",
        _referring(
            "extra-codes-shape",
            "extra_codes",
            "codes.yaml",
            lambda f: _written(f / "codes.yaml", "codes: 2040299\n"),
        ),
        "补充科目文件格式有误",
        lambda _: "codes.yaml:1（codes）",
    ),
    Case(
        "extra-codes-alias",
        _referring(
            "extra-codes-alias",
            "extra_codes",
            "codes.yaml",
            lambda f: _written(f / "codes.yaml", "codes:\n  a: &x [1, 2]\n  b: *x\n"),
        ),
        "别名",
        lambda _: "codes.yaml:3",
    ),
    Case(
        "extra-codes-invisible",
        _referring(
            "extra-codes-invisible",
            "extra_codes",
            "codes.yaml",
            lambda f: _written(f / "codes.yaml", 'codes:\n  "2040299\u200b": 其他公安支出\n'),
        ),
        "零宽空格",
        lambda _: "codes.yaml:2（codes.2040299<U+200B>）",
    ),
]


def _hide(workbook: Workbook) -> None:
    workbook["项目"].sheet_state = "hidden"


def _very_hidden(workbook: Workbook) -> None:
    workbook["收入"].sheet_state = "veryHidden"


def _merge(workbook: Workbook) -> None:
    workbook["项目"].merge_cells("B2:C2")


def _extra_sheet(workbook: Workbook) -> None:
    workbook.create_sheet("草稿")["A1"] = "x"


def _with_part(name: str, data: bytes) -> bytes:
    """The minimal workbook with one part replaced (or added): sizes openpyxl would take minutes over."""
    source = zipfile.ZipFile(io.BytesIO(edited_book(lambda _: None)))
    return zipped({**{n: source.read(n) for n in source.namelist()}, name: data})


def _error_result() -> bytes:
    """A formula whose saved result is an error value, as Excel writes it (openpyxl cannot)."""
    book = edited_book(set_cell("收入", "C2", "=1/0"))
    cell = re.compile(rb'<c r="C2"([^>]*)><f>1/0</f><v\s*/?>(</v>)?</c>')
    return rezipped(book, lambda _, data: cell.sub(rb'<c r="C2"\1 t="e"><f>1/0</f><v>#DIV/0!</v></c>', data))


def _external_entity() -> bytes:
    """A sheet whose DOCTYPE declares an entity that would read /etc/passwd into a unit name."""
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    name = "".join(f"&#{ord(c)};" for c in "测试市测试局本级").encode()  # openpyxl escapes CJK text

    def change(part: str, data: bytes) -> bytes:
        return doctype + data.replace(name, b"&e;") if name in data else data

    return rezipped(edited_book(lambda _: None), change)


EXCEL = [
    book("formula-uncached", set_cell("收入", "C2", "=SUM(A1:A2)"), "公式没有计算结果", "收入!C2"),
    book_bytes("formula-error", _error_result, "错误值 #DIV/0!", "收入!C2"),
    book("merged", _merge, "合并单元格", "项目!B2:C2"),
    book("hidden-sheet", _hide, "被隐藏", "项目!A1"),
    book("very-hidden-sheet", _very_hidden, "被隐藏", "收入!A1"),
    book("unknown-sheet", _extra_sheet, "不认识的工作表“草稿”", "草稿!A1"),
    book("unknown-column", set_cell("收入", "E1", "备注"), "不认识或重复的列“备注”", "收入!E1"),
    book("unknown-field", set_cell("基本信息", "C2", "meta.department.cdoe"), "不认识的字段", "基本信息!C2"),
    book("text-number", set_cell("收入", "C2", "一百五十"), "不是数字", "收入!C2（income[1].amount）"),
    book("text-number-unit", set_cell("收入", "C2", "150万元"), "不是数字", "收入!C2（income[1].amount）"),
    book("text-number-comma", set_cell("收入", "C2", "1,50.00"), "不是数字", "收入!C2（income[1].amount）"),
    book("negative-cell", set_cell("收入", "C2", -150), "金额为负数", "收入!C2（income[1].amount）"),
    book("bad-choice", set_cell("预算单位", "D2", "机关"), "单位性质", "预算单位!D2（units[1].kind）"),
    book("bad-year", set_cell("基本信息", "B5", "二〇二三"), "预算年度", "基本信息!B5（meta.year）"),
    book("missing-cell", set_cell("项目", "B2", None), "缺少必填字段", "项目!B2（projects[1].name）"),
    book(
        "bad-yes-no",
        set_cell("政府购买服务", "C2", "也许"),
        "是否包含政府采购",
        "政府购买服务!C2（purchased_services[1].via_procurement）",
    ),
    book("unbalanced", set_cell("收入", "C3", 49), "收支不平衡", "收入!A2（income）"),
    book_bytes("password", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "设置了打开密码"),
    book_bytes("not-a-zip", lambda: TEXT.encode(), "这不是 Excel 工作簿"),
    book_bytes("other-zip", lambda: zipped({"readme.txt": b"hello"}), "缺少 xl/workbook.xml"),
    book_bytes(
        "damaged",
        lambda: zipped({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"<x/>"}),
        "工作簿无法打开",
    ),
    book_bytes("truncated", lambda: edited_book(lambda _: None)[:5000], "这不是 Excel 工作簿"),
    book_bytes("zip-bomb", lambda: zipped({"xl/workbook.xml": b"\0" * (201 * 1024 * 1024)}), "解压后过大"),
    book_bytes("external-entity", _external_entity, "含有 DTD 或实体声明"),
    book_bytes(
        "million-cells",
        lambda: _with_part(
            "xl/worksheets/sheet3.xml",
            b"<worksheet><sheetData>" + b"<c/>" * 1_000_001 + b"</sheetData></worksheet>",
        ),
        "个单元格，超过 1000000 个",
    ),
    book_bytes(
        "shared-strings-count",
        lambda: _with_part("xl/sharedStrings.xml", b"<sst>" + b"<si><t>x</t></si>" * 1_000_001 + b"</sst>"),
        "共享文字表有 1000001 项",
    ),
    book_bytes(
        "shared-strings-size",
        lambda: _with_part(
            "xl/sharedStrings.xml", b"<sst><si><t>" + b"x" * (51 * 1024 * 1024) + b"</t></si></sst>"
        ),
        "共享文字表解压后过大",
    ),
    book(
        "cleared-header",
        set_cell("预算单位", "D1", None),
        "这一列有数据但没有标题（这一列可能是“单位性质”）",
        "预算单位!D1",
    ),
    book(
        "ooxml-escape",
        set_cell("预算单位", "B2", "测试_x0007_本级"),
        "控制字符",
        "预算单位!B2（units[1].name）",
    ),
]


def _input_file(folder: Path) -> Path:
    return _written(folder / "ok.yaml", TEXT)


USAGE = [
    usage("no-such-file", "找不到输入文件", (), lambda folder: folder / "nowhere.yaml"),
    usage("directory", "找不到输入文件", (), lambda folder: folder),
    usage("word-file", "不支持的输入格式“.docx”", (), lambda folder: _written(folder / "预算.docx", "x")),
    usage("xls-file", "不支持的输入格式“.xls”", (), lambda folder: _written(folder / "预算.xls", "x")),
    usage("unknown-format", "不支持的输出格式：doc", ("--format", "doc"), _input_file),
    usage("empty-format", "不支持的输出格式", ("--format", ","), _input_file),
]

CASES: list[Case] = [
    *SYNTAX,
    *ENCODING,
    *TAGS,
    *TYPES,
    *FIELDS,
    *AMOUNTS,
    *CODES,
    *BALANCE,
    *REFERENCES,
    *EXCEL,
    *USAGE,
    *LIMITS,
    *CHARACTERS,
]
