"""Who may see what: every object a page shows is looked up through these, so an ID from another
department (or a page of another role) is simply not found."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as DjangoUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from gen.web.workbench.models import Account, Batch, Department, Role, Version

User = AbstractBaseUser | AnonymousUser


def role_of(user: User) -> str | None:
    if not user.is_authenticated:
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMIN
    account = Account.objects.filter(user_id=user.pk).only("role").first()
    return account.role if account else None


def departments_for(user: User) -> QuerySet[Department]:
    role = role_of(user)
    if role in (Role.REVIEWER, Role.ADMIN):
        return Department.objects.all()
    if role == Role.OFFICER and user.pk is not None:
        return Department.objects.filter(account__user__pk=user.pk)
    return Department.objects.none()


def signed_in(request: HttpRequest) -> DjangoUser:
    """The user of a page behind login_required."""
    assert isinstance(request.user, DjangoUser)
    return request.user


def require(request: HttpRequest, *roles: str) -> None:
    if role_of(request.user) not in roles:
        raise Http404


def department_or_404(request: HttpRequest, pk: int) -> Department:
    return get_object_or_404(departments_for(request.user), pk=pk)


def version_or_404(request: HttpRequest, pk: int) -> Version:
    visible = Version.objects.select_related("submission__department", "uploaded_by").filter(
        submission__department__in=departments_for(request.user)
    )
    return get_object_or_404(visible, pk=pk)


def batch_or_404(request: HttpRequest, pk: int) -> Batch:
    require(request, Role.REVIEWER, Role.ADMIN)
    return get_object_or_404(Batch, pk=pk)


def site_context(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user)
    return {
        "district": settings.BUDGETDOC_DISTRICT,
        "role": role,
        "role_label": Role(role).label if role else "",
        "is_officer": role == Role.OFFICER,
        "is_reviewer": role == Role.REVIEWER,
        "can_review": role in (Role.REVIEWER, Role.ADMIN),
        "is_admin": role == Role.ADMIN,
    }
