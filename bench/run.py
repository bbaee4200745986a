"""How long budgetdoc takes, as a user runs it: every measurement is the CLI as a whole process.

Prints medians (with min and max) over several runs of: the Jianghan 2023 build per format, html+pdf+docx
and all five together; LibreOffice converting the DOCX we produced to PDF (what a user would otherwise
do); a batch of synthetic departments built with --jobs; and the Jianghan build with ×1 and ×S line
items per format, and ×S against ×L (--large, 50 by default: each format's time must grow at most in
proportion). Then PASS/FAIL against the targets of docs/performance.md, and the machine.

Wall time is measured around the process; CPU is its user+sys time and peak RSS the largest single
process of its tree (os.wait4: a worker's, for a batch), both from the kernel's rusage. Each command
is started by a small launcher interpreter, so that its peak RSS is its own, not this script's.

Usage: .venv/bin/python bench/run.py [--runs 3] [--departments 50] [--jobs 2] [--scale 10] [--large 50]
                                     [--quick] [--markdown] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import synthetic

ROOT = Path(__file__).resolve().parent.parent
JIANGHAN = ROOT / "inputs" / "jianghan-2023.yaml"
FORMATS = ("html", "pdf", "docx", "xlsx", "json")
FULL = "html,pdf,docx"

# The targets (docs/performance.md).
FULL_VS_LIBREOFFICE = 0.5  # full build ≤ half of LibreOffice converting the same DOCX
HTML_SECONDS = 1.0  # an HTML-only build, as a whole process
BATCH_SECONDS = 60.0  # 50 departments, --jobs 2, html,pdf,docx
BATCH_SIZE, BATCH_JOBS = 50, 2
RSS_MB = 400.0  # per process (each worker of a batch)


# ---------------------------------------------------------------- measuring


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    exit_code: int
    stderr: str


# Runs the command and prints its wall time, user+sys time and peak RSS. A child's peak RSS starts at its
# parent's RSS when it is forked (Linux keeps the high-water mark across exec), so the command is started
# from this small interpreter, not from the benchmark process, which holds generated inputs in memory.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_once(command: Sequence[str], cwd: Path = ROOT) -> Sample:
    """One whole process: wall time, and user+sys time and peak RSS of its tree from wait4's rusage."""
    with tempfile.TemporaryFile() as errors:
        done = subprocess.run(
            [sys.executable, "-S", "-c", LAUNCHER, *command],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            check=False,
        )
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if done.returncode != 0:
        return Sample(0.0, 0.0, 0.0, done.returncode, stderr or "could not start the command")
    wall, cpu, rss_kib, exit_code = done.stdout.split()
    # ru_maxrss is in KiB on Linux; for a tree, its largest process (a worker, in a batch).
    return Sample(float(wall), float(cpu), int(rss_kib) / 1024, int(exit_code), stderr)


@dataclass
class Measurement:
    label: str
    command: list[str]
    samples: list[Sample] = field(default_factory=list)
    skipped: str = ""

    @property
    def ok(self) -> list[Sample]:
        return [s for s in self.samples if s.exit_code == 0]

    @property
    def failed(self) -> Sample | None:
        return next((s for s in self.samples if s.exit_code != 0), None)

    @property
    def median(self) -> float | None:
        return statistics.median(s.wall for s in self.ok) if self.ok and not self.failed else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(s.cpu for s in self.ok) if self.ok and not self.failed else None

    @property
    def remark(self) -> str:
        """Why there is no figure: skipped, or the last line the failing run printed."""
        if self.skipped:
            return f"{self.label}: skipped: {self.skipped}"
        failed = self.failed
        if failed is not None:
            last = (failed.stderr.strip().splitlines() or [""])[-1]
            return f"{self.label}: failed with exit code {failed.exit_code}: {last[:200]}"
        return ""

    def cells(self) -> list[str]:
        if self.skipped or self.failed:
            return [self.label, "skipped" if self.skipped else "FAILED", "", "", "", ""]
        walls = [s.wall for s in self.ok]
        return [
            self.label,
            f"{statistics.median(walls):.2f}",
            f"{min(walls):.2f}",
            f"{max(walls):.2f}",
            f"{statistics.median(s.cpu for s in self.ok):.2f}",
            f"{max(s.rss_mb for s in self.ok):.0f} MB",
        ]


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_rounds(measurements: Sequence[Measurement], runs: int) -> None:
    """Run each measurement `runs` times, round by round, so that a busy spell hits all of them alike."""
    for run in range(runs):
        for m in measurements:
            if m.skipped or m.failed:
                continue
            sample = run_once(m.command)
            m.samples.append(sample)
            status = f"{sample.wall:.2f} s" if sample.exit_code == 0 else f"exit {sample.exit_code}"
            _progress(f"  run {run + 1}/{runs}  {m.label}: {status}")


