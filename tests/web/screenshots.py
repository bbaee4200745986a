"""Screenshots of the workbench's main pages, for docs/ and for looking at the pages as users see them:
`.venv/bin/python -m tests.web.screenshots docs/web` starts a server on SQLite, goes through the
officer's and the reviewer's steps in headless Chromium and saves each page at 1400 and 390 px wide."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as until

from tests.web import conftest
from tests.web.test_flow import BUILD_SECONDS, checked, click, login, logout, upload, wait

WIDTHS = {"wide": 1400, "phone": 390}


def shoot(driver: Any, folder: Path, name: str, widths: tuple[str, ...] = ("wide", "phone")) -> None:
    for label in widths:
        driver.set_window_size(WIDTHS[label], 900)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(WIDTHS[label], min(max(int(height), 700), 6000))
        path = folder / f"{name}-{label}.png"
        driver.save_screenshot(str(path))
        _compact(path)
    driver.set_window_size(WIDTHS["wide"], 1000)


def _compact(path: Path) -> None:
    """128 colours are plenty for a page of text, at a third of the size in the repository."""
    from PIL import Image

    with Image.open(path) as image:
        flat = image.convert("RGB").quantize(
            colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    flat.save(path, optimize=True)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="budgetdoc-shots-"))
    downloads = work / "downloads"
    downloads.mkdir()
    site = conftest._start("sqlite", None)
    with conftest.chromium(downloads) as driver:
        try:
            _walk(driver, site, work, out)
        finally:
            assert site.process is not None
            site.process.terminate()
            site.process.wait(30)
            shutil.rmtree(site.data, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)


def _walk(driver: Any, site: conftest.Site, work: Path, out: Path) -> None:
    good = work / "jianghan-2023.xlsx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "gen",
            "convert",
            str(conftest.ROOT / "inputs" / "jianghan-2023.yaml"),
            str(good),
        ],
        check=True,
        capture_output=True,
    )
    bad_folder = work / "bad"
    bad_folder.mkdir()
    bad = bad_folder / good.name
    book = load_workbook(good)
    book["主要职能"]["A2"].value = "待填写"
    book["收入"]["C2"].value = 73380.065
    book.save(bad)
    page = site.page(f"/departments/{site.ids['jianghan']}/2023/")

    driver.get(site.page("/login/"))
    shoot(driver, out, "1-login", ("wide",))
    login(driver, site, "jianghan")
    driver.get(site.page("/?year=2023"))
    shoot(driver, out, "2-officer-home", ("wide",))
    driver.get(page)
    upload(driver, bad)
    wait(driver, BUILD_SECONDS).until(checked(driver))
    shoot(driver, out, "3-findings")
    upload(driver, good)
    shoot(driver, out, "4-checking", ("wide",))
    wait(driver, BUILD_SECONDS).until(checked(driver))
    shoot(driver, out, "5-ready")
    click(driver, "在页面中预览")
    wait(driver).until(until.presence_of_element_located((By.CSS_SELECTOR, "iframe.preview")))
    shoot(driver, out, "6-preview")
    driver.back()
    driver.find_element(By.LINK_TEXT, "查看各表逐项比较").click()
    shoot(driver, out, "7-diff", ("wide",))
    driver.get(page)
    click(driver, "提交审核")
    logout(driver)
    login(driver, site, "shenhe")
    driver.get(site.page("/review/?year=2023"))
    shoot(driver, out, "8-dashboard")
    driver.get(page)
    shoot(driver, out, "9-review", ("wide",))
    click(driver, "审核通过")
    driver.get(site.page("/review/?year=2023"))
    click(driver, "生成全部已通过部门并打包")
    shoot(driver, out, "10-batch-running", ("wide",))
    wait(driver, BUILD_SECONDS).until(until.presence_of_element_located((By.LINK_TEXT, "下载压缩包")))
    shoot(driver, out, "11-batch-done", ("wide",))
    logout(driver)
    login(driver, site, "guanli")
    driver.get(site.page("/manage/profiles/"))
    shoot(driver, out, "12-profiles", ("wide",))
    driver.get(site.page("/admin/auth/user/"))
    shoot(driver, out, "13-admin-users", ("wide",))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/web"))
