"""A real browser for the tests: Debian's chromium driven by selenium, and axe-core in it.

setup.sh installs the Debian packages `chromium` and `chromium-driver` and, in the project
root, `npm install --no-audit --no-fund --no-save axe-core@4.10`. selenium's own driver
download cannot reach the internet here, so the driver and the browser are named explicitly.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


def require_browser() -> None:
    """Fail in CI, skip elsewhere, when chromium or its driver is not installed."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).is_file()]
    if not missing:
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium saknas: {', '.join(missing)} (kör setup.sh)")
    pytest.skip("Chromium saknas: kör setup.sh")


def open_chromium(width: int = 1280, height: int = 900):
    """A headless selenium WebDriver on Debian's chromium; the caller quits it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 f"--window-size={width},{height}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def axe_violations(driver, tags=WCAG_TAGS) -> list[dict]:
    """axe-core's violations for the page the driver shows, limited to `tags`."""
    assert AXE.is_file(), f"{AXE} saknas: kör setup.sh (npm install axe-core)"
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', "
        "description: String(e)}]));", list(tags))
    return list(result)


def screenshot(url_or_file, png_path, width: int, height: int) -> Path:
    """A picture of a page at a window size, for looking at it (not for asserting on)."""
    target = str(url_or_file)
    if "://" not in target:
        target = Path(target).resolve().as_uri()
    png_path = Path(png_path)
    subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                    "--hide-scrollbars", f"--screenshot={png_path}",
                    f"--window-size={width},{height}", target],
                   capture_output=True, timeout=120, check=True)
    return png_path
