# ruff: noqa: E501  (the profile YAML below reads as an officer writes it, one row or column a line)
"""Tables a district declares in profile.yaml alone: each a small profile, composed on a real budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from gen.compose import DocumentIncomplete, compose, load_profile
from gen.compose.document import Table
from gen.compute.revealed import Fact
from gen.errors import InputError
from gen.pipeline import Checked, check_input
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT, a_year_earlier
from tests.profiles import write_profile

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def _profile(root: Path, kinds: str, section: str = "table: mine") -> Path:
    """A district profile whose only part prints one table, of a kind declared in its own YAML."""
    yaml = (
        "name: district\nextends: national\n"
        f"table_kinds:\n{kinds}"
        "parts:\n  - id: tables\n    title: 公开表\n    sections:\n"
        f"      - {{id: t, title: 表, {section}}}\n"
    )
    return write_profile(root, "district", yaml)


def _table(root: Path, checked: Checked, kinds: str, section: str = "table: mine") -> Table:
    (table,) = compose(checked.computed, load_profile(str(_profile(root, kinds, section)))).tables()
    return table


def _header(table: Table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.header]


def _rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def carried(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    """minimal, with 10 of its 项目支出 paid from last year's carry-over (the income says so too)."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace(
        '    - code: "2010102"\n      project: 60.00\n',
        '    - code: "2010102"\n      project: 50.00\n'
        '    - code: "2010102"\n      project: 10.00\n      carried_over: true\n',
    ).replace(
        '  - unit: "901002"\n    source: 一般公共预算\n    amount: 50.00\n',
        '  - unit: "901002"\n    source: 一般公共预算\n    amount: 40.00\n'
        'carryover:\n  - unit: "901002"\n    fund: 一般公共预算\n    amount: 10.00\n',
    )
    path = tmp_path_factory.mktemp("carried") / "in.yaml"
    path.write_text(text, encoding="utf-8")
    checked = check_input(path)
    assert checked.errors == [], [f.message for f in checked.errors]
    return checked


SOURCES = """\
      - {key: total, header: 合计}
      - {key: carried, header: 上年结转, value: {origin: carryover}, part_of: total}
      - {key: general, header: 一般公共预算拨款, value: {fund: general, origin: current}, part_of: total}
      - {key: gov_fund, header: 政府性基金预算拨款, value: {fund: gov_fund, origin: current}, part_of: total}
      - {key: other, header: 其他收入, value: {fund: other, origin: current}, part_of: total}
"""


def test_an_income_table_by_function_with_a_column_per_source(tmp_path: Path, carried: Checked) -> None:
    kinds = (
        "  mine:\n    facts: spending\n    columns:\n"
        "      - {key: code, header: 科目编码, show: code}\n      - {key: name, header: 科目名称, show: name}\n"
        + SOURCES
        + "    rows:\n      - {each: function, levels: [类, 款, 项]}\n"
    )
    table = _table(tmp_path, carried, kinds)
    assert _header(table) == [
        ["科目编码", "科目名称", "合计", "上年结转", "一般公共预算拨款", "政府性基金预算拨款", "其他收入"]
    ]
    rows = {r[0]: r[2:] for r in _rows(table)}
    assert rows[""] == ["200.00", "10.00", "190.00", "", ""]  # 合计
    assert rows["2010102"] == ["60.00", "10.00", "50.00", "", ""]


def test_a_three_public_table_with_a_column_for_operating_costs(tmp_path: Path, carried: Checked) -> None:
    kinds = (
        "  mine:\n    facts: three_public\n    total: none\n    columns:\n"
        "      - {key: total, header: “三公”经费合计}\n"
        "      - {key: reception, header: 公务接待费, value: {item: reception}}\n"
        "      - {key: running, header: 机关运行经费, value: {facts: operating_costs}}\n"
        "    rows:\n      - {role: total, value: {facts: three_public}}\n"
    )
    table = _table(tmp_path, carried, kinds)
    operating = carried.computed.figures.operating_costs
    assert operating is not None
    assert _rows(table) == [["25.00", "2.00", f"{operating.current:,.2f}"]]


