"""The input workbook (SPEC §3), plus `aktiviteter/*.xlsx`, → a plan model and findings.

Reading collects findings and goes on, so that one run reports everything; a file that
cannot be opened stops only its own reading. Deciding what an error means is the pipeline's.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import messages
from .. import workbook_layout as layout
from ..findings import Finding, finding
from ..model import (Action, Activity, Plan, PlanMetadata, Revision, Source, StrategyElement,
                     StrategyKind, Unit, UnitKind)
from ..suggest import nearest
from .cells import clean_text, parse_date, parse_int, parse_number
from .icons import icon_problem, large_icon
from .input_folder import display_name, input_base, input_files, wrong_formats
from .workbook import Row, WorkbookRejected, find_sheet, open_workbook, read_table

_INTERNAL_COLUMNS = ("comment",)
_ACTION_WORD = re.compile(r"^åtgärd\s*(?:nr\.?\s*)?(\d+)$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"[;\n]")


@dataclass
class _Context:
    findings: list[Finding]
    # -- how activities may refer to an action that was rejected at its own row (bad
    #    number, no title): its defect is reported there once, not again at each activity --
    rejected_actions: set[str] = field(default_factory=set)

    def add(self, code, source, value="", detail="", suggestion=""):
        self.findings.append(finding(code, source, value, detail, suggestion))

    def text(self, row: Row, key: str) -> str:
        text, removed = clean_text(row.values.get(key))
        if removed:
            # -- Kommentar is internal: its text must not travel in a finding (printed, and
            #    kept in manifest.json); the cell reference says where to look --
            shown = "" if key in _INTERNAL_COLUMNS else text
            self.add("control-character-removed", row.sources[key], shown, ", ".join(removed))
        return text

    def resolve(self, raw: str, names, source: Source, code: str) -> str | None:
        """A name that refers to a list: exact, else case-insensitive (warning), else error."""
        if raw in names:
            return raw
        folded = {n.casefold(): n for n in names}
        if raw.casefold() in folded:
            right = folded[raw.casefold()]
            self.add("case-mismatch", source, raw, right)
            return right
        self.add(code, source, raw, suggestion=nearest(raw, names))
        return None


def read_plan(path: Path, icon_dirs: tuple[Path, ...] = (),
              progress=None) -> tuple[Plan | None, list[Finding]]:
    """Read INPUT (folder or .xlsx). The plan is None when the main workbook cannot be read.

    `progress`, when given, is called with a Swedish line per workbook (many sector files
    can take a while)."""
    report = progress or (lambda text: None)
    ctx = _Context([])
    path = Path(path)
    base = input_base(path)
    main, extra = input_files(path)
    main_name = display_name(main, base)
    wrong = wrong_formats(path, main, base)
    if wrong:
        return None, wrong
    if not main.exists():
        ctx.add("missing-input", Source(main_name), detail=str(main))
        return None, ctx.findings
    report(messages.CLI["progress-read"].format(name=main_name))
    try:
        workbook, uncached = open_workbook(main, main_name)
    except WorkbookRejected as rejected:
        return None, [rejected.finding]
    tables = {}
    for sheet in layout.SHEETS:
        ws = find_sheet(workbook, sheet.name)
        if ws is None:
            if sheet.required:
                ctx.add("missing-sheet", Source(main_name, sheet.name), sheet.name,
                        ", ".join(w.title for w in workbook.worksheets))
            continue
        tables[sheet.key] = read_table(ws, sheet, main_name, uncached.get(ws.title, set()),
                                       ctx.findings)
    if any(tables.get(s.key) is None for s in layout.SHEETS if s.required):
        return None, ctx.findings
    # -- ikoner/ beside the workbook: the input folder, or the folder of a single .xlsx --
    icon_dirs = (base / layout.ICON_FOLDER, *icon_dirs)
    metadata = _read_metadata(tables["document"], ctx, main_name)
    revisions = _read_revisions(tables.get("revisions"), ctx)
    strategy = _read_strategy(tables["strategy"], ctx, icon_dirs)
    units = _read_units(tables["organisation"], ctx)
    actions = _read_actions(tables["actions"], ctx, [e.name for e in strategy])
    activity_rows = list(tables["activities"].rows)
    for extra_path in extra:
        report(messages.CLI["progress-read"].format(name=display_name(extra_path, base)))
        activity_rows += _read_extra(extra_path, display_name(extra_path, base), ctx)
    activities = _read_activities(activity_rows, ctx, actions, [u.name for u in units])
    _require_rows(tables, activity_rows, ctx, main_name)
    if metadata is None:
        return None, ctx.findings
    plan = Plan(metadata, tuple(revisions), tuple(strategy), tuple(units), tuple(actions),
                tuple(activities), (main, *extra))
    return plan, ctx.findings


# -- what a plan without the sheet's rows lacks (the {detail} of empty-sheet) --
_REQUIRED_ROWS = {"strategy": "strategi", "organisation": "sektorer och bolag",
                  "actions": "åtgärder", "activities": "aktiviteter"}


def _require_rows(tables: dict, activity_rows: list[Row], ctx: _Context, file: str) -> None:
    """A required sheet with no data rows is an error (an `init` workbook with only Dokument
    filled in must not build a plan of "0 åtgärder"); Dokument reports its missing fields."""
    for sheet in layout.SHEETS:
        if sheet.key not in _REQUIRED_ROWS or not sheet.required:
            continue
        table = tables[sheet.key]
        rows = activity_rows if sheet.key == "activities" else table.rows
        if not rows:
            ctx.add("empty-sheet", Source(file, table.sheet, f"A{table.header_row + 1}"),
                    table.sheet, _REQUIRED_ROWS[sheet.key])


def _read_extra(path: Path, name: str, ctx: _Context) -> list[Row]:
    try:
        workbook, uncached = open_workbook(path, name)
    except WorkbookRejected as rejected:
        ctx.findings.append(rejected.finding)
        return []
    ws = find_sheet(workbook, layout.ACTIVITIES.name) or workbook.worksheets[0]
    table = read_table(ws, layout.ACTIVITIES, name, uncached.get(ws.title, set()), ctx.findings)
    return table.rows if table else []


def _read_metadata(table, ctx: _Context, file: str) -> PlanMetadata | None:
    values: dict[str, object] = {}
    sources: dict[str, Source] = {}
    invalid: set[str] = set()  # -- reported as not a date/year: not "missing" as well --
    for row in table.rows:
        label, _ = clean_text(row.values.get("field"))
        field = next((f for f in layout.FIELDS if f.matches(label)), None)
        if field is None:
            if label:
                ctx.add("unknown-field", row.sources["field"], label)
            continue
        source = row.sources["value"]
        raw = row.values.get("value")
        sources[field.key] = source
        before = len(ctx.findings)
        values[field.key] = _field_value(field, raw, row, ctx)
        if values[field.key] is None and any(f.code in ("invalid-date", "invalid-year")
                                             for f in ctx.findings[before:]):
            invalid.add(field.key)
    end = table.rows[-1].number + 1 if table.rows else table.header_row + 1
    for field in layout.FIELDS:
        if field.required and values.get(field.key) in (None, "") and field.key not in invalid:
            where = sources.get(field.key, Source(file, layout.DOCUMENT.name, f"A{end}"))
            ctx.add("missing-field", where, field.label)
    if any(f.required and values.get(f.key) in (None, "") for f in layout.FIELDS):
        return None
    text = {k: v for k, v in values.items() if v is not None}
    return PlanMetadata(sources=sources, **text)


def _field_value(field, raw, row: Row, ctx: _Context):
    source = row.sources["value"]
    text = ctx.text(row, "value")
    if text in ("", "-", "–"):
        return "" if field.kind == "text" else None
    try:
        if field.kind == "date":
            return parse_date(raw)
        if field.kind == "year":
            year = parse_int(raw)
            if not 1900 <= year <= 2999:
                raise ValueError(raw)
            return year
    except ValueError:
        ctx.add("invalid-date" if field.kind == "date" else "invalid-year", source, text)
        return None
    return text


def _read_revisions(table, ctx: _Context) -> list[Revision]:
    revisions = []
    for row in table.rows if table else []:
        number_text = ctx.text(row, "number")
        try:
            number = parse_int(row.values.get("number"))
        except ValueError:
            ctx.add("invalid-number", row.sources["number"], number_text)
            continue
        date = None
        if clean_text(row.values.get("date"))[0]:
            try:
                date = parse_date(row.values.get("date"))
            except ValueError:
                ctx.add("invalid-date", row.sources["date"], ctx.text(row, "date"))
        revisions.append(Revision(number, date, ctx.text(row, "paragraph"),
                                  ctx.text(row, "description"), row.source))
    return revisions


def _kind(text: str, kinds: dict[str, str]) -> str | None:
    return kinds.get(layout.normalise_name(text))


def _read_strategy(table, ctx: _Context, icon_dirs) -> list[StrategyElement]:
    elements = []
    for row in table.rows:
        name = ctx.text(row, "name")
        kind_text = ctx.text(row, "kind")
        kind = _kind(kind_text, layout.STRATEGY_KINDS)
        if kind is None:
            ctx.add("unknown-strategy-kind", row.sources["kind"], kind_text,
                    suggestion=nearest(kind_text, ["Prioritering", "Fokusområde", "Arbetssätt"]))
            continue
        if not name:
            ctx.add("missing-strategy-name", row.sources["name"])
            continue
        icon = ctx.text(row, "icon")
        elements.append(StrategyElement(
            kind=StrategyKind(kind), name=name, icon=icon,
            priority=ctx.text(row, "priority") if kind == "fokusområde" else "",
            description=ctx.text(row, "description"),
            icon_path=_find_icon(icon, row.sources["icon"], icon_dirs, ctx),
            source=row.sources["name"], sources=dict(row.sources)))
    priorities = [e.name for e in elements if e.kind is StrategyKind.PRIORITY]
    resolved = []
    for element in elements:
        if element.kind is StrategyKind.FOCUS_AREA:
            source = element.sources["priority"] if "priority" in element.sources else element.source
            name = ctx.resolve(element.priority, priorities, source, "unknown-priority")
            element = replace(element, priority=name or element.priority)
        resolved.append(element)
    return resolved


def _find_icon(name: str, source: Source, icon_dirs, ctx: _Context) -> Path | None:
    if not name:
        ctx.add("missing-icon", source, name)
        return None
    if "/" in name or "\\" in name or name in (".", ".."):
        ctx.add("icon-path", source, name)
        return None
    wanted = unicodedata.normalize("NFC", name)
    for folder in icon_dirs:
        if not folder.is_dir():
            continue
        for candidate in folder.iterdir():
            if unicodedata.normalize("NFC", candidate.name) == wanted and candidate.is_file():
                problem = icon_problem(candidate)
                if problem is not None:
                    ctx.add(problem[0], source, name, problem[1])
                    return None
                size = large_icon(candidate)
                if size:
                    ctx.add("icon-large", source, name, size)
                return candidate
    ctx.add("missing-icon", source, name)
    return None


def _read_units(table, ctx: _Context) -> list[Unit]:
    units = []
    for row in table.rows:
        name = ctx.text(row, "name")
        kind_text = ctx.text(row, "kind")
        kind = _kind(kind_text, layout.UNIT_KINDS)
        if not name:
            ctx.add("missing-unit-name", row.sources["name"])
            continue
        if kind is None:
            ctx.add("unknown-unit-kind", row.sources["kind"], kind_text,
                    suggestion=nearest(kind_text, ["Sektor", "Bolag"]))
            continue
        order = None
        order_text = ctx.text(row, "order") if "order" in row.values else ""
        if order_text:
            try:
                order = parse_number(row.values["order"])
            except ValueError:
                ctx.add("invalid-number", row.sources["order"], order_text)
        units.append(Unit(name, UnitKind(kind), order, row.sources["name"]))
    return units


def _read_actions(table, ctx: _Context, element_names) -> list[Action]:
    actions = []
    for row in table.rows:
        number_text = ctx.text(row, "number")
        title = ctx.text(row, "title")
        if not number_text:
            ctx.add("missing-action-number", row.sources["number"])
            ctx.rejected_actions.add(title.casefold())
            continue
        try:
            number = parse_int(row.values["number"])
            if number < 1:
                raise ValueError(number)
        except ValueError:
            ctx.add("invalid-action-number", row.sources["number"], number_text)
            ctx.rejected_actions.update({number_text.casefold(), title.casefold()})
            continue
        if not title:
            ctx.add("missing-action-title", row.sources["title"], number)
            ctx.rejected_actions.add(str(number))
            continue
        strategy = []
        for item in _LIST_SPLIT.split(ctx.text(row, "strategy")):
            item = item.strip()
            if item:
                name = ctx.resolve(item, element_names, row.sources["strategy"],
                                   "unknown-strategy-element")
                if name and name not in strategy:
                    strategy.append(name)
        actions.append(Action(number, title, tuple(strategy), ctx.text(row, "description"),
                              row.sources["title"], dict(row.sources)))
    return actions


def _read_activities(rows, ctx: _Context, actions, unit_names) -> list[Activity]:
    activities = []
    for row in rows:
        text = ctx.text(row, "text")
        action_text = ctx.text(row, "action")
        unit_text = ctx.text(row, "unit")
        problems = [(not action_text, "missing-activity-action", "action"),
                    (not unit_text, "missing-activity-unit", "unit"),
                    (not text, "missing-activity-text", "text")]
        for missing, code, key in problems:
            if missing:
                ctx.add(code, row.sources[key])
        if any(p[0] for p in problems):
            continue
        number = _resolve_action(row.values["action"], action_text, row.sources["action"],
                                 actions, ctx)
        unit = ctx.resolve(unit_text, unit_names, row.sources["unit"], "unknown-unit")
        if number is None or unit is None:
            continue
        optional = {k: ctx.text(row, k) for k in _OPTIONAL_ACTIVITY_FIELDS if k in row.values}
        for key, values, code in _LISTED_FIELDS:
            if optional.get(key):
                optional[key] = _listed(optional[key], values, row.sources[key], code, ctx)
        activities.append(Activity(action=number, unit=unit, text=text, source=row.sources["text"],
                                   sources=dict(row.sources), **optional))
    return activities


_OPTIONAL_ACTIVITY_FIELDS = ("operation", "responsible", "schedule", "status", "assessment",
                             "follow_up", "comment")
# -- Status and Bedömning must be one of SPEC §3's words; outside the list a warning here, an
#    error in `followup` (pipeline.followup turns the code into its error twin) --
_LISTED_FIELDS = (("status", layout.STATUSES, "unknown-status"),
                  ("assessment", layout.ASSESSMENTS, "unknown-assessment"))


def _listed(text: str, values: tuple[str, ...], source: Source, code: str,
            ctx: _Context) -> str:
    """The list's own spelling when `text` matches case-insensitively (`pågår` is Pågår, no
    finding: SPEC §3 matches statuses so); otherwise `text` kept, with a finding."""
    wanted = layout.normalise_name(text)
    for value in values:
        if layout.normalise_name(value) == wanted:
            return value
    ctx.add(code, source, text, suggestion=nearest(text, list(values)))
    return text


def _resolve_action(raw, text: str, source: Source, actions, ctx: _Context) -> int | None:
    """A number first (3, 3.0, "3", "Åtgärd 3"), then a title. An action rejected at its own
    row gives None without a finding: its defect is reported there."""
    numbers = {a.number for a in actions}
    match = _ACTION_WORD.match(text)
    try:
        number = int(match.group(1)) if match else parse_int(raw)
    except ValueError:
        number = None
    rejected = ctx.rejected_actions - {""}
    if text.casefold() in rejected or (number is not None and str(number) in rejected):
        return None
    if number is not None:
        if number in numbers:
            return number
        ctx.add("unknown-action", source, text,
                suggestion=nearest(text, [f"Åtgärd {n}" for n in sorted(numbers)], 0.8))
        return None
    titles = {a.title: a.number for a in actions}
    title = ctx.resolve(text, list(titles), source, "unknown-action")
    return titles[title] if title else None
