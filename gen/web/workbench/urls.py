from django.contrib.auth.views import LogoutView
from django.urls import URLPattern, path

from gen.web.workbench.views import auth, manage, review, submissions, versions

urlpatterns: list[URLPattern] = [
    path("", submissions.home, name="home"),
    path("login/", auth.Login.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("departments/<int:department_id>/<int:year>/", submissions.submission, name="submission"),
    path("departments/<int:department_id>/<int:year>/workbook/", submissions.workbook, name="workbook"),
    path("departments/<int:department_id>/<int:year>/upload/", submissions.upload, name="upload"),
    path("departments/<int:department_id>/<int:year>/submit/", submissions.submit, name="submit"),
    path("departments/<int:department_id>/<int:year>/<str:decision>/", review.decide, name="decide"),
    path("versions/<int:pk>/", versions.version, name="version"),
    path("versions/<int:pk>/status/", versions.status, name="version_status"),
    path("versions/<int:pk>/preview/", versions.preview, name="preview"),
    path("versions/<int:pk>/preview/document/", versions.preview_document, name="preview_document"),
    path("versions/<int:pk>/diff/", versions.diff, name="diff"),
    path("versions/<int:pk>/files/<str:fmt>/", versions.download, name="download"),
    path("review/", review.dashboard, name="dashboard"),
    path("review/batches/", review.batch_start, name="batch_start"),
    path("review/batches/<int:pk>/", review.batch, name="batch"),
    path("review/batches/<int:pk>/status/", review.batch_status, name="batch_status"),
    path("review/batches/<int:pk>/archive/", review.archive, name="archive"),
    path("manage/profiles/", manage.profiles, name="profiles"),
]
