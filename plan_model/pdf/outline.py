"""Where each heading stands: the PDF's bookmarks (LibreOffice makes one per heading) with
their pages, and the page of each TOC entry matched among them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pikepdf

from .. import messages
from ..errors import ExternalToolError


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    page: int  # -- 1-based: the title page is page 1, as in the TOC --


def outline_headings(pdf_path: Path) -> list[Heading]:
    """The PDF's bookmarks (LibreOffice makes one per heading) in document order, each with
    the page its destination points at."""
    with pikepdf.open(pdf_path) as pdf:
        page_numbers = {page.obj.objgen: index + 1 for index, page in enumerate(pdf.pages)}
        named = _named_destinations(pdf)
        headings: list[Heading] = []
        with pdf.open_outline() as outline:
            def walk(items, level):
                for item in items:
                    page = _destination_page(item, named, page_numbers)
                    headings.append(Heading(level, " ".join(item.title.split()), page or 0))
                    walk(item.children, level + 1)
            walk(outline.root, 1)
    return headings


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, object]:
    names = {}
    dests = pdf.Root.get("/Dests")
    if isinstance(dests, pikepdf.Dictionary):
        names.update({str(k)[1:]: v for k, v in dests.items()})
    tree = pdf.Root.get("/Names", pikepdf.Dictionary()).get("/Dests")
    if tree is not None:
        for key, value in pikepdf.NameTree(tree).items():
            names[str(key)] = value
    return names


def _destination_page(item, named, page_numbers) -> int | None:
    target = item.destination
    if target is None and item.action is not None and item.action.get("/S") == "/GoTo":
        target = item.action.get("/D")
    if isinstance(target, (pikepdf.String, pikepdf.Name, str)):
        target = named.get(str(target).lstrip("/"))
    if isinstance(target, pikepdf.Dictionary):
        target = target.get("/D")
    if isinstance(target, pikepdf.Array) and len(target) > 0:
        first = target[0]
        if isinstance(first, pikepdf.Dictionary):
            return page_numbers.get(first.objgen)
        if isinstance(first, int):
            return int(first) + 1
    return None


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_toc_pages(entries: Sequence[tuple[int, str]], headings: Sequence[Heading]) -> list[int]:
    """The page of each TOC entry: entries and bookmarks are both in document order, so each
    entry takes the next bookmark with the same text (the outline may hold more headings
    than the TOC, e.g. deeper levels). Raises ExternalToolError naming an entry not found."""
    pages, position = [], 0
    for _level, text in entries:
        wanted = _key(text)
        for index in range(position, len(headings)):
            if _key(headings[index].title) == wanted and headings[index].page:
                pages.append(headings[index].page)
                position = index + 1
                break
        else:
            raise ExternalToolError(messages.PDF["toc-heading-missing"].format(text=text))
    return pages
