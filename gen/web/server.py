"""`budgetdoc serve`: the data folder, the database schema, the first administrator, the background
workers and the WSGI server (waitress), in one process and with nothing else to install or start."""

from __future__ import annotations

import os
import secrets
import signal
import threading
from pathlib import Path
from types import FrameType

from gen.errors import UsageError

DEFAULT_DATA = Path("data")
# waitress refuses bodies past this outright; below it the page explains the upload cap in Chinese.
BODY_ALLOWANCE = 2


def prepare(data: Path) -> None:
    """The data folder, readable by its owner only, with the key that signs sessions."""
    try:
        data.mkdir(parents=True, exist_ok=True)
        data.chmod(0o700)
        key = data / "secret_key"
        if not key.exists() and not os.environ.get("BUDGETDOC_SECRET_KEY"):
            fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(50))
    except OSError as exc:
        raise UsageError(f"无法使用数据文件夹 {data}：{exc.strerror}") from None


def setup(data: Path | None = None, jobs: int | None = None) -> None:
    """Django configured for `data` (or BUDGETDOC_DATA), its database migrated."""
    import django
    from django.core.management import call_command

    folder = (data or Path(os.environ.get("BUDGETDOC_DATA") or DEFAULT_DATA)).resolve()
    os.environ["BUDGETDOC_DATA"] = str(folder)
    if jobs:
        os.environ["BUDGETDOC_JOBS"] = str(jobs)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gen.web.settings")
    prepare(folder)  # with PostgreSQL too: uploads and outputs are kept there
    django.setup()
    from django.db import OperationalError

    try:
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as exc:
        raise UsageError(f"无法连接数据库：{exc}") from None


def first_administrator() -> str | None:
    """On a new database, an administrator `admin` with a random password, which is returned once."""
    from django.contrib.auth.models import User

    from gen.web.workbench.models import Account, Role

    if User.objects.exists():
        return None
    password = os.environ.get("BUDGETDOC_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
    user = User.objects.create_superuser("admin", password=password)
    Account.objects.create(user=user, role=Role.ADMIN)
    return password


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def serve(host: str, port: int, data: Path | None, jobs: int | None) -> None:
    setup(data, jobs)
    from django.conf import settings
    from waitress import serve as waitress_serve

    from gen.web.workbench import jobs as background
    from gen.web.wsgi import application

    password = first_administrator()
    if password:
        print(f"已创建管理员账号 admin，初始密码：{password}（只显示这一次；登录后在“用户与部门”中修改）")
    background.recover()
    stop = threading.Event()
    background.start(settings.BUDGETDOC_JOBS, stop)
    signal.signal(signal.SIGTERM, _stop)
    print(f"预算公开工作台：http://{host}:{port}/  数据：{settings.DATA_DIR}  （Ctrl+C 停止）", flush=True)
    # Behind a reverse proxy every request comes from the proxy: take the client's address (for the
    # audit log and login throttling) from the proxy's X-Forwarded-For, and from nobody else's.
    proxy = os.environ.get("BUDGETDOC_TRUSTED_PROXY", "").strip()
    forwarded = (
        {"trusted_proxy": proxy, "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}}
        if proxy
        else {}
    )
    try:
        waitress_serve(
            application,
            host=host,
            port=port,
            threads=8,
            ident="budgetdoc",
            max_request_body_size=BODY_ALLOWANCE * settings.BUDGETDOC_MAX_UPLOAD + 1024 * 1024,
            clear_untrusted_proxy_headers=True,
            **forwarded,
        )
    except OSError as exc:
        raise UsageError(
            f"无法在 {host}:{port} 上启动：{exc.strerror}（端口已被占用？换一个 --port）"
        ) from None
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        background.shutdown()