def test_procurement_rows_with_a_column_per_fund_source(tmp_path: Path) -> None:
    text = (
        MINIMAL.read_text(encoding="utf-8")
        .replace('    economic_code: "30213"\n', '    economic_code: "30213"\n    fund: 一般公共预算\n', 1)
        .replace('    economic_code: "31013"\n', '    economic_code: "31013"\n    fund: 政府性基金预算\n', 1)
    )
    (tmp_path / "in.yaml").write_text(text, encoding="utf-8")
    kinds = (
        "  mine:\n    facts: procurement\n    columns:\n"
        "      - {key: item, header: 品目, show: item}\n"
        "      - {key: total, header: [采购金额, 合计]}\n"
        "      - {key: general, header: [采购金额, 一般公共预算], value: {fund: general}, part_of: total}\n"
        "      - {key: gov_fund, header: [采购金额, 政府性基金预算], value: {fund: gov_fund}, part_of: total}\n"
        "    rows:\n      - {each: row}\n"
    )
    table = _table(tmp_path / "p", check_input(tmp_path / "in.yaml"), kinds)
    assert _header(table) == [["品目", "采购金额"], ["合计", "一般公共预算", "政府性基金预算"]]
    assert _rows(table) == [
        ["合计", "45.00", "30.00", "15.00"],
        ["[C16070200]硬件运维服务", "30.00", "30.00", ""],
        ["[A02030501]轿车", "15.00", "", "15.00"],
    ]
    # Rows that do not say their fund cannot be split by it: the table names them, never prints 0.
    with pytest.raises(DocumentIncomplete) as caught:
        _table(tmp_path / "q", check_input(MINIMAL), kinds)
    (gap,) = caught.value.gaps
    assert gap.missing is not None and gap.missing.paths == (("procurement", 0), ("procurement", 1))


def test_a_total_row_at_the_bottom(tmp_path: Path, jianghan: Checked) -> None:
    kinds = (
        "  mine:\n    facts: spending\n    fund: general\n    total: bottom\n    total_label: 总计\n"
        "    columns:\n      - {key: name, header: 科目, show: name}\n      - {key: total, header: 金额}\n"
        "    rows:\n      - {each: function, levels: [类]}\n"
    )
    rows = _rows(_table(tmp_path, jianghan, kinds))
    assert rows[-1] == ["总计", "89,052.55"] and rows[0] == ["公共安全支出", "72,643.00"]


def test_headers_renamed_and_grouped(tmp_path: Path, jianghan: Checked) -> None:
    kinds = (
        "  mine:\n    facts: spending\n    fund: general\n    columns:\n"
        "      - {key: code, header: [功能分类科目编码], show: code}\n"
        "      - {key: name, header: [功能分类科目名称], show: name}\n"
        "      - {key: total, header: [总计, 合计]}\n"
        "      - {key: personnel, header: [总计, 基本支出, 人员经费], value: {type: personnel}, part_of: total}\n"
        "      - {key: public, header: [总计, 基本支出, 日常公用经费], value: {type: public}, part_of: total}\n"
        "      - {key: project, header: [总计, 项目支出], value: {type: project}, part_of: total}\n"
        "    rows:\n      - {each: function, levels: [类, 款, 项]}\n"
    )
    table = _table(tmp_path, jianghan, kinds)
    assert _header(table) == [
        ["功能分类科目编码", "功能分类科目名称", "总计"],
        ["合计", "基本支出", "项目支出"],
        ["人员经费", "日常公用经费"],
    ]
    spans = [(c.text, c.colspan, c.rowspan) for c in table.header[0]]
    assert spans == [("功能分类科目编码", 1, 3), ("功能分类科目名称", 1, 3), ("总计", 4, 1)]
    assert _rows(table)[0][2:] == ["89,052.55", "52,586.58", "7,338.63", "29,127.34"]


