"""roles.py: the one list of a build's files (roles and names) agrees with what reads them."""
from __future__ import annotations

from lxml import etree

from plan_model import roles
from plan_model.archive.metadata import XSD_PATH

XS = "{http://www.w3.org/2001/XMLSchema}"


def test_file_names_are_ascii_and_carry_the_year():
    names = roles.output_names(2031)
    assert set(names) == {roles.PLAN_DOCX, roles.PLAN_PDF, roles.ANNEX_DOCX, roles.ANNEX_PDF,
                          roles.ANNEX_XLSX}
    assert all(name.isascii() and "2031" in name for name in names.values())
    assert len(set(names.values())) == len(names)


def test_the_archive_schema_lists_exactly_the_archived_roles():
    schema = etree.parse(str(XSD_PATH))
    role_type = schema.find(f"{XS}simpleType[@name='Roll']")
    listed = [e.get("value") for e in role_type.iter(f"{XS}enumeration")]
    assert listed == [*roles.PDF_ROLES, *roles.FOLLOWUP_PDF_ROLES, roles.INPUT_XLSX, roles.INPUT_ICON]
