"""The commands as functions: no printing, no argv (that is cli.py's).

One protocol for all of them (check, build, init_workbook, diff_inputs, archive, verify): a
command that returns has succeeded, and its result carries the warnings; every failure is
raised — InputError with the findings (exit 1), ExternalToolError, OutputError,
Interrupted — and cli.main alone turns it into an exit code.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import GENERATOR
from .errors import InputError
from .findings import Finding, has_errors, sort_findings
from .model import Plan
from .options import BuildOptions
from .forking import beside
from .output_folder import OutputTransaction, output_errors
from .outputs import Output, manifest_bytes, write_atomic
from .pdf.step import start_office, write_pdfs
from .readers.input_folder import display_name, input_base
from .readers.plan_xlsx import read_plan
from .roles import (ANNEX_DOCX, ANNEX_XLSX, INPUT_COPY_DIR, INPUT_ICON,
                    INPUT_XLSX, PLAN_DOCX, output_names)
from .validate import validate_plan

Progress = Callable[[str], None]


@dataclass
class CheckResult:
    plan: Plan | None
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not has_errors(self.findings)

    def raise_errors(self) -> "CheckResult":
        if not self.ok:
            raise InputError(self.findings)
        return self


@dataclass
class BuildResult:
    out_dir: Path
    outputs: list[Output] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def check(input_path: Path, options: BuildOptions = BuildOptions(),
          progress: Progress | None = None) -> CheckResult:
    """Read and validate; writes nothing. Raises InputError when there is an error; the
    result's findings are then warnings only."""
    return _checked(input_path, options, progress).raise_errors()


def _checked(input_path: Path, options: BuildOptions = BuildOptions(),
             progress: Progress | None = None) -> CheckResult:
    from .template_files import template_findings, without_icon_cascade

    broken = template_findings([options.template, options.annex_template])
    plan, findings = read_plan(Path(input_path), options.icon_dirs, progress)
    findings = broken + without_icon_cascade(findings, options.template, options.icon_dirs[0],
                                             any(f.file == Path(options.template).name
                                                 for f in broken))
    if plan is not None:
        findings += validate_plan(plan)
        if not broken:
            from .fonts import font_findings

            findings += font_findings(plan, options.template)
    return CheckResult(plan, sort_findings(findings))


def _document_writers():
    """role → writer(plan, options) -> bytes. Imported here so `check` stays light."""
    from .writers.annex.docx import write_annex_docx
    from .writers.annex.xlsx import write_annex_xlsx
    from .writers.plan.docx import write_plan_docx

    return {PLAN_DOCX: write_plan_docx, ANNEX_DOCX: write_annex_docx,
            ANNEX_XLSX: write_annex_xlsx}


def build(input_path: Path, options: BuildOptions = BuildOptions(),
          progress: Progress | None = None) -> BuildResult:
    """Check, then write every output as one transaction on the output folder (SPEC §5).
    Raises InputError (nothing written), OutputError (nothing changed) or ExternalToolError
    (the outputs that do not need the tool are written, and no PDF of an earlier build is
    left beside them)."""
    from .errors import ExternalToolError

    # -- two stacks: LibreOffice (inner) is ended before the transaction (outer) removes its
    #    staging folder, so no soffice still reading a staged .docx can leave a file there --
    with contextlib.ExitStack() as outer, contextlib.ExitStack() as stack:
        # -- LibreOffice starts (about a second) while the input is read and the documents
        #    are rendered; an invalid input ends it unused when the stack closes --
        office = None if options.no_pdf else start_office(options, stack)
        result = check(input_path, options, progress)
        plan = result.plan
        names = output_names(plan.metadata.year)
        # -- render everything in memory first: a template error must leave nothing written;
        #    the .xlsx (the slowest for a long list) on the second core --
        writers = _document_writers()
        with beside(writers[ANNEX_XLSX], plan, options) as annex_xlsx:
            rendered = {role: writer(plan, options) for role, writer in writers.items()
                        if role != ANNEX_XLSX}
            rendered[ANNEX_XLSX] = annex_xlsx.result()
        published = _published(plan, options)
        out_dir = options.output_dir(plan.metadata.year)
        tx = outer.enter_context(OutputTransaction(out_dir, "build", options.lock_wait, progress))
        for role, data in rendered.items():
            tx.write(role, names[role], data)
        # -- the web page and the open data (SPEC §12): (role, relative path, bytes) --
        for role, relative, data in published:
            tx.write(role, relative, data)
        inputs = _keep_inputs(plan, input_path, tx)
        manifest = lambda outputs: _manifest(plan, inputs, outputs, result.findings, tx.folder)  # noqa: E731
        try:
            if office is not None:
                write_pdfs(plan, options, office, tx, names, progress, GENERATOR)
        except ExternalToolError:
            # -- SPEC §9: the outputs that do not need LibreOffice, and no earlier PDF --
            tx.commit(manifest)
            raise
        tx.commit(manifest)
        return BuildResult(tx.folder, list(tx.outputs), result.findings)