INCOME_SIDE = """\
    sides:
      - header: 收入
        columns: [{header: 项目, show: label}, {header: 预算数}]
        rows:
          - {label: 财政拨款收入, number: "{cn}、", counter: top, value: {facts: income, source: [general, gov_fund, state_capital]}, parts: [funds]}
          - {id: funds, each: source, facts: income, keys: [general, gov_fund, state_capital], others: false, labels: appropriation, number: "（{cn}）"}
          - {label: 事业收入, number: "{cn}、", counter: top, value: {facts: income, source: public_institution}}
          - {label: 其他收入, number: "{cn}、", counter: top, value: {facts: income, source: other}}
        totals:
          - {label: 收入总计, value: {facts: income}}
      - header: 支出
        columns: [{header: 项目, show: label}, {header: 预算数}]
        rows:
          - {each: function, facts: spending, levels: [类], number: "{cn}、"}
        totals:
          - {label: 支出总计, value: {facts: spending}}
"""


def test_a_two_sided_table_with_numbered_sub_rows_and_only_a_grand_total(
    tmp_path: Path, jianghan: Checked
) -> None:
    table = _table(tmp_path, jianghan, "  mine:\n" + INCOME_SIDE)
    income = [r[:2] for r in _rows(table)]
    assert income[:6] == [
        ["一、财政拨款收入", "89,052.55"],
        ["（一）一般公共预算拨款", "89,052.55"],
        ["（二）政府性基金预算拨款", ""],
        ["（三）国有资本经营预算拨款", ""],
        ["二、事业收入", ""],
        ["三、其他收入", ""],
    ]
    assert _rows(table)[-1] == ["收入总计", "89,052.55", "支出总计", "89,052.55"]
    assert [r[2] for r in _rows(table)][:4] == [
        "一、公共安全支出",
        "二、社会保障和就业支出",
        "三、卫生健康支出",
        "四、住房保障支出",
    ]


def test_a_column_adding_two_measures(tmp_path: Path, carried: Checked) -> None:
    kinds = (
        "  mine:\n    facts: spending\n    columns:\n"
        "      - {key: name, header: 科目名称, show: name}\n"
        "      - key: general_funds\n        header: 一般公共预算资金\n"
        "        value: {sum: [{fund: general, origin: current}, {fund: general, origin: carryover}]}\n"
        "    rows:\n      - {each: function, levels: [类]}\n"
    )
    assert _rows(_table(tmp_path, carried, kinds)) == [
        ["合计", "200.00"],
        ["一般公共服务支出", "160.00"],
        ["社会保障和就业支出", "40.00"],
    ]


NEW_SHAPE = """\
  by_fund:
    description: 各资金来源的支出与上年比较（没有哪个内置模板有这张表）
    facts: spending
    columns:
      - {key: name, header: 资金来源, show: name, width: 2.4}
      - {key: now, header: 本年预算}
      - {key: before, header: 上年预算, value: {year: prior}}
      - {key: change, header: 增减, value: {change: {facts: spending}}}
      - {key: share, header: 占支出比重, value: {share: {facts: spending}}, format: percent}
    rows:
      - {each: fund, keys: [general, gov_fund, state_capital], others: false, labels: appropriation}
"""