def budgetdoc() -> list[str]:
    """The CLI a user runs: the virtualenv's budgetdoc script next to this Python, else python -m gen."""
    script = Path(sys.executable).parent / "budgetdoc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gen"]


def build(inputs: Sequence[Path], formats: str, out: Path, *extra: str) -> list[str]:
    return [*budgetdoc(), "build", *map(str, inputs), "--format", formats, "--out", str(out), *extra]


# ---------------------------------------------------------------- the benchmark


@dataclass
class Results:
    runs: int
    jianghan: list[Measurement]
    libreoffice: Measurement
    batch: Measurement
    departments: int
    jobs: int
    scale: int
    large: int
    scaling: list[tuple[str, Measurement, Measurement, Measurement]]
    """Per format: ×1, ×scale, ×large."""
    items: tuple[dict[str, int], dict[str, int], dict[str, int]]
    machine: list[tuple[str, str]]


def libreoffice_command(docx: Path, profile: Path, out: Path) -> list[str] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(docx),
    ]


def bench_jianghan(work: Path, runs: int) -> tuple[list[Measurement], Measurement]:
    out = work / "jianghan"
    singles = [Measurement(f"build --format {f}", build([JIANGHAN], f, out / f)) for f in FORMATS]
    full = Measurement(f"build --format {FULL}", build([JIANGHAN], FULL, out / "full"))
    every = Measurement("build, all five formats", build([JIANGHAN], ",".join(FORMATS), out / "all"))
    # The PDF by the other engine, and as PDF/A, for comparison (no target).
    engines = [
        Measurement(f"build --format pdf {extra}", build([JIANGHAN], "pdf", out / name, *extra.split()))
        for name, extra in (("weasy", "--pdf-engine weasyprint"), ("pdfa", "--pdf-standard a-2b"))
    ]
    # The DOCX LibreOffice converts: ours, built once before timing.
    docx_dir = out / "docx-for-libreoffice"
    first = run_once(build([JIANGHAN], "docx", docx_dir))
    docx = docx_dir / f"{JIANGHAN.stem}.docx"
    libreoffice = Measurement("LibreOffice --convert-to pdf (our DOCX)", [])
    command = libreoffice_command(docx, work / "lo-profile", out / "libreoffice")
    if first.exit_code != 0 or not docx.exists():
        libreoffice.skipped = f"budgetdoc build --format docx failed: {first.stderr.strip()[-200:]}"
    elif command is None:
        libreoffice.skipped = "soffice not found"
    else:
        libreoffice.command = command
        _progress("LibreOffice: warming a fresh profile (not timed)")
        warm = run_once(command)
        if warm.exit_code != 0:
            libreoffice.skipped = f"warm-up failed (exit {warm.exit_code}): {warm.stderr.strip()[-200:]}"
    measurements = [*singles, full, every, *engines]
    _progress(f"Jianghan 2023: {len(measurements)} builds and LibreOffice, {runs} rounds")
    measure_rounds([*measurements, libreoffice], runs)
    return measurements, libreoffice


def bench_batch(work: Path, runs: int, departments: int, jobs: int) -> Measurement:
    inputs_dir = work / "batch-inputs"
    _progress(f"Batch: generating and checking {departments} synthetic departments")
    paths = synthetic.generate_batch(departments, inputs_dir)
    bad = [r for r in synthetic.check_files(paths) if r.errors]
    label = f"{departments} departments, --jobs {jobs}, {FULL}"
    batch = Measurement(label, build(paths, FULL, work / "batch-out", "--jobs", str(jobs)))
    if bad:
        batch.skipped = (
            f"{len(bad)} generated inputs have errors, e.g. {bad[0].path.name}: {bad[0].errors[0]}"
        )
        return batch
    _progress(f"Batch: {runs} runs")
    for run in range(runs):
        sample = run_once(batch.command)
        if sample.exit_code == 2 and "No such option" in sample.stderr:
            batch.skipped = "this budgetdoc build has no --jobs option yet"
            return batch
        batch.samples.append(sample)
        _progress(f"  run {run + 1}/{runs}  batch: {sample.wall:.2f} s (exit {sample.exit_code})")
        if sample.exit_code != 0:
            break
    return batch