def _published(plan: Plan, options: BuildOptions) -> list[tuple[str, str, bytes]]:
    from .publish import publish_outputs

    return publish_outputs(plan, options)


def _keep_inputs(plan: Plan, input_path: Path, tx: OutputTransaction) -> list[tuple[str, Path]]:
    """Copy every input byte for byte into `<out>/indata/`: the workbooks by the name they
    were read as, the icons the plan uses into indata/ikoner/ (where a re-read finds them
    first). Returns (name in the manifest's inputs, file) for each.

    `archive` must work from the build folder alone and package the inputs exactly as they
    were read; the input folder may have moved on (next revision) by then.
    """
    from .workbook_layout import ICON_FOLDER

    base = input_base(input_path)
    kept = []
    for path in plan.input_files:
        name = display_name(path, base)
        tx.write(INPUT_XLSX, f"{INPUT_COPY_DIR}/{name}", path.read_bytes())
        kept.append((name, path))
    icons = {e.icon_path.name: e.icon_path for e in plan.strategy if e.icon_path is not None}
    for file_name, path in sorted(icons.items()):
        name = f"{ICON_FOLDER}/{file_name}"
        tx.write(INPUT_ICON, f"{INPUT_COPY_DIR}/{name}", path.read_bytes())
        kept.append((name, path))
    return kept


def plan_summary(plan: Plan) -> dict:
    meta = plan.metadata
    revision = max((r.number for r in plan.revisions), default=None)
    return {"title": meta.document_name, "municipality": meta.municipality, "year": meta.year,
            "diarienummer": meta.case_number or None, "revision": revision,
            "decided": meta.decided.isoformat() if meta.decided else None}


def _manifest(plan: Plan, inputs: list[tuple[str, Path]], outputs: list[Output],
              findings: list[Finding], out_dir: Path) -> bytes:
    return manifest_bytes(GENERATOR, plan_summary(plan), inputs, outputs,
                          [f.__dict__ for f in findings], out_dir)


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
    over from `source` (SPEC §2 `init`). Raises InputError when the workbook is there
    already (nothing is changed) or the source is invalid (carrying over a half-read plan
    would silently lose rows), OutputError when the folder cannot be written."""
    from .derive import document_date
    from .options import DEFAULT_INPUT
    from .workbook_layout import DEFAULT_WORKBOOK
    from .writers.workbook_xlsx import blank_plan, carry_over, write_workbook_xlsx, year_mentions

    from .findings import finding
    from .model import Source

    folder = Path(out_dir) if out_dir else DEFAULT_INPUT.parent / str(year)
    target = folder / DEFAULT_WORKBOOK
    if target.exists():
        raise InputError([finding("workbook-exists", Source(DEFAULT_WORKBOOK), detail=target)])
    findings: list[Finding] = []
    old_year, old_year_actions = None, []
    if source is None:
        plan = blank_plan(year)
    else:
        result = check(Path(source), options)
        findings = result.findings
        plan = carry_over(result.plan, year, carry_activities)
        old_year = result.plan.metadata.year
        if old_year != year:
            old_year_actions = [a.number for a in year_mentions(plan, old_year)]
    data = write_workbook_xlsx(plan, document_date(plan, options.source_date_epoch))
    with output_errors(folder):
        write_atomic(target, data)
        icons = _copy_icons(source, folder)
    return InitResult(target, plan, icons, findings, old_year, old_year_actions)


def _copy_icons(source: Path | None, folder: Path) -> list[Path]:
    from .workbook_layout import ICON_FOLDER

    icons = []
    icon_source = Path(source) / ICON_FOLDER if source is not None else None
    if icon_source is not None and icon_source.is_dir():
        # -- the strategist may have put new icons there already: never overwrite one --
        for icon in sorted(icon_source.iterdir()):
            copy = folder / ICON_FOLDER / icon.name
            if icon.is_file() and not icon.name.startswith(".") and not copy.exists():
                # -- atomic, so an interrupt never leaves half an icon behind --
                write_atomic(copy, icon.read_bytes())
                icons.append(copy)
    return icons


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
    report there. An invalid input raises InputError with both inputs' findings (by input,
    in `parts`) and writes nothing."""
    from .derive import document_date
    from .diff import diff_plans
    from .writers.diff_report import render_docx, render_markdown, render_text, report_blocks

    if report is not None and Path(report).suffix.lower() not in REPORT_SUFFIXES:
        raise ValueError(report)
    result = DiffResult(_checked(Path(old_path), options), _checked(Path(new_path), options))
    if not (result.old.ok and result.new.ok):
        raise InputError(result.old.findings + result.new.findings,
                         [(str(old_path), result.old.findings if not result.old.ok else []),
                          (str(new_path), result.new.findings if not result.new.ok else [])])
    old, new = result.old.plan, result.new.plan
    result.diff = diff_plans(old, new)
    blocks = report_blocks(result.diff, old, new, _input_label(old_path), _input_label(new_path))
    result.text = render_text(blocks)
    if report is not None:
        report = Path(report)
        data = (render_markdown(blocks).encode("utf-8") if report.suffix.lower() == ".md"
                else render_docx(blocks, new, document_date(new, options.source_date_epoch)))
        with output_errors(report.parent):
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


