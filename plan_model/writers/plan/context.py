"""Plan → the template variables of the plan document, documented in one place.

The plan template (`templates/handlingsplan.docx`) is the communicator's; it sees the plan
only through the names below. They are English snake_case following the model, and every
value is plain data (strings, numbers, lists, dicts) or a picture: nothing in here is ever
evaluated as a template, and docxtpl escapes every string when it renders.

| variable | Swedish meaning | example |
|---|---|---|
| `plan.municipality` | Kommun | Solvik |
| `plan.municipality_genitive` | kommunens namn i genitiv | Solviks |
| `plan.document_name` | Dokumentnamn | Åtgärdsplan för miljöprogrammet 2031 |
| `plan.document_type` | Dokumenttyp | Åtgärdsplan |
| `plan.scope` | Omfattar | Solviks kommun |
| `plan.owner` | Dokumentägare | Stadsdirektör |
| `plan.responsible` | Dokumentansvarig | Hållbarhetsstrateg |
| `plan.year` | Planår | 2031 |
| `plan.previous_year` | året före planåret | 2030 |
| `plan.publication` | Publicering ("" om tomt) | Solviks webbplats |
| `plan.legal_basis` | Författningsstöd ("" om tomt) | |
| `plan.decided` | Beslutad, ÅÅÅÅ-MM-DD ("" om tomt) | 2031-03-15 |
| `plan.review_by` | Bör revideras senast ("" om tomt) | 2032-03-01 |
| `plan.deciding_body` | Beslutsinstans ("" om tomt) | Kommunstyrelsen |
| `plan.case_number` | Diarienummer ("" om tomt) | KS 2031/77 |
| `plan.annex_case_number` | Diarienummer Bilaga 1 ("" om tomt) | |
| `plan.action_count` | antal åtgärder | 3 |
| `revisions` | Revideringar, lista | |
| `revision.number`, `.date`, `.paragraph`, `.description` | Revidering, Datum, Paragraf, Beskrivning | 1, 2031-03-15, § 42 |
| `strategy.priorities` | prioriteringarna, lista av element | |
| `strategy.focus_areas`, `strategy.working_methods` | fokusområdena, arbetssätten | |
| `strategy.priority_count`, `.focus_area_count`, `.working_method_count` | antal | 1 |
| `strategy.priority_count_words`, `.focus_area_count_words`, `.working_method_count_words` | antalet i ord (tal över tolv med siffror) | en, två, ett |
| `strategy.priority_names` | prioriteringarnas namn som svensk uppräkning | A, B och C |
| `element.name` | strategielementets Namn | Minska utsläppen |
| `element.kind` | Typ: prioritering, fokusområde eller arbetssätt | fokusområde |
| `element.description` | Beskrivning | |
| `element.icon` | ikonen som bild (ca 1,8 cm, namnet som alternativtext) | |
| `element.small_icon` | samma ikon, mindre (ca 1,2 cm) | |
| `priority.focus_areas` | en prioriterings fokusområden, lista av element | |
| `units` | alla sektorer/bolag i organisationens ordning | |
| `unit.name`, `unit.kind` | Namn, Typ (sektor/bolag) | Miljöförvaltningen, sektor |
| `actions` | åtgärderna i nummerordning | |
| `action.number`, `action.title`, `action.description` | Nr, Åtgärd, Beskrivning | 1, Fler laddstolpar |
| `action.elements` | strategielementen åtgärden bidrar till, lista av element | |
| `action.units` | sektorer/bolag med aktiviteter inom åtgärden (härledda ur Bilaga 1) | |
| `action.unit_marks` | för varje post i `units`: har den aktiviteter inom åtgärden? | true, false |
| `action.activity_count` | antal aktiviteter inom åtgärden | 2 |

Filter: `{{ value|dash }}` shows "–" for an empty value (optional metadata fields).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ... import derive
from ...messages import LIST_AND, NUMBER_ONE_NEUTER, NUMBER_WORDS
from ...model import Plan, StrategyElement, StrategyKind, Unit
from ..ooxml.text import xml_safe_text

DASH = "–"
# -- a picture maker: (element, size) → an object the template engine renders as a picture;
#    None in tests of this module, where only the data matters --
PictureMaker = Callable[[StrategyElement, str], Any]
ICON = "icon"
SMALL_ICON = "small_icon"


def dash(value: Any) -> Any:
    """The `dash` template filter: "–" for an empty optional value, never a prompt text."""
    return DASH if value is None or value == "" else value


def document_text(text: str) -> str:
    """Text for the plan document: what XML can hold (ooxml.text), line breaks kept (the
    renderer makes them real breaks), a tab made a space.

    docxtpl turns a tab inside rendered text into a tab stop; the reader has made tabs spaces
    already, and this keeps a plan built in code from smuggling one in.
    """
    return xml_safe_text(text).replace("\t", " ")


def genitive(name: str) -> str:
    """Swedish genitive: "Solvik" → "Solviks", but no extra s after s, x or z ("Kramfors")."""
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def count_words(count: int, neuter: bool = False) -> str:
    """Small counts as Swedish words ("tre", "ett fokusområde"), larger ones as digits."""
    if count == 1 and neuter:
        return NUMBER_ONE_NEUTER
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def join_names(names: list[str]) -> str:
    """"A", "A och B", "A, B och C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {LIST_AND} {names[-1]}"


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def plan_variables(plan: Plan) -> dict:
    meta = plan.metadata
    return {
        "municipality": meta.municipality,
        "municipality_genitive": genitive(meta.municipality),
        "document_name": document_text(meta.document_name),
        "document_type": document_text(meta.document_type),
        "scope": document_text(meta.scope),
        "owner": document_text(meta.owner),
        "responsible": document_text(meta.responsible),
        "year": meta.year,
        "previous_year": meta.year - 1,
        "publication": document_text(meta.publication),
        "legal_basis": document_text(meta.legal_basis),
        "decided": _date(meta.decided),
        "review_by": _date(meta.review_by),
        "deciding_body": document_text(meta.deciding_body),
        "case_number": document_text(meta.case_number),
        "annex_case_number": document_text(meta.annex_case_number),
        "action_count": len(plan.actions),
    }