def bench_scaling(
    work: Path, runs: int, scale: int, large: int
) -> tuple[
    list[tuple[str, Measurement, Measurement, Measurement]],
    tuple[dict[str, int], dict[str, int], dict[str, int]],
]:
    inputs_dir = work / "scaled-inputs"
    _progress(f"Line items: generating and checking ×1, ×{scale} and ×{large}")
    paths = [synthetic.generate_scaled(factor, inputs_dir) for factor in (1, scale, large)]
    bad = [r for r in synthetic.check_files(paths) if r.errors]
    rows = []
    for f in FORMATS:
        one, mid, big = (
            Measurement(f"{f} ×{factor}", build([path], f, work / "scaled-out" / f))
            for factor, path in zip((1, scale, large), paths, strict=True)
        )
        if bad:
            one.skipped = mid.skipped = big.skipped = f"generated input has errors: {bad[0].errors[0]}"
        rows.append((f, one, mid, big))
    _progress(f"Line items: 5 formats × (×1, ×{scale}, ×{large}), {runs} rounds")
    measure_rounds([m for _, *three in rows for m in three], runs)
    counts = tuple(synthetic.line_items(path) for path in paths)
    return rows, (counts[0], counts[1], counts[2])


# ---------------------------------------------------------------- the machine


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _version(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (done.stdout.strip().splitlines() or ["unknown"])[0]


def code_version() -> str:
    """The checkout: commit, and "-dirty" with uncommitted changes (other people's work in progress)."""
    return _version(["git", "-C", str(ROOT), "describe", "--always", "--dirty"])


def machine(version_before: str) -> list[tuple[str, str]]:
    memory = _first("/proc/meminfo", "MemTotal")
    gib = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GiB" if memory[:1].isdigit() else memory
    soffice = shutil.which("soffice")
    return [
        ("CPU", _first("/proc/cpuinfo", "model name")),
        ("Cores", f"{os.cpu_count()} (usable by this process: {len(os.sched_getaffinity(0))})"),
        ("RAM", gib),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("WeasyPrint", importlib.metadata.version("weasyprint")),
        ("Typst (PyPI typst)", importlib.metadata.version("typst")),
        ("LibreOffice", _version([soffice, "--version"]) if soffice else "not installed"),
        ("budgetdoc (git)", _code(version_before, code_version())),
    ]


# ---------------------------------------------------------------- report


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    align: str
    """One letter per column: l(eft) or r(ight)."""
    note: str = ""

    def noting(self, measurements: Sequence[Measurement]) -> Table:
        """The table with the remarks of skipped or failed measurements added to its note."""
        remarks = [m.remark for m in measurements if m.remark]
        self.note = " ".join([self.note, *remarks]).strip()
        return self


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


def _verdict(value: float | None, limit: float, strict: bool = False) -> str:
    if value is None:
        return "n/a"
    return "PASS" if (value < limit if strict else value <= limit) else "FAIL"


def _maybe(value: float | None, template: str) -> str:
    return template.format(value) if value is not None else "n/a"


def targets(results: Results) -> list[list[str]]:
    """[target, measured, the same by CPU time, limit, PASS/FAIL/n/a] per target, judged on wall time."""
    by_label = {m.label: m for m in results.jianghan}
    full, html, lo = by_label[f"build --format {FULL}"], by_label["build --format html"], results.libreoffice
    rows = []
    share = _ratio(full.median, lo.median)
    rows.append(
        [
            "Full Jianghan build (html+pdf+docx) vs LibreOffice DOCX→PDF",
            f"×{share:.2f} ({full.median:.2f} s vs {lo.median:.2f} s)"
            if share is not None and full.median is not None and lo.median is not None
            else lo.skipped or "not measured",
            _maybe(_ratio(full.cpu_median, lo.cpu_median), "×{:.2f}"),
            f"≤ ×{FULL_VS_LIBREOFFICE}",
            _verdict(share, FULL_VS_LIBREOFFICE),
        ]
    )
    rows.append(
        [
            "HTML-only build, whole process",
            _maybe(html.median, "{:.2f} s"),
            _maybe(html.cpu_median, "{:.2f} s"),
            f"< {HTML_SECONDS:.0f} s",
            _verdict(html.median, HTML_SECONDS, strict=True),
        ]
    )
    limit = BATCH_SECONDS * results.departments / BATCH_SIZE
    batch = results.batch
    at_size = results.departments == BATCH_SIZE and results.jobs == BATCH_JOBS
    rows.append(
        [
            f"{results.departments} departments, --jobs {results.jobs}, {FULL}"
            + ("" if at_size else f" (target: {BATCH_SIZE} with --jobs {BATCH_JOBS}; limit scaled)"),
            "skipped (see the batch table)" if batch.skipped else _maybe(batch.median, "{:.2f} s"),
            _maybe(batch.cpu_median / results.jobs if batch.cpu_median else None, "{:.2f} s (CPU ÷ jobs)"),
            f"≤ {limit:.0f} s",
            "skipped" if batch.skipped else _verdict(batch.median, limit),
        ]
    )
    factors = (1, results.scale, results.large)
    for first, last in ((0, 1), (1, 2)):
        pairs = [(f, three[first], three[last]) for f, *three in results.scaling]
        ratios = [(f, _ratio(b.median, a.median), _ratio(b.cpu_median, a.cpu_median)) for f, a, b in pairs]
        limit = factors[last] / factors[first]
        known = [r for r in ratios if r[1] is not None]
        worst = max(known, key=lambda r: r[1] or 0) if len(known) == len(ratios) and known else None
        worst_cpu = max((r[2] for r in ratios if r[2] is not None), default=None)
        rows.append(
            [
                f"Line items ×{factors[first]} → ×{factors[last]}: time ratio, worst format",
                f"×{worst[1]:.2f} ({worst[0]})" if worst and worst[1] is not None else "not measured",
                _maybe(worst_cpu, "×{:.2f}"),
                f"≤ ×{limit:g}",
                _verdict(worst[1] if worst else None, limit),
            ]
        )
    peaks = [(m.label, max(s.rss_mb for s in m.ok)) for m in (*results.jianghan, batch) if m.ok]
    top = max(peaks, key=lambda lp: lp[1]) if peaks else None
    rows.append(
        [
            "Peak RSS per process (Jianghan builds, batch workers)",
            f"{top[1]:.0f} MB ({top[0]})" if top else "not measured",
            "",
            f"< {RSS_MB:.0f} MB",
            _verdict(top[1] if top else None, RSS_MB, strict=True),
        ]
    )
    return rows


def tables(results: Results) -> list[Table]:
    columns = ["measurement", "median s", "min s", "max s", "CPU s (median)", "peak RSS"]
    one_items, mid_items, big_items = results.items
    grown = ", ".join(f"{k} {one_items[k]}→{mid_items[k]}→{big_items[k]}" for k in one_items)
    scaling_rows = []
    for f, one, mid, big in results.scaling:
        scaling_rows.append(
            [
                f,
                *(m.cells()[1] if m.median is None else f"{m.median:.2f}" for m in (one, mid, big)),
                _maybe(_ratio(mid.median, one.median), "×{:.2f}"),
                _maybe(_ratio(big.median, mid.median), "×{:.2f}"),
                _maybe(_ratio(big.cpu_median, mid.cpu_median), "×{:.2f}"),
                " → ".join(f"{max(s.rss_mb for s in m.ok):.0f}" for m in (one, mid, big)) + " MB"
                if all(m.ok for m in (one, mid, big))
                else "",
            ]
        )
    return [
        Table(
            f"Jianghan 2023 ({JIANGHAN.relative_to(ROOT)}), one process each",
            columns,
            [m.cells() for m in (*results.jianghan, results.libreoffice)],
            "lrrrrr",
            "LibreOffice: soffice --headless --convert-to pdf of the DOCX budgetdoc wrote, with its own "
            "fresh profile (-env:UserInstallation), warmed once before timing.",
        ).noting([*results.jianghan, results.libreoffice]),
        Table(
            "Batch of synthetic departments (bench/synthetic.py: amounts ×1–×4, projects and rows split)",
            columns,
            [results.batch.cells()],
            "lrrrrr",
            "CPU is the whole batch's (all workers); peak RSS is that of its largest process.",
        ).noting([results.batch]),
        Table(
            f"Line items ×1, ×{results.scale}, ×{results.large} (same department and totals; {grown})",
            [
                "format",
                "×1 median s",
                f"×{results.scale} median s",
                f"×{results.large} median s",
                f"×1→×{results.scale}",
                f"×{results.scale}→×{results.large}",
                "CPU ratio",
                "peak RSS",
            ],
            scaling_rows,
            "lrrrrrrr",
            f"Linear growth from ×{results.scale} to ×{results.large} is a ratio of "
            f"×{results.large / results.scale:g}; the CPU ratio is that step's.",
        ).noting([m for _, *three in results.scaling for m in three]),
        Table(
            "Targets (judged on wall time; the CPU column is the same figure in user+sys seconds)",
            ["target", "measured", "by CPU time", "limit", "result"],
            targets(results),
            "lllll",
        ),
        Table("Machine", ["item", "value"], [list(pair) for pair in results.machine], "ll"),
    ]


def render_text(results: Results, started: str, load: tuple[str, str]) -> str:
    lines = [
        f"budgetdoc benchmark, {started}: {results.runs} run(s) per measurement; wall seconds, "
        f"CPU = user+sys; load average {load[0]} before, {load[1]} after",
    ]
    for table in tables(results):
        rows = (table.header, *table.rows)
        widths = [max(len(row[i]) for row in rows) for i in range(len(table.header))]
        lines += ["", table.title, "-" * len(table.title)]
        for row in rows:
            cells = [
                cell.ljust(width) if align == "l" else cell.rjust(width)
                for cell, width, align in zip(row, widths, table.align, strict=True)
            ]
            lines.append("  ".join(cells).rstrip())
        if table.note:
            lines.append(table.note)
    return "\n".join(lines)


def render_markdown(results: Results, started: str, load: tuple[str, str]) -> str:
    lines = [
        f"## Figures ({started})",
        "",
        f"`.venv/bin/python bench/run.py --runs {results.runs} --departments {results.departments} "
        f"--jobs {results.jobs} --scale {results.scale} --large {results.large}`: "
        f"{results.runs} run(s) per measurement; "
        f"seconds of wall time (median, min, max), CPU = user+sys time of the process tree (median), "
        f"peak RSS = the largest single process. Load average {load[0]} before, {load[1]} after.",
    ]
    for table in tables(results):
        lines += ["", f"### {table.title}", ""]
        lines.append("| " + " | ".join(table.header) + " |")
        lines.append("|" + "|".join(":--" if a == "l" else "--:" for a in table.align) + "|")
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in table.rows]
        if table.note:
            lines += ["", table.note]
    return "\n".join(lines)


