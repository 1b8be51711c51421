"""Browser tooling for the `browser` tests: Debian's chromium driven by selenium, axe-core
injected for WCAG 2.1 AA, and plain screenshots for looking at pages.

selenium's own driver download cannot reach the internet here, so the driver and browser
are Debian's (`chromium`, `chromium-driver`, installed by setup.sh) and axe-core is npm's
(setup.sh installs it into node_modules/). Without them a test skips on a developer's
machine and fails in CI, where skipping would hide a missing check.
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
WCAG_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
SCREENSHOT_LIMIT = 60


def require_browser() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if not missing:
        return
    if os.environ.get("CI"):
        pytest.fail(f"Chromium saknas ({', '.join(missing)}): kör setup.sh")
    pytest.skip("Chromium saknas: kör setup.sh")


def open_chromium(width: int = 1280, height: int = 900):
    """A headless Chromium under selenium; the caller quits it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                 f"--window-size={width},{height}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def axe_violations(driver, tags=WCAG_AA) -> list[dict]:
    """axe-core's violations of the page open in `driver`, for the given rule tags."""
    if not AXE.is_file():
        message = f"axe-core saknas ({AXE}): kör setup.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    driver.execute_script(AXE.read_text("utf-8"))
    # -- a long page (the whole plan) takes axe longer than selenium's default 30 s --
    driver.set_script_timeout(90)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', help: String(e)}]));",
        list(tags))
    return list(result)


def screenshot(url_or_file, png_path, width: int, height: int) -> Path:
    """A picture of a page, by chromium's own --screenshot (no selenium)."""
    target = str(url_or_file)
    if "://" not in target:
        target = Path(target).resolve().as_uri()
    png_path = Path(png_path).resolve()
    subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                    "--hide-scrollbars", f"--screenshot={png_path}",
                    f"--window-size={width},{height}", target],
                   check=True, capture_output=True, timeout=SCREENSHOT_LIMIT)
    return png_path
