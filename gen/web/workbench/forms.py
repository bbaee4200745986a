"""The workbench's forms; every message an officer reads is in Chinese."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest

from gen.web.workbench import audit, throttle


class LoginForm(AuthenticationForm):
    """Django's login form, refusing to check a password while the name or address is throttled."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用，请联系管理员。",
        "throttled": "登录失败次数过多，请 15 分钟后再试，或联系管理员。",
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))[:150]
        ip = audit.client_ip(self.request) if self.request else None
        if throttle.blocked(username, ip):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record(username, ip, succeeded=False)
            raise
        throttle.record(username, ip, succeeded=True)
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(
        label="填好的工作簿或 YAML 文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.yaml,.yml"}),
        error_messages={"required": "请选择要上传的文件。", "empty": "上传的文件是空的。"},
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="退回意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请写明退回的原因，部门据此修改。"},
    )


class ProfileForm(forms.Form):
    archive = forms.FileField(
        label="模板压缩包（.zip，含 profile.yaml）",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
        error_messages={"required": "请选择模板压缩包。"},
    )
    name = forms.RegexField(
        label="模板名称",
        regex=r"^[0-9A-Za-z_\-\u4e00-\u9fff]{1,40}$",
        required=False,
        help_text="留空则取压缩包中的文件夹名；只用汉字、字母、数字、-、_",
        error_messages={"invalid": "模板名称只能由汉字、字母、数字、- 和 _ 组成，至多 40 个字"},
    )
