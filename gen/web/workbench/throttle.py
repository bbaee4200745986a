"""Login throttling: after repeated failures for one user name, or from one address, further tries are
refused for a while without even checking the password."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gen.web.workbench.models import LoginAttempt

WINDOW = dt.timedelta(minutes=15)
PER_USER = 5
PER_ADDRESS = 20


def blocked(username: str, ip: str | None) -> bool:
    since = timezone.now() - WINDOW
    failures = LoginAttempt.objects.filter(at__gte=since, succeeded=False)
    if failures.filter(username=username.casefold()).count() >= PER_USER:
        return True
    return ip is not None and failures.filter(ip=ip).count() >= PER_ADDRESS


def record(username: str, ip: str | None, succeeded: bool) -> None:
    LoginAttempt.objects.create(username=username.casefold()[:150], ip=ip, succeeded=succeeded)
    if succeeded:
        LoginAttempt.objects.filter(username=username.casefold(), succeeded=False).delete()
    # Old attempts say nothing any more.
    LoginAttempt.objects.filter(at__lt=timezone.now() - 4 * WINDOW).delete()
