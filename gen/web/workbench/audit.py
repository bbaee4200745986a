"""The audit log: who uploaded, submitted, reviewed and downloaded what, when and from where."""

from __future__ import annotations

from django.http import HttpRequest

from gen.web.workbench.models import Action, AuditEvent, Department, Submission, Version


def client_ip(request: HttpRequest) -> str | None:
    # waitress puts the peer (or, behind a configured trusted proxy, the forwarded client) here.
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest,
    action: Action,
    *,
    department: Department | None = None,
    submission: Submission | None = None,
    version: Version | None = None,
    detail: str = "",
    username: str = "",
) -> None:
    user = request.user if request.user.is_authenticated else None
    if submission is None and version is not None:
        submission = version.submission
    if department is None and submission is not None:
        department = submission.department
    AuditEvent.objects.create(
        user=user,
        username=username or (user.get_username() if user else ""),
        action=action,
        department=department,
        submission=submission,
        version=version,
        detail=detail[:2000],
        ip=client_ip(request),
    )
