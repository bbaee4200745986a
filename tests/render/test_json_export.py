"""The JSON export: every table, exact amounts as strings, the same bytes every time."""

from __future__ import annotations

import json
from decimal import Decimal

from gen.pipeline import Checked
from gen.render import RenderJob
from gen.render.json_export import JsonRenderer

TABLES = {
    "income",
    "expenditure",
    "appropriation_by_function",
    "general_by_function",
    "general_by_unit",
    "general_basic_economic",
    "basic_economic",
    "by_unit",
    "three_public",
    "gov_fund_by_function",
    "state_capital_by_function",
    "projects",
    "procurement",
    "purchased_services",
}


def test_export_holds_every_table_and_figure(jianghan: Checked) -> None:
    data = json.loads(JsonRenderer().render(RenderJob(jianghan.computed, "wuhan")))
    assert set(data["tables"]) == TABLES
    expenditure = data["tables"]["expenditure"]
    first = expenditure["rows"][0]
    assert (first["kind"], first["cells"]["total"], first["cells"]["basic"]) == (
        "total",
        "89052.55",
        "59925.21",
    )
    row = next(r for r in expenditure["rows"] if r["code"] == "2040201")
    assert (row["name"], row["kind"], row["depth"]) == ("行政运行", "item", 3)
    assert all("label" not in column for column in expenditure["columns"])  # keys, not words
    assert data["figures"]["basic_share"] == "67.29"
    assert data["figures"]["procurement_shares"] == {"货物": "9.44", "服务": "83.70", "工程": "6.86"}
    assert data["figures"]["three_public_total"] == {
        "current": "1048.48",
        "prior": "1072.57",
        "change": "-24.09",
        "change_percent": "-2.25",
    }
    procurement = data["tables"]["procurement"]["rows"]
    assert procurement[0]["kind"] == "total" and "unit_price" not in procurement[0]["cells"]


def test_export_holds_the_keyed_facts(jianghan: Checked) -> None:
    facts = json.loads(JsonRenderer().render(RenderJob(jianghan.computed, "wuhan")))["facts"]
    leaf = next(
        f for f in facts["spending"] if f["keys"]["function"] == "2040201" and f["keys"]["type"] == "public"
    )
    assert leaf == {
        "keys": {"function": "2040201", "fund": "general", "origin": "current", "type": "public"},
        "values": {"amount": "7156.75"},
    }
    assert sum(Decimal(f["values"]["amount"]) for f in facts["procurement"]) == Decimal("6636.08")


def test_export_holds_the_forms_computed_amounts(jianghan: Checked) -> None:
    data = json.loads(JsonRenderer().render(RenderJob(jianghan.computed, "wuhan")))["performance"]
    department = data["overall_forms"][0]
    personnel = next(line for line in department["lines"] if line["key"] == "personnel")
    assert personnel == {
        "group": "spending",
        "key": "personnel",
        "current": "52586.58",
        "share": "59.05",
        "prior": {"2021": "48102.46", "2022": "56223.53"},
    }
    assert len(department["projects"]) == 26
    smart = next(f for f in data["project_forms"] if f["project"] == "42010323118T000000113")
    assert (smart["total_budget"], smart["this_year"], smart["local"]) == ("1498.56", "139.94", "139.94")
    assert smart["sources"] == {"general": "139.94"}


def test_export_is_deterministic(jianghan: Checked) -> None:
    renderer = JsonRenderer()
    assert renderer.render(RenderJob(jianghan.computed, "wuhan")) == renderer.render(
        RenderJob(jianghan.computed, "wuhan")
    )
