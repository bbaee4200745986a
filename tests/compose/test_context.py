"""What sentences can reach: names and amounts at every level, every fund's figures with last year's,
each item of a repeated section; unknown stays unknown (a gap), never zero."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gen.compose import DocumentIncomplete, compose, load_profile, template_context
from gen.compose.context_reference import ATTRIBUTES
from gen.compose.document import Document, Paragraph, Table
from gen.compute.revealed import Fact
from gen.pipeline import Checked, check_input
from tests.conftest import ROOT, a_year_earlier
from tests.profiles import write_profile

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def _text(checked: Checked, tmp_path: Path, block: str) -> str:
    narrative = (
        '{% extends "national:narrative.j2" %}\n{% import "macros.j2" as m %}\n{% block x %}\n' + block
    )
    narrative += "\n{% endblock %}\n"
    yaml = "name: t\nextends: national\nparts:\n  - id: p\n    title: 说明\n    sections:\n"
    yaml += "      - {id: x, title: 测试, text: x}\n"
    folder = write_profile(tmp_path, "t", yaml, {"narrative.j2": narrative})
    document = compose(checked.computed, load_profile(str(folder)))
    return "\n".join(b.text for b in document.parts[0].sections[0].blocks if isinstance(b, Paragraph))


def test_every_level_has_names_and_amounts(tmp_path: Path, jianghan: Checked) -> None:
    block = (
        '{% for l in f.general_functions if l.level == "项" and l.names[0] == "公共安全支出" %}'
        "{{ l.names|joined('') }}（{{ l.code }}）{{ l.amount|amount }}{{ unit }}；{% endfor %}"
    )
    text = _text(jianghan, tmp_path, block)
    assert text.startswith(
        "公共安全支出公安行政运行（2040201）43,515.66万元；公共安全支出公安一般行政管理事务（2040202）"
    )
    economic = _text(
        jianghan, tmp_path / "e", '{% for l in f.basic_economic if l.level == "款" %}{{ l.name }}{% endfor %}'
    )
    assert economic.startswith("基本工资津贴补贴奖金")


def test_a_level_last_year_does_not_reveal_is_unknown_not_zero(tmp_path: Path, jianghan: Checked) -> None:
    # jianghan-2022 is known by 类 only: the 类 compare, a 款 or 项 has no prior (and never a 0).
    lines = {line.code: line for line in jianghan.computed.figures.functions or []}
    assert lines["204"].change.prior == Decimal("85762.25")
    assert lines["20402"].change.prior is None and lines["2040201"].change.prior is None
    compared = _text(
        jianghan,
        tmp_path / "a",
        '{% for l in f.functions %}{{ m.change(l.change, "上年", unit) }}{% endfor %}',
    )
    assert compared == (
        "，比上年减少13,119.25万元，下降15.30%，比上年增加45.95万元，增长0.91%"
        "，比上年减少555.20万元，下降10.97%，比上年减少666.24万元，下降8.89%"
    )
    with pytest.raises(DocumentIncomplete) as failure:
        _text(
            jianghan,
            tmp_path / "b",
            '{% for l in f.functions if l.level == "项" %}{{ l.change.delta|amount }}{% endfor %}',
        )
    (gap,) = failure.value.gaps
    assert gap.missing is not None and gap.missing.fact is Fact.PRIOR


def test_a_prior_year_known_by_item_compares_every_line(tmp_path: Path) -> None:
    prior = tmp_path / "prior.yaml"
    prior.write_text(a_year_earlier(MINIMAL.read_text(encoding="utf-8")), encoding="utf-8")
    checked = check_input(MINIMAL, prior)
    assert not checked.errors, checked.errors
    lines = {line.code: line.change for line in checked.computed.figures.functions or []}
    assert (lines["2010102"].prior, lines["2010102"].delta) == (Decimal("60.00"), Decimal(0))
    assert [line.level for line in checked.computed.figures.functions or []][:3] == ["类", "款", "项"]


def test_every_fund_has_its_figures_with_last_years(tmp_path: Path, jianghan: Checked) -> None:
    block = (
        "一般公共预算{{ funds.general.total.current|amount }}"
        "{{ m.change(funds.general.total, '上年', unit) }}；"
        "政府性基金{{ funds.gov_fund.total.current|amount }}"
        "{{ m.change(funds.gov_fund.total, '上年', unit) }}；"
        "国有资本经营{{ funds.state_capital.total.current|amount }}，"
        "{{ funds.state_capital.lines|length }}行。"
    )
    text = _text(jianghan, tmp_path, block)
    assert text == (
        "一般公共预算89,052.55，比上年减少14,294.74万元，下降13.83%；"
        "政府性基金0，与上年持平；国有资本经营0，0行。"  # none is written as a reader says it
    )


def test_a_fund_split_last_year_does_not_reveal_is_unknown(tmp_path: Path, jianghan: Checked) -> None:
    general = (jianghan.computed.figures.funds or {})["general"]
    assert general.basic is not None and general.basic.current == Decimal("59925.21")
    assert general.basic.prior is None  # 2022 is known by 类 and type totals, not by fund and type
    with pytest.raises(DocumentIncomplete):
        _text(jianghan, tmp_path, "{{ funds.general.basic.delta|amount }}")


def test_a_gov_fund_sentence_over_a_budget_with_gov_fund_money(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        '    - code: "2080505"\n      personnel: 40.00\n',
        '    - code: "2080505"\n      personnel: 40.00\n'
        '    - {code: "2120803", fund: 政府性基金预算, project: 30.00}\n',
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "gov.yaml").write_text(text, encoding="utf-8")
    checked = check_input(folder / "gov.yaml")
    funds = checked.computed.figures.funds or {}
    assert funds["gov_fund"].total.current == Decimal("30.00")
    assert [(line.code, line.level, line.names) for line in funds["gov_fund"].lines] == [
        ("212", "类", ["城乡社区支出"]),
        ("21208", "款", ["城乡社区支出", "国有土地使用权出让收入安排的支出"]),
        ("2120803", "项", ["城乡社区支出", "国有土地使用权出让收入安排的支出", "城市建设支出"]),
    ]


# ------------------------------------------------------------------ every value is documented


def _views(value: Any, seen: set[int]) -> set[type]:
    """The types of every view a template can reach from `value` (dataclasses, in lists and dicts)."""
    if id(value) in seen:
        return set()
    seen.add(id(value))
    if isinstance(value, dict):
        return set().union(*(_views(v, seen) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_views(v, seen) for v in value)) if value else set()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = {type(value)}
        for name in dir(type(value)):
            if not name.startswith("_") and not callable(getattr(type(value), name, None)):
                found |= _views(getattr(value, name), seen)
        return found
    return set()


def test_every_view_a_template_reaches_is_documented(jianghan: Checked) -> None:
    context = template_context(jianghan.computed, load_profile("wuhan"))
    reached = _views({k: v for k, v in context.items() if k != "item"}, set())
    from gen.compose.context import items

    reached |= _views(items(jianghan.computed, load_profile("wuhan"), jianghan_unknowns(jianghan)), set())
    assert reached <= set(ATTRIBUTES), reached - set(ATTRIBUTES)


def jianghan_unknowns(checked: Checked) -> Any:
    from gen.compose.unknown import Unknowns

    return Unknowns(checked.computed.revealed, checked.computed.budget)


def test_a_unit_section_speaks_of_each_unit(tmp_path: Path) -> None:
    prior = tmp_path / "prior.yaml"
    prior.write_text(
        a_year_earlier(MINIMAL.read_text(encoding="utf-8"))
        .replace("personnel: 90.00", "personnel: 80.00")
        .replace("amount: 150.00", "amount: 140.00"),
        encoding="utf-8",
    )
    checked = check_input(MINIMAL, prior)
    yaml = "name: u\nextends: national\nparts:\n  - id: p\n    title: 单位\n    sections:\n"
    yaml += "      - {id: unit, title: '{{ item.short_name }}', each: units, text: unit_budget}\n"
    document: Document = compose(checked.computed, load_profile(str(write_profile(tmp_path, "u", yaml))))
    sections = document.parts[0].sections
    assert [s.title for s in sections] == ["测试市测试局本级", "测试市测试中心"]
    texts = ["".join(b.text for b in s.blocks if isinstance(b, Paragraph)) for s in sections]
    assert texts[0] == (
        "测试市测试局本级（行政单位）2023年支出预算150.00万元，比上年预算增加10.00万元，增长7.14%，"
        "其中：基本支出110.00万元，项目支出40.00万元，安排项目1个。"
    )


@pytest.mark.parametrize(
    ("on_project", "on_form"),
    [("    overview: 保障全局信息系统稳定运行。\n", ""), ("", "      summary: 保障全局信息系统稳定运行。\n")],
    ids=["on the project", "on its form"],
)
def test_a_project_overview_is_written_once_and_read_by_both(
    tmp_path: Path, on_project: str, on_form: str
) -> None:
    """项目概述 written on the project or on its 绩效目标申报表: the narrative and the form print it."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("    general: 40.00\n", f"    general: 40.00\n{on_project}", 1)
    text = text.replace("    - project: P001\n", f"    - project: P001\n{on_form}", 1)
    source = tmp_path / "input.yaml"
    source.write_text(text, encoding="utf-8")
    checked = check_input(source)
    yaml = (
        "name: o\nextends: national\nparts:\n  - id: p\n    title: 项目\n    sections:\n"
        "      - {id: x, title: '{{ item.name }}', each: project_forms, text: project_overview}\n"
        "      - {id: f, title: 申报表, table: project_performance}\n"
    )
    document = compose(checked.computed, load_profile(str(write_profile(tmp_path, "o", yaml))))
    repeated, forms = document.parts[0].sections
    assert "保障全局信息系统稳定运行。" in [b.text for b in repeated.blocks if isinstance(b, Paragraph)]
    cells = [c.text for t in forms.blocks if isinstance(t, Table) for row in t.rows for c in row.cells]
    assert "项目概述" in cells and "保障全局信息系统稳定运行。" in cells
