"""The finance bureau's side: the district dashboard, review decisions and the district archive."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gen.web.workbench import audit, storage
from gen.web.workbench.access import batch_or_404, require, signed_in
from gen.web.workbench.forms import ReturnForm
from gen.web.workbench.models import Action, Batch, Department, Role, State, Status, Submission
from gen.web.workbench.views.common import progress, year_choices, year_in_view


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request, Role.REVIEWER, Role.ADMIN)
    year = year_in_view(request)
    departments = list(Department.objects.filter(active=True))
    found = {s.department_id: s for s in Submission.objects.filter(year=year).prefetch_related("versions")}
    rows = []
    for department in departments:
        submission = found.get(department.pk)
        status = Status(submission.status) if submission else Status.EMPTY
        latest = submission.latest if submission else None
        rows.append({"department": department, "submission": submission, "status": status, "latest": latest})
    wanted = request.GET.get("status", "")
    counts = Counter(row["status"] for row in rows)
    shown = [row for row in rows if not wanted or row["status"] == wanted]
    context = {
        "year": year,
        "years": year_choices(year),
        "rows": shown,
        "wanted": wanted,
        "tallies": [(s, s.label, counts.get(s, 0)) for s in Status],
        "approved": counts.get(Status.APPROVED, 0) + counts.get(Status.PUBLISHED, 0),
        "batches": Batch.objects.filter(year=year)[:5],
    }
    return render(request, "workbench/dashboard.html", context)


DECISIONS = {
    "return": (Status.PENDING, Status.RETURNED, Action.RETURN, "已退回，部门将看到退回意见。"),
    "approve": (Status.PENDING, Status.APPROVED, Action.APPROVE, "已审核通过。"),
    "publish": (Status.APPROVED, Status.PUBLISHED, Action.PUBLISH, "已标记为已发布。"),
}


@login_required
@require_POST
def decide(request: HttpRequest, department_id: int, year: int, decision: str) -> HttpResponse:
    require(request, Role.REVIEWER)
    if decision not in DECISIONS:
        raise Http404
    before, after, action, done = DECISIONS[decision]
    department = get_object_or_404(Department, pk=department_id)
    back = redirect(reverse("submission", args=[department.pk, year]))
    comment = ""
    if decision == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("comment", []):
                messages.error(request, str(error))
            return back
        comment = form.cleaned_data["comment"]
    with transaction.atomic():
        found = get_object_or_404(Submission.objects.select_for_update(), department=department, year=year)
        if found.status != before:
            messages.error(request, f"本年度预算现在是“{found.get_status_display()}”，不能这样操作。")
            return back
        found.status = after
        if decision == "return":
            found.comment = comment
        found.save(update_fields=["status", "comment", "updated_at"])
    number = found.submitted.number if found.submitted else "?"
    audit.record(
        request, action, submission=found, version=found.submitted, detail=f"第 {number} 版。{comment}"
    )
    messages.success(request, done)
    return back


@login_required
@require_POST
def batch_start(request: HttpRequest) -> HttpResponse:
    require(request, Role.REVIEWER, Role.ADMIN)
    year = year_in_view(request)
    if not Submission.objects.filter(year=year, status__in=(Status.APPROVED, Status.PUBLISHED)).exists():
        messages.error(request, f"{year} 年还没有审核通过的部门。")
        return redirect(f"{reverse('dashboard')}?year={year}")
    batch = Batch.objects.create(year=year, created_by=signed_in(request))
    audit.record(request, Action.BATCH, detail=f"{year} 年全部已通过部门，批次 {batch.pk}")
    return redirect("batch", pk=batch.pk)


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    found = batch_or_404(request, pk)
    return render(
        request,
        "workbench/batch.html",
        {"batch": found, "working": found.state in (State.QUEUED, State.RUNNING)},
    )


@login_required
def batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    return progress(batch_or_404(request, pk))


@login_required
def archive(request: HttpRequest, pk: int) -> FileResponse:
    found = batch_or_404(request, pk)
    if not found.archive:
        raise Http404
    from django.conf import settings

    name = f"{settings.BUDGETDOC_DISTRICT}{found.year}年部门预算公开.zip"
    audit.record(request, Action.DOWNLOAD, detail=f"批次 {found.pk} 压缩包 {name}")
    return FileResponse(storage.archive_path(found.archive).open("rb"), as_attachment=True, filename=name)
