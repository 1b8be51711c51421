"""The plan model: plain, frozen data that every writer consumes. No I/O here.

Every value read from a workbook remembers where it came from (`Source`), so that a check
made long after reading can still point the strategist at the cell to fix.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True)
class Source:
    """A cell in a workbook: file name (as the user knows it), sheet name, A1 reference.

    `cell` is "" when a finding concerns a whole sheet or file.
    """

    file: str
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        return "!".join(part for part in (self.file, self.sheet, self.cell) if part)


NO_SOURCE = Source("")


class StrategyKind(enum.Enum):
    """The three kinds of strategy element; the value is the workbook's word."""

    PRIORITY = "prioritering"
    FOCUS_AREA = "fokusområde"
    WORKING_METHOD = "arbetssätt"


class UnitKind(enum.Enum):
    SECTOR = "sektor"
    COMPANY = "bolag"


@dataclass(frozen=True)
class PlanMetadata:
    """The Dokument sheet. Optional fields are "" (text) or None (dates) when left empty."""

    municipality: str
    document_name: str
    document_type: str
    scope: str
    owner: str
    responsible: str
    year: int
    publication: str = ""
    legal_basis: str = ""
    decided: dt.date | None = None
    review_by: dt.date | None = None
    deciding_body: str = ""
    case_number: str = ""
    annex_case_number: str = ""
    open_data_licence: str = ""
    # -- read for `followup` (SPEC §10), ignored by `build` --
    followup_period: str = ""
    followup_date: dt.date | None = None
    sources: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)


# -- the Dokument fields as data, in the sheet's order (everything but the sources map) --
METADATA_FIELDS = tuple(name for name in PlanMetadata.__dataclass_fields__ if name != "sources")


@dataclass(frozen=True)
class Revision:
    number: int
    date: dt.date | None
    paragraph: str
    description: str
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class StrategyElement:
    """A priority, focus area or working method; `priority` names a focus area's priority."""

    kind: StrategyKind
    name: str
    icon: str
    priority: str = ""
    description: str = ""
    icon_path: Path | None = None
    source: Source = NO_SOURCE
    sources: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Unit:
    """A sector or company of the municipal group; `order` None means "alphabetical"."""

    name: str
    kind: UnitKind
    order: float | None = None
    source: Source = NO_SOURCE


@dataclass(frozen=True)
class Action:
    """An åtgärd; `strategy` holds the names of the strategy elements it serves, in input order."""

    number: int
    title: str
    strategy: tuple[str, ...] = ()
    description: str = ""
    source: Source = NO_SOURCE
    sources: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Activity:
    """One row of Bilaga 1, already resolved to its action's number and its unit's name."""

    action: int
    unit: str
    text: str
    operation: str = ""
    responsible: str = ""
    schedule: str = ""
    status: str = ""
    assessment: str = ""
    follow_up: str = ""
    # -- Kommentar is internal to the strategist's round: no writer may ever print it --
    comment: str = ""
    source: Source = NO_SOURCE
    sources: Mapping[str, Source] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Plan:
    """One plan revision as read from its input: the single thing every writer consumes."""

    metadata: PlanMetadata
    revisions: tuple[Revision, ...] = ()
    strategy: tuple[StrategyElement, ...] = ()
    units: tuple[Unit, ...] = ()
    actions: tuple[Action, ...] = ()
    activities: tuple[Activity, ...] = ()
    input_files: tuple[Path, ...] = ()

    def element(self, name: str) -> StrategyElement | None:
        return next((e for e in self.strategy if e.name == name), None)

    def action(self, number: int) -> Action | None:
        return next((a for a in self.actions if a.number == number), None)

    def unit(self, name: str) -> Unit | None:
        return next((u for u in self.units if u.name == name), None)
