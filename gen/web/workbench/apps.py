from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "gen.web.workbench"
    label = "workbench"
    verbose_name = "预算公开工作台"
    default_auto_field = "django.db.models.BigAutoField"
