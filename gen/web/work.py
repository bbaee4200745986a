"""The pipeline's side of the workbench, free of Django so that it runs in a build process.

An upload is checked and built exactly as `budgetdoc build` would do it (gen.build.build_one), from a
folder where it sits under the officer's own file name — so that every finding names the file they
know — beside the prior year's input under the name its `meta.prior` gives. A district batch goes
through gen.build.build_many, the worker pool of `build --jobs`.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gen.build import Options, Outcome, build_many, build_one
from gen.errors import BudgetDocError
from gen.findings import Finding, Severity
from gen.write import write_atomic

if TYPE_CHECKING:
    from gen.pipeline import Checked

FORMATS = ("html", "pdf", "docx", "xlsx", "json")
INPUT_SUFFIXES = (".xlsx", ".yaml", ".yml")
DIFF_FORMATS = {"json": "json", "html": "html", "xlsx": "xlsx"}
OUTPUT_STEM = "document"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def safe_name(name: str, fallback: str = "输入") -> str:
    """A file name for a folder of ours: the last part of what the browser sent, without control,
    format (bidi) or path characters, at most 80 characters before its extension."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._")[:80] or fallback
    suffix = f".{suffix.lower()}" if suffix else ""
    return stem + suffix


@dataclass(frozen=True)
class VersionJob:
    upload: Path
    """The stored upload (under its generated name)."""
    name: str
    """The officer's file name, already made safe; its extension chooses the loader."""
    year: int
    department: str
    """The department's code: an input for another department or year is refused."""
    prior: Path | None
    """The stored input of the department's prior-year version, if there is one."""
    prior_year_known: bool
    profile: str | None
    formats: tuple[str, ...]
    work: Path
    """An empty folder of this job's own; outputs end up in work/out."""


@dataclass
class VersionResult:
    findings: list[dict[str, Any]] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    notices: list[str] = field(default_factory=list)
    message: str = ""
    """Why the build stopped, when it is not the input's findings (a template error, a defect)."""
    files: dict[str, str] = field(default_factory=dict)
    """format → file name in work/out; diff-json, diff-html and diff-xlsx for the comparison."""
    unexplained: int | None = None
    prior_used: bool = False


MAX_PRIOR_DEPTH = 20


def stage(root: Path, job: VersionJob) -> tuple[Path, list[Finding], bool]:
    """The upload copied into `root` under the officer's name, with the checks only the workbench can
    make (is it this page's department and year?), and the prior year's input put where the input's
    meta.prior looks for it — the input moved down as many folders as meta.prior climbs, so that any
    relative path resolves inside `root`. Returns (the input's path, problems, prior staged)."""
    from gen.pipeline import load_budget

    root.mkdir(parents=True, exist_ok=True)
    path = root / job.name
    shutil.copyfile(job.upload, path)
    try:
        budget, source = load_budget(path)
    except BudgetDocError:
        return path, [], False  # build_one reports it, located, with everything else the loader found
    problems: list[Finding] = []
    meta = budget.meta
    if meta.year != job.year:
        problems.append(
            Finding(
                "WEB-001",
                Severity.ERROR,
                f"文件是 {meta.year} 年的预算，本页是 {job.year} 年：请到 {meta.year} 年度上传，或改正年度",
                (source.locate(("meta", "year")),),
            )
        )
    if meta.department.code != job.department:
        problems.append(
            Finding(
                "WEB-002",
                Severity.ERROR,
                f"文件的部门编码是“{meta.department.code}”，本页部门的编码是“{job.department}”：请确认上传的是本部门的预算",
                (source.locate(("meta", "department", "code")),),
            )
        )
    if not meta.prior:
        return path, problems, False
    where = source.locate(("meta", "prior"))
    reference = posixpath.normpath(meta.prior.replace("\\", "/"))
    climbs = len(list(itertools.takewhile(lambda part: part == "..", reference.split("/"))))
    prior_year = job.year - 1
    if job.prior is None:
        message = (
            f"上年预算“{meta.prior}”在本系统中还没有：本部门 {prior_year} 年尚无检查通过的版本"
            if not job.prior_year_known
            else f"上年预算“{meta.prior}”在本系统中还没有：本部门 {prior_year} 年的版本都有错误"
        )
        hint = f"请先在 {prior_year} 年度上传上年预算并通过检查；不与上年比较则删去 meta.prior"
        problems.append(Finding("LOAD", Severity.ERROR, message, (where,), hint=hint))
    elif posixpath.isabs(reference) or climbs > MAX_PRIOR_DEPTH or reference == ".":
        message = f"上年预算应写相对于本文件的路径（如 {prior_year}.xlsx），而不是“{meta.prior}”"
        problems.append(Finding("LOAD", Severity.ERROR, message, (where,)))
    elif _kind(posixpath.splitext(reference)[1]) != _kind(job.prior.suffix):
        message = (
            f"本部门 {prior_year} 年的预算在本系统中是{_kind(job.prior.suffix)}，"
            f"meta.prior 应写以 {job.prior.suffix} 结尾的文件名，而不是“{meta.prior}”"
        )
        problems.append(Finding("LOAD", Severity.ERROR, message, (where,)))
    else:
        if climbs:
            deeper = root.joinpath(*["上级"] * climbs, job.name)
            deeper.parent.mkdir(parents=True)
            path = path.rename(deeper)
        target = path.parent / reference
        if target.resolve() != path.resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(job.prior, target)
            return path, problems, True
        message = f"上年预算“{meta.prior}”指向本文件自己"
        problems.append(Finding("LOAD", Severity.ERROR, message, (where,)))
    return path, problems, False


