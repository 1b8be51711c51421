"""The commands as functions that return results: no printing, no argv (that is cli.py's)."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import InputError
from .findings import Finding, has_errors, sort_findings
from .model import Plan
from .options import BuildOptions
from .outputs import Output, manifest_bytes, write_atomic, write_output
from .forking import beside
from .pdf.step import start_office, write_pdfs
from .readers.plan_xlsx import display_name, input_base, input_files, read_plan
from .validate import validate_plan

GENERATOR = f"handlingsplan-generator {__version__}"
Progress = Callable[[str], None]


@dataclass
class CheckResult:
    plan: Plan | None
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not has_errors(self.findings)


@dataclass
class BuildResult:
    out_dir: Path
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def check(input_path: Path, options: BuildOptions = BuildOptions(),
          progress: Progress | None = None) -> CheckResult:
    """Read and validate; writes nothing."""
    plan, findings = read_plan(Path(input_path), options.icon_dirs, progress)
    if plan is not None:
        findings += validate_plan(plan)
    return CheckResult(plan, sort_findings(findings))


def output_names(year: int) -> dict[str, str]:
    """ASCII file names (SPEC §5), by role."""
    return {
        "plan-docx": f"handlingsplan-{year}.docx",
        "plan-pdf": f"handlingsplan-{year}.pdf",
        "annex-docx": f"bilaga1-aktivitetslista-{year}.docx",
        "annex-pdf": f"bilaga1-aktivitetslista-{year}.pdf",
        "annex-xlsx": f"bilaga1-aktivitetslista-{year}.xlsx",
    }


def _document_writers():
    """role → writer(plan, options) -> bytes. Imported here so `check` stays light."""
    from .writers.annex.docx import write_annex_docx
    from .writers.annex.xlsx import write_annex_xlsx
    from .writers.plan.docx import write_plan_docx

    return {"plan-docx": write_plan_docx, "annex-docx": write_annex_docx,
            "annex-xlsx": write_annex_xlsx}


def build(input_path: Path, options: BuildOptions = BuildOptions(),
          progress: Progress | None = None) -> BuildResult:
    """Check, then write every output. Raises InputError (nothing written) or
    ExternalToolError (the outputs that do not need the tool are written)."""
    with contextlib.ExitStack() as stack:
        # -- LibreOffice starts (about a second) while the input is read and the documents
        #    are rendered; an invalid input ends it unused when the stack closes --
        office = None if options.no_pdf else start_office(options, stack)
        result = check(input_path, options, progress)
        if not result.ok:
            raise InputError(result.findings)
        plan = result.plan
        out_dir = options.output_dir(plan.metadata.year)
        names = output_names(plan.metadata.year)
        # -- render everything in memory first: a template error must leave nothing written;
        #    the .xlsx (the slowest for a long list) on the second core --
        writers = _document_writers()
        with beside(writers["annex-xlsx"], plan, options) as annex_xlsx:
            rendered = {role: writer(plan, options) for role, writer in writers.items()
                        if role != "annex-xlsx"}
            rendered["annex-xlsx"] = annex_xlsx.result()
        build_result = BuildResult(out_dir, findings=result.findings)
        for role, data in rendered.items():
            build_result.outputs.append(write_output(role, out_dir / names[role], data))
        build_result.outputs += _keep_inputs(plan, input_path, out_dir)
        try:
            if office is not None:
                write_pdfs(plan, options, office, out_dir, names, build_result, progress,
                           GENERATOR)
        finally:
            _write_manifest(plan, input_path, build_result)
    return build_result


INPUT_COPY_DIR = "indata"


def _keep_inputs(plan: Plan, input_path: Path, out_dir: Path) -> list[Output]:
    """Copy every input workbook byte for byte into `<out>/indata/<name as read>`.

    `archive` must work from the build folder alone and package the workbooks exactly as
    they were read; the input folder may have moved on (next revision) by then.
    """
    base = input_base(input_path)
    return [write_output("input-xlsx", out_dir / INPUT_COPY_DIR / display_name(p, base),
                         p.read_bytes())
            for p in plan.input_files]


def plan_summary(plan: Plan) -> dict:
    meta = plan.metadata
    revision = max((r.number for r in plan.revisions), default=None)
    return {"title": meta.document_name, "municipality": meta.municipality, "year": meta.year,
            "diarienummer": meta.case_number or None, "revision": revision,
            "decided": meta.decided.isoformat() if meta.decided else None}


def _write_manifest(plan: Plan, input_path: Path, result: BuildResult) -> None:
    base = input_base(input_path)
    inputs = [(display_name(p, base), p) for p in plan.input_files]
    findings = [f.__dict__ for f in result.findings]
    data = manifest_bytes(GENERATOR, plan_summary(plan), inputs, result.outputs, findings,
                          result.out_dir)
    write_atomic(result.out_dir / "manifest.json", data)


__all__ = ["check", "build", "CheckResult", "BuildResult", "output_names", "input_files"]


@dataclass
class InitResult:
    workbook: Path
    plan: Plan
    icons: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # -- actions whose text still names the source's plan year (the strategist reviews them) --
    old_year: int | None = None
    old_year_actions: list[int] = field(default_factory=list)


def init_workbook(year: int, out_dir: Path | None = None, source: Path | None = None,
                  carry_activities: bool = False,
                  options: BuildOptions = BuildOptions()) -> InitResult:
    """A new input workbook for `year` in `out_dir` (default inputs/<year>/): blank, or carried
    over from `source` (SPEC §2 `init`). Raises FileExistsError when the workbook is there
    already (nothing is changed) and InputError when the source is invalid: carrying over a
    half-read plan would silently lose rows."""
    import shutil

    from .derive import document_date
    from .options import DEFAULT_INPUT
    from .workbook_layout import DEFAULT_WORKBOOK, ICON_FOLDER
    from .writers.workbook_xlsx import blank_plan, carry_over, write_workbook_xlsx, year_mentions

    folder = Path(out_dir) if out_dir else DEFAULT_INPUT.parent / str(year)
    target = folder / DEFAULT_WORKBOOK
    if target.exists():
        raise FileExistsError(target)
    findings: list[Finding] = []
    old_year, old_year_actions = None, []
    if source is None:
        plan = blank_plan(year)
    else:
        result = check(Path(source), options)
        if not result.ok:
            raise InputError(result.findings)
        findings = result.findings
        plan = carry_over(result.plan, year, carry_activities)
        old_year = result.plan.metadata.year
        if old_year != year:
            old_year_actions = [a.number for a in year_mentions(plan, old_year)]
    data = write_workbook_xlsx(plan, document_date(plan, options.source_date_epoch))
    write_atomic(target, data)
    icons = []
    icon_source = Path(source) / ICON_FOLDER if source is not None else None
    if icon_source is not None and icon_source.is_dir():
        # -- the strategist may have put new icons there already: never overwrite one --
        for icon in sorted(icon_source.iterdir()):
            copy = folder / ICON_FOLDER / icon.name
            if icon.is_file() and not icon.name.startswith(".") and not copy.exists():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(icon, copy)
                icons.append(copy)
    return InitResult(target, plan, icons, findings, old_year, old_year_actions)


REPORT_SUFFIXES = (".md", ".docx")


@dataclass
class DiffResult:
    """Both inputs' checks; `diff` and `text` (the report for the terminal) are set only when
    both inputs are valid, `report` only when a report file was written."""

    old: CheckResult
    new: CheckResult
    diff: object = None  # diff.PlanDiff
    text: str = ""
    report: Path | None = None

    @property
    def ok(self) -> bool:
        return self.diff is not None


def diff_inputs(old_path: Path, new_path: Path, report: Path | None = None,
                options: BuildOptions = BuildOptions()) -> DiffResult:
    """Compare two revisions (SPEC §2 `diff`); with `report` (.md or .docx) also write the
    report there. An invalid input gives a result with its findings and writes nothing."""
    from .derive import document_date
    from .diff import diff_plans
    from .writers.diff_report import render_docx, render_markdown, render_text, report_blocks

    if report is not None and Path(report).suffix.lower() not in REPORT_SUFFIXES:
        raise ValueError(report)
    result = DiffResult(check(Path(old_path), options), check(Path(new_path), options))
    if not (result.old.ok and result.new.ok):
        return result
    old, new = result.old.plan, result.new.plan
    result.diff = diff_plans(old, new)
    blocks = report_blocks(result.diff, old, new, _input_label(old_path), _input_label(new_path))
    result.text = render_text(blocks)
    if report is not None:
        report = Path(report)
        data = (render_markdown(blocks).encode("utf-8") if report.suffix.lower() == ".md"
                else render_docx(blocks, new, document_date(new, options.source_date_epoch)))
        write_atomic(report, data)
        result.report = report
    return result


def _input_label(path: Path) -> str:
    """How a report names an input: the folder or file with the folder it is in
    (`inputs/2023`) — never the whole path, which says where the strategist keeps files,
    not which revision it is."""
    path = Path(path).resolve()
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


@dataclass
class ArchiveResult:
    objid: str
    folder: Path
    zip: Path


def archive(build_dir: Path, progress: Progress | None = None) -> ArchiveResult:
    """The diarium package of a finished build (SPEC §7). Raises InputError (exit 1, nothing
    written) when the build is incomplete or changed, Beslutad, Beslutsinstans or
    Diarienummer is missing, a PDF is no PDF/A-2b, or this revision's package exists.

    The plan is read again from the workbooks the build kept, not from manifest.json: the
    manifest's summary lacks the deciding body, owner, responsible and paragraph, and the
    workbook cells are what a finding must point at."""
    import tempfile

    from .archive.package import existing_package, write_package
    from .archive.build_folder import check_pdfs, read_build, stage_inputs
    from .validate import archive_findings

    build_dir = Path(build_dir)
    build, findings = read_build(build_dir)
    if findings:
        raise InputError(findings)
    with tempfile.TemporaryDirectory(prefix="handlingsplan-arkiv-") as tmp:
        plan, read_findings = read_plan(stage_inputs(build, Path(tmp)))
    if plan is None:
        raise InputError(read_findings)
    # -- the build validated the whole plan already; re-reading without the icon folders
    #    gives icon findings that say nothing about this revision, so only the archive's own
    #    requirements are judged here --
    findings = archive_findings(plan) or existing_package(plan, build) or check_pdfs(build, progress)
    if findings:
        raise InputError(findings)
    package = write_package(plan, build, GENERATOR)
    return ArchiveResult(package.objid, package.folder, package.zip)


@dataclass
class VerifyResult:
    findings: list[Finding]
    checked: int

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def verify(package: Path, progress: Progress | None = None) -> VerifyResult:
    """Re-check an archive package, folder or .zip (SPEC §7 `verify`)."""
    from .archive.verify import verify_package

    result = verify_package(Path(package), progress)
    return VerifyResult(result.findings, len(result.checked))


# -- the follow-up (issue 13, SPEC §10) -------------------------------------------------------

@dataclass
class FollowupResult:
    out_dir: Path
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def followup(input_path: Path, options: BuildOptions = BuildOptions(),
             previous: Path | None = None, progress: Progress | None = None) -> FollowupResult:
    """The follow-up report of INPUT's activities (SPEC §10), with `previous` the changes
    since that input's period. Raises InputError (nothing written) when either input is
    invalid for a follow-up, ExternalToolError when LibreOffice fails (the .docx, .xlsx and
    manifest are written all the same, as in `build`)."""
    from .followup.checks import followup_findings, output_folder, output_names
    from .followup.compare import compare
    from .followup.split import return_findings
    from .options import DEFAULT_OUTPUT_ROOT

    with contextlib.ExitStack() as stack:
        office = None if options.no_pdf else start_office(options, stack)
        result = check(input_path, options, progress)
        findings = followup_findings(result.plan, result.findings)
        if result.plan is not None:
            findings += return_findings(input_path, result.plan)
        findings = sort_findings(findings)
        old = None
        if previous is not None:
            old_check = check(Path(previous), options, progress)
            if not old_check.ok:
                raise InputError(old_check.findings)
            old = old_check.plan
        if result.plan is None or has_errors(findings):
            raise InputError(findings)
        plan = result.plan
        comparison = compare(old, plan) if old is not None else None
        out_dir = output_folder(plan, options.out_dir, DEFAULT_OUTPUT_ROOT)
        names = output_names(plan)
        if progress:
            from .messages import CLI
            progress(CLI["progress-charts"])
        rendered, failure = _followup_files(plan, options, comparison, old, office,
                                            names["followup-docx"], progress)
        files = [(role, out_dir / names[role], data) for role, data in rendered.items()]
        base = input_base(input_path)
        files += [("input-xlsx", out_dir / INPUT_COPY_DIR / display_name(p, base), p.read_bytes())
                  for p in plan.input_files]
        followup_result = FollowupResult(out_dir, findings=findings)
        # -- the one place the follow-up's files are written --
        for role, path, data in files:
            followup_result.outputs.append(write_output(role, path, data))
        _write_manifest(plan, input_path, followup_result)
        if failure is not None:
            raise failure
    return followup_result


def _followup_files(plan: Plan, options: BuildOptions, comparison, old: Plan | None, office,
                    docx_name: str, progress: Progress | None) -> tuple[dict[str, bytes], Exception | None]:
    """The report's files as bytes by role, and LibreOffice's failure (None: none). The
    charts (matplotlib: a second or more) are drawn beside the rendering, which takes them
    once its template is checked; the .xlsx goes beside too — at once without LibreOffice,
    else once the report is handed to it (its start-up and the rendering need both cores
    first)."""
    import functools

    from .errors import ExternalToolError
    from .followup.charts import draw_all
    from .followup.context import chart_groups
    from .followup.docx import report_date, write_followup_docx
    from .followup.pdf import report_pdf
    from .followup.xlsx import write_followup_xlsx
    from .messages import FOLLOWUP

    sheet_job = (write_followup_xlsx, plan, report_date(plan, options), comparison)
    failure = None
    with contextlib.ExitStack() as side:
        drawn = side.enter_context(beside(draw_all, chart_groups(plan), FOLLOWUP["legend"]))
        sheets = [] if office is not None else [side.enter_context(beside(*sheet_job))]
        # -- three charts ask for the drawing; the child's result is read once --
        docx = write_followup_docx(plan, options, comparison, old, functools.cache(drawn.result))
        rendered = {"followup-docx": docx}
        if office is not None:
            try:
                rendered["followup-docx"], rendered["followup-pdf"] = report_pdf(
                    docx, docx_name, plan, options, office, progress, GENERATOR,
                    while_waiting=lambda: sheets.append(side.enter_context(beside(*sheet_job))))
            except ExternalToolError as error:
                failure = error
        rendered["followup-xlsx"] = sheets[0].result() if sheets else sheet_job[0](*sheet_job[1:])
    return rendered, failure


@dataclass
class SplitResult:
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def split_workbooks(input_path: Path, out_dir: Path,
                    options: BuildOptions = BuildOptions()) -> SplitResult:
    """One reporting workbook per sector/company with activities, and DIR/handlingsplan.xlsx
    without activity rows (SPEC §10 `split`). Raises InputError (nothing written) when the
    input is invalid."""
    from .followup.split import split_files

    result = check(input_path, options)
    if not result.ok:
        raise InputError(result.findings)
    out_dir = Path(out_dir)
    split = SplitResult(out_dir, findings=result.findings)
    for path, data in split_files(result.plan, out_dir, input_path, options):
        write_atomic(path, data)
        split.files.append(path)
    return split
