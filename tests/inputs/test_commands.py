"""convert and init: both directions losing nothing, the same JSON from either input, new inputs."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from gen.cli import cli
from gen.load.yaml_source import load_yaml
from gen.pipeline import load_budget
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """The two Jianghan inputs side by side, as meta.prior expects."""
    for source in (JIANGHAN_2022, JIANGHAN_2023):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path


def test_yaml_to_workbook_to_yaml_loses_nothing(folder: Path) -> None:
    book, back = folder / "jianghan-2023.xlsx", folder / "back.yaml"
    assert run("convert", str(folder / "jianghan-2023.yaml"), str(book))[0] == 0
    assert run("convert", str(book), str(back))[0] == 0
    original = load_budget(JIANGHAN_2023)[0]
    assert load_budget(book)[0] == original
    assert load_budget(back)[0] == original


def test_the_workbook_builds_byte_identical_json(folder: Path) -> None:
    book = folder / "jianghan-2023.xlsx"
    run("convert", str(folder / "jianghan-2023.yaml"), str(book))
    for source, out in ((folder / "jianghan-2023.yaml", "from-yaml"), (book, "from-xlsx")):
        code, output = run("build", str(source), "--format", "json", "--out", str(folder / out))
        assert code == 0, output
    data = (folder / "from-xlsx" / "jianghan-2023.json").read_bytes()
    assert data == (folder / "from-yaml" / "jianghan-2023.json").read_bytes()
    assert b"89052.55" in data


def test_convert_refuses_an_unknown_extension_and_an_invalid_input(folder: Path) -> None:
    code, output = run("convert", str(folder / "jianghan-2023.yaml"), str(folder / "out.csv"))
    assert code == 2 and ".xlsx" in output
    bad = folder / "bad.yaml"
    bad.write_text(JIANGHAN_2023.read_text(encoding="utf-8").replace("year: 2023", "year: 两千"), "utf-8")
    code, output = run("convert", str(bad), str(folder / "bad.xlsx"))
    assert code == 1 and "bad.yaml:" in output and not (folder / "bad.xlsx").exists()


def test_a_workbook_has_guide_dropdowns_formats_and_locked_headers(folder: Path) -> None:
    book_path = folder / "jianghan-2023.xlsx"
    run("convert", str(folder / "jianghan-2023.yaml"), str(book_path))
    book = load_workbook(book_path)
    assert book.sheetnames[:2] == ["填表说明", "基本信息"] and book["代码表"].sheet_state == "hidden"
    income = book["收入"]
    assert [c.value for c in income[1]] == ["单位编码", "收入来源", "金额"]
    assert income.freeze_panes == "A2" and income.protection.sheet
    assert income["C2"].value == Decimal("73380.06") or float(income["C2"].value) == 73380.06
    assert income["C2"].number_format == "#,##0.00;-#,##0.00;0.00"
    lists = {str(v.sqref): v.formula1 for v in income.data_validations.dataValidation}
    assert lists["B2:B203"].startswith('"一般公共预算,')
    assert lists["A2:A203"] == "'预算单位'!$A$2:$A$1000"
    codes = {str(v.sqref)[:3]: v.formula1 for v in book["支出功能分类明细"].data_validations.dataValidation}
    assert codes["A2:"].startswith("'代码表'!$A$2:$A$")
    # The indicator value "=100%" is text, not a formula.
    indicators = book["整体绩效目标申报表-年度目标-绩效指标"]
    assert {c.data_type for c in indicators["F"][1:] if c.value == "=100%"} == {"s"}
    headers = [c.value for c in indicators[1]]
    assert headers[headers.index("指标值（可连同指标性质和计量单位写成 ≥250人）") + 1 :][:2] == [
        "指标性质（≥ ＞ ＝ ≤ ＜ 或 定性）",
        "计量单位",
    ]
    assert "2021年指标值" in headers and "2022年指标值" in headers


def test_init_from_the_prior_year_carries_structure_not_amounts(folder: Path) -> None:
    target = folder / "jianghan-2024.xlsx"
    code, output = run("init", str(target), "--from", str(folder / "jianghan-2023.yaml"))
    assert code == 0, output
    book = load_workbook(target)
    units = [row[0].value for row in book["预算单位"].iter_rows(min_row=2) if row[0].value]
    assert units == ["118001", "118002"]
    leaves = next(book["支出功能分类明细"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert leaves[0] == "2040201" and all(v is None for v in leaves[3:])
    fields = {row[2].value: row[1].value for row in book["基本信息"].iter_rows(min_row=2)}
    assert fields["meta.year"] == 2024 and fields["meta.prior"] == "jianghan-2023.yaml"
    indicators = book["整体绩效目标申报表-年度目标-绩效指标"]
    assert "2023年指标值" in [c.value for c in indicators[1]]
    # Filling in is what is left: check names each missing amount at its cell.
    code, output = run("check", str(target))
    assert code == 1 and "jianghan-2024.xlsx 收入!C2（income[1].amount）" in output


@pytest.mark.parametrize("name", ["new.yaml", "new.xlsx"])
def test_init_blank_asks_for_the_department(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    assert run("init", str(target), "--year", "2027", "--profile", "wuhan")[0] == 0
    code, output = run("check", str(target))
    assert code == 1 and "部门编码" in output and "部门全称" in output
    assert run("init", str(target))[0] == 2  # never overwrites


def test_what_an_input_leaves_out_stays_out_through_a_workbook(folder: Path) -> None:
    """A left-out list has no sheet (a blank sheet would say there is none) and reads back unknown."""
    from gen.compute.revealed import revealed

    book, back = folder / "jianghan-2022.xlsx", folder / "back-2022.yaml"
    assert run("convert", str(folder / "jianghan-2022.yaml"), str(book))[0] == 0
    assert "政府采购" not in load_workbook(book).sheetnames
    assert run("convert", str(book), str(back))[0] == 0
    original = revealed(load_budget(JIANGHAN_2022)[0]).missing
    assert revealed(load_budget(book)[0]).missing.keys() == original.keys()
    assert revealed(load_budget(back)[0]).missing.keys() == original.keys()


def test_a_list_written_empty_stays_written(tmp_path: Path) -> None:
    text = (ROOT / "tests" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    start, end = text.index("procurement:\n"), text.index("purchased_services:\n")
    source = tmp_path / "none.yaml"
    source.write_text(text[:start] + "procurement: []\n" + text[end:], encoding="utf-8")
    book = tmp_path / "none.xlsx"
    assert run("convert", str(source), str(book))[0] == 0
    assert "政府采购" in load_workbook(book).sheetnames
    budget = load_budget(book)[0]
    assert budget.procurement == [] and "procurement" in budget.model_fields_set


def test_the_form_fields_go_through_a_workbook_and_into_next_year(tmp_path: Path) -> None:
    """指标性质, 计量单位, 是否核心指标, 项目分类, 项目概述 and 预算执行率 weight: typed, converted to
    a workbook and back, and carried by init --from (weights are the form's scheme, not money)."""
    from tests.compose.test_form_language import ANNUAL, APART, _input

    source = _input(tmp_path, (ANNUAL, APART))
    book, back = tmp_path / "forms.xlsx", tmp_path / "back.yaml"
    assert run("convert", str(source), str(book))[0] == 0
    assert run("convert", str(book), str(back))[0] == 0
    [form] = load_budget(back)[0].performance.project_forms
    assert (form.classification, form.summary, form.execution_weight) == (
        "一般性项目",
        "保障信息系统正常运行。",
        10,
    )
    first, second = form.annual_indicators
    assert (first.nature, first.value, first.unit, first.weight, first.core) == ("≤", "24", "小时", 50, True)
    assert (second.nature, second.core) == ("定性", False)
    following = tmp_path / "next.yaml"
    assert run("init", str(following), "--from", str(source))[0] == 0
    # Amounts are still to be filled in, so the new input is read as YAML, not yet as a budget.
    [carried] = load_yaml(following).data["performance"]["project_forms"]
    indicator = carried["annual_indicators"][0]
    assert carried["execution_weight"] == 10 and indicator["weight"] == 50
    assert indicator["history"] == {"2023": "24"} and (indicator["nature"], indicator["unit"]) == (
        "≤",
        "小时",
    )
