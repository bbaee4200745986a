"""Every address of the site; the app's own pages are in gen/web/workbench/urls.py."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

admin.site.site_header = admin.site.site_title = "budgetdoc 管理"
admin.site.index_title = "用户、部门与审计日志"

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("", include("gen.web.workbench.urls")),
]
