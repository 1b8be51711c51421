"""followup-html: the follow-up report as an accessible web page (SPEC §10, §12). Its numbers
are checked against counts made here from the workbook's rows (followup_data.py, which shares
nothing with plan_model.followup); the W3C Nu checker and axe-core in Debian's chromium judge
the page."""
from __future__ import annotations

import copy
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser_tools import axe_violations, open_chromium, require_browser
from conftest import ROOT
from followup.followup_data import (COLUMNS, SECRET, as_row, expected, followup_sheets,
                                    write_followup_input)
from plan_model.errors import InputError
from plan_model.options import BuildOptions
from plan_model.pipeline import followup
from plan_model.publish.html import PIXEL_WIDTH
from page_checks import nu_errors, outline, page_widths

BROKEN_FOLLOW_UP = "Tio stolpar byggda.\nResten i höst. <b>&amp; <script>alert(1)</script>"
CHANGES = "Förändring sedan förra uppföljningen"


def previous_sheets(sheets: dict) -> dict:
    old = copy.deepcopy(sheets)
    old["Dokument"] = [r if r[0] != "Uppföljningsperiod" else [r[0], "Helår 2030"]
                       for r in old["Dokument"]]
    old["Aktiviteter"][1][6] = "Ej påbörjad"      # -- Bygg 20 laddstolpar: now Pågår --
    old["Aktiviteter"][11][3] = "Rensa dikena"    # -- reworded: one removed, one new --
    return old


@pytest.fixture(scope="module")
def sheets() -> dict:
    sheets = followup_sheets()
    sheets["Aktiviteter"][1][8] = BROKEN_FOLLOW_UP
    return sheets


@pytest.fixture(scope="module")
def pages(tmp_path_factory, sheets) -> dict[str, Path]:
    """name → output folder: Solvik with and without --previous, the bundled example."""
    root = tmp_path_factory.mktemp("followup-html")
    write_followup_input(root / "old", previous_sheets(sheets))
    source = write_followup_input(root / "in", sheets)
    options = {name: BuildOptions(out_dir=root / name, no_pdf=True)
               for name in ("solvik", "plain", "example")}
    return {"solvik": followup(source, options["solvik"], previous=root / "old").out_dir,
            "plain": followup(source, options["plain"]).out_dir,
            "example": followup(ROOT / "inputs" / "2023", options["example"]).out_dir,
            "source": source}


def page(out: Path) -> str:
    return (out / "html" / "index.html").read_text("utf-8")


