"""Profiles: the extends chain, one-block overrides, sandboxing, and located errors."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from gen.compose import compose, load_profile
from gen.compose.templating import ProfileTemplateError
from gen.errors import InputError, UsageError
from gen.pipeline import Checked
from gen.render import RenderJob
from gen.render.html import HtmlRenderer
from tests.profiles import write_profile as _profile


def _sections(html: str) -> dict[str, str]:
    page = lxml.html.fromstring(html)
    return {
        s.get("id"): lxml.html.tostring(s, encoding="unicode")
        for s in page.cssselect("section.section")
        if not s.xpath(".//section")  # innermost sections only
    }


def test_wuhan_extends_national() -> None:
    profile = load_profile("wuhan")
    assert [p.name for p in profile.chain] == ["wuhan", "national"]
    assert profile.spec.glossary["财政拨款收入"].startswith("指本级财政")  # inherited
    assert "区直部门" in profile.spec.glossary["“三公”经费"]  # overridden
    assert len(profile.spec.lists["summary_classes"]) == 25


def test_overriding_one_block_changes_only_that_block(tmp_path: Path, jianghan: Checked) -> None:
    child = _profile(
        tmp_path,
        "child",
        "name: child\nextends: wuhan\n",
        {
            "narrative.j2": (
                '{% extends "wuhan:narrative.j2" %}\n'
                "{% block procurement %}\n{{ super() }}\n"
                "其中面向中小企业{{ f.procurement.sme|amount }}{{ unit }}。\n{% endblock %}\n"
            )
        },
    )
    base = _sections(HtmlRenderer().render(RenderJob(jianghan.computed, "wuhan")).decode())
    changed = _sections(HtmlRenderer().render(RenderJob(jianghan.computed, str(child))).decode())
    assert base.keys() == changed.keys()
    differing = [key for key in base if base[key] != changed[key]]
    assert differing == ["explanation-procurement"]
    assert "工程类455万元，为房屋修缮支出。" in changed["explanation-procurement"]  # the parent's text kept
    assert "其中面向中小企业5,388.95万元。" in changed["explanation-procurement"]


def test_a_child_can_restructure_and_renumber(tmp_path: Path, jianghan: Checked) -> None:
    child = _profile(
        tmp_path,
        "brief",
        (
            "name: brief\nextends: wuhan\n"
            "numbering: {part: '{cn}、', table: '表{n}'}\n"
            "parts:\n"
            "  - id: tables\n    title: 公开表\n    sections:\n"
            "      - {id: t3, title: '{{ year }}年“三公”经费表', table: three_public,\n"
            "         unit_label: '单位：{unit}（保留两位小数）'}\n"
        ),
    )
    document = compose(jianghan.computed, load_profile(str(child)))
    assert [p.heading for p in document.parts] == ["一、公开表"]
    table = document.tables()[0]
    assert document.parts[0].sections[0].heading == "表1 2023年“三公”经费表"
    assert table.unit_label == "单位：万元（保留两位小数）"
    assert table.rows[0].cells[0].text == "1,048.48"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "不允许"),
        ("{{ f.__init__.__globals__ }}", "不允许"),
        ("{{ no_such_variable }}", "不存在的变量"),
        ("{% for %}", "模板语法错误"),
    ],
)
def test_unsafe_or_broken_templates_are_refused_with_their_location(
    tmp_path: Path, jianghan: Checked, template: str, message: str
) -> None:
    child = _profile(
        tmp_path,
        "bad",
        "name: bad\nextends: wuhan\n",
        {
            "narrative.j2": (
                f'{{% extends "wuhan:narrative.j2" %}}\n{{% block units %}}\n{template}\n{{% endblock %}}\n'
            )
        },
    )
    with pytest.raises(ProfileTemplateError) as caught:
        compose(jianghan.computed, load_profile(str(child)))
    assert message in str(caught.value)
    assert "bad/narrative.j2:3" in str(caught.value)


def test_profile_yaml_mistakes_are_located(tmp_path: Path) -> None:
    child = _profile(tmp_path, "typo", "name: typo\nextends: wuhan\ntoc_depht: 2\nnumbering:\n  partt: x\n")
    with pytest.raises(InputError) as caught:
        load_profile(str(child))
    located = {(str(loc), f.message) for f in caught.value.findings for loc in f.locations}
    assert any(where.startswith("typo/profile.yaml:3") and "toc_depht" in msg for where, msg in located)
    assert any(where.startswith("typo/profile.yaml:5") and "partt" in msg for where, msg in located)


def test_unknown_profile_and_cycles_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="找不到模板“nowhere”"):
        load_profile("nowhere")
    _profile(tmp_path, "a", "name: a\nextends: b\n")
    _profile(tmp_path, "b", "name: b\nextends: a\n")
    with pytest.raises(UsageError, match="成环"):
        load_profile(str(tmp_path / "a"))


def test_a_stylesheet_may_not_fetch_anything(tmp_path: Path, jianghan: Checked) -> None:
    child = _profile(
        tmp_path,
        "remote",
        "name: remote\nextends: wuhan\n",
        {"html/style.css": "body { color: red; }\nbody { background: url(http://example.com/x.png); }\n"},
    )
    with pytest.raises(InputError) as caught:
        load_profile(str(child))  # refused when the profile is loaded, before anything renders
    (finding,) = caught.value.findings
    assert finding.rule == "PRF-004" and str(finding.locations[0]) == "remote/html/style.css:2"


def test_numbering_patterns_allow_only_their_placeholders(tmp_path: Path) -> None:
    child = _profile(
        tmp_path, "sneaky", "name: sneaky\nextends: wuhan\nnumbering:\n  part: '{n.__class__}'\n"
    )
    with pytest.raises(InputError) as caught:
        load_profile(str(child))
    assert str(caught.value.findings[0].locations[0]).startswith("sneaky/profile.yaml:4")


def test_an_unknown_column_names_its_place_in_the_profile(tmp_path: Path, jianghan: Checked) -> None:
    child = _profile(
        tmp_path,
        "cols",
        (
            "name: cols\nextends: wuhan\n"
            "parts:\n"
            "  - id: tables\n    title: 公开表\n    sections:\n"
            "      - {id: t_proc, title: 政府采购表, table: procurement, columns: [project, colour]}\n"
        ),
    )
    with pytest.raises(InputError) as caught:
        load_profile(str(child))
    (finding,) = caught.value.findings
    assert finding.rule == "PRF-002" and "colour" in finding.message
    assert str(finding.locations[0]) == "cols/profile.yaml:7（parts[1].sections[1].columns）"


@pytest.mark.parametrize(
    ("setting", "line", "message"),
    [
        ("income_labels:\n  一般公共预算拔款: 拨款收入\n", 5, "没有“一般公共预算拔款”这一项"),
        ("labels:\n  spending_type:\n    basci: 基本支出\n", 6, "没有“basci”这一项（可用：basic、project、"),
    ],
)
def test_a_misspelled_wording_key_is_refused_at_its_line(
    tmp_path: Path, setting: str, line: int, message: str
) -> None:
    folder = _profile(tmp_path, "district", f"name: district\nextends: national\n\n{setting}")
    with pytest.raises(InputError) as failure:
        load_profile(str(folder))
    (finding,) = failure.value.findings
    assert message in finding.message and finding.locations[0].line == line
