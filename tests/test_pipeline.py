"""The whole check: the input, its prior year (its own errors, its own unit), the profile that prints it."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from gen.cli import cli
from gen.compose import compose, load_profile
from gen.compute.diff import Status, compare
from gen.compute.revealed import Fact
from gen.inputs.data import budget_data
from gen.inputs.yaml_text import write_yaml
from gen.pipeline import check_input, load_budget
from models.amount import rescaled
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT, a_year_earlier

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
TEXT = MINIMAL.read_text(encoding="utf-8")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _write(folder: Path, name: str, text: str) -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def _in_yuan(path: Path, target: Path) -> Path:
    """The input at `path` restated in 元: every amount of money ×10000, quantities as they were."""
    budget = load_budget(path)[0]
    meta = budget.meta.model_copy(update={"amount_unit": "元"})
    target.write_bytes(
        write_yaml(budget_data(rescaled(budget, "万元", "元").model_copy(update={"meta": meta})))
    )
    return target


# ------------------------------------------------------------------ the prior year


def test_a_prior_year_in_another_unit_is_compared_in_this_years(tmp_path: Path) -> None:
    prior = _write(tmp_path, "prior.yaml", a_year_earlier(TEXT))
    current = _in_yuan(MINIMAL, tmp_path / "current.yaml")
    checked = check_input(current, prior)
    assert checked.errors == []
    # minimal restates last year's 公务接待费 as 3.00 where last year's own file has 2.00: in 元 now.
    (restated,) = [f for f in checked.findings if f.rule == "YEAR-002"]
    assert (restated.expected, restated.actual) == (Decimal(20000), Decimal(30000))
    figures = checked.computed.figures
    assert figures.total is not None and figures.total.current == Decimal(2000000)
    assert figures.total.prior == Decimal(2000000) and figures.total.delta == 0
    assert figures.three_public.reception is not None and figures.three_public.reception.prior == 20000
    diff = compare(checked.computed)
    assert all(item.status is Status.SAME for item in diff.summary.items), [
        (i.name, i.change) for i in diff.summary.items if i.status is not Status.SAME
    ]
    code, output = run("diff", str(prior), str(current), "--format", "json")
    assert code == 0
    percents = {i["percent"] for s in json.loads(output)["sections"] for i in s["items"]}
    assert percents <= {"0.00", None}, percents


def test_a_prior_year_that_fails_its_own_check_is_reported_at_its_own_lines(tmp_path: Path) -> None:
    unbalanced = a_year_earlier(TEXT).replace("    amount: 50.00", "    amount: 51.00", 1)
    prior = _write(tmp_path, "prior.yaml", unbalanced)
    current = _write(tmp_path, "current.yaml", TEXT)
    for args in (["--prior", str(prior)], []):
        if not args:
            current.write_text(
                TEXT.replace('  phone: "12345678"', '  phone: "12345678"\n  prior: prior.yaml')
            )
        code, output = run("check", str(current), *args)
        assert code == 1, output
        assert "BAL-001" in output and "prior.yaml:" in output
    (finding,) = [f for f in check_input(current).errors if f.rule == "BAL-001"]
    assert finding.locations[0].file == "prior.yaml"
    assert finding.locations[0].line == unbalanced.splitlines().index("income:") + 1


def test_a_prior_year_known_by_basic_and_project_only(tmp_path: Path) -> None:
    """Published prior documents often give 基本/项目 without 人员/公用: 基本 is typed, not lost."""
    text = JIANGHAN_2022.read_text(encoding="utf-8").replace(
        "    personnel: 56223.53\n    public: 7254.62\n", "    basic: 63478.15\n"
    )
    prior = _write(tmp_path, "prior.yaml", text)
    figures = check_input(JIANGHAN_2023, prior).computed.figures
    assert figures.basic is not None and figures.basic.prior == Decimal("63478.15")
    assert figures.personnel is not None and figures.personnel.prior is None  # unknown, not 0


def test_a_prior_year_known_only_by_its_total_invents_no_lines(tmp_path: Path) -> None:
    text = a_year_earlier(TEXT)
    start, end = text.index("expenditure:\n"), text.index("projects:\n")
    only_total = text[:start] + "expenditure:\n  type_breakdown:\n    total: 180.00\n" + text[end:]
    only_total = only_total.replace("    amount: 50.00", "    amount: 30.00", 1)  # 180 in all
    prior = _write(tmp_path, "prior.yaml", only_total)
    checked = check_input(MINIMAL, prior)
    assert checked.errors == [], [f.message for f in checked.errors]
    assert checked.computed.prior is not None
    assert not checked.computed.prior.revealed.known(Fact.FUNCTIONS)
    diff = compare(checked.computed)
    total = next(i for i in diff.summary.items if i.key == "total")
    assert total.change.prior == Decimal(180) and total.change.delta == Decimal(20)
    classes = [i for i in diff.summary.items if i.key.isdigit()]
    assert classes and all(i.status is Status.UNKNOWN for i in classes)  # never 新增
    function = next(s for s in diff.sections if s.id == "function")
    assert not function.items and "没有" in function.note


# ------------------------------------------------------------------ the profile


def test_the_command_lines_profile_wins_over_the_inputs(tmp_path: Path) -> None:
    current = _write(
        tmp_path, "in.yaml", TEXT.replace("  year: 2023\n", "  year: 2023\n  profile: 我区模板\n")
    )
    assert run("check", str(current))[0] == 1  # REF-005: no such profile
    code, output = run(
        "build", str(current), "--profile", "national", "--format", "json", "--out", str(tmp_path)
    )
    assert code == 0, output
    assert (tmp_path / "in.json").is_file()


def test_a_text_rule_runs_only_for_a_profile_that_prints_the_text(tmp_path: Path) -> None:
    text = TEXT.replace("    货物: 公务用车更新\n", "")
    current = _write(tmp_path, "in.yaml", text)
    assert "BAL-012" in {f.rule for f in check_input(current).findings}
    folder = tmp_path / "不写采购"
    shutil.copytree(ROOT / "templates" / "national", folder)
    profile = (folder / "profile.yaml").read_text(encoding="utf-8")
    (folder / "profile.yaml").write_text(
        profile.replace("      - {id: procurement, title: 政府采购情况, text: procurement}\n", ""),
        encoding="utf-8",
    )
    assert "BAL-012" not in {f.rule for f in check_input(current, profile=str(folder)).findings}


def test_a_tolerance_never_prints_a_year_end_balance(tmp_path: Path) -> None:
    text = TEXT.replace('  phone: "12345678"', '  phone: "12345678"\n  tolerance: 0.01').replace(
        "    amount: 50.00", "    amount: 50.01", 1
    )
    checked = check_input(_write(tmp_path, "in.yaml", text))
    assert not checked.errors and checked.document is not None
    summary = checked.document.tables()[0]
    lines = {row.cells[2].text: row.cells[3].text for row in summary.rows}
    assert lines["年终结转结余"] == ""
    assert lines["支出总计"] == "200.00"


# ------------------------------------------------------------------ what a document needs


def test_a_coarse_year_is_no_disclosure_and_nothing_is_written(tmp_path: Path) -> None:
    code, output = run("build", str(JIANGHAN_2022), "--out", str(tmp_path), "--format", "html,json")
    assert code == 1 and not list(tmp_path.iterdir())
    assert "DOC-001" in output and "人员构成" in output and "overview.staffing.authorized" in output
    assert "wuhan/profile.yaml:" in output  # the section that needs it


def test_a_units_project_spending_is_summed_from_its_projects(tmp_path: Path) -> None:
    """Typed once: removing the units' 项目支出 leaves every table as it was, and no finding."""
    text = TEXT.replace("      project: 40.00\n", "").replace("      project: 20.00\n", "")
    checked = check_input(_write(tmp_path, "in.yaml", text))
    assert checked.findings == []
    table = checked.computed.tables["by_unit"]
    assert [r.value("project") for r in table.rows] == [Decimal(60), Decimal(60), Decimal(40), Decimal(20)]
    before = check_input(MINIMAL)
    assert before.document is not None and checked.document is not None
    assert before.document.tables()[4].rows == checked.document.tables()[4].rows


