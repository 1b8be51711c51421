"""writers/ooxml/text.py: the writers' last defence keeps text XML can hold, nothing more."""
from __future__ import annotations

import pytest
from lxml import etree

from plan_model.writers.ooxml.text import xml_safe_text
from plan_model.writers.plan.context import document_text


@pytest.mark.parametrize("value, expected", [
    (None, ""),
    (3, "3"),
    ("rad ett\r\nrad två\rrad tre\x0brad fyra", "rad ett\nrad två\nrad tre\nrad fyra"),
    ("a\x00b\x07c\x1fd\ufffee\ud800f", "abcdef"),
    ("flik\tkvar, «citat» & <tagg>", "flik\tkvar, «citat» & <tagg>"),
    # -- no second cleaning policy: spaces and C1 characters are the reader's business --
    ("  två  mellanslag \x85", "  två  mellanslag \x85"),
])
def test_xml_safe_text(value, expected):
    assert xml_safe_text(value) == expected


def test_every_result_is_text_xml_can_hold():
    text = xml_safe_text("".join(chr(c) for c in range(0x20)) + "\ud800\ufffe\uffffslut")
    element = etree.Element("t")
    element.text = text  # -- lxml refuses anything XML 1.0 cannot hold --
    assert element.text.endswith("slut")


def test_the_plan_makes_a_tab_a_space_on_top():
    assert document_text("a\tb\x07\r\nc") == "a b\nc"
