"""What several pages share: the budget year in view, and a version's panel (findings, outputs, diff)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse

from gen.web.workbench import findings, storage
from gen.web.workbench.models import Batch, State, Submission, Version
from models.amount import money

FIRST_YEAR, LAST_YEAR = 2000, 2100
# format → (label, what it is for); the order of the download buttons.
DOWNLOADS = {
    "pdf": ("PDF", "公开发布用"),
    "docx": ("Word", "修改、打印"),
    "xlsx": ("Excel", "公开报表"),
    "json": ("JSON", "数据开放"),
    "html": ("网页", "单个网页文件"),
}
DIFF_DOWNLOADS = {
    "diff-html": "比较结果（网页）",
    "diff-xlsx": "比较结果（Excel）",
    "diff-json": "比较结果（JSON）",
}


def progress(job: Version | Batch) -> JsonResponse:
    """Where a background job stands, for the page's progress poll (static/workbench/site.js)."""
    state = State(job.state)
    done, total = (job.done, job.total) if isinstance(job, Batch) else (0, 0)
    return JsonResponse(
        {
            "state": state,
            "label": state.label,
            "stage": job.stage,
            "done": done,
            "total": total,
            "finished": state in (State.DONE, State.FAILED),
        }
    )


def default_year() -> int:
    """The year being prepared: budgets are drawn up in the second half of the year before."""
    today = dt.date.today()
    return today.year + 1 if today.month >= 7 else today.year


def year_in_view(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return default_year()
    return year if FIRST_YEAR <= year <= LAST_YEAR else default_year()


def year_choices(selected: int) -> list[int]:
    """Recent years, the next one, and every year some department has uploaded for."""
    current = default_year()
    used = Submission.objects.values_list("year", flat=True).distinct()
    return sorted({*range(current - 3, current + 2), selected, *used}, reverse=True)


def _signed(text: str | None) -> str:
    if text is None:
        return ""
    value = Decimal(text)
    return ("+" if value > 0 else "−" if value < 0 else "") + money(abs(value))


def _percent(text: str | None) -> str:
    if text is None:
        return ""
    value = Decimal(text)
    return f"{'+' if value > 0 else '−' if value < 0 else ''}{abs(value):.2f}%"


def _line(item: dict[str, Any]) -> dict[str, Any]:
    return {
        **item,
        "prior_text": money(Decimal(item["prior"])) if item["prior"] is not None else "",
        "current_text": money(Decimal(item["current"])) if item["current"] is not None else "",
        "change_text": _signed(item["change"]),
        "percent_text": _percent(item["percent"]),
    }


def diff_data(version: Version) -> dict[str, Any] | None:
    """The comparison with the prior year as `budgetdoc diff --format json` wrote it, ready to show."""
    if not version.has_diff:
        return None
    path = storage.output_path(version.outputs, version.formats["diff-json"])
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    sections = [{**s, "lines": [_line(i) for i in s["items"]]} for s in data["sections"]]
    reasons: dict[str, dict[str, Any]] = {}
    for section in sections:
        for line in section["lines"]:
            if line["needs_reason"]:
                place = findings.workbook_place(line["reason_field"])
                reasons.setdefault(
                    line["reason_field"], {**line, "section": section["title"], "workbook_place": place}
                )
    return {**data, "sections": sections, "summary": sections[0], "reasons": list(reasons.values())}


def version_panel(version: Version | None) -> dict[str, Any]:
    """Everything the version panel shows, for the submission page and a version's own page."""
    if version is None:
        return {"version": None, "max_upload_mb": settings.BUDGETDOC_MAX_UPLOAD // (1024 * 1024)}
    working = version.state in (State.QUEUED, State.RUNNING)
    downloads = [
        {"format": fmt, "label": label, "purpose": purpose}
        for fmt, (label, purpose) in DOWNLOADS.items()
        if fmt in version.formats
    ]
    return {
        "version": version,
        "working": working,
        "rows": findings.rows(version.findings, version.original_name),
        "downloads": downloads,
        "diff_downloads": [(k, v) for k, v in DIFF_DOWNLOADS.items() if k in version.formats],
        "diff": None if working else diff_data(version),
        "poll_every": 1500,
        "max_upload_mb": settings.BUDGETDOC_MAX_UPLOAD // (1024 * 1024),
    }
