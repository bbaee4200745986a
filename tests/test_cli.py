"""The command line as a budget officer uses it: messages, exit codes, no partial output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gen.cli import cli
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_check_reference_passes_with_warnings() -> None:
    code, output = run("check", str(JIANGHAN_2023))
    assert code == 0
    assert "0 个错误" in output
    assert "REF-004" in output and "交管办案经费" in output
    assert "jianghan-2023.yaml:" in output


def test_check_unbalanced_input_exits_1_naming_both_sides(tmp_path: Path) -> None:
    bad = tmp_path / "unbalanced.yaml"
    text = MINIMAL.read_text(encoding="utf-8").replace('    - code: "30201"\n      public: 10.00\n', "")
    bad.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    functional, economic = lines.index("  functional:") + 1, lines.index("  economic:") + 1
    code, output = run("check", str(bad))
    assert code == 1
    assert "BAL-002" in output
    assert f"unbalanced.yaml:{functional}（expenditure.functional）" in output
    assert f"unbalanced.yaml:{economic}（expenditure.economic）" in output
    assert "应为 20.00，实为 10.00，差额 -10.00" in output
    assert "Traceback" not in output


def test_build_writes_json(tmp_path: Path) -> None:
    code, output = run("build", str(JIANGHAN_2023), "--format", "json", "--out", str(tmp_path))
    assert code == 0, output
    data = json.loads((tmp_path / "jianghan-2023.json").read_text(encoding="utf-8"))
    assert data["figures"]["total"]["current"] == "89052.55"
    assert [p.name for p in tmp_path.iterdir()] == ["jianghan-2023.json"]  # no temp file left behind
    assert (tmp_path / "jianghan-2023.json").stat().st_mode & 0o644 == 0o644


def test_build_with_errors_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("amount: 50.00", "amount: 51.00"), encoding="utf-8"
    )
    out = tmp_path / "out"
    code, output = run("build", str(bad), "--format", "json", "--out", str(out))
    assert code == 1
    assert "BAL-001" in output
    assert not out.exists() or not any(out.iterdir())


def test_broken_yaml_is_a_located_message(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("meta:\n  year: 2023\n  department: [\n", encoding="utf-8")
    code, output = run("check", str(bad))
    assert code == 1
    assert "broken.yaml:" in output and "YAML 格式错误" in output
    assert "Traceback" not in output


def test_schema_errors_are_all_reported_at_once(tmp_path: Path) -> None:
    bad = tmp_path / "typos.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("  year: 2023", "  year: 二〇二三").replace("    kind: 事业", "    kind: 事业单位")
    text = text.replace("      project: 60.00", "      projekt: 60.00")
    bad.write_text(text, encoding="utf-8")
    code, output = run("check", str(bad))
    assert code == 1
    assert "typos.yaml:6（meta.year）" in output and "预算年度：应为整数" in output
    assert "units[2].kind" in output and "取值应为以下之一：行政、参公、事业、企业" in output
    assert "未知字段“projekt”" in output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("check", str(tmp_path / "missing.yaml"))[0] == 2
    code, output = run("build", str(JIANGHAN_2023), "--format", "pdfx", "--out", str(tmp_path))
    assert code == 2 and "不支持的输出格式" in output
    assert run("check")[0] == 2


def test_python_dash_m_gen_is_the_same_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gen", "check", str(JIANGHAN_2023)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "0 个错误" in result.stdout


def test_build_writes_html_with_the_inputs_profile(tmp_path: Path) -> None:
    code, output = run("build", str(JIANGHAN_2023), "--format", "html,json", "--out", str(tmp_path))
    assert code == 0, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jianghan-2023.html", "jianghan-2023.json"]
    html = (tmp_path / "jianghan-2023.html").read_text(encoding="utf-8")
    assert "<title>江汉区公安分局2023年预算</title>" in html  # the wuhan profile, from meta.profile
    assert "第五部分 预算公开报表" in html


def test_build_with_another_profile_writes_the_default_formats(tmp_path: Path) -> None:
    code, output = run("build", str(JIANGHAN_2023), "--profile", "national", "--out", str(tmp_path))
    assert code == 0, output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["jianghan-2023.docx", "jianghan-2023.html", "jianghan-2023.pdf"]
    assert (tmp_path / "jianghan-2023.docx").read_bytes().startswith(b"PK")
    assert (tmp_path / "jianghan-2023.pdf").read_bytes().startswith(b"%PDF-")
    assert "PDF 排版提示" not in output
    html = (tmp_path / "jianghan-2023.html").read_text(encoding="utf-8")
    assert "<title>武汉市公安局江汉区分局2023年部门预算</title>" in html
    assert "2023年部门收支总表" in html


def test_unknown_profile_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("build", str(JIANGHAN_2023), "--profile", "nowhere", "--out", str(tmp_path))
    assert code == 2
    assert "找不到模板“nowhere”" in output
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_a_broken_template_fails_cleanly_and_writes_nothing(tmp_path: Path) -> None:
    profile = tmp_path / "broken"
    profile.mkdir()
    (profile / "profile.yaml").write_text("name: broken\nextends: wuhan\n", encoding="utf-8")
    (profile / "narrative.j2").write_text(
        '{% extends "wuhan:narrative.j2" %}\n{% block units %}\n{{ f.nothing_here }}\n{% endblock %}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, output = run("build", str(JIANGHAN_2023), "--profile", str(profile), "--out", str(out))
    assert code == 1
    assert "broken/narrative.j2:3" in output and "nothing_here" in output
    assert "Traceback" not in output
    assert not out.exists()


def test_pdf_layout_warnings_are_shown_after_the_build(tmp_path: Path) -> None:
    profile = tmp_path / "district"
    (profile / "pdf").mkdir(parents=True)
    (profile / "profile.yaml").write_text("name: district\nextends: wuhan\n", encoding="utf-8")
    (profile / "pdf" / "print.css").write_text(".part { page-brake: always; }\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", str(JIANGHAN_2023), "--profile", str(profile), "--format", "pdf", "--out", str(out)]
    code, output = run(*args, "--pdf-engine", "weasyprint")
    assert code == 0, output
    assert (out / "jianghan-2023.pdf").is_file()
    assert "PDF 排版提示" in output and "page-brake" in output
    # Typst, the default, reads no stylesheet: it says so, naming the district's.
    code, output = run(*args)
    assert code == 0, output
    assert "district/pdf/print.css" in output and "--pdf-engine weasyprint" in output


def test_pdf_standard_and_engine_are_checked_choices(tmp_path: Path) -> None:
    for option, value in (("--pdf-engine", "latex"), ("--pdf-standard", "a-1b")):
        code, output = run("build", str(JIANGHAN_2023), option, value, "--out", str(tmp_path))
        assert code == 2 and value in output, output
    code, output = run(
        "build", str(MINIMAL), "--format", "pdf", "--pdf-standard", "a-2b", "--out", str(tmp_path)
    )
    assert code == 0, output
    assert b"<pdfaid:part>2</pdfaid:part>" in (tmp_path / "minimal.pdf").read_bytes()


def test_a_profile_folder_next_to_the_input_is_found(tmp_path: Path) -> None:
    district = tmp_path / "district"
    district.mkdir()
    (district / "profile.yaml").write_text("name: district\nextends: national\n", encoding="utf-8")
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "  year: 2023\n", "  year: 2023\n  profile: district\n"
    )
    (tmp_path / "in.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, output = run("build", str(tmp_path / "in.yaml"), "--format", "html", "--out", str(out))
    assert code == 0, output
    assert (out / "in.html").is_file()


def test_diff_prints_the_comparison_and_can_fail_on_unexplained_changes(tmp_path: Path) -> None:
    code, output = run("diff", str(JIANGHAN_2022), str(JIANGHAN_2023))
    assert code == 0 and "−14,294.74" in output and "需说明变动原因" in output
    code, _ = run("diff", str(JIANGHAN_2022), str(JIANGHAN_2023), "--fail-on-unexplained")
    assert code == 1
    target = tmp_path / "diff.json"
    code, output = run(
        "diff", str(JIANGHAN_2022), str(JIANGHAN_2023), "--format", "json", "--out", str(target)
    )
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))["year"] == 2023


def test_diff_refuses_an_unknown_format_and_reports_a_bad_input(tmp_path: Path) -> None:
    code, output = run("diff", str(JIANGHAN_2022), str(JIANGHAN_2023), "--format", "pptx")
    assert code == 2 and "不支持的格式" in output
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINIMAL.read_text(encoding="utf-8").replace("amount: 150.00", "amount: 一百五十"), encoding="utf-8"
    )
    code, output = run("diff", str(MINIMAL), str(bad), "--out", str(tmp_path / "x.txt"))
    assert code == 1 and "bad.yaml:" in output
    assert not (tmp_path / "x.txt").exists()


@pytest.mark.parametrize(
    ("out", "kind"),
    [
        ("变动.xlsx", b"PK"),
        ("变动.html", b"<!DOCTYPE html>"),
        ("变动.json", b"{"),
        ("变动.txt", "武汉".encode()),
    ],
)
def test_diff_takes_its_format_from_the_output_file(tmp_path: Path, out: str, kind: bytes) -> None:
    code, output = run("diff", str(JIANGHAN_2022), str(JIANGHAN_2023), "--out", str(tmp_path / out))
    assert code == 0, output
    assert (tmp_path / out).read_bytes().startswith(kind)


def test_diff_writes_a_workbook_only_to_a_file() -> None:
    code, output = run("diff", str(JIANGHAN_2022), str(JIANGHAN_2023), "--format", "xlsx")
    assert code == 2 and "--out" in output


def test_a_defect_is_an_internal_error_without_traceback_or_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gen import cli as cli_module
    from gen.render import json_export

    def broken(*_: object) -> bytes:
        raise RuntimeError("模拟的缺陷")

    monkeypatch.setattr(json_export.JsonRenderer, "render", broken)
    monkeypatch.delenv("BUDGETDOC_DEBUG", raising=False)
    out = tmp_path / "out"
    monkeypatch.setattr(
        sys, "argv", ["budgetdoc", "build", str(MINIMAL), "--format", "html,json", "--out", str(out)]
    )
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    assert exited.value.code == cli_module.INTERNAL_ERROR
    shown = capsys.readouterr().err
    assert "内部错误（RuntimeError：模拟的缺陷）" in shown and "Traceback" not in shown
    assert not out.exists() or not any(out.iterdir())  # html was rendered, but nothing is written


def test_a_batch_goes_on_past_a_failing_input_and_sums_up(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    text = MINIMAL.read_text(encoding="utf-8")
    for name in ("a", "c"):
        (inputs / f"{name}.yaml").write_text(text, encoding="utf-8")
    (inputs / "b.yaml").write_text(text.replace("amount: 50.00", "amount: 51.00"), encoding="utf-8")
    out = tmp_path / "out"
    paths = [str(inputs / f"{name}.yaml") for name in "abc"]
    code, output = run("build", *paths, "--jobs", "2", "--format", "html,json", "--out", str(out))
    assert code == 1
    assert "BAL-001" in output and "b.yaml:" in output
    assert "共 3 个输入：2 个已生成，1 个失败（b.yaml）" in output
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "a.json", "c.html", "c.json"]
    assert output.count("：完成") == 2 and "b.yaml：失败" in output


def test_a_batch_refuses_inputs_that_would_overwrite_each_other(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "2023.yaml").write_bytes(MINIMAL.read_bytes())
    code, output = run("build", str(tmp_path / "x" / "2023.yaml"), str(tmp_path / "y" / "2023.yaml"))
    assert code == 2 and "文件名相同" in output


# ---------------------------------------------------------------- outputs: what they may replace, and where


def test_an_output_never_replaces_the_input_workbook(tmp_path: Path) -> None:
    book = tmp_path / "预算.xlsx"
    assert run("convert", str(MINIMAL), str(book))[0] == 0
    data = book.read_bytes()
    code, output = run("build", str(book), "--out", str(tmp_path), "--format", "xlsx,json")
    assert code == 2 and "就是输入文件" in output
    assert book.read_bytes() == data and not (tmp_path / "预算.json").exists()
    code, output = run("convert", str(book), str(book))
    assert code == 2 and book.read_bytes() == data


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--out", "{tmp}/变动/"), "不是文件夹"),
        (("--out", "{tmp}"), "不是文件夹"),
        (("--out", "{tmp}/变动.pdf"), "扩展名“.pdf”，不对应任何格式"),
        (("--out", "{tmp}/变动"), "没有扩展名"),
        (("--out", "{tmp}/变动.xlsx", "--format", "html"), "扩展名不符"),
        (("--out", "{tmp}/变动.txt", "--format", "json"), "扩展名不符"),
    ],
)
def test_diff_out_must_be_a_file_whose_extension_is_its_format(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    shown = [a.format(tmp=tmp_path) for a in args]
    code, output = run("diff", str(JIANGHAN_2022), str(JIANGHAN_2023), *shown)
    assert code == 2 and message in output, output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_diff_never_writes_over_an_input(tmp_path: Path) -> None:
    prior = tmp_path / "上年.xlsx"
    assert run("convert", str(JIANGHAN_2022), str(prior))[0] == 0
    data = prior.read_bytes()
    code, output = run("diff", str(prior), str(JIANGHAN_2023), "--out", str(prior))
    assert code == 2 and "就是输入文件" in output
    assert prior.read_bytes() == data


def test_a_profile_that_does_not_exist_is_refused_for_json_too(tmp_path: Path) -> None:
    code, output = run(
        "build", str(MINIMAL), "--profile", "nowhere", "--format", "json", "--out", str(tmp_path)
    )
    assert code == 2 and "找不到模板“nowhere”" in output
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("folder", ["out[/]x", "out[bold]", "out[/red]"])
def test_paths_with_brackets_are_printed_as_they_are(tmp_path: Path, folder: str) -> None:
    out = tmp_path / folder
    code, output = run("build", str(MINIMAL), "--format", "json", "--out", str(out))
    assert code == 0, output
    assert f"已生成 {out / 'minimal.json'}" in output


def test_a_file_name_with_brackets_is_reported_whole(tmp_path: Path) -> None:
    bad = tmp_path / "预算[v2].yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("amount: 50.00", "amount: 51.00"), "utf-8")
    code, output = run("check", str(bad))
    line = MINIMAL.read_text(encoding="utf-8").splitlines().index("income:") + 1
    assert code == 1 and f"{bad}：2 个错误" in output and f"位置：预算[v2].yaml:{line}（income）" in output


def test_init_writes_an_input_that_is_not_yet_a_budget(tmp_path: Path) -> None:
    new = tmp_path / "新.yaml"
    assert run("init", str(new), "--year", "2024")[0] == 0
    text = new.read_text(encoding="utf-8").replace("    code:\n", '    code: "901"\n')
    new.write_text(text.replace("    name:\n", "    name: 测试局\n", 1), encoding="utf-8")
    code, output = run("check", str(new))
    assert code == 1
    assert output.count("DATA-001") == 3 and "没有填写预算单位" in output


# ---------------------------------------------------------------- the process as a shell sees it


def _budgetdoc(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gen", *args], cwd=ROOT, capture_output=True, text=True, check=False, **kwargs
    )  # type: ignore[call-overload]


@pytest.mark.parametrize("args", [("check", str(JIANGHAN_2023)), ("check", str(MINIMAL), "--json")])
def test_a_reader_that_stops_early_does_not_change_the_exit_code(args: tuple[str, ...]) -> None:
    """`budgetdoc check x.yaml | head -1` with `set -o pipefail` must still say whether x.yaml is clean."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gen", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader has gone before the first line
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build",), "缺少参数"),
        (("build", str(MINIMAL), "--jobs", "0"), "不在允许的范围"),
        (("build", str(MINIMAL), "--jbos", "2"), "没有选项“--jbos”"),
        (("biuld",), "没有命令“biuld”"),
        (("check",), "缺少参数"),
        (("build", str(MINIMAL), "--out"), "需要一个值"),
    ],
)
def test_command_line_mistakes_are_explained_in_chinese(args: tuple[str, ...], message: str) -> None:
    done = _budgetdoc(*args)
    assert done.returncode == 2
    assert message in done.stderr and "Error" not in done.stderr, done.stderr


