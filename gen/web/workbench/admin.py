"""Django's admin, in Chinese, for the administrator: users with their role and departments, the
departments and the profile each uses, and a read-only audit log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest

from gen.scaffold import list_profiles
from gen.web.workbench.models import Account, AuditEvent, Department, InstalledProfile, Role


class AccountInline(admin.StackedInline[Account, User]):
    model = Account
    can_delete = False
    filter_horizontal = ("departments",)
    verbose_name = verbose_name_plural = "角色与部门"


class WorkbenchUserAdmin(UserAdmin[User]):
    inlines = [AccountInline]
    list_display = ("username", "first_name", "role", "is_active", "last_login")

    @admin.display(description="角色")
    def role(self, user: User) -> str:
        account = Account.objects.filter(user=user).first()
        return "管理员" if user.is_superuser else account.get_role_display() if account else "—"

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        user = form.instance
        account = Account.objects.filter(user=user).first()
        # The administrator role is what opens this admin; the other roles never do.
        if account is not None and user.pk != request.user.pk:
            is_admin = account.role == Role.ADMIN
            User.objects.filter(pk=user.pk).update(is_staff=is_admin, is_superuser=is_admin)


class DepartmentForm(forms.ModelForm[Department]):
    class Meta:
        model = Department
        fields = ["code", "name", "profile", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        names = [p.name for p in list_profiles(settings.BUDGETDOC_PROFILES) if not p.name.startswith(".")]
        choices = [("", "按输入文件（meta.profile）"), *((n, n) for n in names)]
        self.fields["profile"] = forms.ChoiceField(
            label="模板",
            choices=choices,
            required=False,
            help_text=Department._meta.get_field("profile").help_text,
        )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    form = DepartmentForm
    list_display = ("code", "name", "profile", "active")
    search_fields = ("code", "name")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("at", "username", "action", "department", "detail", "ip")
    list_filter = ("action", "department")
    search_fields = ("username", "detail")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InstalledProfile)
class InstalledProfileAdmin(admin.ModelAdmin[InstalledProfile]):
    list_display = ("name", "extends", "description", "installed_by", "installed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # installed from the 模板 page, which checks the profile first


# Roles are the workbench's own (角色与部门); Django's groups would only confuse.
admin.site.unregister(Group)
admin.site.unregister(User)
admin.site.register(User, WorkbenchUserAdmin)
