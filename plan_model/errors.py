"""The exceptions that cross module borders; `cli.py` maps each to its exit code."""
from __future__ import annotations

from .findings import Finding


class InputError(Exception):
    """The input (or template) is invalid: carries the findings; exit 1, nothing written."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} findings")
        self.findings = list(findings)


class ExternalToolError(Exception):
    """An external program (LibreOffice) is missing, crashed or timed out: exit 3.

    The message is Swedish and says what to install or what failed.
    """
