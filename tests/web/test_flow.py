"""The workbench as its users go through it, in a real Chromium: an officer fills in and submits, the
bureau returns and approves and downloads the district archive, and another department's officer
cannot reach any of it."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as until
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.web.conftest import PASSWORD, ROOT, Site

BUILD_SECONDS = 240  # checking and rendering every format of the example, on a busy 2-core machine


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example as an officer's workbook, and the same with one deliberate mistake (主要职能!A2)."""
    folder = tmp_path_factory.mktemp("workbooks")
    good = folder / "good" / "jianghan-2023.xlsx"
    good.parent.mkdir()
    subprocess.run(
        [sys.executable, "-m", "gen", "convert", str(ROOT / "inputs" / "jianghan-2023.yaml"), str(good)],
        check=True,
        capture_output=True,
    )
    bad = folder / "bad" / "jianghan-2023.xlsx"
    bad.parent.mkdir()
    book = load_workbook(good)
    book["主要职能"]["A2"].value = "待填写"
    book.save(bad)
    return {"good": good, "bad": bad}


def wait(driver: Any, seconds: float = 20) -> WebDriverWait[Any]:
    return WebDriverWait(driver, seconds, poll_frequency=0.25)


def login(driver: Any, site: Site, username: str) -> None:
    driver.get(site.page("/login/"))
    driver.find_element(By.ID, "id_username").send_keys(username)
    # The keyboard alone: type the password and press Enter.
    driver.find_element(By.ID, "id_password").send_keys(PASSWORD, Keys.ENTER)
    wait(driver).until(until.presence_of_element_located((By.CSS_SELECTOR, ".who")))


def logout(driver: Any) -> None:
    driver.find_element(By.XPATH, "//header//button[text()='退出']").click()
    wait(driver).until(until.presence_of_element_located((By.ID, "id_username")))


def click(driver: Any, text: str, navigates: bool = True) -> None:
    """The link or button a user would pick by its words; waits for the next page unless it downloads."""
    element = driver.find_element(By.XPATH, f"//*[self::a or self::button][normalize-space()='{text}']")
    element.click()
    if navigates:
        wait(driver).until(lambda _: gone(element))


def gone(element: Any) -> bool:
    """The page the element was on has been replaced (chromedriver says so in more than one way)."""
    try:
        element.is_enabled()
    except WebDriverException:  # StaleElementReference, or "Node … does not belong to the document"
        return True
    return False


def emptied(folder: Path) -> set[Path]:
    """The downloads folder made empty: Chromium may overwrite a file of the same name."""
    for path in folder.iterdir():
        path.unlink()
    return set()