def _code(before: str, after: str) -> str:
    if before == after and not before.endswith("-dirty"):
        return before
    if before == after:
        return f"{before} (uncommitted changes in the checkout)"
    return f"{before} at the start, {after} at the end: the code changed during the run"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument(
        "--departments", type=int, default=BATCH_SIZE, help="synthetic departments in the batch"
    )
    parser.add_argument("--jobs", type=int, default=BATCH_JOBS, help="budgetdoc build --jobs for the batch")
    parser.add_argument("--scale", type=int, default=10, help="line-item growth to compare with ×1")
    parser.add_argument("--large", type=int, default=50, help="line-item growth to compare with ×scale")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 1 run, 4 departments, ×3 and ×6 line items"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print a Markdown section for docs/performance.md"
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder (inputs and outputs)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.departments, args.scale, args.large = 1, 4, 3, 6
    if min(args.runs, args.departments, args.jobs, args.scale) < 1 or args.large <= args.scale:
        parser.error("--runs, --departments, --jobs and --scale must be at least 1; --large above --scale")
    # The set-up compiles budgetdoc's bytecode once (PYTHONDONTWRITEBYTECODE is set on these
    # machines); a checkout changed since would have every measured process compile it again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "gen", "models"], cwd=ROOT, check=True)
    started, clock = dt.datetime.now().strftime("%Y-%m-%d %H:%M"), time.monotonic()
    load_before, version_before = _load(), code_version()
    work = Path(tempfile.mkdtemp(prefix="budgetdoc-bench-"))
    try:
        jianghan, libreoffice = bench_jianghan(work, args.runs)
        batch = bench_batch(work, args.runs, args.departments, args.jobs)
        scaling, items = bench_scaling(work, args.runs, args.scale, args.large)
    finally:
        if args.keep:
            _progress(f"Working folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    results = Results(
        args.runs,
        jianghan,
        libreoffice,
        batch,
        args.departments,
        args.jobs,
        args.scale,
        args.large,
        scaling,
        items,
        machine(version_before),
    )
    render = render_markdown if args.markdown else render_text
    when = f"{started}, {(time.monotonic() - clock) / 60:.0f} min in all"
    print(render(results, when, (load_before, _load())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
