"""A Content-Security-Policy on every page: our pages load scripts and styles only from this site; the
disclosure preview (the officer's own text, rendered) may run nothing and load nothing at all."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PAGES = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Django's admin sets a few style attributes of its own.
ADMIN = PAGES.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
# The generated disclosure carries its styles inline and its images as data: URLs; it is shown in a
# sandboxed frame of our own pages only.
PREVIEW = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = ADMIN if request.path.startswith("/admin/") else PAGES
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
