"""Characters that no font of the document can show (SPEC §3): they would vanish from the
PDF without a word (an emoji, say), so each is a warning naming the cell and the character.

The fonts are those the PDF embeds: the template's fonts (word/fontTable.xml) as fontconfig
resolves them for LibreOffice (Calibri → Carlito), whose character maps fontTools reads; a
character none of them has is looked up once more among every installed font, because
LibreOffice falls back to any font that has it (and embeds that one). Latin text and common
punctuation, which every document font has, are not looked up at all, so an ordinary plan
costs nothing here. Without fontconfig (no fc-match) nothing can be said, and nothing is.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

from .findings import Finding, finding
from .model import Plan

# -- Latin (Basic to Extended-B), general punctuation, €, ™: in every font a template uses --
_COMMON = re.compile(r"[\u0000-\u024f\u2000-\u206f\u20ac\u2122\s]")
_FONT_NAME = re.compile(rb'<w:font\b[^>]*\bw:name="([^"]+)"')


def font_findings(plan: Plan, template: Path) -> list[Finding]:
    texts = list(_published_texts(plan))
    rare = {ch for text, _ in texts for ch in text if not _COMMON.match(ch)}
    if not rare or shutil.which("fc-match") is None:
        return []
    shown = _covered(_template_fonts(Path(template)))
    missing = {ch for ch in rare if ord(ch) not in shown and not _fallback_has(ch)}
    found = []
    for text, source in texts:
        for ch in dict.fromkeys(c for c in text if c in missing):
            found.append(finding("glyph-missing", source, ch, _describe(ch)))
    return found


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '').lower()}".strip()


def _published_texts(plan: Plan):
    """(text, source) of every value the documents show; Kommentar is never published."""
    meta = plan.metadata
    for key, source in meta.sources.items():
        value = getattr(meta, key, None)
        if isinstance(value, str):
            yield value, source
    for revision in plan.revisions:
        yield revision.paragraph, revision.source
        yield revision.description, revision.source
    for element in plan.strategy:
        for key in ("name", "description"):
            yield getattr(element, key), element.sources.get(key, element.source)
    for unit in plan.units:
        yield unit.name, unit.source
    for action in plan.actions:
        for key in ("title", "description"):
            yield getattr(action, key), action.sources.get(key, action.source)
    for activity in plan.activities:
        for key in ("text", "operation", "responsible", "schedule"):
            yield getattr(activity, key), activity.sources.get(key, activity.source)


def _template_fonts(template: Path) -> tuple[str, ...]:
    """The font names a template declares (what its styles and runs may use)."""
    try:
        with zipfile.ZipFile(template) as package:
            table = package.read("word/fontTable.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ()
    names = [n.decode("utf-8", "replace") for n in _FONT_NAME.findall(table)]
    return tuple(sorted(set(names)))


@functools.lru_cache(maxsize=8)
def _covered(families: tuple[str, ...]) -> frozenset[int]:
    """Every code point the fonts that fontconfig gives for `families` have."""
    from fontTools.ttLib import TTFont, TTLibError

    points: set[int] = set()
    for path in {font_file(family) for family in families} - {None}:
        try:
            with TTFont(path, lazy=True, fontNumber=0) as font:
                points.update(font.getBestCmap() or {})
        except (OSError, TTLibError, AttributeError):
            continue
    return frozenset(points)


def font_file(pattern: str) -> str | None:
    """The file fontconfig gives for `pattern` ("Carlito", "Carlito:bold"): that font, or
    the installed font it stands in with; None without fontconfig."""
    if shutil.which("fc-match") is None:
        return None
    run = subprocess.run(["fc-match", "--format=%{file}", pattern], capture_output=True,
                         text=True, timeout=30)
    return run.stdout.strip() or None if run.returncode == 0 else None


@functools.lru_cache(maxsize=1024)
def _fallback_has(ch: str) -> bool:
    """Whether any installed font has `ch` (LibreOffice then uses and embeds that one)."""
    run = subprocess.run(["fc-list", f":charset={ord(ch):x}", "family"], capture_output=True,
                         text=True, timeout=30)
    return run.returncode == 0 and bool(run.stdout.strip())