def archive(build_dir: Path, progress: Progress | None = None,
            options: BuildOptions = BuildOptions()) -> ArchiveResult:
    """The diarium package of a finished build (SPEC §7). Raises InputError (exit 1, nothing
    written) when the build is incomplete or changed, Beslutad, Beslutsinstans or
    Diarienummer is missing, a PDF is no PDF/A-2b, or this revision's package exists.

    The plan is read again from the workbooks the build kept, not from manifest.json: the
    manifest's summary lacks the deciding body, owner, responsible and paragraph, and the
    workbook cells are what a finding must point at."""
    from .output_folder import FolderLock

    build_dir = Path(build_dir)
    if not build_dir.is_dir():
        return _archive(build_dir, progress)
    # -- no build swaps files in the folder while it is read and packaged --
    with FolderLock(build_dir, "archive", options.lock_wait, progress):
        return _archive(build_dir, progress)


def _archive(build_dir: Path, progress: Progress | None) -> ArchiveResult:
    import tempfile

    from .archive.build_folder import check_pdfs, read_build, stage_inputs
    from .archive.package import existing_package, write_package
    from .validate import archive_findings

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
    with output_errors(build_dir / "arkiv"):
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
    """Re-check an archive package, folder or .zip (SPEC §7 `verify`); raises InputError
    naming each file that does not match."""
    from .archive.verify import verify_package

    result = verify_package(Path(package), progress)
    if has_errors(result.findings):
        raise InputError(result.findings)
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
    since that input's period, written as one transaction on its folder like `build`.
    Raises InputError (nothing written) when either input is invalid for a follow-up,
    ExternalToolError when LibreOffice fails (the .docx, .xlsx and manifest are written all
    the same, and no earlier PDF is left beside them)."""
    with contextlib.ExitStack() as outer, contextlib.ExitStack() as stack:
        # -- LibreOffice's start-up (about a second) first: the imports overlap it too --
        office = None if options.no_pdf else start_office(options, stack)
        from .followup.checks import followup_findings, output_folder, output_names
        from .followup.compare import compare
        from .followup.files import report_files
        from .followup.split import return_findings
        from .options import DEFAULT_OUTPUT_ROOT

        # -- not check(): a status outside the list is a warning there and an error here,
        #    and every finding of both kinds belongs in the one answer --
        result = _checked(input_path, options, progress)
        findings = followup_findings(result.plan, result.findings)
        if result.plan is not None:
            findings += return_findings(input_path, result.plan)
        findings = sort_findings(findings)
        old = None
        if previous is not None:
            old = _checked(Path(previous), options, progress).raise_errors().plan
        if result.plan is None or has_errors(findings):
            raise InputError(findings)
        plan = result.plan
        comparison = compare(old, plan) if old is not None else None
        names = output_names(plan)
        if progress:
            from .messages import CLI
            progress(CLI["progress-charts"])
        rendered, failure = report_files(plan, options, comparison, old, office, names,
                                         progress)
        out_dir = output_folder(plan, options.out_dir, DEFAULT_OUTPUT_ROOT)
        tx = outer.enter_context(OutputTransaction(out_dir, "followup", options.lock_wait,
                                                   progress))
        for role, relative, data in rendered:
            tx.write(role, relative, data)
        inputs = _keep_inputs(plan, input_path, tx)
        tx.commit(lambda outputs: _manifest(plan, inputs, outputs, findings, tx.folder))
        if failure is not None:
            raise failure
        return FollowupResult(tx.folder, list(tx.outputs), findings)


@dataclass
class SplitResult:
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def split_workbooks(input_path: Path, out_dir: Path,
                    options: BuildOptions = BuildOptions()) -> SplitResult:
    """One reporting workbook per sector/company with activities, and DIR/handlingsplan.xlsx
    without activity rows (SPEC §10 `split`). Raises InputError (nothing written)."""
    from .followup.split import split_files

    result = check(input_path, options)
    split = SplitResult(Path(out_dir), findings=result.findings)
    files = split_files(result.plan, split.out_dir, input_path, options)
    with output_errors(split.out_dir):
        for path, data in files:
            write_atomic(path, data)
            split.files.append(path)
    return split
