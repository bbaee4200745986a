"""Signing in (throttled, and logged) and out."""

from __future__ import annotations

from django.contrib.auth import views
from django.http import HttpResponse

from gen.web.workbench import audit
from gen.web.workbench.forms import LoginForm
from gen.web.workbench.models import Action


class Login(views.LoginView):
    template_name = "workbench/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        audit.record(self.request, Action.LOGIN)
        return response

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        name = str(form.data.get("username", ""))[:150]
        reason = "已限制" if form.has_error("__all__", "throttled") else "密码错误或账号不存在"
        audit.record(self.request, Action.LOGIN_FAILED, username=name, detail=reason)
        return super().form_invalid(form)
