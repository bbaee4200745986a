"""Build stage for the command line: one input through check → render → write, or many side by side."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from gen.errors import BudgetDocError, InputError
from gen.findings import Finding


@dataclass(frozen=True)
class Options:
    out_dir: Path
    formats: tuple[str, ...]
    profile: str | None = None
    prior: Path | None = None
    protected: tuple[Path, ...] = ()
    """Every input file of the command: no output may replace one."""
    refs: tuple[Path, ...] = ()
    """Folders besides each input's own where the files it names may be (--refs)."""


@dataclass
class Outcome:
    """What building one input did; plain data, so that it can come back from a worker process."""

    path: Path
    written: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """The input's problems, when they stopped the build."""
    error: str = ""
    """Any other reason the build stopped (a template error, an unwritable folder, a defect)."""
    exit_code: int = 0

    @property
    def failed(self) -> bool:
        return self.exit_code != 0


INTERNAL_ERROR = 70  # EX_SOFTWARE: a defect of budgetdoc, not of what the user gave it


def build_one(path: Path, options: Options) -> Outcome:
    """Check, render every format, then write them as one set: all new, or the earlier ones untouched."""
    from gen.load.references import allowing

    with allowing(options.refs):
        return _build_one(path, options)


def _build_one(path: Path, options: Options) -> Outcome:
    from gen.load.references import referenced
    from gen.pipeline import check_input
    from gen.render import RenderJob, renderers
    from gen.write import refuse_inputs, write_set

    outcome = Outcome(path)
    available = renderers()
    try:
        checked = check_input(path, options.prior)
        if checked.errors:
            raise InputError(checked.findings)
        # --profile is found from the working directory; the input's meta.profile also next to it.
        near = None if options.profile else path.parent
        job = RenderJob(checked.computed, options.profile or checked.computed.budget.meta.profile, near)
        _ = job.profile  # a profile that cannot be found is an error for every format, JSON too
        out = options.out_dir
        targets = {fmt: out / f"{path.stem}.{available[fmt].extension}" for fmt in options.formats}
        prior = (options.prior,) if options.prior else ()
        inputs = (*options.protected, path, *prior, *referenced(checked.source, checked.computed.budget.meta))
        refuse_inputs(targets.values(), inputs)
        # Every format is rendered before any is written, so a rendering failure leaves no output.
        outputs = {targets[fmt]: available[fmt].render(job) for fmt in options.formats}
        write_set(outputs, inputs)
        outcome.written = list(outputs)
        outcome.notices = job.notices
        outcome.warnings = checked.warnings
    except InputError as error:
        outcome.findings, outcome.exit_code = error.findings, error.exit_code
    except BudgetDocError as error:
        outcome.error, outcome.exit_code = str(error), error.exit_code
    return outcome


def _guarded(path: Path, options: Options) -> Outcome:
    """build_one in a worker: a defect there fails this input only, and the batch goes on."""
    try:
        return build_one(path, options)
    except Exception as exc:
        message = f"内部错误（{type(exc).__name__}：{exc}），这是 budgetdoc 的缺陷，不是输入有误"
        return Outcome(path, error=message, exit_code=INTERNAL_ERROR)


def build_many(paths: Sequence[Path], options: Options, jobs: int) -> Iterator[Outcome]:
    """Each input's outcome as it finishes; with jobs > 1 in that many worker processes."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield _guarded(path, options)
        return
    # A fresh worker per input: a long-lived one grows by ~10 MB per department (WeasyPrint and font
    # caches), past 400 MB over a district. Workers fork from a server that has already imported
    # the renderers, so a fresh one costs milliseconds, not the second an import takes.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        [
            "gen.build",
            "gen.pipeline",
            "gen.render.html",
            "gen.render.pdf",
            "gen.render.word",
            "gen.render.xlsx",
            "gen.render.json_export",
            "weasyprint",
        ]
    )
    workers = min(jobs, len(paths))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, max_tasks_per_child=1) as pool:
        started = {pool.submit(_guarded, path, options): path for path in paths}
        pending: set[Future[Outcome]] = set(started)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    yield future.result()
                except Exception as exc:  # the worker died (killed for memory, a crash in a C library)
                    message = f"内部错误：生成进程意外退出（{type(exc).__name__}）"
                    yield Outcome(started[future], error=message, exit_code=INTERNAL_ERROR)