def downloaded(folder: Path, suffix: str, before: set[Path], seconds: float = 60) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        new = [p for p in folder.iterdir() if p not in before and p.suffix == suffix]
        if new:
            return new[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file was downloaded")


def status(driver: Any) -> str:
    return str(driver.find_element(By.ID, "status").text)


def upload(driver: Any, path: Path) -> None:
    driver.find_element(By.ID, "id_file").send_keys(str(path))
    click(driver, "上传并检查")


def checked(driver: Any) -> Callable[[Any], bool]:
    """The page has reloaded itself with the finished check."""
    return lambda d: bool(d.find_elements(By.CSS_SELECTOR, "#result .summary"))


def test_officer_reviewer_and_another_department(
    site: Site, browser: Any, downloads: Path, workbooks: dict[str, Path]
) -> None:
    driver = browser
    jianghan_2023 = f"/departments/{site.ids['jianghan']}/2023/"

    # The officer signs in and opens the department's 2023 budget.
    login(driver, site, "jianghan")
    assert "我的部门" in driver.find_element(By.TAG_NAME, "h1").text
    driver.get(site.page(jianghan_2023))
    assert status(driver) == "未上传"

    # Downloads the workbook made from last year's input (as `init --from` makes it), and a blank one.
    before = emptied(downloads)
    click(driver, "依据 2022 年预算生成工作簿", navigates=False)
    carried = load_workbook(downloaded(downloads, ".xlsx", before))
    info = {row[0].value: row[1].value for row in carried["基本信息"].iter_rows(min_row=2) if row[0].value}
    assert 2023 in info.values() and "jianghan-2022.yaml" in info.values()
    assert "主要职能" in carried.sheetnames
    before = emptied(downloads)
    click(driver, "下载空白工作簿", navigates=False)
    blank = load_workbook(downloaded(downloads, ".xlsx", before))
    assert "收入" in blank.sheetnames

    # Uploads the example with one mistake and finds it at its cell.
    upload(driver, workbooks["bad"])
    wait(driver, BUILD_SECONDS).until(checked(driver))
    assert status(driver) == "有错误"
    assert "1 个错误" in driver.find_element(By.CSS_SELECTOR, "#result .summary").text
    error_row = driver.find_element(By.CSS_SELECTOR, "table.findings tr.is-error")
    cells = [td.text for td in error_row.find_elements(By.TAG_NAME, "td")]
    assert cells[:2] == ["错误", "TXT-001"]
    assert "待填写" in cells[2]
    assert cells[3] == "主要职能!A2"
    assert cells[4] == "overview.functions[1]"
    assert not driver.find_elements(By.XPATH, "//button[normalize-space()='提交审核']")

    # Uploads the corrected workbook: a new version, checked and built in the background.
    upload(driver, workbooks["good"])
    assert driver.find_elements(By.CSS_SELECTOR, "[data-poll] progress"), "progress is shown while it works"
    wait(driver, BUILD_SECONDS).until(checked(driver))
    assert status(driver) == "待提交"
    assert "无错误" in driver.find_element(By.CSS_SELECTOR, "#result .summary").text
    assert "第 2 版" in driver.find_element(By.ID, "result-title").text
    # The comparison with 2022 lists the changes that need a reason and where to write each one.
    diff = driver.find_element(By.XPATH, "//section[h2='与上年比较']")
    assert "需说明原因" in diff.text
    assert "narrative.change_reasons" in diff.text or "three_public." in diff.text

    # Previews the disclosure in a sandboxed frame.
    click(driver, "在页面中预览")
    frame = wait(driver).until(until.presence_of_element_located((By.CSS_SELECTOR, "iframe.preview")))
    assert frame.get_attribute("sandbox") == ""
    driver.switch_to.frame(frame)
    assert (
        "武汉市公安局江汉区分局"
        in wait(driver).until(until.presence_of_element_located((By.TAG_NAME, "body"))).text
    )
    driver.switch_to.default_content()
    preview_url = frame.get_attribute("src")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(preview_url, headers={"Cookie": cookies})) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script-src" not in policy

    # Downloads the PDF.
    before = emptied(downloads)
    click(driver, "下载 PDF", navigates=False)
    assert downloaded(downloads, ".pdf", before).read_bytes().startswith(b"%PDF")

    # Submits it for review.
    driver.get(site.page(jianghan_2023))
    click(driver, "提交审核")
    assert status(driver) == "待审核"
    assert not driver.find_elements(By.ID, "id_file"), "no upload while the bureau reviews it"
    logout(driver)

    # The reviewer finds it on the dashboard and returns it with a comment.
    login(driver, site, "shenhe")
    Select(driver.find_element(By.ID, "year")).select_by_visible_text("2023 年")
    click(driver, "查看")
    row = driver.find_element(By.XPATH, "//table[contains(@class,'dashboard')]//tr[td='118']")
    assert "待审核" in row.text
    row.find_element(By.LINK_TEXT, "打开").click()
    driver.find_element(By.ID, "id_comment").send_keys("请补充“三公”经费变动原因。")
    click(driver, "退回修改")
    assert status(driver) == "已退回"
    logout(driver)

    # The officer sees the comment and submits again.
    login(driver, site, "jianghan")
    driver.get(site.page(jianghan_2023))
    assert "请补充“三公”经费变动原因" in driver.find_element(By.CSS_SELECTOR, ".callout").text
    click(driver, "提交审核")
    assert status(driver) == "待审核"
    logout(driver)

    # The reviewer approves it and builds the district's archive in the background.
    login(driver, site, "shenhe")
    driver.get(site.page(jianghan_2023))
    click(driver, "审核通过")
    assert status(driver) == "已通过"
    events = driver.find_element(By.CSS_SELECTOR, "ul.events").text
    for action in ("上传", "提交审核", "退回", "审核通过", "下载"):
        assert action in events
    driver.get(site.page("/review/?year=2023"))
    click(driver, "生成全部已通过部门并打包")
    link = wait(driver, BUILD_SECONDS).until(until.presence_of_element_located((By.LINK_TEXT, "下载压缩包")))
    before = emptied(downloads)
    link.click()
    archive = downloaded(downloads, ".zip", before)
    names = zipfile.ZipFile(archive).namelist()
    stem = "118-武汉市公安局江汉区分局-2023年部门预算"
    assert {f"{stem}/{stem}.{fmt}" for fmt in ("pdf", "docx", "xlsx", "json", "html")} <= set(names)
    assert "共 1 个部门：1 个已生成，0 个失败" in zipfile.ZipFile(archive).read("生成结果.txt").decode()
    logout(driver)

    # Another department's officer gets 404 for every address of 江汉's budget.
    login(driver, site, "ceshi")
    version = urllib.parse.urlsplit(preview_url).path.split("preview/")[0]
    for path in (
        jianghan_2023,
        f"{jianghan_2023}workbook/",
        version,
        f"{version}files/pdf/",
        f"{version}preview/document/",
        f"{version}diff/",
        "/review/",
    ):
        driver.get(site.page(path))
        assert driver.find_element(By.TAG_NAME, "h1").text == "找不到页面", path