def test_a_units_project_spending_from_unit_funds_cannot_be_placed(tmp_path: Path) -> None:
    text = TEXT.replace("      project: 20.00\n", "").replace("    general: 20.00", "    unit_funds: 20.00")
    checked = check_input(_write(tmp_path, "in.yaml", text), profile="wuhan")
    needs = [f for f in checked.errors if f.rule == "DOC-001" and "单位的项目支出" in f.message]
    assert needs and any(loc.path == "expenditure.by_unit[2].project" for loc in needs[0].locations)


def test_convert_keeps_the_inputs_references(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("convert", str(JIANGHAN_2023), "江汉-2023.xlsx")
    # The prior year stays where it was: outside the new file's folder, which a build refuses unless
    # the user names that folder.
    assert code == 0 and f"--refs {JIANGHAN_2022.parent}" in output.replace("\n", "")
    code, output = run("build", "江汉-2023.xlsx", "--format", "json", "--out", "out")
    assert code == 1 and "meta.prior" in output
    code, output = run(
        "build", "江汉-2023.xlsx", "--format", "json", "--out", "out", "--refs", str(JIANGHAN_2022.parent)
    )
    assert code == 0, output
    budget = load_budget(tmp_path / "江汉-2023.xlsx")[0]
    assert budget.meta.prior is not None and (tmp_path / budget.meta.prior).resolve() == JIANGHAN_2022


def test_compose_of_the_reference_states_nothing_it_does_not_know() -> None:
    checked = check_input(JIANGHAN_2023)
    assert checked.errors == [] and checked.document is not None
    assert checked.document == compose(checked.computed, load_profile("wuhan"))


def test_a_procurement_row_under_a_code_without_spending_blocks_the_build(tmp_path: Path) -> None:
    """The reference's own slip: [2040223]特别业务 would print as the catalogue's 移民事务."""
    typed = 'item_name: 其他医药品\n    function_code: "2040221"'
    text = JIANGHAN_2023.read_text(encoding="utf-8").replace(typed, typed.replace("2040221", "2040223"))
    shutil.copy(JIANGHAN_2022, tmp_path / JIANGHAN_2022.name)
    checked = check_input(_write(tmp_path, "jianghan-2023.yaml", text))
    (slip,) = [f for f in checked.errors if f.rule == "BAL-014"]
    assert "移民事务" in slip.message
    assert slip.locations[0].path == "procurement[13].function_code"


def test_the_example_input_carries_no_markup() -> None:
    assert not [f for f in check_input(JIANGHAN_2023).findings if f.rule.startswith("TXT")]
