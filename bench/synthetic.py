"""Synthetic departments made from a real input (inputs/jianghan-2023.yaml), for bench/run.py.

Two kinds of file, both balancing to the cent, so `budgetdoc check` finds no error in any of them:

- a batch (`--count N`): copy i gets its own department code and name, every amount × (1 + i % 4),
  and its projects split into up to 2–4 parts, its 政府采购 rows into up to 1–3 and its 政府购买服务
  rows into 1–2, so the copies differ in amounts and row counts. meta.prior is dropped (the prior
  year belongs to the real department).
- a scaled copy (`--scale S`): the same department with S times the line items: every project, 政府采购
  and 政府购买服务 row split into S parts, each project part with its own 绩效目标申报表, and every
  indicator of the 整体绩效 forms repeated S times. Amounts are unchanged and meta.prior still points at
  the real prior year, so `--scale 1` builds exactly what the source builds.

A split is exact: an amount is divided in whole cents (largest remainder), so every sum by function, by
unit and by fund still balances. A project's parts take their amounts from its 绩效目标申报表 details,
divided the same way, so each part's form still matches its project (PERF-004). The first part keeps the
project's code and name, so 采购 rows and forms that name the project still find it.

Usage: .venv/bin/python bench/synthetic.py --out DIR (--count N | --scale S) [--source FILE] [--no-check]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from gen.errors import InputError
from gen.inputs.data import budget_data
from gen.inputs.yaml_text import write_yaml
from gen.pipeline import check_input, load_budget
from models.budget import (
    Budget,
    Department,
    Meta,
    ProcurementRow,
    Project,
    PurchasedService,
)
from models.performance import (
    Goal,
    Indicator,
    OverallPerformanceForm,
    Performance,
    ProjectDetail,
    ProjectPerformanceForm,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "inputs" / "jianghan-2023.yaml"
ZERO = Decimal(0)

# A project's 财政拨款 (what its form's 本级 + 上级转移支付 details must equal) and its other money
# (what the details' 其他资金 must equal): the two groups of gen.compute.performance.project_funding.
APPROPRIATED = ("general", "gov_fund", "state_capital")
OTHER_FUNDS = ("special_account", "unit_funds", "carry_general", "carry_gov_fund", "carry_state_capital")
# Decimals that are not money: left alone when amounts are multiplied (a quantity is multiplied, so
# that quantity × unit price still gives the amount).
NOT_MONEY = frozenset({"unit_price", "building_area", "weight", "tolerance"})


# ---------------------------------------------------------------- exact splitting


def split_amount(value: Decimal, weights: Sequence[int]) -> list[Decimal]:
    """`value` (at most 2 decimals, not negative) in parts proportional to `weights`, summing exactly."""
    cents = value * 100
    if value < 0 or cents != cents.to_integral_value():
        raise ValueError(f"cannot split {value} exactly in cents")
    total, whole = int(cents), sum(weights)
    shares = [total * w // whole for w in weights]
    # The cents left over go to the largest remainders (the first part on a tie).
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return [Decimal(share).scaleb(-2) for share in shares]


def split_optional(value: Decimal | None, weights: Sequence[int]) -> list[Decimal | None]:
    if value is None:
        return [None] * len(weights)
    return list(split_amount(value, weights))


def split_chain(levels: Sequence[Decimal | None], weights: Sequence[int]) -> list[list[Decimal | None]]:
    """Nested amounts (小微 ≤ 中小企业 ≤ 采购金额), innermost first, split so that every part keeps the order.

    Each level is split as its increment over the level below, so a part's inner amount can never
    exceed its outer one. Returns, for each level, its parts.
    """
    below: list[Decimal] = [ZERO] * len(weights)
    below_total = ZERO
    result: list[list[Decimal | None]] = []
    for level in levels:
        if level is None:
            result.append([None] * len(weights))
            continue
        step = split_amount(level - below_total, weights)
        below = [b + s for b, s in zip(below, step, strict=True)]
        below_total = level
        result.append(list(below))
    return result


def _split_group(
    project: Project, fields: Sequence[str], targets: list[Decimal] | None, weights: Sequence[int]
) -> list[dict[str, Decimal]] | None:
    """One group of a project's fund fields split; the last field present takes up `targets` exactly.

    None when the targets cannot be met (a part would go negative, or money is due with no field).
    """
    present = [f for f in fields if getattr(project, f) is not None]
    columns: dict[str, list[Decimal]] = {f: split_amount(getattr(project, f), weights) for f in present}
    if targets is not None:
        if not present:
            return None if any(targets) else [{} for _ in weights]
        last = present[-1]
        for m, target in enumerate(targets):
            value = target - sum((columns[f][m] for f in present[:-1]), start=ZERO)
            if value < 0:
                return None
            columns[last][m] = value
    return [{f: columns[f][m] for f in present} for m in range(len(weights))]


def split_project(
    project: Project, form: ProjectPerformanceForm | None, weights: Sequence[int]
) -> tuple[list[Project], list[ProjectPerformanceForm]]:
    """A project as len(weights) projects with the same unit, function and group, and their forms."""
    forms = [form] if form is not None else []
    if len(weights) == 1:
        return [project], forms
    n = len(weights)
    details: list[list[ProjectDetail]] = [[] for _ in range(n)]
    appropriation: list[Decimal] | None = None
    other: list[Decimal] | None = None
    if form is not None and form.details:
        appropriation, other = [ZERO] * n, [ZERO] * n
        for detail in form.details:
            local = split_optional(detail.local_amount, weights)
            transfer = split_optional(detail.transfer_amount, weights)
            rest = split_optional(detail.other_amount, weights)
            for m in range(n):
                details[m].append(
                    detail.model_copy(
                        update={
                            "local_amount": local[m],
                            "transfer_amount": transfer[m],
                            "other_amount": rest[m],
                        }
                    )
                )
                appropriation[m] += (local[m] or ZERO) + (transfer[m] or ZERO)
                other[m] += rest[m] or ZERO
    funds = _split_group(project, APPROPRIATED, appropriation, weights)
    others = _split_group(project, OTHER_FUNDS, other, weights)
    if funds is None or others is None:
        return [project], forms  # cannot be split exactly: keep it whole
    total_budget = split_optional(project.total_budget, weights)
    codes = [project.code, *(f"{project.code}-{m + 1}" for m in range(1, n))]
    names = [project.name, *(f"{project.name}（{m + 1}）" for m in range(1, n))]
    parts = [
        project.model_copy(
            update={
                "code": codes[m],
                "name": names[m],
                "total_budget": total_budget[m],
                **funds[m],
                **others[m],
            }
        )
        for m in range(n)
    ]
    if form is None:
        return parts, []
    return parts, [
        form.model_copy(update={"project": codes[m], "details": details[m] if form.details else []})
        for m in range(n)
    ]


def split_procurement(row: ProcurementRow, weights: Sequence[int]) -> list[ProcurementRow]:
    if len(weights) == 1:
        return [row]
    micro, sme, amount = split_chain((row.micro_amount, row.sme_amount, row.amount), weights)
    parts = []
    for m in range(len(weights)):
        part_amount = amount[m]
        assert part_amount is not None
        update: dict[str, Any] = {"amount": part_amount, "sme_amount": sme[m], "micro_amount": micro[m]}
        if row.quantity is not None and row.unit_price is not None:
            update |= {"quantity": Decimal(1), "unit_price": part_amount}
        parts.append(row.model_copy(update=update))
    return parts


def split_service(row: PurchasedService, weights: Sequence[int]) -> list[PurchasedService]:
    if len(weights) == 1:
        return [row]
    update: dict[str, Any] = {} if row.quantity is None else {"quantity": Decimal(1)}
    return [row.model_copy(update={**update, "amount": a}) for a in split_amount(row.amount, weights)]


def repeat_indicators(indicators: list[Indicator], times: int) -> list[Indicator]:
    """Each indicator followed by times - 1 numbered copies (kept next to it: the tree stays contiguous)."""
    if times == 1 or any(i.weight is not None for i in indicators):
        return indicators  # weights must total 100 per table: leave weighted tables as they are
    result: list[Indicator] = []
    for indicator in indicators:
        result.append(indicator)
        result.extend(
            indicator.model_copy(update={"level3": f"{indicator.level3}（{m}）"}) for m in range(2, times + 1)
        )
    return result


# ---------------------------------------------------------------- whole inputs


@dataclass(frozen=True)
class Variation:
    """How one synthetic input differs from its source."""

    project_parts: Sequence[Sequence[int]]
    """Weights of each project's parts, by project index (one weight: left whole)."""
    procurement_parts: Sequence[Sequence[int]]
    service_parts: Sequence[Sequence[int]]
    indicator_copies: int = 1
    factor: int = 1
    """Every amount multiplied by this (exact: amounts keep 2 decimals, sums stay sums)."""