def test_a_table_of_a_new_shape_from_yaml_alone(tmp_path: Path) -> None:
    """Rows by fund source, this year against last, the change and a share: declared, not coded."""
    checked = check_input(JIANGHAN_2023, JIANGHAN_2022)
    table = _table(tmp_path, checked, NEW_SHAPE, "table: by_fund")
    assert _header(table) == [["资金来源", "本年预算", "上年预算", "增减", "占支出比重"]]
    assert _rows(table) == [
        ["合计", "89,052.55", "103,347.29", "-14,294.74", "100.00%"],
        ["一般公共预算拨款", "89,052.55", "103,347.29", "-14,294.74", "100.00%"],
        ["政府性基金预算拨款", "", "", "", ""],
        ["国有资本经营预算拨款", "", "", "", ""],
    ]
    # Without last year the same table is a located gap, never a column of zeros.
    alone = tmp_path / "alone.yaml"
    alone.write_text(JIANGHAN_2023.read_text(encoding="utf-8").replace("  prior: jianghan-2022.yaml\n", ""))
    with pytest.raises(DocumentIncomplete) as caught:
        _table(tmp_path / "alone", check_input(alone, document=False), NEW_SHAPE, "table: by_fund")
    assert [g.missing.fact for g in caught.value.gaps if g.missing] == [Fact.PRIOR]


def test_a_line_new_this_year_changed_by_all_of_it(tmp_path: Path) -> None:
    """Last year had no 社会保障和就业支出: this year's 40.00 is its change, not a blank."""
    text = MINIMAL.read_text(encoding="utf-8")
    prior_text = (
        a_year_earlier(text)
        .replace(
            "      personnel: 80.00\n      public: 20.00\n", "      personnel: 120.00\n      public: 20.00\n"
        )
        .replace('    - code: "2080505"\n      personnel: 40.00\n', "")
    )
    (tmp_path / "prior.yaml").write_text(prior_text, encoding="utf-8")
    current = tmp_path / "in.yaml"
    current.write_text(text.replace("meta:\n", "meta:\n  prior: prior.yaml\n", 1), encoding="utf-8")
    checked = check_input(current, document=False)
    assert checked.errors == [], [f.message for f in checked.errors]
    kinds = (
        "  mine:\n    facts: spending\n    columns:\n"
        "      - {key: name, header: 科目名称, show: name}\n"
        "      - {key: before, header: 上年, value: {year: prior}}\n"
        "      - {key: change, header: 增减, value: {change: {facts: spending}}}\n"
        "    rows:\n      - {each: function, levels: [类]}\n"
    )
    assert _rows(_table(tmp_path, checked, kinds)) == [
        ["合计", "200.00", ""],  # no change: a zero prints blank in this table
        ["一般公共服务支出", "200.00", "-40.00"],
        ["社会保障和就业支出", "", "40.00"],
    ]


@pytest.mark.parametrize(
    ("kinds", "where", "message"),
    [
        (
            "  mine:\n    facts: spendng\n    columns: [{header: 金额}]\n    rows: [{each: function}]\n",
            "table_kinds.mine.facts",
            "没有事实集“spendng”",
        ),
        (
            "  mine:\n    facts: spending\n    fund: genral\n    columns: [{header: 金额}]\n    rows: [{each: function}]\n",
            "table_kinds.mine.fund",
            "维度 fund 没有“genral”",
        ),
        (
            "  mine:\n    facts: spending\n    columns: [{header: 金额, value: {unit: x}}]\n    rows: [{each: function}]\n",
            "table_kinds.mine.columns[1].value.unit",
            "事实集 spending 没有维度“unit”",
        ),
        (
            "  mine:\n    facts: spending\n    columns: [{header: 金额, value: nope}]\n    rows: [{each: function}]\n",
            "table_kinds.mine.columns[1].value",
            "没有名为“nope”的度量",
        ),
        (
            "  mine:\n    facts: income\n    columns: [{header: 金额}]\n    rows: [{each: project}]\n",
            "table_kinds.mine.rows[1].each",
            "不能按“project”展开",
        ),
    ],
)
def test_a_mistake_in_a_declared_table_is_found_at_its_key(
    tmp_path: Path, kinds: str, where: str, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        load_profile(str(_profile(tmp_path, kinds)))
    (finding,) = caught.value.findings
    assert message in finding.message and finding.locations[0].path == where
    assert finding.locations[0].file == "district/profile.yaml" and finding.locations[0].line