class Tables(HTMLParser):
    """Every table of the page by its caption: rows of cell texts (th and td alike)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td") and self._rows is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "caption":
            self._name = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self._rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self.tables[self._name] = self._rows
            self._rows = None

    def handle_data(self, data):
        for part in (self._caption, self._cell):
            if part is not None:
                part.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


def _numbers(rows: list[list[str]]) -> dict[str, list[int]]:
    return {re.sub(r" \(Ej inrapporterat\)$", "", row[0]): [int(v) for v in row[1:]]
            for row in rows[1:]}


# -- every number equals the workbook's ------------------------------------------------------

@pytest.mark.parametrize("name", ["solvik", "example"])
def test_count_tables_equal_the_counts_made_from_the_rows(pages, name, sheets):
    if name == "example":
        from openpyxl import load_workbook

        book = load_workbook(ROOT / "inputs" / "2023" / "handlingsplan.xlsx", read_only=True)
        sheets = {s: [list(r) for r in book[s].iter_rows(values_only=True)
                      if any(v not in (None, "") for v in r)]
                  for s in ("Strategi", "Åtgärder", "Aktiviteter")}
    want = expected(sheets)
    found = tables(page(pages[name]))
    summary = found["Antal och andel aktiviteter per status"]
    assert [r[0] for r in summary[1:]] == COLUMNS + ["Totalt"]
    assert [int(r[1]) for r in summary[1:]] == as_row(want["overall"])
    assert sum(int(r[2].rstrip(" %")) for r in summary[1:-1]) == 100
    strategy = found["Antal aktiviteter per status, per prioritering och fokusområde"]
    assert strategy[0] == ["Prioritering / fokusområde"] + COLUMNS + ["Totalt"]
    assert _numbers(strategy) == {n: as_row(c) for n, c in want["elements"].items()}
    units = found["Antal aktiviteter per status, per sektor/bolag"]
    assert _numbers(units) == {u: as_row(c) for u, c in want["units"].items()}
    marked = sorted(r[0].removesuffix(" (Ej inrapporterat)") for r in units[1:]
                    if r[0].endswith("(Ej inrapporterat)"))
    assert marked == want["not_reported"]
    deviations = found.get("Aktiviteter med avvikelse", [[]])[1:]
    assert sorted(r[2] for r in deviations) == sorted(want["deviations"])


def test_per_action_tables_hold_each_actions_activities(pages, sheets):
    found = tables(page(pages["solvik"]))
    rows = [r for r in sheets["Aktiviteter"][1:]]
    for number in sorted({r[0] for r in rows}):
        listed = found[f"Aktiviteter inom åtgärd {number}"][1:]
        assert sorted(r[1] for r in listed) == sorted(r[3] for r in rows if r[0] == number)
        statuses = {r[1]: r[2] for r in listed}
        for row in rows:
            if row[0] == number and row[6]:
                assert statuses[row[3]].lower() == row[6].lower()


def test_chart_alt_texts_state_every_number_of_the_table_beside(pages, sheets):
    html = page(pages["solvik"])
    want = expected(sheets)
    charts = re.findall(r'<figure class="diagram"><img src="([^"]+)" alt="([^"]+)"', html)
    assert [src for src, _ in charts] == ["bilder/diagram-sammanfattning.png",
                                          "bilder/diagram-strategi.png",
                                          "bilder/diagram-sektorer-bolag.png"]
    summary, strategy, units = (alt for _, alt in charts)
    for status in COLUMNS:
        assert f"{status} {want['overall'][status]}" in summary
    for group, alt in ((want["elements"], strategy), (want["units"], units)):
        for label, counter in group.items():
            parts = ", ".join(f"{s} {counter[s]}" for s in COLUMNS)
            assert f"{label}: {parts}." in alt
    for src, _ in charts:
        assert (pages["solvik"] / "html" / src).is_file()


# -- structure --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["solvik", "example"])
def test_landmarks_skip_link_and_headings_that_never_skip(pages, name):
    parsed = outline(page(pages[name]))
    tags = [t for t, _ in parsed.tags]
    assert dict(parsed.tags)["html"]["lang"] == "sv"
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    skip = next(a for t, a in parsed.tags if t == "a")
    assert skip["href"] == "#" + next(a for t, a in parsed.tags if t == "main")["id"]
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    for before, after in zip(parsed.headings, parsed.headings[1:]):
        assert after <= before + 1, parsed.headings
    assert all(a.get("scope") in ("row", "col") for t, a in parsed.tags if t == "th")
    assert "script" not in tags
    for tag, attrs in parsed.tags:
        for key in ("src", "href"):
            assert not re.match(r"^(https?:)?//|javascript:", attrs.get(key) or "")


def test_sections_in_the_reports_order_and_a_linked_contents(pages):
    parsed = outline(page(pages["solvik"]))
    sections = [b for b in parsed.blocks if b in (
        "Sammanfattning", "Per prioritering och fokusområde", "Per sektor/bolag", "Avvikelser",
        "Per åtgärd", CHANGES)]
    assert sections == ["Sammanfattning", "Per prioritering och fokusområde",
                        "Per sektor/bolag", "Avvikelser", "Per åtgärd", CHANGES]
    ids = {a["id"] for _, a in parsed.tags if "id" in a}
    links = [a["href"][1:] for t, a in parsed.tags if t == "a" and a["href"].startswith("#")]
    assert set(links) <= ids
    # -- skip link, 6 sections, Ej inrapporterat, 4 actions, changed/new/removed --
    assert len(links) == 1 + 6 + 1 + 4 + 3


def test_icons_are_figures_whose_alt_text_is_their_caption(pages, sheets):
    from PIL import Image

    html = page(pages["solvik"])
    served = sum(len([n for n in re.split(r"[;\n]", r[2]) if n.strip()])
                 for r in sheets["Åtgärder"][1:])
    figures = re.findall(r'<figure class="ikon"><img src="([^"]+)" alt="([^"]*)" width="\d+" '
                         r'height="\d+"><figcaption>([^<]*)</figcaption></figure>', html)
    assert len(figures) == html.count('<figure class="ikon"') == served
    assert all(alt == caption and alt for _, alt, caption in figures)
    for src, _, _ in figures:
        with Image.open(pages["solvik"] / "html" / src) as image:
            assert image.width <= PIXEL_WIDTH


def test_follow_up_text_is_escaped_and_keeps_its_line_breaks(pages):
    html = page(pages["solvik"])
    assert "<script>alert" not in html
    assert ("Tio stolpar byggda.<br>Resten i höst. &lt;b&gt;&amp;amp; "
            "&lt;script&gt;alert(1)&lt;/script&gt;") in html


def test_changes_section_only_with_previous(pages):
    assert CHANGES not in page(pages["plain"])
    found = tables(page(pages["solvik"]))
    assert [r[2:] for r in found["Aktiviteter med ändrad status"][1:]] == [
        ["Bygg 20 laddstolpar", "Ej påbörjad", "Pågår"]]
    assert [r[2] for r in found["Nya aktiviteter"][1:]] == ["Rensa diken"]
    assert [r[2] for r in found["Borttagna aktiviteter"][1:]] == ["Rensa dikena"]
    assert ("Jämfört med Helår 2030: 1 med ändrad status, 1 nya och 1 borttagna aktiviteter."
            in outline(page(pages["solvik"])).blocks)


def test_no_comment_anywhere_in_the_page(pages):
    for name in ("solvik", "example"):
        for path in (pages[name] / "html").rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path
                assert b"Kommentar" not in path.read_bytes(), path


def test_manifest_lists_the_page(pages):
    manifest = json.loads((pages["solvik"] / "manifest.json").read_text("utf-8"))
    listed = [o for o in manifest["outputs"] if o["role"] == "followup-html"]
    assert {o["path"] for o in listed} == {
        p.relative_to(pages["solvik"]).as_posix()
        for p in (pages["solvik"] / "html").rglob("*") if p.is_file()}
    assert {o["media_type"] for o in listed} == {"text/html", "text/css", "image/png"}


def test_rebuild_gives_the_same_bytes(pages, tmp_path):
    again = followup(pages["source"], BuildOptions(out_dir=tmp_path / "again", no_pdf=True))
    files = sorted(p for p in (pages["plain"] / "html").rglob("*") if p.is_file())
    assert files
    for path in files:
        twin = again.out_dir / path.relative_to(pages["plain"])
        assert twin.read_bytes() == path.read_bytes(), path.name


def test_broken_page_template_is_a_finding_naming_its_line(tmp_path, sheets):
    """A web editor's own html/uppfoljning.html beside the report's Word template is used,
    and its broken tag stops the follow-up before anything is written."""
    templates = tmp_path / "mall"
    shutil.copytree(ROOT / "templates", templates)
    page_template = templates / "html" / "uppfoljning.html"
    page_template.write_text(page_template.read_text("utf-8").replace(
        "{{ summary.sentence }}", "{{ summary.sentense }}"), "utf-8")
    source = write_followup_input(tmp_path / "in", sheets)
    options = BuildOptions(out_dir=tmp_path / "out", no_pdf=True,
                           followup_template=templates / "uppfoljning.docx")
    with pytest.raises(InputError) as raised:
        followup(source, options)
    (problem,) = raised.value.findings
    assert (problem.code, problem.file) == ("template-unknown-variable", "html/uppfoljning.html")
    assert not (tmp_path / "out").exists()


# -- independent validators --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["solvik", "example"])
def test_w3c_nu_checker_finds_no_error(pages, name):
    assert nu_errors(pages[name] / "html") == []


@pytest.mark.browser
@pytest.mark.parametrize("name", ["solvik", "example"])
def test_axe_core_finds_no_violation(pages, name):
    require_browser()
    driver = open_chromium()
    try:
        driver.get((pages[name] / "html" / "index.html").as_uri())
        assert driver.title.startswith("Uppföljning")  # -- the page, not an error page --
        assert axe_violations(driver) == []
        assert axe_violations(driver, tags=("best-practice",)) == []
    finally:
        driver.quit()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 1280])
def test_page_reflows_without_sideways_scrolling(pages, width):
    """400 % zoom of a 1280 px window is a 320 CSS px viewport (WCAG 1.4.10)."""
    require_browser()
    driver = open_chromium()
    try:
        scroll, client = page_widths(driver, pages["solvik"] / "html" / "index.html", width)
        assert scroll <= client
    finally:
        driver.quit()


def test_print_styles_cover_the_charts(pages):
    css = (pages["solvik"] / "html" / "stil.css").read_text("utf-8")
    assert re.search(r"@media print[^@]*figure\.diagram", css)