def test_convert_carries_a_reference_caught_in_a_symlink_loop_for_check_to_name(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    source = tmp_path / "局.yaml"
    text = JIANGHAN_2023.read_text(encoding="utf-8")
    source.write_text(text.replace("prior: jianghan-2022.yaml", "prior: loop/局.yaml"), encoding="utf-8")
    code, output = run("convert", str(source), str(tmp_path / "局.xlsx"))
    assert code == 0, output
    code, output = run("check", str(tmp_path / "局.xlsx"))
    assert code == 1 and "“loop/局.yaml”无法解析（符号链接循环）" in output


def test_a_reference_outside_the_inputs_folder_needs_its_folder_on_the_command_line(tmp_path: Path) -> None:
    """A district keeps each year in its folder: 2023/局.yaml names ../2022/局.yaml as its prior year."""
    (tmp_path / "2022").mkdir()
    (tmp_path / "2023").mkdir()
    (tmp_path / "2022" / "局.yaml").write_bytes(JIANGHAN_2022.read_bytes())
    current = tmp_path / "2023" / "局.yaml"
    text = JIANGHAN_2023.read_text(encoding="utf-8")
    current.write_text(text.replace("prior: jianghan-2022.yaml", "prior: ../2022/局.yaml"), encoding="utf-8")
    code, output = run("check", str(current))
    assert code == 1 and "不在输入文件所在的文件夹中" in output and "--refs" in output
    code, output = run("check", str(current), "--refs", str(tmp_path / "2022"))
    assert code == 0, output
    out = tmp_path / "out"
    code, output = run("build", str(current), "--refs", str(tmp_path), "--format", "json", "--out", str(out))
    assert code == 0 and (out / "局.json").exists(), output
