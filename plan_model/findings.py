"""Findings: validation results as data, rendered as text lines or JSON in one place."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from . import messages
from .model import Source


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    file: str
    sheet: str
    cell: str
    message: str
    value: str = ""
    suggestion: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == messages.ERROR

    @property
    def where(self) -> str:
        return str(Source(self.file, self.sheet, self.cell))

    def line(self) -> str:
        """`FEL  file!sheet!cell: message – menade du «…»?`"""
        text = f"{messages.LEVEL_WORD[self.level]}  {self.where}: {self.message}"
        if self.suggestion:
            text += " – " + messages.SUGGESTION.format(suggestion=self.suggestion)
        return text


def finding(code: str, source: Source, value: object = "", detail: str = "",
            suggestion: str = "") -> Finding:
    """Build a finding from its code; level and wording come from the catalogue only."""
    value_text = "" if value is None else str(value)
    return Finding(level=messages.level_of(code), code=code, file=source.file,
                   sheet=source.sheet, cell=source.cell,
                   message=messages.render(code, value=value_text, detail=detail),
                   value=value_text, suggestion=suggestion or "")


def sort_findings(findings) -> list[Finding]:
    """Errors before warnings; otherwise in the order they were found."""
    return sorted(findings, key=lambda f: 0 if f.is_error else 1)


def has_errors(findings) -> bool:
    return any(f.is_error for f in findings)


def to_json(findings) -> str:
    return json.dumps([asdict(f) for f in sort_findings(findings)], ensure_ascii=False, indent=2)
