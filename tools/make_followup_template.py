"""Build templates/uppfoljning.docx: the follow-up report's template (SPEC §10).

    .venv/bin/python tools/make_followup_template.py [OUT.docx]

Like tools/make_plan_template.py (whose styles, page set-up and helpers it reuses, so the two
documents look like one family), the .docx this writes is the product: the strategist
restyles it in Word; `plan_model/followup/docx.py` only reads it. Every variable used here is
documented in `plan_model/followup/context.py`.
"""
from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_plan_template",
                                               ROOT / "tools" / "make_plan_template.py")
plan = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(plan)

DEFAULT_OUT = ROOT / "templates" / "uppfoljning.docx"
STATUSES = ("Ej påbörjad", "Pågår", "Genomförd", "Försenad", "Avbruten", "Ingen uppgift")
p = plan.p


def styles(doc) -> None:
    plan.make_styles(doc)
    # -- the report is read straight through: an action's heading does not start a page --
    doc.styles["Heading 2"].paragraph_format.page_break_before = False
    doc.styles["Heading 2"].font.size = Pt(14)
    doc.styles["Heading 2"].paragraph_format.space_before = Pt(16)
    chart = plan._paragraph_style(doc, "Diagram", before=6, after=4, keep_next=True)
    chart.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    plan._paragraph_style(doc, "Tabelltal", "Tabelltext").paragraph_format.alignment = \
        WD_ALIGN_PARAGRAPH.RIGHT
    plan._paragraph_style(doc, "Tabellrubrik tal", "Tabellrubrik", size=8).paragraph_format.alignment = \
        WD_ALIGN_PARAGRAPH.RIGHT
    plan._paragraph_style(doc, "Tabellrad prioritering", "Tabelltext", bold=True)
    plan._paragraph_style(doc, "Tabellrad fokusområde", "Tabelltext").paragraph_format \
        .left_indent = Cm(0.4)
    plan._paragraph_style(doc, "Sammanfattningstext", size=12, before=6, after=10)


def table(doc, columns, rows) -> None:
    """A table at the text width: a shaded header row repeated on every page, then `rows`,
    each a docxtpl row tag (a str, which takes the whole row) or (cell texts, style)."""
    tbl = doc.add_table(rows=1, cols=len(columns))
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    plan._borders(tbl, colour="A6A6A6")
    widths = [Cm(w) for _, w, _ in columns]
    for cell, (header, _, numeric), width in zip(tbl.rows[0].cells, columns, widths):
        cell.width = width
        cell.paragraphs[0].text = header
        cell.paragraphs[0].style = doc.styles["Tabellrubrik tal" if numeric else "Tabellrubrik"]
        plan._shade(cell, plan.TINT_HEX)
        plan._cell_props(cell, valign="bottom")
    plan._repeat_header(tbl.rows[0])
    plan._cant_split(tbl.rows[0])
    for row in rows:
        cells = tbl.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        if isinstance(row, str):
            cells[0].paragraphs[0].text = row
            cells[0].paragraphs[0].style = doc.styles["Tabelltext"]
            continue
        texts, style = row
        for cell, text, (_, _, numeric) in zip(cells, texts, columns):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles["Tabelltal" if numeric else style]
        plan._cant_split(tbl.rows[-1])
    plan._set_grid(tbl, widths)
    for row in tbl.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_before = Pt(1)
            cell.paragraphs[0].paragraph_format.space_after = Pt(1)


def count_columns(first: str):
    return [(first, 3.8, False)] + [(s, 1.74, True) for s in STATUSES] + [("Totalt", 1.74, True)]


def count_cells(label: str):
    return [label] + [f"{{{{ row.counts[{i}] }}}}" for i in range(len(STATUSES))] + \
        ["{{ row.total }}"]


