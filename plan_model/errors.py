"""The exceptions that cross module borders; `cli.main` is the one place that maps each to
its exit code (SPEC §2) and its one Swedish line.

Every command below the command line raises on failure (one protocol for check, build,
init_workbook, diff_inputs, archive and verify): a command that returns has succeeded, its
result may still carry warnings.
"""
from __future__ import annotations

import signal

from .findings import Finding


class PlanError(Exception):
    """A failure the user can act on; `exit_code` is its status (SPEC §2)."""

    exit_code = 70


class InputError(PlanError):
    """The input (or template, or build folder) is invalid: carries the findings; exit 1,
    nothing written."""

    exit_code = 1

    def __init__(self, findings: list[Finding], parts: list[tuple[str, list[Finding]]] = ()):
        super().__init__(f"{len(findings)} findings")
        self.findings = list(findings)
        # -- (label, findings) per input when one command read several (diff): their
        #    findings name the same file names, so the user is told whose they are --
        self.parts = list(parts)


class UsageError(PlanError):
    """The command line itself is wrong (a flag that needs another, a bad suffix): exit 2.
    The message is Swedish."""

    exit_code = 2

    def __init__(self, message: str, usage: str = ""):
        super().__init__(message)
        self.usage = usage


class ExternalToolError(PlanError):
    """An external program (LibreOffice) is missing, crashed or timed out: exit 3.

    The message is Swedish and says what to install or what failed.
    """

    exit_code = 3


class OutputError(PlanError):
    """The outputs could not be written (read-only, full, a path that cannot be made, or
    another run holds the folder): exit 4. `folder` is the folder named to the user."""

    exit_code = 4

    def __init__(self, folder, message: str):
        super().__init__(message)
        self.folder = folder


class Interrupted(BaseException):
    """SIGINT, SIGTERM or SIGHUP arrived. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` on the way up swallows it: every `with` and `finally` between the
    signal and `cli.main` runs, and that is what ends LibreOffice and removes staging."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        # -- 128 + signal, as a shell reports it: 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP --
        return 128 + int(self.signum)

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name
