"""The narrative's sentences: every figure computed, the officer's prose kept, words chosen by sign."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from gen.compose import DocumentIncomplete, compose, load_profile, template_context
from gen.compose.document import Document, Paragraph, Section
from gen.compose.templating import Narrative, environment
from gen.compose.unknown import Unknowns
from gen.compute.budget import compute
from gen.compute.revealed import Fact
from gen.pipeline import Checked, check_input
from tests.conftest import JIANGHAN_2022


def _texts(document: Document) -> dict[str, str]:
    """Section id → its paragraphs joined, for every section of every part."""
    texts = {}
    for part in document.parts:
        texts[part.id] = "\n".join(b.text for b in part.blocks if isinstance(b, Paragraph))
        for top in part.sections:
            for s in top.walk():
                texts[s.id] = "\n".join(b.text for b in s.blocks if isinstance(b, Paragraph))
    return texts


@pytest.fixture(scope="module")
def wuhan(jianghan: Checked) -> dict[str, str]:
    return _texts(compose(jianghan.computed, load_profile("wuhan")))


@pytest.mark.parametrize(
    ("section", "sentence"),
    [
        ("overall", "2023年收支总预算89,052.55万元，比2022年预算减少14,294.74万元，下降13.83%"),
        (
            "overall",
            "变动的主要原因是：公共安全支出减少13,119.25万元，卫生健康支出减少555.2万元，住房保障支出减少666.24万元。",
        ),
        ("overall", "收入包括：一般公共预算拨款收入。支出包括：基本支出、项目支出。"),
        ("income", "2023年收入预算89,052.55万元，其中：一般公共预算拨款收入89,052.55万元，占100%。"),
        ("spending", "基本支出59,925.21万元，占67.29%；项目支出29,127.34万元，占32.71%。"),
        (
            "appropriation",
            "支出包括：公共安全支出72,643万元；社会保障和就业支出5,076.37万元；卫生健康支出4,505.96万元；住房保障支出6,827.22万元。",
        ),
        (
            "general_scale",
            "较2022年预算减少14,294.74万元，下降13.83%，主要是基本建设项目减少预算10,741.8万元；在职人员工资福利减少预算3,552.94万元。",
        ),
        ("general_structure", "其中：人员经费52,586.58万元，公用经费7,338.63万元"),
        ("general_usage", "4、住房保障支出6,827.22万元，主要用于在职人员住房公积金单位缴交"),
        ("basic_economic", "（一）工资福利支出49,907.9万元，主要用于："),
        ("basic_economic", "（三）对个人和家庭的补助2,678.68万元"),
        ("gov_fund", "我单位2023年无政府性基金预算安排的支出。"),
        ("state_capital", "我单位2023年无国有资本经营预算安排的支出。"),
        ("operating_costs", "2023年机关运行经费7,338.63万元。主要包括：办公费"),
        ("procurement", "合计6,636.08万元，包括：货物类626.62万元，为执法车辆"),
        ("procurement", "服务类5,554.46万元，为执法车辆维修保养"),
        ("procurement", "工程类455万元，为房屋修缮支出。"),
        ("purchased_services", "2023年政府购买服务支出合计987.92万元，购买的服务内容主要有：物业管理服务"),
        (
            "assets",
            "截至2022年12月31日，区公安局房屋面积共有74,484.45平方米，一般执法执勤用车113辆，特种专业技术用车115辆等。",
        ),
        ("performance", "涉及预算支出89,052.55万元。"),
        ("three_public_budget", "2023年一般公共预算安排“三公”经费预算1,048.48万元。具体情况如下："),
        ("abroad", "预算控制数为0万元，与上年预算持平。年初由财政预算集中管理"),
        ("reception", "公务接待费2.97万元，比上年预算减少1万元，变化的主要原因是减少接待人数压减接待费用。"),
        (
            "vehicle",
            "1、公务用车购置费190万元，用于执法车辆更新购置等（含车辆购置税）。较上年预算减少20.1万元",
        ),
        ("vehicle", "2、公务用车运行维护费855.51万元"),
        ("vehicle", "较上年预算减少2.99万元，变化的主要原因是借给区信访局一台车辆核减本部门车辆运行费。"),
        ("staffing", "江汉区公安分局共有编制1632人。其中：行政编制1632人，2022年12月在职人员实有数1529人"),
        ("staffing", "离退休人员实有数650人，其中：离休1人，退休649人。"),
        ("units", "此次公开内容涵盖以上两家单位经费预算。"),
        ("glossary", "（一）财政拨款收入：指本级财政当年拨付的资金"),
        ("glossary", "是指区直部门用一般公共预算财政拨款安排的"),
        ("glossary", "公开咨询电话：85394642"),
    ],
)
def test_wuhan_sentences(wuhan: dict[str, str], section: str, sentence: str) -> None:
    assert sentence in wuhan[section]


def test_national_wording_differs_where_wuhan_overrides(jianghan: Checked) -> None:
    texts = _texts(compose(jianghan.computed, load_profile("national")))
    # national compares 机关运行经费 and 三公 with the prior year; wuhan (the reference) does not.
    assert "比上年预算增加84.01万元，增长1.16%" in texts["operating_costs"]
    assert "预算1,048.48万元，比上年预算减少24.09万元，下降2.25%" in texts["three_public"]
    assert "是指部门用一般公共预算财政拨款安排的" in texts["glossary"]


def test_national_states_none_and_all_without_decimals(jianghan: Checked) -> None:
    """national writes figures with their decimals (72,643.00万元), but none is 0 and all is 100%."""
    texts = _texts(compose(jianghan.computed, load_profile("national")))
    assert "公共安全支出72,643.00万元" in texts["appropriation"]
    assert "一般公共预算拨款收入89,052.55万元，占100%。" in texts["income"]
    assert "预算控制数为0万元" in texts["abroad"]
    everything = "\n".join(texts.values())
    assert not re.search(r"(?<![\d,.])0\.00万元", everything)
    assert "100.00%" not in everything


def test_without_a_prior_year_no_change_is_claimed(jianghan: Checked) -> None:
    alone = compute(jianghan.computed.budget, jianghan.computed.codes)
    texts = _texts(compose(alone, load_profile("wuhan")))
    assert texts["overall"].endswith("2023年收支总预算89,052.55万元。")
    assert "比" not in texts["general_scale"] and "较" not in texts["general_scale"]


def test_a_changed_leaf_changes_every_sentence_that_depends_on_it(jianghan: Checked) -> None:
    budget = jianghan.computed.budget.model_copy(deep=True)
    budget.three_public.reception.amount = Decimal("4.97")
    for item in budget.expenditure.economic:
        if item.code == "30217":
            item.public = Decimal("4.97")
    texts = _texts(
        compose(compute(budget, jianghan.computed.codes, jianghan.computed.prior), load_profile("wuhan"))
    )
    assert "公务接待费4.97万元，比上年预算增加1万元" in texts["reception"]
    assert "“三公”经费预算1,050.48万元" in texts["three_public_budget"]


def test_the_reasons_list_follows_the_direction_of_the_total(jianghan: Checked) -> None:
    budget = jianghan.computed.budget.model_copy(deep=True)
    for leaf in budget.expenditure.functional:
        if leaf.code == "2040202":
            leaf.project = (leaf.project or Decimal(0)) + Decimal("20000")
    texts = _texts(
        compose(compute(budget, jianghan.computed.codes, jianghan.computed.prior), load_profile("wuhan"))
    )
    # Total now rises 5,705.26: the main reasons are the categories that rose, not those that fell.
    assert (
        "比2022年预算增加5,705.26万元，增长5.52%，变动的主要原因是：公共安全支出增加6,880.75万元，社会保障和就业支出增加45.95万元。"
        in texts["overall"]
    )


def test_sections_are_numbered_by_the_profile(jianghan: Checked) -> None:
    document = compose(jianghan.computed, load_profile("wuhan"))
    assert [p.heading for p in document.parts] == [
        "第一部分 基本情况",
        "第二部分 预算情况说明",
        "第三部分 一般公共预算“三公”经费预算情况说明",
        "第四部分 名词解释",
        "第五部分 预算公开报表",
    ]
    other: Section = document.parts[1].sections[8]
    assert other.heading == "九、其他重要事项的情况说明"
    assert [c.heading for c in other.children][:2] == ["（一）机关运行经费情况", "（二）政府采购预算情况"]
    tables = document.parts[4].sections
    assert tables[1].heading == "二、2023年收入预算总表"
    assert tables[1].body_heading == "2023年收入预算总表"


def test_a_year_known_only_by_category_prints_what_it_knows_and_names_what_it_does_not() -> None:
    coarse = check_input(JIANGHAN_2022, document=False)
    profile = load_profile("wuhan")
    unknowns = Unknowns(coarse.computed.revealed, coarse.computed.budget)
    env = environment(profile, autoescape=False, unknowns=unknowns)
    blocks = Narrative(env, "narrative.j2", template_context(coarse.computed, profile, unknowns)).rendered
    # Known by 类 and by type: these sentences are whole and true.
    assert "基本支出63,478.15万元，占61.42%，其中：人员经费56,223.53万元" in blocks["general_structure"].text
    assert blocks["spending"].text.startswith("2022年支出预算103,347.29万元，其中：基本支出63,478.15万元")
    # Not known: no text at all, and the fact it needed.
    needed = {name: {m.fact for m in block.missing} for name, block in blocks.items()}
    assert needed["staffing"] == {Fact.STAFFING}
    assert needed["procurement"] == {Fact.PROCUREMENT}
    assert needed["basic_economic"] == {Fact.ECONOMIC}
    assert blocks["staffing"].text == blocks["procurement"].text == ""
    everything = "\n".join(b.text for b in blocks.values())
    assert "编制0人" not in everything and "未安排政府采购" not in everything and "None" not in everything
    with pytest.raises(DocumentIncomplete) as caught:
        compose(coarse.computed, profile)
    sections = {gap.section for gap in caught.value.gaps}
    assert {"三、人员构成情况", "（二）政府采购预算情况", "三、2022年支出预算总表"} <= sections
