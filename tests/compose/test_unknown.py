"""What the input does not reveal is never printed as zero, "none" or "None": it is a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from gen.compose import DocumentIncomplete, compose, load_profile
from gen.compose.document import Paragraph
from gen.compose.templating import ProfileTemplateError
from gen.compose.unknown import Unknown, recording
from gen.compute.revealed import Fact, Missing, Unrevealed
from gen.pipeline import Checked, check_input
from tests.conftest import JIANGHAN_2022, ROOT
from tests.profiles import write_profile

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def _narrative(root: Path, block: str, name: str = "district") -> Path:
    """A profile with one section whose text is `block` (a Jinja template)."""
    yaml = (
        f"name: {name}\nextends: national\n"
        "parts:\n  - id: p\n    title: 说明\n    sections:\n      - {id: s, title: 情况, text: s}\n"
    )
    narrative = '{% extends "national:narrative.j2" %}\n{% block s %}\n' + block + "\n{% endblock %}\n"
    files = {"narrative.j2": narrative}
    return write_profile(root, name, yaml, files)


@pytest.fixture(scope="module")
def minimal() -> Checked:
    return check_input(MINIMAL)


def _gaps(error: pytest.ExceptionInfo[DocumentIncomplete]) -> list[tuple[str, Fact | None]]:
    return [(g.section, g.missing.fact if g.missing else None) for g in error.value.gaps]


def test_a_change_against_an_unknown_prior_year_is_an_error_not_none(
    tmp_path: Path, minimal: Checked
) -> None:
    profile = load_profile(
        str(_narrative(tmp_path, "比上年增加{{ f.total.delta }}万元（{{ f.total.percent }}）"))
    )
    with pytest.raises(DocumentIncomplete) as caught:
        compose(minimal.computed, profile)
    (gap,) = caught.value.gaps
    assert gap.section == "一、情况" and gap.missing is not None and gap.missing.fact is Fact.PRIOR
    assert gap.missing.paths == (("meta", "prior"),)


def test_asking_whether_last_year_is_known_is_allowed(tmp_path: Path, minimal: Checked) -> None:
    block = "{% if f.total.prior is none %}本年{{ f.total.current|amount }}万元{% endif %}"
    document = compose(minimal.computed, load_profile(str(_narrative(tmp_path, block))))
    (paragraph,) = document.parts[0].sections[0].blocks
    assert isinstance(paragraph, Paragraph) and paragraph.text == "本年200.00万元"


def test_printing_an_empty_field_is_a_template_error_at_its_line(tmp_path: Path, minimal: Checked) -> None:
    profile = load_profile(str(_narrative(tmp_path, "地区：{{ meta.region }}")))
    with pytest.raises(ProfileTemplateError, match=r"narrative\.j2:3.*空值"):
        compose(minimal.computed, profile)


@pytest.mark.parametrize(
    ("block", "fact", "left_out"),
    [
        ("共有编制{{ f.staffing.authorized }}人", Fact.STAFFING, ""),
        ("离休{{ b.overview.staffing.retired_lixiu }}人", Fact.STAFFING, ""),
        ("{% if f.procurement.total %}有{% else %}本部门未安排政府采购预算{% endif %}", Fact.PROCUREMENT, ""),
        ("{% for p in b.procurement %}{{ p.item_name }}{% else %}无采购{% endfor %}", Fact.PROCUREMENT, ""),
        ("人员经费{{ f.personnel.current|amount }}万元", Fact.TYPE_SPLIT, "    personnel: 56223.53\n"),
        ("{% if f.general_split %}有{% endif %}", Fact.TYPE_SPLIT, "    public: 7254.62\n"),
        ("{{ units|length }}家单位", Fact.UNITS, "units:\n"),
        ("{{ f.basic_economic_classes|length }}", Fact.ECONOMIC, ""),
    ],
)
def test_every_use_of_what_a_coarse_year_lacks_is_a_gap(
    tmp_path: Path, block: str, fact: Fact, left_out: str
) -> None:
    """Last year as its published text reveals it (by 类 and by type), less `left_out`."""
    text = JIANGHAN_2022.read_text(encoding="utf-8")
    if left_out == "units:\n":
        text = text[: text.index("units:\n")] + text[text.index("income:\n") :]
    else:
        text = text.replace(left_out, "")
    (tmp_path / "coarse.yaml").write_text(text, encoding="utf-8")
    coarse = check_input(tmp_path / "coarse.yaml", document=False)
    with pytest.raises(DocumentIncomplete) as caught:
        compose(coarse.computed, load_profile(str(_narrative(tmp_path, block))))
    assert _gaps(caught) == [("一、情况", fact)]


def test_a_section_with_nothing_under_it_names_the_empty_fields(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("  functions:\n    - 负责本市测试工作。\n", "")
    (tmp_path / "in.yaml").write_text(text, encoding="utf-8")
    checked = check_input(tmp_path / "in.yaml", profile="wuhan")
    (finding,) = checked.errors
    assert finding.rule == "DOC-002" and "“一、主要职能”下面没有任何文字或表格" in finding.message
    # Either field would give the section its text: 职能概述 or the numbered functions.
    assert [loc.path for loc in finding.locations] == [
        "overview.function_summary",
        "overview.functions",
        "parts[1].sections[1].text",
    ]
    assert finding.locations[2].file == "wuhan/profile.yaml" and finding.locations[2].line


def test_an_unknown_outside_a_render_raises() -> None:
    missing = Missing(Fact.ASSETS, "国有资产占有使用情况", (("assets",),))
    with pytest.raises(Unrevealed):
        str(Unknown(missing))
    with recording() as recorder:
        assert f"{Unknown(missing)}" == "" and not Unknown(missing)
    assert list(recorder.missing) == [Fact.ASSETS]


def test_a_form_without_details_leaves_the_grid_out_instead_of_a_placeholder(minimal: Checked) -> None:
    document = compose(minimal.computed, load_profile("wuhan"))
    forms = [t for t in document.tables() if t.id == "t_project_performance"]
    texts = "\n".join(c.text for t in forms for row in [*t.header, *(r.cells for r in t.rows)] for c in row)
    assert "项目支出明细" in texts  # minimal's form has details
    computed = check_input(MINIMAL, document=False).computed
    computed.budget.performance.project_forms[0].details.clear()
    forms = [t for t in compose(computed, load_profile("wuhan")).tables() if t.id == "t_project_performance"]
    texts = "\n".join(c.text for t in forms for row in [*t.header, *(r.cells for r in t.rows)] for c in row)
    assert "项目支出明细" not in texts and "未填报" not in texts
    assert not any(t.empty_note for t in forms)


def test_grand_totals_are_the_words_set_wide_by_style(minimal: Checked) -> None:
    document = compose(minimal.computed, load_profile("wuhan"))
    summary = document.tables()[0]
    labels = [c for row in summary.rows for c in row.cells if c.is_label]
    wide = {c.text for c in labels if c.spaced}
    assert wide == {"收入总计", "支出总计"}
    assert {c.text for c in summary.header[0]} == {"收入", "支出"} and all(
        c.spaced for c in summary.header[0]
    )
