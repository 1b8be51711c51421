"""writers/template_check.py: the plan and Bilaga 1 templates are checked by one mechanism,
so the same broken tag gives the same finding in either (issue 11)."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from builders import write_solvik
from plan_model.errors import InputError
from plan_model.options import DEFAULT_ANNEX_TEMPLATE, DEFAULT_PLAN_TEMPLATE, BuildOptions
from plan_model.pipeline import check
from plan_model.writers.annex.docx import write_annex_docx
from plan_model.writers.plan.docx import write_plan_docx

WRITERS = {"plan": (DEFAULT_PLAN_TEMPLATE, "template", write_plan_docx),
           "annex": (DEFAULT_ANNEX_TEMPLATE, "annex_template", write_annex_docx)}

BROKEN = [
    # (paragraph text, code, value, a part of the message)
    ("Okänt: {{ kommun }}", "template-unknown-variable", "{{ kommun }}", "«{{ kommun }}»"),
    ("Trasig: {{ 1 + }}", "template-syntax", "{{ 1 + }}", "oväntat «}}»"),
    ("Filter: {{ 1|versaler }}", "template-syntax", "{{ 1|versaler }}", "«versaler»"),
    ("Delat: {{ 1 / 0 }}", "template-syntax", "{{ 1 / 0 }}", "division by zero"),
]


@pytest.fixture(scope="module")
def solvik_plan(tmp_path_factory):
    return check(write_solvik(tmp_path_factory.mktemp("solvik") / "solvik")).plan


def _finding(plan, kind: str, text: str, folder: Path):
    template, option, write = WRITERS[kind]
    document = Document(str(template))
    document.add_paragraph(text)
    path = folder / f"{kind}-mall.docx"
    document.save(str(path))
    count = len(list(document.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")))
    with pytest.raises(InputError) as caught:
        write(plan, BuildOptions(**{option: path}))
    [found] = caught.value.findings
    return found, count


@pytest.mark.parametrize("text, code, value, part", BROKEN, ids=[b[1] + ":" + b[2] for b in BROKEN])
def test_the_same_broken_tag_gives_the_same_finding_in_plan_and_annex(solvik_plan, tmp_path,
                                                                       text, code, value, part):
    for kind in WRITERS:
        found, count = _finding(solvik_plan, kind, text, tmp_path)
        assert (found.code, found.file, found.sheet, found.cell, found.value) == \
            (code, f"{kind}-mall.docx", "", f"stycke {count}", value), kind
        assert f"stycke {count}, som börjar «{text}»" in found.message, kind
        assert part in found.message, (kind, found.message)


def test_a_template_that_is_no_docx_gives_the_same_finding_in_plan_and_annex(solvik_plan,
                                                                             tmp_path):
    fake = tmp_path / "mall.docx"
    fake.write_text("ingen zip", encoding="utf-8")
    seen = []
    for kind, (_, option, write) in WRITERS.items():
        with pytest.raises(InputError) as caught:
            write(solvik_plan, BuildOptions(**{option: fake}))
        [found] = caught.value.findings
        seen.append((found.code, found.file, found.value, found.message))
    assert seen[0] == seen[1] and seen[0][0] == "template-unreadable"