def varied(budget: Budget, variation: Variation) -> Budget:
    performance = budget.performance
    form_of = {form.project: form for form in performance.project_forms}
    projects: list[Project] = []
    forms_of: dict[str, list[ProjectPerformanceForm]] = {}
    for project, weights in zip(budget.projects, variation.project_parts, strict=True):
        parts, forms = split_project(project, form_of.get(project.code), weights)
        projects.extend(parts)
        forms_of[project.code] = forms
    project_forms = [f for form in performance.project_forms for f in forms_of.get(form.project, [form])]
    procurement = [
        part
        for row, weights in zip(budget.procurement, variation.procurement_parts, strict=True)
        for part in split_procurement(row, weights)
    ]
    services = [
        part
        for row, weights in zip(budget.purchased_services, variation.service_parts, strict=True)
        for part in split_service(row, weights)
    ]
    copies = variation.indicator_copies
    overall = [_repeat_overall(form, copies) for form in performance.overall_forms]
    return budget.model_copy(
        update={
            "projects": projects,
            "procurement": procurement,
            "purchased_services": services,
            "performance": Performance(
                practice=performance.practice, overall_forms=overall, project_forms=project_forms
            ),
        }
    )


def _repeat_overall(form: OverallPerformanceForm, copies: int) -> OverallPerformanceForm:
    def goals(items: list[Goal]) -> list[Goal]:
        return [g.model_copy(update={"indicators": repeat_indicators(g.indicators, copies)}) for g in items]

    return form.model_copy(
        update={"long_term_goals": goals(form.long_term_goals), "annual_goals": goals(form.annual_goals)}
    )


