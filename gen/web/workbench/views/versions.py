"""One uploaded version: its page, progress, the isolated preview, downloads and the comparison."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from gen.web.workbench import audit, storage
from gen.web.workbench.access import version_or_404
from gen.web.workbench.models import Action, Version
from gen.web.workbench.security import PREVIEW
from gen.web.workbench.views.common import DIFF_DOWNLOADS, DOWNLOADS, diff_data, progress, version_panel

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "html": "text/html",
}


def _title(version: Version) -> str:
    submission = version.submission
    return f"{submission.department.name}{submission.year}年部门预算"


@login_required
def version(request: HttpRequest, pk: int) -> HttpResponse:
    found = version_or_404(request, pk)
    context = {
        "submission": found.submission,
        "department": found.submission.department,
        **version_panel(found),
    }
    return render(request, "workbench/version.html", context)


@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    return progress(version_or_404(request, pk))


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    found = version_or_404(request, pk)
    if "html" not in found.formats:
        raise Http404
    return render(request, "workbench/preview.html", {"version": found, "title": _title(found)})


@login_required
@xframe_options_sameorigin
def preview_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The generated page itself, for the sandboxed frame: no script runs, nothing is fetched."""
    found = version_or_404(request, pk)
    if "html" not in found.formats:
        raise Http404
    path = storage.output_path(found.outputs, found.formats["html"])
    response = HttpResponse(path.read_bytes(), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = PREVIEW
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    found = version_or_404(request, pk)
    title = _title(found)
    if fmt == "input":
        path = storage.upload_path(found.stored_name)
        name = found.original_name
    elif fmt in found.formats and (fmt in DOWNLOADS or fmt in DIFF_DOWNLOADS):
        path = storage.output_path(found.outputs, found.formats[fmt])
        extension = path.suffix
        name = f"{title}{'-与上年比较' if fmt.startswith('diff-') else ''}{extension}"
    else:
        raise Http404
    audit.record(request, Action.DOWNLOAD, version=found, detail=f"第 {found.number} 版 {name}")
    content_type = CONTENT_TYPES.get(path.suffix.lstrip("."), "application/octet-stream")
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@login_required
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    found = version_or_404(request, pk)
    data = diff_data(found)
    if data is None:
        raise Http404
    context = {"version": found, "submission": found.submission, "diff": data, "title": _title(found)}
    return render(request, "workbench/diff.html", context)