def title_page(doc) -> None:
    p(doc, "{{ plan.municipality }}", "Titelrad")
    p(doc, "Uppföljning {{ followup.period }}", "Title")
    p(doc, "{{ plan.document_name }}", "Subtitle")
    rows = [("Plan", "{{ plan.document_name }}"),
            ("Uppföljningsperiod", "{{ followup.period }}"),
            ("Uppföljningsdatum", "{{ followup.date }}"),
            ("Planens diarienummer", "{{ plan.case_number|dash }}"),
            ("Dokumentägare", "{{ plan.owner }}"),
            ("Dokumentansvarig", "{{ plan.responsible }}")]
    tbl = doc.add_table(rows=0, cols=2)
    plan._borders(tbl, colour="BFBFBF")
    widths = (Cm(4.5), Cm(11.5))
    # -- a header row (TH in the tagged PDF: PDF/UA wants one in every table) --
    cells = tbl.add_row().cells
    merged = cells[0].merge(cells[1])
    merged.paragraphs[0].text = "Uppgifter om uppföljningen"
    merged.paragraphs[0].style = doc.styles["Metadatarubrik"]
    plan._shade(merged, plan.TINT_HEX)
    plan._repeat_header(tbl.rows[-1])
    for label, value in rows:
        cells = tbl.add_row().cells
        for cell, width, text, style in zip(cells, widths, (label, value),
                                            ("Tabellrubrik", "Tabelltext")):
            cell.width = width
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles[style]
        plan._shade(cells[0], plan.TINT_HEX)
    plan._set_grid(tbl, widths)


def summary(doc) -> None:
    p(doc, "Sammanfattning", "Heading 1", page_break=True)
    p(doc, "{{ summary.sentence }}", "Sammanfattningstext")
    p(doc, "{{ summary.chart }}", "Diagram")
    table(doc, [("Status", 7.0, False), ("Antal", 3.0, True), ("Andel", 3.0, True)], [
        "{%tr for row in summary.rows %}",
        (["{{ row.status }}", "{{ row.count }}", "{{ row.share }} %"], "Tabelltext"),
        "{%tr endfor %}",
        (["Totalt", "{{ summary.total }}", "100 %"], "Tabellrubrik"),
    ])
    p(doc, "En aktivitet utan status räknas som Ingen uppgift. Andelarna är avrundade till "
           "hela procent.", "Förklaring")


def by_strategy(doc) -> None:
    p(doc, "Per prioritering och fokusområde", "Heading 1")
    p(doc, "En aktivitet räknas under varje fokusområde och prioritering som dess åtgärd "
           "bidrar till. En prioritering räknas en gång per aktivitet, även när åtgärden har "
           "flera fokusområden inom den. Därför blir summan av raderna större än antalet "
           "aktiviteter.")
    p(doc, "{{ strategy.chart }}", "Diagram")
    table(doc, count_columns("Prioritering / fokusområde"), [
        "{%tr for row in strategy.rows %}",
        "{%tr if row.is_priority %}",
        (count_cells("{{ row.label }}"), "Tabellrad prioritering"),
        "{%tr else %}",
        (count_cells("{{ row.label }}"), "Tabellrad fokusområde"),
        "{%tr endif %}",
        "{%tr endfor %}",
    ])


def by_unit(doc) -> None:
    p(doc, "Per sektor/bolag", "Heading 1")
    p(doc, "Varje aktivitet räknas under sin egen sektor eller sitt eget bolag.")
    p(doc, "{{ units.chart }}", "Diagram")
    table(doc, count_columns("Sektor/bolag"), [
        "{%tr for row in units.rows %}",
        (count_cells("{{ row.label }}{% if row.not_reported %} (Ej inrapporterat){% endif %}"),
         "Tabelltext"),
        "{%tr endfor %}",
    ])
    p(doc, "{%p if units.not_reported %}")
    p(doc, "Ej inrapporterat", "Listrubrik")
    p(doc, "Följande sektorer och bolag har inte rapporterat status för någon av sina "
           "aktiviteter:")
    p(doc, "{%p for name in units.not_reported %}")
    p(doc, "{{ name }}", "List Bullet")
    p(doc, "{%p endfor %}")
    p(doc, "{%p endif %}")


ACTIVITY_COLUMNS = [("Sektor/bolag", 3.0, False), ("Aktivitet", 4.9, False),
                    ("Status", 2.3, False), ("Bedömning", 2.2, False),
                    ("Uppföljning", 3.6, False)]
ACTIVITY_CELLS = ["{{ activity.unit }}", "{{ activity.text }}", "{{ activity.status }}",
                  "{{ activity.assessment }}", "{{ activity.follow_up }}"]


