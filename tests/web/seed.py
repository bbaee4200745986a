"""Accounts and departments for the web tests, put in the database the server under test uses (run as a
script with that server's BUDGETDOC_* environment): two departments, their officers (and one more, to
be locked out), a reviewer, an administrator, and 江汉's 2022 budget approved, as the prior year of the
example."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-42"
USERS = {
    "jianghan": "officer",
    "ceshi": "officer",
    "suoding": "officer",
    "shenhe": "reviewer",
    "guanli": "admin",
}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from gen.web.server import setup

    setup()
    from django.contrib.auth.models import User

    from gen.web.workbench import jobs, storage
    from gen.web.workbench.models import Account, Department, Role, Status, Submission, Version

    jianghan = Department.objects.create(code="118", name="武汉市公安局江汉区分局", profile="wuhan")
    # tests/data/minimal.yaml's department: small enough to build in seconds.
    ceshi = Department.objects.create(code="901", name="测试市测试局", profile="national")
    names = {"jianghan": "李芳", "ceshi": "王强", "suoding": "孙磊", "shenhe": "陈静", "guanli": "赵敏"}
    for username, role in USERS.items():
        admin = role == "admin"
        user = User.objects.create_user(
            username, password=PASSWORD, first_name=names[username], is_staff=admin, is_superuser=admin
        )
        account = Account.objects.create(user=user, role=Role(role))
        if username == "jianghan":
            account.departments.add(jianghan)
        elif username == "ceshi":
            account.departments.add(ceshi)
    # The prior year, as if uploaded and approved last year, checked for real (only JSON is built).
    # jianghan-2022.yaml is the prior year known by 类 only: enough to compare 2023 with, but not
    # necessarily a whole disclosure of its own, so it is approved whatever its own document lacks.
    source = ROOT / "inputs" / "jianghan-2022.yaml"
    stored = storage.new_name(".yaml")
    storage.upload_path(stored).write_bytes(source.read_bytes())
    submission = Submission.objects.create(department=jianghan, year=2022)
    version = Version.objects.create(
        submission=submission,
        number=1,
        uploaded_by=User.objects.get(username="jianghan"),
        original_name=source.name,
        stored_name=stored,
        size=source.stat().st_size,
        sha256="",
        state="running",
    )
    jobs.run_version(version, formats=("json",), in_process=True)
    version.refresh_from_db()
    assert version.state == "done", version.message
    Submission.objects.filter(pk=submission.pk).update(status=Status.APPROVED, submitted=version)
    print(os.environ.get("BUDGETDOC_DATA"), jianghan.pk, ceshi.pk)


if __name__ == "__main__":
    main()