def multiplied(value: Any, factor: int, key: str = "") -> Any:
    """Plain input data with every amount (and quantity) × factor, in new containers and numbers.

    Nothing is shared afterwards: parts made by model_copy share lists and numbers, which the YAML
    writer would print as anchors and aliases, and budgetdoc refuses aliases.
    """
    if isinstance(value, Decimal):
        return value * (1 if key in NOT_MONEY else factor)
    if isinstance(value, dict):
        return {k: multiplied(v, factor, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [multiplied(v, factor, key) for v in value]
    return value


def _write(budget: Budget, factor: int, target: Path, note: str) -> Path:
    data = multiplied(budget_data(budget), factor)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(write_yaml(data, note))
    return target


def _relocated(meta: Meta, source: Path, out_dir: Path, keep_prior: bool) -> Meta:
    """meta with its file references (prior year, 补充科目) copied into `out_dir`, which is where an
    input's references must be (budgetdoc reads nothing outside the input's folder)."""

    def copied(name: str | None) -> str | None:
        if name is None:
            return None
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.parent / name, out_dir / Path(name).name)
        return Path(name).name

    return meta.model_copy(
        update={"prior": copied(meta.prior) if keep_prior else None, "extra_codes": copied(meta.extra_codes)}
    )


def _parts(count: int, pick: int, offset: int) -> list[int]:
    """Weights 1, 2, … of 1–`count` parts, chosen by `pick` (varies by copy and row)."""
    return list(range(1, 1 + 1 + (pick + offset) % count))


def generate_batch(count: int, out_dir: Path, source: Path = SOURCE) -> list[Path]:
    """`count` departments: dept-001.yaml …, each with its own code, name, amounts and row counts."""
    budget, _ = load_budget(source)
    paths = []
    for i in range(count):
        # Up to 2–4 parts per project and 1–3 per 采购 row, by copy; amounts ×1–×4: 12 distinct shapes.
        variation = Variation(
            project_parts=[_parts(2 + i % 3, i, j) for j in range(len(budget.projects))],
            procurement_parts=[_parts(1 + i % 3, i, 2 * j) for j in range(len(budget.procurement))],
            service_parts=[_parts(2, i, j) for j in range(len(budget.purchased_services))],
            factor=1 + i % 4,
        )
        meta = _relocated(budget.meta, source, out_dir, keep_prior=False)
        department = Department(
            code=f"{901 + i}", name=f"合成测试部门{i + 1:03d}", short_name=f"测试{i + 1:03d}"
        )
        copy = varied(
            budget.model_copy(update={"meta": meta.model_copy(update={"department": department})}), variation
        )
        note = (
            f"由 bench/synthetic.py 从 {source.name} 生成的测试部门 {i + 1}/{count}："
            f"金额 ×{variation.factor}，项目、采购和购买服务行拆分。仅供性能测试。"
        )
        paths.append(_write(copy, variation.factor, out_dir / f"dept-{i + 1:03d}.yaml", note))
    return paths


def generate_scaled(scale: int, out_dir: Path, source: Path = SOURCE) -> Path:
    """The source department with `scale` × its line items: <stem>-x<scale>.yaml."""
    budget, _ = load_budget(source)
    equal = [1] * scale
    variation = Variation(
        project_parts=[equal] * len(budget.projects),
        procurement_parts=[equal] * len(budget.procurement),
        service_parts=[equal] * len(budget.purchased_services),
        indicator_copies=scale,
    )
    meta = _relocated(budget.meta, source, out_dir, keep_prior=True)
    copy = varied(budget.model_copy(update={"meta": meta}), variation)
    note = (
        f"由 bench/synthetic.py 从 {source.name} 生成：项目、采购、购买服务、绩效申报表和整体绩效指标"
        f" ×{scale}，金额合计不变。仅供性能测试。"
    )
    return _write(copy, 1, out_dir / f"{source.stem}-x{scale}.yaml", note)


def line_items(path: Path) -> dict[str, int]:
    """The counts that grow with --scale, for reports."""
    budget, _ = load_budget(path)
    performance = budget.performance
    overall = sum(
        len(g.indicators) for f in performance.overall_forms for g in (*f.long_term_goals, *f.annual_goals)
    )
    project = sum(len(f.long_term_indicators) + len(f.annual_indicators) for f in performance.project_forms)
    return {
        "projects": len(budget.projects),
        "procurement": len(budget.procurement),
        "purchased_services": len(budget.purchased_services),
        "project_forms": len(performance.project_forms),
        "indicators": overall + project,
    }


@dataclass(frozen=True)
class CheckResult:
    path: Path
    errors: list[str]
    warnings: int


def check_files(paths: Sequence[Path]) -> list[CheckResult]:
    """What `budgetdoc check` finds in each file (the same function, in this process)."""
    results = []
    for path in paths:
        try:
            checked = check_input(path)
        except InputError as error:
            results.append(CheckResult(path, [f"{f.rule} {f.message}" for f in error.findings], 0))
            continue
        errors = [f"{f.rule} {f.message}" for f in checked.errors]
        results.append(CheckResult(path, errors, len(checked.warnings)))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="folder for the generated YAML files")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--count", type=int, help="N varied departments: dept-001.yaml …")
    what.add_argument("--scale", type=int, help="one input with S × the line items: <stem>-xS.yaml")
    parser.add_argument("--source", type=Path, default=SOURCE, help="the real input to start from")
    parser.add_argument("--no-check", action="store_true", help="skip budgetdoc check of every file")
    args = parser.parse_args(argv)
    if (args.count or args.scale or 0) < 1:
        parser.error("--count and --scale must be at least 1")
    if args.count:
        paths = generate_batch(args.count, args.out, args.source)
    else:
        paths = [generate_scaled(args.scale, args.out, args.source)]
    if args.no_check:
        for path in paths:
            print(path)
        return 0
    failed = 0
    for result in check_files(paths):
        counts = ", ".join(f"{k} {v}" for k, v in line_items(result.path).items())
        print(f"{result.path}: {len(result.errors)} errors, {result.warnings} warnings ({counts})")
        for error in result.errors:
            print(f"    {error}")
        failed += bool(result.errors)
    if failed:
        print(f"{failed} of {len(paths)} generated files have errors", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
