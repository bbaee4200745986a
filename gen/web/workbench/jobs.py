"""Background work: checking and building each uploaded version, and district batches.

Worker threads in the server process take queued rows from the database (claimed by an atomic
update, so several server processes may share one database) and hand the pipeline work to build
processes: a version to a pool of fresh processes, a batch to gen.build.build_many, the pool of
`build --jobs`. Pages only read the rows, so a long build never holds up anyone's page.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from gen.web import work
from gen.web.workbench import storage
from gen.web.workbench.models import (
    LOCKED,
    Batch,
    Department,
    InstalledProfile,
    State,
    Status,
    Submission,
    Version,
)

log = logging.getLogger("gen.web.jobs")
POLL_SECONDS = 0.5
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
# Modules a build process needs, imported once by the fork server rather than by every process.
PRELOAD = [
    "gen.web.work",
    "gen.pipeline",
    "gen.render.html",
    "gen.render.pdf",
    "gen.render.word",
    "weasyprint",
]


def _processes() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            # A fresh process per version, as build_many does: WeasyPrint's caches grow with each one.
            _pool = ProcessPoolExecutor(settings.BUDGETDOC_JOBS, mp_context=context, max_tasks_per_child=1)
        return _pool


def profile_option(department: Department) -> str | None:
    """What `--profile` the department's builds get: an installed profile's folder, a built-in's name,
    or None for the input's own meta.profile."""
    if not department.profile:
        return None
    if InstalledProfile.objects.filter(name=department.profile).exists():
        return str(Path(settings.BUDGETDOC_PROFILES) / department.profile)
    return department.profile


def prior_version(submission: Submission) -> tuple[Version | None, bool]:
    """The department's input for the year before: the one the bureau approved, else the latest one
    without errors. Also whether that year has any version at all."""
    before = Submission.objects.filter(department=submission.department, year=submission.year - 1).first()
    if before is None:
        return None, False
    if before.submitted is not None and before.status in (Status.APPROVED, Status.PUBLISHED):
        return before.submitted, True
    usable = before.versions.filter(state=State.DONE, errors=0).order_by("-number").first()
    return usable, before.versions.exists()


def run_version(version: Version, formats: tuple[str, ...] = work.FORMATS, in_process: bool = False) -> None:
    """Check and build one version, record what came of it, and move the submission on."""
    submission = version.submission
    department = submission.department
    prior, prior_known = prior_version(submission)
    folder = storage.work_folder()
    job = work.VersionJob(
        upload=storage.upload_path(version.stored_name),
        name=work.safe_name(version.original_name),
        year=submission.year,
        department=department.code,
        prior=storage.upload_path(prior.stored_name) if prior else None,
        prior_year_known=prior_known,
        profile=profile_option(department),
        formats=formats,
        work=folder,
    )
    Version.objects.filter(pk=version.pk).update(stage="检查并生成公开文本")
    try:
        result = work.process(job) if in_process else _processes().submit(work.process, job).result()
        outputs = storage.keep_outputs(folder / "out") if result.files else ""
    except Exception as exc:  # a defect, or a build process that died: the version fails, nothing else
        log.exception("version %s failed", version.pk)
        result = work.VersionResult(
            message=f"内部错误（{type(exc).__name__}），这是 budgetdoc 的缺陷，请联系管理员"
        )
        outputs = ""
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with transaction.atomic():
        version.findings, version.notices = result.findings, result.notices
        version.errors, version.warnings = result.errors, result.warnings
        version.unexplained, version.has_diff = result.unexplained, "diff-json" in result.files
        version.message, version.formats, version.outputs = result.message, result.files, outputs
        version.prior = prior if result.prior_used else None
        version.state = State.FAILED if result.message else State.DONE
        version.stage, version.finished_at = "", timezone.now()
        version.save()
        # Only the newest upload decides where the submission stands, and never while it is reviewed.
        current = Submission.objects.select_for_update().get(pk=submission.pk)
        if current.status not in LOCKED and current.latest == version:
            current.status = Status.READY if version.usable else Status.ERRORS
            current.save(update_fields=["status", "updated_at"])


def run_batch(batch: Batch) -> None:
    approved = (
        Submission.objects.filter(year=batch.year, status__in=(Status.APPROVED, Status.PUBLISHED))
        .exclude(submitted=None)
        .select_related("department", "submitted")
        .order_by("department__code")
    )
    items = []
    for submission in approved:
        version = submission.submitted
        assert version is not None
        prior = version.prior
        department = submission.department
        items.append(
            work.BatchItem(
                key=work.safe_name(f"{department.code}-{department.name}-{batch.year}年部门预算"),
                upload=storage.upload_path(version.stored_name),
                suffix=Path(version.stored_name).suffix,
                year=batch.year,
                department=department.code,
                prior=storage.upload_path(prior.stored_name) if prior else None,
                profile=profile_option(department),
            )
        )
    Batch.objects.filter(pk=batch.pk).update(total=len(items), stage="准备")

    def progress(done: int, key: str) -> None:
        Batch.objects.filter(pk=batch.pk).update(done=done, stage=f"已完成：{key}")
        close_old_connections()

    folder = storage.work_folder()
    name = storage.new_name(".zip")
    try:
        failures = work.build_archive(
            items, folder, storage.archive_path(name), settings.BUDGETDOC_JOBS, progress
        )
        Batch.objects.filter(pk=batch.pk).update(
            state=State.DONE,
            done=len(items),
            archive=name,
            failures=[list(f) for f in failures],
            stage="",
            finished_at=timezone.now(),
        )
    except Exception as exc:
        log.exception("batch %s failed", batch.pk)
        Batch.objects.filter(pk=batch.pk).update(
            state=State.FAILED, message=f"内部错误（{type(exc).__name__}）", finished_at=timezone.now()
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _claim(model: type[Version] | type[Batch], pk: int) -> bool:
    return model.objects.filter(pk=pk, state=State.QUEUED).update(state=State.RUNNING) == 1


def run_next() -> bool:
    """Do one queued job, if there is one: versions first, then one batch at a time."""
    for pk in Version.objects.filter(state=State.QUEUED).order_by("pk").values_list("pk", flat=True)[:10]:
        if _claim(Version, pk):
            run_version(Version.objects.select_related("submission__department").get(pk=pk))
            return True
    if not Batch.objects.filter(state=State.RUNNING).exists():
        for pk in Batch.objects.filter(state=State.QUEUED).order_by("pk").values_list("pk", flat=True)[:1]:
            if _claim(Batch, pk):
                run_batch(Batch.objects.get(pk=pk))
                return True
    return False


def _loop(stop: threading.Event) -> None:
    while not stop.is_set():
        worked = False
        try:
            worked = run_next()
        except Exception:
            log.exception("background job failed")
        finally:
            close_old_connections()
        if not worked:
            stop.wait(POLL_SECONDS)


def recover() -> None:
    """After a restart: jobs that were running start again, from a clean work folder."""
    Version.objects.filter(state=State.RUNNING).update(state=State.QUEUED, stage="")
    Batch.objects.filter(state=State.RUNNING).update(state=State.QUEUED, done=0)
    storage.clear_work()


def start(threads: int, stop: threading.Event) -> list[threading.Thread]:
    started = []
    for index in range(threads):
        thread = threading.Thread(target=_loop, args=(stop,), name=f"budgetdoc-worker-{index}", daemon=True)
        thread.start()
        started.append(thread)
    return started


def shutdown() -> None:
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
