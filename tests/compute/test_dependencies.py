"""Changing one leaf (and its counterparts) changes every dependent figure, and nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from gen.pipeline import Checked, check_input
from tests.conftest import JIANGHAN_2023

Cell = tuple[str, str | None, str, str]


def _cells(checked: Checked) -> dict[Cell, Decimal]:
    return {
        (table_id, row.code, row.name, key): value
        for table_id, table in checked.computed.tables.items()
        for row in table.rows
        for key, value in row.values.items()
    }


def _bump(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_one_leaf_moves_every_dependent_figure(tmp_path: Path, jianghan: Checked) -> None:
    text = JIANGHAN_2023.read_text(encoding="utf-8")
    # One more 1.00 of 基本工资 at 2040201 行政运行 in the bureau itself, on all four sides it appears.
    text = _bump(text, '{code: "2040201", personnel: 36358.91', '{code: "2040201", personnel: 36359.91')
    text = _bump(text, "{code: 30101, personnel: 7662.98}", "{code: 30101, personnel: 7663.98}")
    text = _bump(text, '{unit: "118001", personnel: 43495.06', '{unit: "118001", personnel: 43496.06')
    text = _bump(text, "source: 一般公共预算, amount: 73380.06}", "source: 一般公共预算, amount: 73381.06}")
    changed_input = tmp_path / "jianghan-2023.yaml"
    changed_input.write_text(text, encoding="utf-8")
    (tmp_path / "jianghan-2022.yaml").write_text(
        (JIANGHAN_2023.parent / "jianghan-2022.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    after = check_input(changed_input)
    assert after.errors == []

    before_cells, after_cells = _cells(jianghan), _cells(after)
    assert before_cells.keys() == after_cells.keys()
    changed = {cell for cell in before_cells if before_cells[cell] != after_cells[cell]}
    assert all(after_cells[c] - before_cells[c] == 1 for c in changed)

    function_cells = {
        (table, code, name, key)
        for table in ("expenditure", "appropriation_by_function", "general_by_function")
        for code, name in (
            (None, ""),
            ("204", "公共安全支出"),
            ("20402", "公安"),
            ("2040201", "行政运行"),
        )
        for key in ("total", "basic", "personnel")
    }
    economic_cells = {
        (table, code, name, key)
        for table in ("general_basic_economic", "basic_economic")
        for code, name in ((None, ""), ("301", "工资福利支出"), ("30101", "基本工资"))
        for key in ("total", "personnel")
    }
    unit_rows = ((None, ""), ("118", "武汉市公安局江汉区分局"), ("118001", "武汉市公安局江汉区分局本级"))
    unit_cells = {
        (table, c, n, k)
        for table in ("general_by_unit", "by_unit")
        for c, n in unit_rows
        for k in ("total", "basic", "personnel")
    }
    income_cells = {("income", c, n, k) for c, n in unit_rows for k in ("total", "general")}
    assert changed == function_cells | economic_cells | unit_cells | income_cells

    fb, fa = jianghan.computed.figures, after.computed.figures
    for name in ("total", "basic", "personnel", "general", "appropriation"):
        assert getattr(fa, name).current - getattr(fb, name).current == 1, name
        assert getattr(fa, name).delta - getattr(fb, name).delta == 1, name
    assert fa.project == fb.project and fa.public == fb.public
    assert fa.basic_share != fb.basic_share and fa.project_share != fb.project_share
    assert fa.function_classes[0].amount - fb.function_classes[0].amount == 1
