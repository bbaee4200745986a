"""Each kind of override a district profile makes with files only, shown on the Jianghan budget."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gen.compose import compose, load_profile
from gen.compose.cells import TableContext
from gen.compose.document import Document, Table
from gen.compose.measures import Evaluator
from gen.compose.pivot import Pivot
from gen.compose.tablespec import TableKind
from gen.compose.templating import ProfileTemplateError
from gen.errors import InputError
from gen.pipeline import Checked, check_input
from tests.conftest import ROOT
from tests.profiles import write_profile

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def _profile(root: Path, yaml: str, files: dict[str, str] | None = None, name: str = "district") -> Path:
    return write_profile(root, name, f"name: {name}\nextends: national\n{yaml}", files)


def _tables(*sections: str, settings: str = "") -> str:
    body = "".join(f"      - {s}\n" for s in sections)
    return f"{settings}parts:\n  - id: tables\n    title: 公开表\n    sections:\n{body}"


def _compose(root: Path, jianghan: Checked, yaml: str, files: dict[str, str] | None = None) -> Document:
    return compose(jianghan.computed, load_profile(str(_profile(root, yaml, files))))


def _table(root: Path, jianghan: Checked, section: str, settings: str = "") -> Table:
    return _compose(root, jianghan, _tables(section, settings=settings)).tables()[0]


def _texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _header(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.header]


# ------------------------------------------------------------------ structure, order, titles, numbering


def test_parts_and_sections_take_the_profiles_order_and_titles(tmp_path: Path, jianghan: Checked) -> None:
    yaml = (
        "parts:\n"
        "  - id: tables\n    title: 公开报表\n    sections:\n"
        "      - {id: t3, title: '{{ year }}年“三公”经费表', table: three_public}\n"
        "      - {id: t1, title: 收支总表, table: summary}\n"
        "  - id: words\n    title: 情况说明\n    sections:\n"
        "      - {id: spending, title: 支出情况, text: spending}\n"
        "      - {id: functions, title: 职能, text: functions}\n"
    )
    document = _compose(tmp_path, jianghan, yaml)
    assert [p.heading for p in document.parts] == ["第一部分 公开报表", "第二部分 情况说明"]
    assert [t.title for t in document.tables()] == ["2023年“三公”经费表", "收支总表"]
    assert [s.title for s in document.parts[1].sections] == ["支出情况", "职能"]
    assert document.parts[1].sections[0].blocks[0].text.startswith("2023年支出预算89,052.55万元")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("numbering", "part", "section", "subsection", "tables"),
    [
        ({}, "第一部分 说明", "一、收支", "（一）支出", ["一、收支总表", "二、三公表"]),
        (
            {"part": "{cn}、", "section": "（{cn}）", "subsection": "{n}.", "table": "表{cn}"},
            "一、说明",
            "（一）收支",
            "1.支出",
            ["表一 收支总表", "表二 三公表"],
        ),
        ({"table": "表{n}"}, "第一部分 说明", "一、收支", "（一）支出", ["表1 收支总表", "表2 三公表"]),
        (
            {"table": "预算{nn}表"},
            "第一部分 说明",
            "一、收支",
            "（一）支出",
            ["预算01表 收支总表", "预算02表 三公表"],
        ),
        ({"section": "{n}."}, "第一部分 说明", "1.收支", "（一）支出", ["一、收支总表", "二、三公表"]),
    ],
)
def test_numbering_styles(
    tmp_path: Path,
    jianghan: Checked,
    numbering: dict[str, str],
    part: str,
    section: str,
    subsection: str,
    tables: list[str],
) -> None:
    patterns = "".join(f"  {k}: '{v}'\n" for k, v in numbering.items())
    yaml = (
        (f"numbering:\n{patterns}" if patterns else "") + "parts:\n"
        "  - id: words\n    title: 说明\n    sections:\n"
        "      - id: money\n        title: 收支\n        sections:\n"
        "          - {id: spending, title: 支出, text: spending}\n"
        "  - id: tables\n    title: 表\n    sections:\n"
        "      - {id: t1, title: 收支总表, table: summary}\n"
        "      - {id: t2, title: 三公表, table: three_public}\n"
    )
    document = _compose(tmp_path, jianghan, yaml)
    words = document.parts[0]
    assert words.heading == part
    assert words.sections[0].heading == section
    assert words.sections[0].children[0].heading == subsection
    assert [s.heading for s in document.parts[1].sections] == tables


def test_tables_are_numbered_through_the_document_and_text_headings_among_themselves(
    tmp_path: Path, jianghan: Checked
) -> None:
    yaml = (
        "numbering: {table: '表{n}'}\n"
        "parts:\n"
        "  - id: one\n    title: 甲\n    sections:\n"
        "      - {id: a, title: 职能, text: functions}\n"
        "      - {id: t1, title: 收支总表, table: summary}\n"
        "      - {id: b, title: 支出, text: spending}\n"
        "  - id: two\n    title: 乙\n    sections:\n"
        "      - {id: t2, title: 三公表, table: three_public}\n"
        "      - id: c\n        title: 其他\n        sections:\n"
        "          - {id: t3, title: 收入表, table: income}\n"
        "          - {id: d, title: 采购, text: procurement}\n"
    )
    one, two = _compose(tmp_path, jianghan, yaml).parts
    assert [s.heading for s in one.sections] == ["一、职能", "表1 收支总表", "二、支出"]
    assert [s.heading for s in two.sections] == ["表2 三公表", "一、其他"]
    assert [s.heading for s in two.sections[1].children] == ["表3 收入表", "（一）采购"]


def test_a_tables_own_decimals_win_over_the_default(tmp_path: Path, jianghan: Checked) -> None:
    settings = "tables: {decimals: 0}\n"
    table = _table(tmp_path, jianghan, "{id: t, title: 三公, table: three_public, decimals: 2}", settings)
    assert _texts(table)[0][0] == "1,048.48"


# ------------------------------------------------------------------ units and rounding


def test_a_table_in_yuan_converts_every_figure(tmp_path: Path, jianghan: Checked) -> None:
    table = _table(tmp_path, jianghan, "{id: t, title: 收支总表, table: summary, unit: 元}")
    assert table.unit_label == "单位：元"
    totals = _texts(table)[-1]
    assert totals == ["收入总计", "890,525,500.00", "支出总计", "890,525,500.00"]


def test_decimals_and_unit_label_are_the_profiles(tmp_path: Path, jianghan: Checked) -> None:
    settings = "tables: {unit: 元, decimals: 0}\namount_unit_label: '金额单位：{unit}'\n"
    table = _table(tmp_path, jianghan, "{id: t, title: 三公, table: three_public}", settings)
    assert table.unit_label == "金额单位：元"
    assert _texts(table)[0][0] == "10,484,800"


def test_rounding_to_fewer_places_notes_a_tail_difference_only_when_there_is_one(
    tmp_path: Path, jianghan: Checked
) -> None:
    profile = load_profile(str(_profile(tmp_path, "tables: {decimals: 0}\n")))
    spec = profile.spec.parts[0].sections[0]
    ctx = TableContext(jianghan.computed, profile.spec, spec, "表")
    pivot = Pivot(ctx, TableKind(), Evaluator(jianghan.computed, {}))

    def differs(a: str, b: str) -> bool:
        return pivot.differs(Decimal(a) + Decimal(b), [Decimal(a), Decimal(b)])

    assert differs("0.50", "0.50")  # printed 1, but 1 + 1
    assert differs("0.40", "0.40")  # printed 1, but 0 + 0
    assert not differs("1.20", "2.20")  # 3 = 1 + 2
    assert not differs("1.00", "2.00")


def test_a_rounding_note_is_added_to_a_table_only_when_its_printed_figures_disagree(
    tmp_path: Path, jianghan: Checked
) -> None:
    rounded = _table(tmp_path / "a", jianghan, "{id: t, title: 收入, table: income, decimals: 0}")
    rows = {cells[1]: cells[2:4] for cells in _texts(rounded)}
    assert rows["武汉市江汉区交通大队"] == ["15,672", "15,672"]  # 15,672.49
    assert rows["合计"] == ["89,053", "89,053"]  # 89,052.55, while the units print 73,380 + 15,672
    assert rounded.notes == ["注：本表金额按四舍五入列示，合计数与各分项之和可能存在尾差。"]
    exact = _table(tmp_path / "b", jianghan, "{id: t, title: 收入, table: income}")
    assert exact.notes == []


def test_an_input_in_yuan_prints_tables_in_wan_yuan(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  year: 2023\n", "  year: 2023\n  amount_unit: 元\n", 1
    )
    (tmp_path / "yuan.yaml").write_text(text, encoding="utf-8")
    checked = check_input(tmp_path / "yuan.yaml")
    assert not checked.errors
    folder = _profile(
        tmp_path, _tables("{id: t, title: 总表, table: summary}", settings="tables: {unit: 万元}\n")
    )
    table = compose(checked.computed, load_profile(str(folder))).tables()[0]
    total = checked.computed.figures.income_total + checked.computed.figures.carryover_total
    assert table.unit_label == "单位：万元"
    assert table.rows[-1].cells[1].text == f"{total / 10000:,.2f}"


# ------------------------------------------------------------------ codes, rows, columns


@pytest.mark.parametrize(
    ("kind", "levels", "row"),
    [
        ("general_by_function", ["类", "款", "项"], ["204", "02", "01", "行政运行"]),
        ("general_basic_economic", ["类", "款"], ["301", "01", "基本工资"]),
    ],
)
def test_codes_split_into_class_columns(
    tmp_path: Path, jianghan: Checked, kind: str, levels: list[str], row: list[str]
) -> None:
    table = _table(tmp_path, jianghan, f"{{id: t, title: 表, table: {kind}, code_style: split}}")
    assert _header(table)[-1][: len(levels)] == levels
    coded = next(c for line in table.header for c in line if c.text == "科目编码")
    assert coded.colspan == len(levels)
    assert any(cells[: len(row)] == row for cells in _texts(table))


@pytest.mark.parametrize(
    ("kind", "option"),
    [
        ("general_by_unit", "code_style: split"),  # unit codes are not classification codes
        ("summary", "columns: [total]"),  # a fixed layout
        ("summary", "empty_note: 无"),
        ("three_public", "rows: nonempty"),
        ("project_performance", "caption: 说明"),  # a form's subtitle is its own
    ],
)
def test_a_setting_a_table_cannot_honour_is_refused_at_its_line(
    tmp_path: Path, jianghan: Checked, kind: str, option: str
) -> None:
    setting = option.split(":")[0]
    with pytest.raises(InputError) as caught:
        _table(tmp_path, jianghan, f"{{id: t, title: 表, table: {kind}, {option}}}")
    (finding,) = caught.value.findings
    assert finding.rule == "PRF-002" and f"表格种类 {kind} 不能设置 {setting}" in finding.message
    assert str(finding.locations[0]) == f"district/profile.yaml:7（parts[1].sections[1].{setting}）"


def test_all_standard_rows_or_only_those_with_money(tmp_path: Path, jianghan: Checked) -> None:
    full = _table(tmp_path / "a", jianghan, "{id: t, title: 总表, table: summary}")
    brief = _table(tmp_path / "b", jianghan, "{id: t, title: 总表, table: summary, rows: nonempty}")
    assert len(brief.rows) < len(full.rows)
    spending = [cells[2] for cells in _texts(brief) if cells[2] and cells[3]][:-3]
    assert spending[0].startswith("一、") and spending[1].startswith("二、")  # renumbered
    assert all(cells[1] or cells[3] for cells in _texts(brief)[:-3])
    assert _texts(brief)[-1] == _texts(full)[-1]  # the totals do not move


def test_nonempty_rows_in_a_listing_keep_rows_whose_money_is_in_a_hidden_column(
    tmp_path: Path, jianghan: Checked
) -> None:
    section = (
        "{id: t, title: 采购, table: procurement, rows: nonempty, columns: [unit_code, unit_name, project]}"
    )
    brief = _table(tmp_path, jianghan, section)
    full = _table(tmp_path / "all", jianghan, section.replace("rows: nonempty, ", ""))
    assert len(brief.rows) == len(full.rows) > 30


def test_grouped_columns_must_stay_together(tmp_path: Path, jianghan: Checked) -> None:
    columns = "[code, name, total, basic, project, personnel]"
    section = f"{{id: t, title: 表, table: general_by_function, columns: {columns}}}"
    with pytest.raises(
        ProfileTemplateError, match="同属“基本支出”的列要相邻：请把 personnel 紧接在 basic 之后"
    ):
        _table(tmp_path, jianghan, section)


def test_columns_are_chosen_and_ordered_from_the_known_set(tmp_path: Path, jianghan: Checked) -> None:
    table = _table(
        tmp_path,
        jianghan,
        "{id: t, title: 收入, table: income, columns: [name, code, total, general, carryover]}",
    )
    assert _header(table) == [
        ["单位名称", "单位编码", "合计", "本年收入", "上年结转（结余）"],
        ["一般公共预算"],
    ]
    assert _texts(table)[0][:3] == ["合计", "", "89,052.55"]


def test_a_column_left_out_while_it_holds_money_is_refused(tmp_path: Path, jianghan: Checked) -> None:
    section = "{id: t, title: 收入, table: income, columns: [code, name, total, gov_fund]}"
    with pytest.raises(ProfileTemplateError, match=r"“一般公共预算”有数据.*请把 general 加入 columns"):
        _table(tmp_path, jianghan, section)


# ------------------------------------------------------------------ wording around tables


def test_a_hidden_subtotal_is_named_by_its_group(tmp_path: Path, jianghan: Checked) -> None:
    section = "{id: t, title: 支出, table: expenditure, columns: [code, name, total, project]}"
    with pytest.raises(ProfileTemplateError, match=r"未列出的“基本支出”有数据（合计 59,925\.21万元）"):
        _table(tmp_path, jianghan, section)


def test_caption_notes_and_empty_wording_are_templates(tmp_path: Path, jianghan: Checked) -> None:
    section = (
        "{id: t, title: 基金表, table: gov_fund_by_function, caption: '部门：{{ dept.name }}',"
        " notes: ['注：{{ year }}年无此项支出。'], empty_note: '{{ dept_name }}无政府性基金预算拨款'}"
    )
    table = _table(tmp_path, jianghan, section)
    assert table.subtitle == "部门：武汉市公安局江汉区分局"
    assert table.notes == ["注：2023年无此项支出。"]
    assert table.rows == [] and table.empty_note == "江汉区公安分局无政府性基金预算拨款"


def test_the_national_empty_tables_print_their_note(jianghan: Checked) -> None:
    document = compose(jianghan.computed, load_profile("national"))
    empty = {t.title: t.empty_note for t in document.tables() if not t.rows}
    assert empty == {
        "2023年政府性基金预算支出表": "本单位无政府性基金预算安排的支出",
        "2023年国有资本经营预算支出表": "本单位无国有资本经营预算安排的支出",
    }


# ------------------------------------------------------------------ narrative, glossary, title page


def test_glossary_entries_are_added_replaced_or_removed(tmp_path: Path, jianghan: Checked) -> None:
    yaml = "glossary:\n  机关运行经费: 本区的解释。\n  经济分类科目:\n  政府采购: 指……。\n" + _tables(
        "{id: g, title: 名词解释, text: glossary}"
    )
    text = "\n".join(b.text for b in _compose(tmp_path, jianghan, yaml).parts[0].sections[0].blocks)  # type: ignore[union-attr]
    assert "机关运行经费：本区的解释。" in text
    assert "经济分类科目" not in text
    assert "政府采购：指……。" in text
    assert "财政拨款收入：指本级财政当年拨付的资金" in text  # inherited


def test_every_narrative_sentence_can_be_rewritten(tmp_path: Path, jianghan: Checked) -> None:
    narrative = (
        '{% extends "national:narrative.j2" %}\n'
        "{% block spending %}本年支出{{ f.total.current|amount }}{{ unit }}。{% endblock %}\n"
    )
    yaml = _tables("{id: s, title: 支出, text: spending}", "{id: f, title: 职能, text: functions}")
    document = _compose(tmp_path, jianghan, yaml, {"narrative.j2": narrative})
    spending, functions = document.parts[0].sections
    assert [b.text for b in spending.blocks] == ["本年支出89,052.55万元。"]  # type: ignore[union-attr]
    assert functions.blocks  # untouched blocks keep the parent's text


@pytest.mark.parametrize(
    ("setting", "show", "lines"),
    [
        ("", True, ["武汉市公安局江汉区分局"]),
        ("title_page: {show: false}\n", False, ["武汉市公安局江汉区分局"]),
        (
            "title_page: {lines: ['{{ dept.name }}', '{{ year }}年2月', '']}\n",
            True,
            ["武汉市公安局江汉区分局", "2023年2月"],
        ),
    ],
)
def test_title_page(tmp_path: Path, jianghan: Checked, setting: str, show: bool, lines: list[str]) -> None:
    document = _compose(tmp_path, jianghan, setting + _tables("{id: t, title: 总表, table: summary}"))
    assert document.title_page.show is show
    assert document.title_page.lines == lines


@pytest.mark.parametrize(
    ("yaml", "where"),
    [
        ("tables: {unit: 美元}\n", "district/profile.yaml:3"),
        ("page: {size: A9}\n", "district/profile.yaml:3"),
        ("page:\n  margins: {top: 200, bottom: 20, left: 20, right: 20}\n", "district/profile.yaml:4"),
        ("fonts:\n  body: '宋体\"; } body { color: red'\n", "district/profile.yaml:4"),
        ("numbering: {table: '表{x}'}\n", "district/profile.yaml:3"),
        ('fonts:\n  body: "仿宋\\n体"\n', "district/profile.yaml:4"),
    ],
)
def test_bad_settings_are_located(tmp_path: Path, yaml: str, where: str) -> None:
    with pytest.raises(InputError) as caught:
        load_profile(str(_profile(tmp_path, yaml)))
    assert str(caught.value.findings[0].locations[0]).startswith(where)
