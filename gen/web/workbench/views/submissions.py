"""A department's year: download the workbook, upload, see the findings, submit; and the officer's home."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Max
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gen.errors import BudgetDocError
from gen.web import work
from gen.web.workbench import audit, storage
from gen.web.workbench.access import department_or_404, departments_for, require, role_of, signed_in
from gen.web.workbench.forms import ReturnForm, UploadForm
from gen.web.workbench.jobs import prior_version
from gen.web.workbench.models import LOCKED, Action, Department, Role, State, Status, Submission, Version
from gen.web.workbench.views.common import version_panel, year_choices, year_in_view


def submission_url(department: Department, year: int) -> str:
    return reverse("submission", args=[department.pk, year])


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) in (Role.REVIEWER, Role.ADMIN):
        return redirect("dashboard")
    year = year_in_view(request)
    departments = list(departments_for(request.user).filter(active=True))
    found = {s.department_id: s for s in Submission.objects.filter(department__in=departments, year=year)}
    rows = [(d, found.get(d.pk)) for d in departments]
    context = {"year": year, "years": year_choices(year), "rows": rows}
    return render(request, "workbench/home.html", context)


@login_required
def submission(request: HttpRequest, department_id: int, year: int) -> HttpResponse:
    department = department_or_404(request, department_id)
    found = Submission.objects.filter(department=department, year=year).first()
    versions = list(found.versions.select_related("uploaded_by")) if found else []
    prior, _ = prior_version(Submission(department=department, year=year))
    role = role_of(request.user)
    status = found.status if found else Status.EMPTY
    latest = versions[0] if versions else None
    context = {
        "department": department,
        "year": year,
        "submission": found,
        "status": status,
        "status_label": Status(status).label,
        "versions": versions,
        "events": found.events.select_related("version")[:50] if found else [],
        "prior": prior,
        "can_upload": role == Role.OFFICER and status not in LOCKED,
        "can_submit": role == Role.OFFICER
        and status in (Status.READY, Status.RETURNED)
        and latest is not None
        and latest.usable,
        "can_review": role == Role.REVIEWER and status == Status.PENDING,
        "can_publish": role == Role.REVIEWER and status == Status.APPROVED,
        "upload_form": UploadForm(),
        "return_form": ReturnForm(),
        **version_panel(latest),
    }
    return render(request, "workbench/submission.html", context)


@login_required
def workbook(request: HttpRequest, department_id: int, year: int) -> HttpResponseBase:
    """The input workbook for the year: blank, or last year's as `budgetdoc init --from` makes it."""
    department = department_or_404(request, department_id)
    prior = None
    if request.GET.get("from") == "prior":
        prior, _ = prior_version(Submission(department=department, year=year))
        if prior is None:
            messages.error(request, f"本部门 {year - 1} 年还没有检查通过的预算，请下载空白工作簿。")
            return redirect(submission_url(department, year))
    try:
        data = _workbook_bytes(department, year, prior)
    except BudgetDocError as error:
        messages.error(request, f"无法生成工作簿：{error}")
        return redirect(submission_url(department, year))
    audit.record(
        request,
        Action.WORKBOOK,
        department=department,
        detail=f"{year} 年，{'依据上年 ' + prior.original_name if prior else '空白'}",
    )
    name = f"{department.name}-{year}年预算填报（{'依据' + str(year - 1) + '年' if prior else '空白'}）.xlsx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name)


def _workbook_bytes(department: Department, year: int, prior: Version | None) -> bytes:
    from gen.compose.profile import builtin_profiles
    from gen.compute.budget import CodeLists
    from gen.inputs.new import blank, carried
    from gen.inputs.workbook import write_workbook
    from gen.pipeline import code_lists, load_budget
    from models.codes import load_codelist

    if prior is not None:
        budget, source = load_budget(storage.upload_path(prior.stored_name))
        data = carried(budget, source.path, source.path, None)
        data["meta"].update(year=year, prior=work.safe_name(prior.original_name))
        note = f"依据 {prior.original_name}（{year - 1} 年）新建：请填写 {year} 年金额"
        return write_workbook(data, code_lists(budget, source), note)
    # A built-in profile only: an installed one is chosen by the department's setting, not the input.
    profile = department.profile if department.profile in builtin_profiles() else None
    data = blank(year, profile)
    data["meta"]["department"] = {"code": department.code, "name": department.name}
    codes = CodeLists(load_codelist("functional", year), load_codelist("economic", year))
    return write_workbook(data, codes, f"{department.name} {year} 年预算输入")


@login_required
@require_POST
def upload(request: HttpRequest, department_id: int, year: int) -> HttpResponse:
    require(request, Role.OFFICER)
    department = department_or_404(request, department_id)
    back = redirect(submission_url(department, year))
    if getattr(request, "upload_too_large", False):
        messages.error(request, f"文件过大：上传的文件不能超过 {_megabytes()} MB，未保存。")
        return back
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, str(error))
        return back
    upload = form.cleaned_data["file"]
    name = work.safe_name(upload.name)
    suffix = Path(name).suffix
    if suffix not in work.INPUT_SUFFIXES:
        messages.error(
            request, f"“{upload.name}”不是预算输入：请上传 Excel 工作簿（.xlsx）或 YAML 文件（.yaml）。"
        )
        return back
    stored, size, digest = storage.save_upload(upload, suffix)
    with transaction.atomic():
        found, _ = Submission.objects.select_for_update().get_or_create(department=department, year=year)
        if found.status in LOCKED:
            storage.upload_path(stored).unlink(missing_ok=True)
            messages.error(
                request, f"本年度预算{found.get_status_display()}，不能再上传；如需修改请联系财政局退回。"
            )
            return back
        number = (found.versions.aggregate(Max("number"))["number__max"] or 0) + 1
        version = Version.objects.create(
            submission=found,
            number=number,
            uploaded_by=signed_in(request),
            original_name=name,
            stored_name=stored,
            size=size,
            sha256=digest,
        )
        found.status = Status.CHECKING
        found.save(update_fields=["status", "updated_at"])
    audit.record(request, Action.UPLOAD, version=version, detail=f"第 {number} 版：{name}（{size} 字节）")
    messages.success(request, f"已上传第 {number} 版“{name}”，正在检查。")
    return back


def _megabytes() -> int:
    return int(settings.BUDGETDOC_MAX_UPLOAD // (1024 * 1024))


@login_required
@require_POST
def submit(request: HttpRequest, department_id: int, year: int) -> HttpResponse:
    require(request, Role.OFFICER)
    department = department_or_404(request, department_id)
    with transaction.atomic():
        found = Submission.objects.select_for_update().filter(department=department, year=year).first()
        latest = found.latest if found else None
        if found is None or latest is None or found.status not in (Status.READY, Status.RETURNED):
            messages.error(request, "现在不能提交：请先上传检查无错误的预算。")
            return redirect(submission_url(department, year))
        if not latest.usable or latest.state != State.DONE:
            messages.error(request, "最新上传的版本有错误或尚未生成完成，不能提交。")
            return redirect(submission_url(department, year))
        found.status, found.submitted = Status.PENDING, latest
        found.save(update_fields=["status", "submitted", "updated_at"])
    audit.record(request, Action.SUBMIT, version=latest, detail=f"提交第 {latest.number} 版")
    messages.success(request, f"已提交第 {latest.number} 版，等待财政局审核。")
    return redirect(submission_url(department, year))
