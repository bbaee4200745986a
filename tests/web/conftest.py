"""The workbench under test: a real `budgetdoc serve` in a subprocess, on SQLite and on a PostgreSQL
server started here (Debian's binaries, a temporary cluster on a free port), and one headless
Chromium for the whole session, driven by Selenium through Debian's chromedriver."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser import chromium

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-42"
MAX_UPLOAD_MB = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@dataclass
class Postgres:
    url: str
    folder: Path
    bin: Path
    as_user: list[str]

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "db"), "-m", "fast", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL cluster of the tests' own, in a temporary folder; root runs it as `postgres`."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        pytest.fail("PostgreSQL is not installed: run ./scripts/setup.sh --test")
    folder = Path(tempfile.mkdtemp(prefix="budgetdoc-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [
            *as_user,
            str(bin_dir / "initdb"),
            "-D",
            str(folder / "db"),
            "-U",
            "budgetdoc",
            "-A",
            "trust",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *as_user,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(folder / "db"),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = Postgres(f"postgres://budgetdoc@127.0.0.1:{port}/", folder, bin_dir, as_user)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Site:
    url: str
    data: Path
    backend: str
    env: dict[str, str]
    ids: dict[str, int] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def page(self, path: str) -> str:
        return self.url + path


def _start(backend: str, postgres_server: Postgres | None) -> Site:
    data = Path(tempfile.mkdtemp(prefix=f"budgetdoc-web-{backend}-"))
    env = {
        **os.environ,
        "BUDGETDOC_DATA": str(data),
        "BUDGETDOC_DISTRICT": "江汉区",
        "BUDGETDOC_MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
        "BUDGETDOC_JOBS": "2",
    }
    env.pop("BUDGETDOC_DATABASE_URL", None)
    if postgres_server is not None:
        name = f"budgetdoc_{os.getpid()}_{free_port()}"
        subprocess.run(
            [
                *postgres_server.as_user,
                str(postgres_server.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                postgres_server.url.rsplit(":", 1)[1].strip("/"),
                "-U",
                "budgetdoc",
                name,
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        env["BUDGETDOC_DATABASE_URL"] = postgres_server.url + name
    seeded = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "web" / "seed.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert seeded.returncode == 0, seeded.stderr
    _, jianghan, ceshi = seeded.stdout.split()[-3:]
    port = free_port()
    log = (data / "server.log").open("wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "budgetdoc"), "serve", "--port", str(port), "--data", str(data)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=data,
    )
    site = Site(
        f"http://127.0.0.1:{port}", data, backend, env, {"jianghan": int(jianghan), "ceshi": int(ceshi)}
    )
    site.process = process
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(site.page("/login/"), timeout=5) as response:
                if response.status == 200:
                    return site
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
        assert process.poll() is None, (data / "server.log").read_text(errors="replace")
    raise AssertionError("the server did not start: " + (data / "server.log").read_text(errors="replace"))


# One server per database for the whole session, shared by every web test module: each module works
# with its own department or users, so that they do not disturb each other.
@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    server = request.getfixturevalue("postgres") if request.param == "postgresql" else None
    started = _start(request.param, server)
    try:
        yield started
    finally:
        assert started.process is not None
        started.process.terminate()
        try:
            started.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            started.process.kill()
        shutil.rmtree(started.data, ignore_errors=True)


@pytest.fixture(scope="session")
def downloads() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="budgetdoc-downloads-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(downloads: Path) -> Iterator[object]:
    """One headless Chromium for the session."""
    with chromium(downloads) as driver:
        yield driver


class Client:
    """A browser-less visitor for the HTTP-level checks: cookies, CSRF token and all."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self._open(urllib.request.Request(self.site.page(path)))

    def post(
        self,
        path: str,
        fields: dict[str, str],
        files: dict[str, tuple[str, bytes]] | None = None,
        token: bool = True,
        referer: str | None = None,
    ) -> tuple[int, dict[str, str], str]:
        if token:
            fields = {"csrfmiddlewaretoken": self.token(referer or path), **fields}
        boundary = "----budgetdoc-test-boundary"
        body = b""
        for name, value in fields.items():
            body += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content) in (files or {}).items():
            body += (
                (
                    f"--{boundary}\r\n"
                    f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n"
                ).encode()
                + content
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.site.page(path), data=body, method="POST")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("Referer", self.site.page(referer or path))
        return self._open(request)

    def token(self, path: str) -> str:
        _, _, page = self.get(path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, f"no form on {path}"
        return found.group(1)

    def login(self, username: str, password: str = PASSWORD) -> tuple[int, dict[str, str], str]:
        return self.post("/login/", {"username": username, "password": password})

    def _open(self, request: urllib.request.Request) -> tuple[int, dict[str, str], str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