def deviations(doc) -> None:
    p(doc, "Avvikelser", "Heading 1")
    p(doc, "{%p if deviations %}")
    p(doc, "Aktiviteter som är försenade eller avbrutna, eller som bedöms inte gå enligt plan "
           "({{ deviation_count }} st).")
    table(doc, [("Åtgärd", 1.4, True)] + ACTIVITY_COLUMNS[:1] + [("Aktivitet", 4.3, False)]
          + ACTIVITY_COLUMNS[2:4] + [("Uppföljning", 2.8, False)], [
        "{%tr for activity in deviations %}",
        (["{{ activity.action }}"] + ACTIVITY_CELLS, "Tabelltext"),
        "{%tr endfor %}",
    ])
    p(doc, "{%p else %}")
    p(doc, "Ingen aktivitet är försenad eller avbruten, och ingen bedöms gå ej enligt plan.")
    p(doc, "{%p endif %}")


def by_action(doc) -> None:
    p(doc, "Per åtgärd", "Heading 1", page_break=True)
    p(doc, "{%p for action in actions %}")
    p(doc, "{{ action.number }}. {{ action.title }}", "Heading 2")
    p(doc, "{%p for element in action.elements %}")
    plan._icon_line(doc, "{{ element.small_icon }}", "{{ element.name }}",
                    "Ikonrad fokusområde", "Ikonnamn liten")
    p(doc, "{%p endfor %}")
    p(doc, "{{ action.counts_text }}", "Listrubrik")
    p(doc, "{%p if action.activities %}")
    table(doc, ACTIVITY_COLUMNS, [
        "{%tr for activity in action.activities %}",
        (ACTIVITY_CELLS, "Tabelltext"),
        "{%tr endfor %}",
    ])
    p(doc, "{%p endif %}")
    p(doc, "{%p endfor %}")


def changes(doc) -> None:
    change_columns = [("Åtgärd", 1.4, True), ("Sektor/bolag", 3.2, False),
                      ("Aktivitet", 6.4, False), ("Förra", 2.5, False), ("Nu", 2.5, False)]
    list_columns = [("Åtgärd", 1.4, True), ("Sektor/bolag", 3.2, False),
                    ("Aktivitet", 8.9, False), ("Status", 2.5, False)]
    p(doc, "{%p if changes %}")
    p(doc, "Förändring sedan förra uppföljningen", "Heading 1", page_break=True)
    p(doc, "{{ changes.sentence }}")
    p(doc, "{%p if changes.changed %}")
    p(doc, "Ändrad status", "Heading 2")
    table(doc, change_columns, [
        "{%tr for change in changes.changed %}",
        (["{{ change.action }}", "{{ change.unit }}", "{{ change.text }}",
          "{{ change.before|dash }}", "{{ change.after|dash }}"], "Tabelltext"),
        "{%tr endfor %}"])
    p(doc, "{%p endif %}")
    for key, heading in (("added", "Nya aktiviteter"), ("removed", "Borttagna aktiviteter")):
        p(doc, f"{{%p if changes.{key} %}}")
        p(doc, heading, "Heading 2")
        table(doc, list_columns, [
            f"{{%tr for activity in changes.{key} %}}",
            (["{{ activity.action }}", "{{ activity.unit }}", "{{ activity.text }}",
              "{{ activity.status|dash }}"], "Tabelltext"),
            "{%tr endfor %}"])
        p(doc, "{%p endif %}")
    p(doc, "{%p endif %}")


def build(out: Path) -> Path:
    doc = Document()
    styles(doc)
    plan.page_setup(doc)
    doc.sections[0].header.paragraphs[0].runs[0].text = \
        "Uppföljning {{ followup.period }} – {{ plan.document_name }}"
    plan.settings(doc)
    plan.bullets(doc)
    title_page(doc)
    plan.contents(doc)
    summary(doc)
    by_strategy(doc)
    by_unit(doc)
    deviations(doc)
    by_action(doc)
    changes(doc)
    props = doc.core_properties
    props.title = "Mall: uppföljning av handlingsplanen"
    props.author = props.last_modified_by = ""
    props.language = plan.LANGUAGE
    props.comments = ("Mall för uppföljningsrapporten. Texter, typsnitt och färger får ändras; "
                      "taggarna med klammerparenteser fylls i från arbetsboken.")
    props.created = props.modified = plan.TEMPLATE_DATE
    props.revision = 1
    package = doc.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[key]
    for key, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[key]
    buffer = io.BytesIO()
    doc.save(buffer)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(plan.normalise_package(buffer.getvalue(), plan.TEMPLATE_DATE))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    print(build(target))
