"""The pipeline side of the workbench (gen/web/work.py): file names, and the checks only the workbench
can make, through the real build of an upload (check only, no rendering, so it is quick)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gen.web.work import DIFF_FORMATS, VersionJob, process, safe_name
from tests.web.conftest import ROOT

INPUTS = ROOT / "inputs"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("jianghan-2023.xlsx", "jianghan-2023.xlsx"),
        ("C:\\Users\\李芳\\桌面\\2024年 预算.XLSX", "2024年_预算.xlsx"),
        ("../../etc/passwd.yaml", "passwd.yaml"),
        ("\u202egnp.xlsx", "gnp.xlsx"),  # a right-to-left override is dropped
        ("名\x00称.yaml", "名称.yaml"),
        (".yaml", "输入.yaml"),
        ("x" * 300 + ".yaml", "x" * 80 + ".yaml"),
    ],
)
def test_safe_name(sent: str, kept: str) -> None:
    assert safe_name(sent) == kept


def job(
    tmp_path: Path,
    upload: Path,
    *,
    year: int = 2023,
    department: str = "118",
    prior: Path | None = None,
    known: bool = True,
) -> VersionJob:
    return VersionJob(upload, upload.name, year, department, prior, known, None, (), tmp_path / "work")


def rules(result: object) -> list[tuple[str, str]]:
    return [(f["rule"], f["message"]) for f in result.findings]  # type: ignore[attr-defined]


def test_the_example_with_its_prior_year_passes(tmp_path: Path) -> None:
    result = process(job(tmp_path, INPUTS / "jianghan-2023.yaml", prior=INPUTS / "jianghan-2022.yaml"))
    assert result.errors == 0 and result.warnings > 0 and not result.message
    assert result.prior_used
    # The comparison with the prior year is written from the input build_one checked.
    assert {"diff-json", "diff-html", "diff-xlsx"} <= result.files.keys()
    out = tmp_path / "work" / "out"
    assert all((out / result.files[f"diff-{fmt}"]).stat().st_size for fmt in DIFF_FORMATS)
    assert result.unexplained is not None


def test_another_year_or_department_is_refused_at_its_line(tmp_path: Path) -> None:
    result = process(
        job(
            tmp_path,
            INPUTS / "jianghan-2023.yaml",
            year=2024,
            department="119",
            prior=INPUTS / "jianghan-2022.yaml",
        )
    )
    found = {f["rule"]: f for f in result.findings}
    assert "本页是 2024 年" in found["WEB-001"]["message"]
    assert found["WEB-001"]["locations"][0]["path"] == "meta.year"
    assert "“119”" in found["WEB-002"]["message"]
    assert found["WEB-002"]["locations"][0]["line"] is not None
    assert not result.files


@pytest.mark.parametrize(
    ("known", "says"),
    [(False, "尚无检查通过的版本"), (True, "版本都有错误")],
)
def test_a_missing_prior_year_says_what_to_upload_first(tmp_path: Path, known: bool, says: str) -> None:
    result = process(job(tmp_path, INPUTS / "jianghan-2023.yaml", known=known))
    [problem] = [f for f in result.findings if f["rule"] == "LOAD"]
    assert says in problem["message"] and "2022 年度" in problem["hint"]
    assert problem["locations"][0]["path"] == "meta.prior"
    assert result.errors == 1


def test_a_prior_of_the_other_kind_is_named(tmp_path: Path) -> None:
    workbook = tmp_path / "prior.xlsx"
    shutil.copyfile(INPUTS / "jianghan-2022.yaml", workbook)  # only its name matters here
    result = process(job(tmp_path, INPUTS / "jianghan-2023.yaml", prior=workbook))
    assert any("应写以 .xlsx 结尾的文件名" in message for _, message in rules(result))


@pytest.mark.parametrize(
    ("reference", "used"),
    [
        ("../../输入/jianghan-2022.yaml", True),  # as `convert` or `init` elsewhere may write it
        ("上年/jianghan-2022.yaml", True),
        ("/etc/jianghan-2022.yaml", False),
        ("jianghan-2023.yaml", False),  # itself
    ],
)
def test_meta_prior_is_found_wherever_it_points_inside_the_work_folder(
    tmp_path: Path, reference: str, used: bool
) -> None:
    text = (INPUTS / "jianghan-2023.yaml").read_text(encoding="utf-8")
    upload = tmp_path / "jianghan-2023.yaml"
    upload.write_text(text.replace("prior: jianghan-2022.yaml", f"prior: {reference}"), encoding="utf-8")
    result = process(job(tmp_path, upload, prior=INPUTS / "jianghan-2022.yaml"))
    assert result.prior_used is used
    assert (result.errors == 0) is used
    # Whatever meta.prior says, nothing is written outside the job's own folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jianghan-2023.yaml", "work"]
    assert not Path("/etc/jianghan-2022.yaml").exists()
