"""What the workbench keeps: departments, who may act for them, each year's submission with every
uploaded version, background batches, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "部门填报人"
    REVIEWER = "reviewer", "财政局审核人"
    ADMIN = "admin", "管理员"


class Department(models.Model):
    code = models.CharField("部门编码", max_length=32, unique=True)
    name = models.CharField("部门名称", max_length=200)
    profile = models.CharField(
        "模板",
        max_length=100,
        blank=True,
        help_text="生成公开文本所用的模板（内置或已安装的地区模板）；留空则按输入文件的 meta.profile",
    )
    active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "部门"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Account(models.Model):
    """A user's role and, for an officer, the departments they fill in for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.OFFICER)
    departments = models.ManyToManyField(Department, blank=True, verbose_name="负责的部门")

    class Meta:
        verbose_name = verbose_name_plural = "角色与部门"

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"


class Status(models.TextChoices):
    EMPTY = "empty", "未上传"
    CHECKING = "checking", "检查中"
    ERRORS = "errors", "有错误"
    READY = "ready", "待提交"
    PENDING = "pending", "待审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"
    PUBLISHED = "published", "已发布"


# While the bureau holds a submission the officer cannot replace what it is reviewing.
LOCKED = (Status.PENDING, Status.APPROVED, Status.PUBLISHED)


class Submission(models.Model):
    """One department's budget for one year, through upload, check, review and publication."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="submissions")
    year = models.PositiveIntegerField("年度")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.EMPTY)
    submitted = models.ForeignKey(
        "Version", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="送审版本"
    )
    comment = models.TextField("审核意见", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="one_submission_a_year")]
        ordering = ["department__code", "-year"]
        verbose_name = verbose_name_plural = "年度预算"

    def __str__(self) -> str:
        return f"{self.department.name} {self.year}年"

    @property
    def latest(self) -> Version | None:
        return self.versions.order_by("-number").first()


class State(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    DONE = "done", "完成"
    FAILED = "failed", "失败"


class Version(models.Model):
    """One uploaded input: the stored file, its findings and, when it has no errors, its outputs."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    original_name = models.CharField("文件名", max_length=255)
    stored_name = models.CharField(max_length=64, unique=True)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    state = models.CharField("处理状态", max_length=16, choices=State.choices, default=State.QUEUED)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    errors = models.PositiveIntegerField("错误", null=True)
    warnings = models.PositiveIntegerField("警告", null=True)
    unexplained = models.PositiveIntegerField("需说明的变动", null=True)
    findings = models.JSONField("检查结果", default=list)
    notices = models.JSONField(default=list)
    message = models.TextField("失败原因", blank=True)
    outputs = models.CharField(max_length=64, blank=True)
    """The folder of generated files under the store, once every format is written."""
    formats = models.JSONField(default=list)
    has_diff = models.BooleanField(default=False)
    prior = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="上年版本"
    )
    finished_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="version_number")]
        ordering = ["-number"]
        verbose_name = verbose_name_plural = "上传版本"

    def __str__(self) -> str:
        return f"{self.submission} 第{self.number}版"

    @property
    def usable(self) -> bool:
        """Checked without errors and every output written: can be previewed, downloaded, submitted."""
        return self.state == State.DONE and self.errors == 0 and bool(self.outputs)


class Batch(models.Model):
    """A district build: every approved department of a year, rebuilt together into one archive."""

    year = models.PositiveIntegerField("年度")
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    failures = models.JSONField(default=list)
    message = models.TextField(blank=True)
    archive = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "批量生成"


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    WORKBOOK = "workbook", "下载填报工作簿"
    UPLOAD = "upload", "上传"
    SUBMIT = "submit", "提交审核"
    RETURN = "return", "退回"
    APPROVE = "approve", "审核通过"
    PUBLISH = "publish", "标记已发布"
    DOWNLOAD = "download", "下载"
    BATCH = "batch", "批量生成"
    PROFILE = "profile", "安装模板"


class AuditEvent(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="用户"
    )
    username = models.CharField("用户名", max_length=150)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, verbose_name="部门")
    submission = models.ForeignKey(Submission, on_delete=models.SET_NULL, null=True, related_name="events")
    version = models.ForeignKey(Version, on_delete=models.SET_NULL, null=True, related_name="+")
    detail = models.TextField("说明", blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = verbose_name_plural = "审计日志"


class LoginAttempt(models.Model):
    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    succeeded = models.BooleanField(default=False)


class InstalledProfile(models.Model):
    name = models.CharField("名称", max_length=60, unique=True)
    extends = models.CharField("继承", max_length=100, blank=True)
    description = models.CharField("说明", max_length=300, blank=True)
    installed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    installed_at = models.DateTimeField("安装时间", auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "已安装模板"
