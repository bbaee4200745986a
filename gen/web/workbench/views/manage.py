"""The administrator's page for district profiles; users, roles and departments are in Django's admin."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gen.scaffold import list_profiles
from gen.web.workbench import audit
from gen.web.workbench.access import require, signed_in
from gen.web.workbench.forms import ProfileForm
from gen.web.workbench.models import Action, Department, InstalledProfile, Role
from gen.web.workbench.profiles import ProfileRefused, install


@login_required
def profiles(request: HttpRequest) -> HttpResponse:
    require(request, Role.ADMIN)
    form = ProfileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if getattr(request, "upload_too_large", False):
            messages.error(request, "压缩包过大，未安装。")
        elif form.is_valid():
            upload = form.cleaned_data["archive"]
            try:
                name, extends, description = install(
                    Path(upload.temporary_file_path()), form.cleaned_data["name"]
                )
            except ProfileRefused as refused:
                messages.error(request, f"未安装：{refused}")
            else:
                InstalledProfile.objects.update_or_create(
                    name=name,
                    defaults={
                        "extends": extends,
                        "description": description[:300],
                        "installed_by": signed_in(request),
                    },
                )
                audit.record(request, Action.PROFILE, detail=f"安装模板 {name}（继承 {extends or '无'}）")
                messages.success(request, f"已安装模板“{name}”。在“部门”中为部门选用它。")
                return redirect("profiles")
    home = Path(settings.BUDGETDOC_PROFILES)
    home.mkdir(parents=True, exist_ok=True)
    installed = {p.name for p in InstalledProfile.objects.all()}
    available = [
        {
            "info": info,
            "installed": info.name in installed,
            "users": Department.objects.filter(profile=info.name).count(),
        }
        for info in list_profiles(home)
        if not info.folder.name.startswith(".")
    ]
    return render(request, "workbench/profiles.html", {"form": form, "profiles": available})
