"""The workbench's protections, checked over HTTP against the running server: headers, CSRF, login
throttling, per-department authorization, upload limits, stored names, nothing lost on a failed
upload, the audit log, and profile installation with its refusals."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.web.conftest import MAX_UPLOAD_MB, ROOT, Client, Site

MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"


def signed_in(site: Site, username: str) -> Client:
    client = Client(site)
    code, _, _ = client.login(username)
    assert code == 302, f"{username} could not sign in"
    return client


def wait_done(client: Client, version: int, seconds: float = 180) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        code, _, body = client.get(f"/versions/{version}/status/")
        assert code == 200
        state: dict[str, object] = json.loads(body)
        if state["finished"]:
            return state
        time.sleep(0.5)
    raise AssertionError("the version was not processed in time")


def latest_version(client: Client, page: str) -> int:
    _, _, body = client.get(page)
    found = re.search(r'href="/versions/(\d+)/"', body)
    assert found, "no version listed"
    return int(found.group(1))


def test_pages_forbid_framing_and_foreign_content(site: Site) -> None:
    code, headers, _ = Client(site).get("/login/")
    assert code == 200
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "HttpOnly" in headers["Set-Cookie"]


def test_a_form_without_its_csrf_token_is_refused(site: Site) -> None:
    client = signed_in(site, "ceshi")
    page = f"/departments/{site.ids['ceshi']}/2023/"
    code, _, body = client.post(
        f"{page}upload/", {}, {"file": ("minimal.yaml", MINIMAL.read_bytes())}, token=False
    )
    assert code == 403
    assert "安全校验" in body


def test_repeated_failed_logins_lock_the_name_out(site: Site) -> None:
    client = Client(site)
    for _ in range(5):
        code, _, body = client.login("suoding", "wrong-password")
        assert code == 200 and "用户名或密码不正确" in body
    # Now even the right password is refused, without being checked.
    code, _, body = client.login("suoding")
    assert code == 200
    assert "登录失败次数过多" in body


def test_an_officer_reaches_nothing_of_another_department_or_role(site: Site) -> None:
    client = signed_in(site, "ceshi")
    jianghan = f"/departments/{site.ids['jianghan']}/2023/"
    assert client.get(jianghan)[0] == 404
    assert client.get(f"/departments/{site.ids['jianghan']}/2022/")[0] == 404
    own = f"/departments/{site.ids['ceshi']}/2023/"
    upload = client.post(f"{jianghan}upload/", {}, {"file": ("x.yaml", b"a: 1")}, referer=own)
    assert upload[0] == 404
    assert client.post(f"{jianghan}submit/", {}, referer=own)[0] == 404
    assert client.post(f"{jianghan}approve/", {}, referer=own)[0] == 404
    for page in ("/review/", "/manage/profiles/", "/review/batches/1/"):
        assert client.get(page)[0] == 404, page
    # Django's admin is only for administrators: an officer is sent to its sign-in page.
    code, headers, _ = client.get("/admin/")
    assert code == 302 and "/admin/login/" in headers["Location"]


def test_uploads_are_capped_stored_under_new_names_and_a_bad_one_loses_nothing(site: Site) -> None:
    client = signed_in(site, "ceshi")
    page = f"/departments/{site.ids['ceshi']}/2023/"

    # A good version first: checked and built in the background.
    code, _, _ = client.post(
        f"{page}upload/", {}, {"file": ("minimal.yaml", MINIMAL.read_bytes())}, referer=page
    )
    assert code == 302
    first = latest_version(client, page)
    assert wait_done(client, first)["state"] == "done"
    assert "待提交" in client.get(page)[2]

    # Too large: refused as it arrives, nothing stored, no version made.
    huge = b"#" * (MAX_UPLOAD_MB * 1024 * 1024 + 1)
    client.post(f"{page}upload/", {}, {"file": ("minimal.yaml", huge)}, referer=page)
    body = client.get(page)[2]
    assert f"不能超过 {MAX_UPLOAD_MB} MB" in body
    assert latest_version(client, page) == first
    # Not an input at all.
    client.post(f"{page}upload/", {}, {"file": ("预算.docx", b"PK\x03\x04")}, referer=page)
    assert "不是预算输入" in client.get(page)[2]
    assert latest_version(client, page) == first

    # A broken workbook becomes a version with its findings; the good one stays as it was.
    client.post(f"{page}upload/", {}, {"file": ("../../etc/minimal.xlsx", b"not a workbook")}, referer=page)
    second = latest_version(client, page)
    assert second != first and wait_done(client, second)["state"] == "done"
    body = client.get(page)[2]
    assert "有错误" in body and "不是 Excel 工作簿" in body and "minimal.xlsx" in body
    code, headers, pdf = client.get(f"/versions/{first}/files/pdf/")
    assert code == 200 and pdf.startswith("%PDF")
    assert "attachment" in headers["Content-Disposition"]

    # Stored files have names of ours, in a folder no address serves.
    stored = [p.name for p in (site.data / "store" / "uploads").iterdir()]
    assert stored and all(re.fullmatch(r"[0-9a-f]{32}\.(yaml|xlsx)", name) for name in stored)
    assert not [p for p in site.data.rglob("minimal.*")]
    assert client.get("/static/../store/uploads/")[0] == 404

    # The administrator finds the uploads and the download in the audit log.
    admin = signed_in(site, "guanli")
    code, _, log = admin.get("/admin/workbench/auditevent/?q=ceshi")
    assert code == 200
    for action in ("上传", "下载", "登录"):
        assert action in log


def test_passwords_are_stored_hashed(site: Site) -> None:
    script = (
        "from gen.web.server import setup; setup();"
        "from django.contrib.auth.models import User;"
        "print(User.objects.get(username='ceshi').password)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=site.env, capture_output=True, text=True, check=True
    )
    stored = out.stdout.strip().splitlines()[-1]
    assert stored.startswith("pbkdf2_sha256$") and "correct-horse" not in stored


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as packed:
        for name, data in files.items():
            packed.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def example_profile() -> dict[str, bytes]:
    folder = ROOT / "docs" / "example" / "shili"
    return {f"shili/{p.relative_to(folder)}": p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_administrator_installs_a_district_profile(site: Site, example_profile: dict[str, bytes]) -> None:
    admin = signed_in(site, "guanli")
    page = "/manage/profiles/"
    code, _, _ = admin.post(page, {"name": ""}, {"archive": ("示例县.zip", _zip(example_profile))})
    assert code == 302, "installed and sent back to the list"
    body = admin.get(page)[2]
    assert "已安装模板“shili”" in body and "已安装" in body
    assert (site.data / "profiles" / "shili" / "profile.yaml").is_file()

    refusals = {
        "../": _zip({"../evil/profile.yaml": b"name: evil\n"}),
        "profile.yaml": _zip({"readme.txt": b"no profile here"}),
        ".py": _zip({"x/profile.yaml": b"name: x\n", "x/hook.py": b"import os"}),
        "模板有误": _zip({"x/profile.yaml": b"extends: national\nparts: 7\n"}),
    }
    for expected, archive in refusals.items():
        code, _, body = admin.post(page, {"name": "x"}, {"archive": ("p.zip", archive)})
        assert code == 200 and "未安装" in body and expected in body, expected
    assert not (site.data / "profiles" / "x").exists()
    assert not (site.data / "evil").exists()
    # Users get their role and departments on the same page; departments their profile, now also this one.
    code, _, form = admin.get("/admin/auth/user/add/")
    assert code == 200 and "角色与部门" in form and '<option value="reviewer"' in form
    code, _, form = admin.get(f"/admin/workbench/department/{site.ids['ceshi']}/change/")
    assert code == 200 and '<option value="shili"' in form and '<option value="wuhan"' in form
    assert Path(site.data / "profiles").is_dir()