def _element(element: StrategyElement, picture: PictureMaker | None) -> dict:
    return {
        "name": document_text(element.name),
        "kind": element.kind.value,
        "description": document_text(element.description),
        "icon": picture(element, ICON) if picture else None,
        "small_icon": picture(element, SMALL_ICON) if picture else None,
    }


def strategy_variables(plan: Plan, elements: dict[str, dict]) -> dict:
    priorities = []
    for priority in derive.elements_of_kind(plan, StrategyKind.PRIORITY):
        entry = dict(elements[priority.name])
        entry["focus_areas"] = [elements[e.name] for e in derive.focus_areas_of(plan, priority)]
        priorities.append(entry)
    focus_areas = derive.elements_of_kind(plan, StrategyKind.FOCUS_AREA)
    methods = derive.elements_of_kind(plan, StrategyKind.WORKING_METHOD)
    return {
        "priorities": priorities,
        "focus_areas": [elements[e.name] for e in focus_areas],
        "working_methods": [elements[e.name] for e in methods],
        "priority_count": len(priorities),
        "focus_area_count": len(focus_areas),
        "working_method_count": len(methods),
        "priority_count_words": count_words(len(priorities)),
        "focus_area_count_words": count_words(len(focus_areas), neuter=True),
        "working_method_count_words": count_words(len(methods), neuter=True),
        "priority_names": join_names([p["name"] for p in priorities]),
    }


def _unit(unit: Unit) -> dict:
    return {"name": document_text(unit.name), "kind": unit.kind.value}


def action_variables(plan: Plan, elements: dict[str, dict]) -> list[dict]:
    units_of = derive.units_by_action(plan)
    matrix = derive.action_unit_matrix(plan)
    ordered = derive.ordered_units(plan)
    result = []
    for action in sorted(plan.actions, key=lambda a: a.number):
        counts = matrix.get(action.number, {})
        result.append({
            "number": action.number,
            "title": document_text(action.title),
            "description": document_text(action.description),
            "elements": [elements[e.name] for e in derive.action_elements(plan, action)],
            "units": [_unit(u) for u in units_of.get(action.number, [])],
            "unit_marks": [counts.get(u.name, 0) > 0 for u in ordered],
            "activity_count": sum(counts.values()),
        })
    return result


def build_context(plan: Plan, picture: PictureMaker | None = None) -> dict:
    """The template's variables for `plan` (see the table in this module's docstring).

    `picture` makes the icon objects; None leaves `icon` and `small_icon` as None.
    """
    elements = {e.name: _element(e, picture) for e in plan.strategy}
    return {
        "plan": plan_variables(plan),
        "revisions": [{"number": r.number, "date": _date(r.date),
                       "paragraph": document_text(r.paragraph),
                       "description": document_text(r.description)}
                      for r in sorted(plan.revisions, key=lambda r: r.number)],
        "strategy": strategy_variables(plan, elements),
        "units": [_unit(u) for u in derive.ordered_units(plan)],
        "actions": action_variables(plan, elements),
    }


FILTERS = {"dash": dash}
