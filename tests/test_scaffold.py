"""`budgetdoc profiles` and `budgetdoc profile new`: the scaffold builds, and so does every example in it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gen.cli import cli
from gen.compose import _Composer, compose, load_profile
from gen.pipeline import Checked
from gen.render import RenderJob
from gen.render.html import HtmlRenderer
from gen.render.word import DocxRenderer

# A commented example line: "# key: value", "#   - item"; prose comments use full-width punctuation.
EXAMPLE = re.compile(r"^# (\s*- |.*?(: |:$))")


def _new(tmp_path: Path, name: str = "示例区", base: str = "wuhan") -> Path:
    result = CliRunner().invoke(cli, ["profile", "new", name, "--extends", base, "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    return tmp_path / name


def test_a_new_profile_builds_like_its_base_until_edited(tmp_path: Path, jianghan: Checked) -> None:
    folder = _new(tmp_path)
    assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} == {
        "profile.yaml",
        "narrative.j2",
        "html/style.css",
        "pdf/print.css",
        "README.md",
    }
    assert [p.name for p in load_profile(str(folder)).chain] == ["示例区", "wuhan", "national"]
    mine = compose(jianghan.computed, load_profile(str(folder)))
    base = compose(jianghan.computed, load_profile("wuhan"))
    assert mine == base
    HtmlRenderer().render(RenderJob(jianghan.computed, str(folder)))  # its stylesheet is accepted


def test_every_commented_example_is_valid(tmp_path: Path, jianghan: Checked) -> None:
    folder = _new(tmp_path)
    profile = folder / "profile.yaml"
    lines = profile.read_text(encoding="utf-8").splitlines()
    examples = [line[2:] if EXAMPLE.match(line) else line for line in lines]
    assert sum(a != b for a, b in zip(lines, examples, strict=True)) > 40
    profile.write_text("\n".join(examples) + "\n", encoding="utf-8")
    narrative = folder / "narrative.j2"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(text.replace("{#- 示例：删去本行和最后一行即生效。\n", "").rstrip()[: -len("-#}")])

    document = compose(jianghan.computed, load_profile(str(folder)))
    assert document.title_page.lines == ["武汉市公安局江汉区分局", "2023年2月"]
    assert [s.heading for s in document.parts[1].sections][:2] == [
        "表1 2023年部门收支总表",
        "表2 2023年部门收入总表",
    ]
    general = document.tables()[2]
    assert general.unit_label == "单位：元" and general.header[-1][:3][0].text == "类"
    assert document.tables()[3].empty_note == "本部门2023年无政府性基金预算拨款安排的支出，故本表为空表。"
    job = RenderJob(jianghan.computed, str(folder))
    assert HtmlRenderer().render(job) and DocxRenderer().render(job)  # page and font examples render
    texts = _Composer(jianghan.computed, load_profile(str(folder))).narrative.rendered
    assert texts["operating_costs"].text.rstrip().endswith("机关运行经费主要用于保障机关日常运转。")
    assert texts["operating_costs"].text.startswith("2023年机关运行经费")  # {{ super() }}: wuhan's sentence


def test_profiles_lists_builtin_and_local_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _new(tmp_path, "东湖区", "national")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["profiles"], env={"COLUMNS": "200"}, catch_exceptions=False)
    assert result.exit_code == 0
    rows = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in result.output.splitlines()
        if line.count("│") >= 4
    }
    assert rows == {"national": "—", "wuhan": "national", "东湖区": "national"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["profile", "new", "示例区", "--extends", "nowhere"], "找不到模板“nowhere”"),
        (["profile", "new", "a/b", "--extends", "wuhan"], "只能包含"),
        (["profile", "new", "--extends", "wuhan", "--", "-x"], "只能包含"),
        (["profile", "new", "nul", "--extends", "wuhan"], "只能包含"),
        (["profile", "new", "wuhan", "--extends", "wuhan"], "内置模板的名称"),
    ],
)
def test_profile_new_refuses_with_a_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, [*args[:2], "--dir", str(tmp_path), *args[2:]])
    assert result.exit_code == 2 and message in result.output
    assert not list(tmp_path.iterdir())


def test_profile_new_does_not_overwrite(tmp_path: Path) -> None:
    folder = _new(tmp_path)
    (folder / "profile.yaml").write_text("name: mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["profile", "new", "示例区", "--dir", str(tmp_path)])
    assert result.exit_code == 2 and "已存在" in result.output
    assert (folder / "profile.yaml").read_text(encoding="utf-8") == "name: mine\n"


def test_names_yaml_would_misread_and_bases_given_as_paths(tmp_path: Path, jianghan: Checked) -> None:
    first = _new(tmp_path / "a", "2024", "national")  # would be read as a number unquoted
    runner = CliRunner()
    args = ["profile", "new", "乙", "--extends", str(first), "--dir", str(tmp_path / "b")]
    assert runner.invoke(cli, args).exit_code == 0
    profile = load_profile(str(tmp_path / "b" / "乙"))
    assert [p.name for p in profile.chain] == ["乙", "2024", "national"]
    assert compose(jianghan.computed, profile) == compose(jianghan.computed, load_profile("national"))
