"""Narrative figures in the profile's own unit and places, converted and rounded in Python; templates
never compute with an amount (the sandbox refuses it, and no shipped template tries)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from gen.compose import compose, load_profile
from gen.compose.document import Document, Paragraph, Table
from gen.compose.templating import ProfileTemplateError
from gen.pipeline import Checked, check_input
from tests.conftest import JIANGHAN_2022, JIANGHAN_2023, ROOT
from tests.profiles import write_profile
from tests.test_pipeline import _in_yuan

PARTS = """\
parts:
  - id: p
    title: 说明
    sections:
      - {id: overall, title: 总体, text: overall}
      - {id: spending, title: 支出, text: spending}
      - {id: general_scale, title: 规模, text: general_scale}
      - {id: t, title: 收支总表, table: summary}
"""


def _document(checked: Checked, folder: Path) -> Document:
    return compose(checked.computed, load_profile(str(folder)))


def _text(document: Document, section: str) -> str:
    found = next(s for s in document.parts[0].sections if s.id == section)
    return "".join(b.text for b in found.blocks if isinstance(b, Paragraph))


def _profile(root: Path, settings: str, narrative: str | None = None) -> Path:
    files = {"narrative.j2": narrative} if narrative else None
    yaml = f"name: units\nextends: national\ntitle: 测试\n{settings}{PARTS}"
    return write_profile(root, "units", yaml, files)


@pytest.mark.parametrize(
    ("text", "spending", "total"),
    [
        (
            "{unit: 万元, decimals: 2}",
            "基本支出59,925.21万元，占67.29%；项目支出29,127.34万元",
            "89,052.55万元",
        ),
        ("{unit: 万元, decimals: 0}", "基本支出59,925万元，占67.29%；项目支出29,127万元", "89,053万元"),
        ("{unit: 万元, decimals: 0, thousands: false}", "基本支出59925万元，占67.29%", "89053万元"),
        ("{unit: 万元, decimals: 1, trim_zeros: true}", "基本支出59,925.2万元", "89,052.6万元"),
        ("{unit: 元}", "基本支出599,252,100.00元", "890,525,500.00元"),
    ],
)
def test_text_in_its_own_unit_over_tables_in_yuan(
    tmp_path: Path, jianghan: Checked, text: str, spending: str, total: str
) -> None:
    document = _document(jianghan, _profile(tmp_path, f"tables: {{unit: 元}}\ntext: {text}\n"))
    assert spending in _text(document, "spending")
    assert f"2023年收支总预算{total}" in _text(document, "overall")
    (table,) = document.tables()
    assert table.unit_label == "单位：元" and table.rows[-1].cells[-1].text == "890,525,500.00"


def test_a_change_is_computed_exactly_then_rounded(tmp_path: Path, jianghan: Checked) -> None:
    # 103,347.29 − 89,052.55 = 14,294.74 万元: whole 万元 rounds the exact difference, not the rounded years.
    document = _document(jianghan, _profile(tmp_path, "text: {unit: 万元, decimals: 0}\n"))
    assert "比2022年预算减少14,295万元，下降13.83%" in _text(document, "overall")


def test_an_input_in_yuan_speaks_in_wan_yuan(tmp_path: Path) -> None:
    yuan = check_input(_in_yuan(JIANGHAN_2023, tmp_path / "yuan.yaml"), JIANGHAN_2022)
    assert yuan.computed.budget.meta.amount_unit == "元"
    settings = "tables: {unit: 元}\ntext: {unit: 万元, trim_zeros: true}\n"
    document = _document(yuan, _profile(tmp_path, settings))
    assert "基本支出59,925.21万元，占67.29%；项目支出29,127.34万元，占32.71%" in _text(document, "spending")
    assert "较2022年预算减少14,294.74万元，下降13.83%" in _text(document, "general_scale")
    (table,) = document.tables()
    assert table.rows[-1].cells[-1].text == "890,525,500.00"


def test_without_a_text_unit_the_inputs_is_used(tmp_path: Path, jianghan: Checked) -> None:
    document = _document(jianghan, _profile(tmp_path, "tables: {unit: 元}\n"))
    assert "基本支出59,925.21万元" in _text(document, "spending")


@pytest.mark.parametrize(
    ("expression", "operator"),
    [
        ("f.total.current / 10000", "/"),
        ("f.basic.current + f.project.current", "+"),
        ("f.total.current * 1", "*"),
        ("-f.total.delta", "-"),
        ("f.total - 1", "-"),
        ("f.function_classes|sum(attribute='amount')", "sum"),
    ],
)
def test_arithmetic_on_an_amount_is_refused_at_its_line(
    tmp_path: Path, jianghan: Checked, expression: str, operator: str
) -> None:
    narrative = (
        '{% extends "national:narrative.j2" %}\n{% block spending %}\n'
        f"合计{{{{ ({expression})|amount }}}}万元\n{{% endblock %}}\n"
    )
    with pytest.raises(ProfileTemplateError) as failure:
        _document(jianghan, _profile(tmp_path, "", narrative))
    message = str(failure.value)
    assert message.startswith("units/narrative.j2:3：") and f"模板不能对金额做运算（{operator}）" in message


def test_counting_is_still_arithmetic_a_template_may_do(tmp_path: Path, jianghan: Checked) -> None:
    narrative = (
        '{% extends "national:narrative.j2" %}\n{% block spending %}\n'
        "共{{ units|length + 1 }}项，{{ f.function_classes|length * 2 }}行。\n{% endblock %}\n"
    )
    document = _document(jianghan, _profile(tmp_path, "", narrative))
    assert _text(document, "spending") == "共3项，8行。"


# ------------------------------------------------------------------ no shipped template computes


ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg)
SHIPPED = sorted(
    [
        *(ROOT / "templates").glob("*/narrative.j2"),
        *(ROOT / "templates").glob("*/macros.j2"),
        *(ROOT / "docs" / "example").glob("*/*.j2"),
        ROOT / "gen" / "scaffold" / "narrative.j2.tmpl",
    ]
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_shipped_narrative_template_computes(path: Path) -> None:
    tree = SandboxedEnvironment().parse(path.read_text(encoding="utf-8"))
    computing = [
        node.lineno
        for node in tree.find_all((*ARITHMETIC, nodes.Filter))
        if not isinstance(node, nodes.Filter) or node.name == "sum"
    ]
    # loop.index arithmetic would be allowed, but no shipped template needs it either.
    assert computing == [], f"{path.name}: arithmetic at lines {computing}"


def test_units_in_yuan_and_wan_yuan_agree_with_the_tables(tmp_path: Path, jianghan: Checked) -> None:
    """The figure a sentence prints is the table's figure in the text's unit, rounded once."""
    settings = "tables: {unit: 元}\ntext: {unit: 万元, decimals: 0}\n"
    document = _document(jianghan, _profile(tmp_path, settings))
    (table,) = [t for t in document.tables() if isinstance(t, Table)]
    spending_total = Decimal(table.rows[-1].cells[-1].text.replace(",", "")) / 10000
    assert f"{spending_total:,.0f}万元" in _text(document, "overall")