def _kind(suffix: str) -> str:
    return "Excel 工作簿" if suffix.lower() == ".xlsx" else "YAML 文件"


def process(job: VersionJob) -> VersionResult:
    """Check and build one uploaded version; everything it writes stays inside job.work."""
    out = job.work / "out"
    path, problems, prior_used = stage(job.work / "in", job)
    blocked = any(p.is_error for p in problems)
    # With the workbench's own errors the input is still checked (every problem at once) but not built.
    # stage() put the prior year where meta.prior names it, inside this job's own input folder.
    refs = (job.work / "in",)
    options = Options(out, () if blocked else job.formats, job.profile, refs=refs, keep_checked=True)
    outcome = build_one(path, options)
    found = outcome.findings or outcome.warnings
    if any(_about_prior(p) for p in problems):
        # The pipeline's own "找不到上年预算文件" says the same less helpfully here.
        found = [f for f in found if not _about_prior(f)]
    findings = [*problems, *found]
    findings.sort(key=lambda f: (not f.is_error, f.rule))
    result = VersionResult(
        findings=[f.as_dict() for f in findings],
        errors=sum(f.is_error for f in findings),
        warnings=sum(not f.is_error for f in findings),
        notices=outcome.notices,
        message=outcome.error,
        prior_used=prior_used,
    )
    if outcome.failed or blocked:
        return result
    result.files = _generated_names(outcome, out)
    if prior_used and outcome.checked is not None:
        try:
            result.unexplained = _write_diff(outcome.checked, out, result.files)
        except BudgetDocError as error:
            result.notices.append(f"与上年比较未能生成：{error}")
    return result


def _about_prior(finding: Finding) -> bool:
    return finding.rule == "LOAD" and any(loc.path == "meta.prior" for loc in finding.locations)


def _generated_names(outcome: Outcome, out: Path) -> dict[str, str]:
    """Outputs are kept under names of ours, not the officer's: document.pdf …"""
    files = {}
    for written in outcome.written:
        fmt = written.suffix.lstrip(".")
        name = f"{OUTPUT_STEM}.{fmt}"
        os.replace(written, out / name)
        files[fmt] = name
    return files


def _write_diff(checked: Checked, out: Path, files: dict[str, str]) -> int:
    """The year-over-year comparison, as `budgetdoc diff` makes it, of the input build_one has just
    checked with its prior year and profile; the number of changes without reason."""
    from gen.compute.diff import Thresholds, compare
    from gen.render.diff import writers

    assert checked.profile is not None  # build_one refuses an input without one
    changes = checked.profile.spec.changes
    diff = compare(checked.computed, Thresholds(changes.amount, changes.percent))
    available = writers()
    for fmt, extension in DIFF_FORMATS.items():
        name = f"diff.{extension}"
        write_atomic(out / name, available[fmt](diff))
        files[f"diff-{fmt}"] = name
    return len(diff.unexplained())


@dataclass(frozen=True)
class BatchItem:
    key: str
    """Department code, name and year: the name of its files and folder in the archive."""
    upload: Path
    suffix: str
    year: int
    department: str
    prior: Path | None
    profile: str | None


def build_archive(
    items: Sequence[BatchItem],
    work: Path,
    archive: Path,
    jobs: int,
    progress: Callable[[int, str], None],
) -> list[tuple[str, str]]:
    """Rebuild every item in the worker pool of `build --jobs`, then pack what was built into one zip
    (written atomically). Returns the failures as (key, reason)."""
    staged: dict[str | None, list[Path]] = {}
    failures: list[tuple[str, str]] = []
    keys: dict[Path, str] = {}
    for index, item in enumerate(items):
        name = f"{item.key}{item.suffix}"
        job = VersionJob(
            item.upload, name, item.year, item.department, item.prior, True, item.profile, (), work
        )
        path, problems, _ = stage(work / "in" / str(index), job)
        if any(p.is_error for p in problems):
            failures.append((item.key, problems[0].message))
            continue
        staged.setdefault(item.profile, []).append(path)
        keys[path] = item.key
    out = work / "out"
    done = len(failures)
    # One pool per profile (Options carries one); a district almost always has a single profile.
    for profile, paths in staged.items():
        options = Options(out, FORMATS, profile, refs=(work / "in",))  # where stage() put each prior
        for outcome in build_many(paths, options, jobs):
            done += 1
            key = keys[outcome.path]
            if outcome.failed:
                failures.append((key, _reason(outcome)))
            progress(done, key)
    built = sorted(p for p in out.iterdir()) if out.exists() else []
    failed = {key for key, _ in failures}
    report = [f"共 {len(items)} 个部门：{len(items) - len(failed)} 个已生成，{len(failed)} 个失败"]
    report += [f"失败：{key}：{reason}" for key, reason in failures]
    temp = archive.with_name(f".{archive.name}.tmp")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as packed:
        for path in built:
            if path.stem not in failed:
                packed.write(path, f"{path.stem}/{path.name}")
        packed.writestr("生成结果.txt", "\n".join(report) + "\n")
    os.replace(temp, archive)
    return failures


def _reason(outcome: Outcome) -> str:
    if outcome.findings:
        errors = [f for f in outcome.findings if f.is_error]
        first = errors[0] if errors else outcome.findings[0]
        return f"{len(errors)} 个错误，如：{first.message}"
    return outcome.error
