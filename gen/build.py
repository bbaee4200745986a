"""Build stage for the command line: one input through check → render → write, or many side by side."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from gen.errors import BudgetDocError, InputError
from gen.findings import Finding

if TYPE_CHECKING:
    from gen.pipeline import Checked
    from gen.render import Renderer, RenderJob


@dataclass(frozen=True)
class Options:
    out_dir: Path
    formats: tuple[str, ...]
    profile: str | None = None
    prior: Path | None = None
    pdf_engine: str | None = None
    """typst or weasyprint; None takes the profile's."""
    pdf_standard: str | None = None
    """A PDF/A level; None takes the profile's."""
    pdf_beside: bool = True
    """Lay the PDF out beside the other formats (off in a batch, whose workers fill the cores)."""
    protected: tuple[Path, ...] = ()
    """Every input file of the command: no output may replace one."""
    refs: tuple[Path, ...] = ()
    """Folders besides each input's own where the files it names may be (--refs)."""
    keep_checked: bool = False
    """Keep the checked input on the outcome, for a caller in the same process that goes on with it
    (the workbench's year-over-year diff); a worker's outcome stays plain data."""


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
    checked: Checked | None = None
    """The loaded, validated and computed input with its profile, when Options.keep_checked."""

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
        # --profile is found from the working directory; the input's meta.profile also next to it.
        checked = check_input(path, options.prior, options.profile)
        if options.keep_checked:
            outcome.checked = checked
        if checked.errors or checked.document is None or checked.profile is None:
            raise InputError(checked.findings)
        job = RenderJob.composed(
            checked.computed, checked.profile, checked.document, options.pdf_engine, options.pdf_standard
        )
        out = options.out_dir
        targets = {fmt: out / f"{path.stem}.{available[fmt].extension}" for fmt in options.formats}
        prior = (options.prior,) if options.prior else ()
        inputs = (*options.protected, path, *prior, *referenced(checked.source, checked.computed.budget.meta))
        refuse_inputs(targets.values(), inputs)
        # Every format is rendered before any is written, so a rendering failure leaves no output.
        rendered = render_all(available, options.formats, job, beside=options.pdf_beside)
        outputs = {targets[fmt]: data for fmt, data in rendered.items()}
        write_set(outputs, inputs)
        outcome.written = list(outputs)
        outcome.notices = job.notices
        outcome.warnings = checked.warnings
    except InputError as error:
        outcome.findings, outcome.exit_code = error.findings, error.exit_code
    except BudgetDocError as error:
        outcome.error, outcome.exit_code = str(error), error.exit_code
    return outcome


def render_all(
    available: dict[str, Renderer], formats: Sequence[str], job: RenderJob, beside: bool
) -> dict[str, bytes]:
    """Each format's bytes, in the order asked. Typst lays the PDF out outside Python's lock, so with
    `beside` it runs in a thread while the other formats render: one build then uses a second core."""
    if not (beside and "pdf" in formats and len(formats) > 1 and job.engine == "typst"):
        return {fmt: available[fmt].render(job) for fmt in formats}
    own = replace(job, notices=[])  # its notices kept apart, so their order does not depend on timing
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf = pool.submit(available["pdf"].render, own)
        others = {fmt: available[fmt].render(job) for fmt in formats if fmt != "pdf"}
        others["pdf"] = pdf.result()
    job.notices.extend(own.notices)
    return {fmt: others[fmt] for fmt in formats}


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
    # A fresh worker per input: a long-lived one grows by ~10 MB per department (font and layout
    # caches), past 400 MB over a district. Workers fork from a server that has already imported
    # the renderers, so a fresh one costs milliseconds, not the second an import takes.
    context = multiprocessing.get_context("forkserver")
    preload = [
        "gen.build",
        "gen.pipeline",
        "gen.render.html",
        "gen.render.typeset.warm",
        "gen.render.word",
        "gen.render.xlsx",
        "gen.render.json_export",
        "typst",
    ]
    if options.pdf_engine == "weasyprint":
        preload += ["gen.render.pdf", "weasyprint"]
    context.set_forkserver_preload(preload)
    options = replace(options, pdf_beside=False)
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
    _stop_fork_server()


def _stop_fork_server() -> None:
    """End the fork server once the batch is done, and wait for it. Left running, it would outlive
    this process; and only a waited-for process's CPU time and memory (its workers' included) count
    in what the system reports for the command (`time`, wait4: the figures of bench/run.py)."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):  # a private method of CPython's (3.8 to 3.13); without it the server ends at exit
        stop()
