"""The command line: argparse (in Swedish), sub-commands, printing, and — in `main` only —
every exception mapped to its exit code and one Swedish line (SPEC §2):
0 ok, 1 invalid input, 2 usage, 3 external tool, 4 outputs not written, 70 a bug,
130/143 (129) interrupted.

The run_X functions print what a success says and return 0; every failure is raised (see
errors.py) and handled in `main`, so no sub-command has an `except` of its own.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from . import messages
from .errors import InputError, Interrupted, PlanError, UsageError
from .findings import Finding, sort_findings, to_json
from .options import (DEFAULT_ANNEX_TEMPLATE, DEFAULT_FOLLOWUP_TEMPLATE, DEFAULT_INPUT,
                      DEFAULT_PLAN_TEMPLATE, BuildOptions, environment_options)
from .swedish_argparse import SwedishParser

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_EXTERNAL, EXIT_OUTPUT, EXIT_BUG = 0, 1, 2, 3, 4, 70
INTERRUPT_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _common() -> SwedishParser:
    """The flags every sub-command has: --format, --quiet, --debug."""
    common = SwedishParser(add_help=False)
    common.add_argument("--format", choices=("text", "json"), default="text",
                        help=messages.CLI["format-help"])
    common.add_argument("--quiet", "-q", action="store_true", help=messages.CLI["quiet-help"])
    common.add_argument("--debug", action="store_true", help=messages.CLI["debug-help"])
    return common


def _parser() -> SwedishParser:
    parser = SwedishParser(
        prog="generate.py",
        description="Handlingsplan till miljöstrategin: från arbetsbok till plan, bilaga, PDF/A och arkivpaket.")
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO",
                                     help="`generate.py KOMMANDO --help` visar kommandots flaggor")
    common = [_common()]

    check = commands.add_parser("check", parents=common, help="läs och kontrollera indata; skriver inget")
    check.add_argument("input", type=Path, metavar="INDATA", help="indatamapp eller .xlsx-fil")
    check.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE, metavar="MALL",
                       help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")

    build = commands.add_parser("build", parents=common, help="kontrollera och skriv alla utdata")
    build.add_argument("input", type=Path, nargs="?", default=DEFAULT_INPUT, metavar="INDATA",
                       help="indatamapp eller .xlsx-fil (standard: inputs/2023)")
    build.add_argument("--out", type=Path, metavar="MAPP", help="utdatamapp (standard: outputs/<Planår>)")
    build.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE, metavar="MALL",
                       help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")
    build.add_argument("--annex-template", type=Path, default=DEFAULT_ANNEX_TEMPLATE, metavar="MALL",
                       help="mallen för Bilaga 1 (.docx)")
    build.add_argument("--no-pdf", action="store_true", help="hoppa över PDF/A")

    init = commands.add_parser("init", parents=common, help="ny indataarbetsbok för ett år, tom eller från ett tidigare år")
    init.add_argument("--year", type=_year, required=True, metavar="ÅR", help="planår, t.ex. 2024")
    init.add_argument("--from", dest="source", type=Path, metavar="INDATA",
                      help="indatamapp eller .xlsx att utgå från (strategi, organisation, åtgärder)")
    init.add_argument("--carry-activities", action="store_true",
                      help="behåll aktiviteter som inte är Genomförda eller Avbrutna, med uppföljningen tömd (kräver --from)")
    init.add_argument("--out", type=Path, metavar="MAPP", help="mapp för arbetsboken (standard: inputs/<år>)")
    init.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE, metavar="MALL",
                      help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")

    diff = commands.add_parser("diff", parents=common, help="vad som ändrats mellan två revideringar")
    diff.add_argument("old", type=Path, metavar="GAMMAL", help="tidigare indata (mapp eller .xlsx)")
    diff.add_argument("new", type=Path, metavar="NY", help="nyare indata (mapp eller .xlsx)")
    diff.add_argument("--out", dest="report", type=Path, metavar="FIL",
                      help="skriv jämförelsen till .md eller .docx")
    diff.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE, metavar="MALL",
                      help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")

    archive = commands.add_parser("archive", parents=common, help="arkivpaket (E-ARK SIP) för diariet från ett färdigt bygge")
    archive.add_argument("build_dir", type=Path, metavar="UTMAPP",
                         help="byggets utdatamapp, t.ex. outputs/2023")

    _followup_parsers(commands, common)

    verify = commands.add_parser("verify", parents=common, help="kontrollera ett arkivpaket (mapp eller .zip)")
    verify.add_argument("package", type=Path, metavar="PAKET", help=messages.CLI["package-help"])

    serve = commands.add_parser("serve", parents=common,
                                help="starta webbsidan för strateger (standard http://127.0.0.1:8750)")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADRESS",
                       help="adress att lyssna på (annan än den egna datorn kräver --token)")
    serve.add_argument("--port", type=int, default=8750, metavar="PORT", help="port (standard 8750)")
    serve.add_argument("--token", metavar="NYCKEL",
                       help="nyckel som varje förfrågan måste ha (krävs utanför den egna datorn; "
                            "eller miljövariabeln HANDLINGSPLAN_TOKEN)")
    serve.add_argument("--jobs-dir", type=Path, metavar="MAPP",
                       help="mapp för uppladdningar och bygg (standard: tillfällig; jobb tas bort efter 24 h)")
    serve.add_argument("--template-dir", type=Path, metavar="MAPP",
                       help="egna sidmallar (Jinja) som går före de i templates/web/")
    return parser


def _followup_parsers(commands, common) -> None:
    """`followup` and `split` (SPEC §10)."""
    followup = commands.add_parser("followup", parents=common,
                                   help="uppföljningsrapport av planens aktiviteter")
    followup.add_argument("input", type=Path, metavar="INDATA",
                          help="indatamapp eller .xlsx-fil med ifyllda statusar")
    followup.add_argument("--previous", type=Path, metavar="INDATA",
                          help="förra uppföljningens indata: visar vad som ändrats sedan dess")
    followup.add_argument("--out", type=Path, metavar="MAPP",
                          help="utdatamapp (standard: outputs/<Planår>/uppfoljning-<period>)")
    followup.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE, metavar="MALL",
                          help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")
    followup.add_argument("--followup-template", type=Path, default=DEFAULT_FOLLOWUP_TEMPLATE,
                          metavar="MALL", help="mallen för uppföljningsrapporten (.docx)")
    followup.add_argument("--no-pdf", action="store_true", help="hoppa över PDF/A")
    split = commands.add_parser("split", parents=common,
                                help="en arbetsbok per sektor/bolag att skicka ut")
    split.add_argument("input", type=Path, metavar="INDATA", help="indatamapp eller .xlsx-fil")
    split.add_argument("--out", type=Path, required=True, metavar="MAPP", help="mapp för utskicket")
    split.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE, metavar="MALL",
                       help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")


def _year(text: str) -> int:
    import argparse

    if not text.strip().isdigit() or not 1900 <= int(text) <= 2999:
        raise argparse.ArgumentTypeError(messages.CLI["invalid-year"].format(value=text))
    return int(text)


@dataclass
class Reporter:
    """Where a run's text goes: findings on stdout (text or one JSON list), the one line
    of the outcome and progress on stderr (progress silenced by --quiet)."""

    fmt: str = "text"
    quiet: bool = False
    printed_json: bool = False
    stdout_closed: bool = False

    def progress(self, text: str) -> None:
        if not self.quiet:
            self.say(text)

    def say(self, text: str) -> None:
        try:
            print(text, file=sys.stderr, flush=True)
        except OSError:
            pass  # -- the terminal is gone (SIGHUP): the exit code still tells --

    def out(self, text: str) -> None:
        """A line of the result on stdout. A reader that stops early (`| head`) ends only
        the output, not the command: its exit code still says how the run went."""
        if self.stdout_closed:
            return
        try:
            print(text, flush=True)
        except OSError:  # -- a closed pipe, or a terminal that is gone --
            self.stdout_closed = True
            # -- stdout onto /dev/null, so that Python's own flush at exit finds no closed
            #    pipe to complain about --
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)

    def findings(self, findings: list[Finding], summary: bool = True) -> None:
        if self.fmt == "json":
            if not self.printed_json:
                self.out(to_json(findings))
                self.printed_json = True
            return
        for item in sort_findings(findings):
            self.out(item.line())
        if summary and findings:
            self.out(summary_line(findings))

    def failure(self, exit_code: int, text: str, where: str = "") -> None:
        """The one line of a failed run; in JSON, the list holds one finding for it."""
        if self.fmt == "json" and not self.printed_json:
            try:
                self.findings([Finding(messages.ERROR, messages.FAILURE_CODES.get(exit_code, "failed"),
                                       str(where), "", "", text)])
            except OSError:
                pass  # -- stdout is gone (a closed terminal or pipe) --
        self.say("FEL  " + text)


def summary_line(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.is_error)
    warnings = len(findings) - errors
    word = messages.WARNING_WORDS[0 if warnings == 1 else 1]
    return messages.CLI["summary"].format(errors=errors, warnings=warnings, warning_word=word)


def _options(args) -> BuildOptions:
    return BuildOptions(out_dir=getattr(args, "out", None), template=args.template,
                        annex_template=getattr(args, "annex_template", DEFAULT_ANNEX_TEMPLATE),
                        no_pdf=getattr(args, "no_pdf", False), **args.environment)


def run_check(args) -> int:
    from .pipeline import check

    result = check(args.input, _options(args), progress=args.reporter.progress)
    args.reporter.findings(result.findings, summary=False)
    if args.format == "text":
        args.reporter.out(summary_line(result.findings))
    return EXIT_OK


def run_build(args) -> int:
    from .pipeline import build

    result = build(args.input, _options(args), progress=args.reporter.progress)
    args.reporter.findings(result.findings)
    args.reporter.say(messages.CLI["built"].format(count=len(result.outputs) + 1,
                                                   folder=result.out_dir))
    return EXIT_OK


def run_init(args) -> int:
    from .pipeline import init_workbook

    if args.carry_activities and args.source is None:
        raise UsageError(messages.CLI["init-carry-needs-from"])
    result = init_workbook(args.year, args.out, args.source, args.carry_activities,
                           _options(args))
    args.reporter.findings(result.findings)
    if args.format == "json":
        return EXIT_OK
    # -- what init made and what to review next: the result itself, so on stdout --
    args.reporter.out(messages.CLI["init-written"].format(path=result.workbook))
    if result.icons:
        args.reporter.out(messages.CLI["init-icons"].format(count=len(result.icons),
                                                            folder=result.icons[0].parent))
    if result.old_year_actions:
        args.reporter.out(messages.CLI["init-old-year"].format(
            year=result.old_year, actions=", ".join(map(str, result.old_year_actions))))
    return EXIT_OK


def run_diff(args) -> int:
    from .pipeline import REPORT_SUFFIXES, diff_inputs

    if args.report is not None and args.report.suffix.lower() not in REPORT_SUFFIXES:
        raise UsageError(messages.CLI["diff-bad-suffix"].format(name=args.report.name))
    result = diff_inputs(args.old, args.new, args.report, _options(args))
    if args.format == "json":
        args.reporter.findings(result.old.findings + result.new.findings)
    else:
        sys.stdout.write(result.text)
    if result.report is not None:
        args.reporter.say(messages.CLI["diff-written"].format(path=result.report))
    return EXIT_OK


def run_archive(args) -> int:
    from .pipeline import archive

    result = archive(args.build_dir, args.reporter.progress,
                     BuildOptions(**args.environment))
    args.reporter.findings([])
    args.reporter.say(messages.CLI["archived"].format(objid=result.objid, folder=result.folder,
                                                      zip=result.zip))
    return EXIT_OK


def run_verify(args) -> int:
    from .pipeline import verify

    result = verify(args.package, progress=args.reporter.progress)
    args.reporter.findings(result.findings)
    args.reporter.say(messages.CLI["verified"].format(package=args.package, count=result.checked))
    return EXIT_OK


def run_followup(args) -> int:
    from dataclasses import replace

    from .pipeline import followup

    options = replace(_options(args), followup_template=args.followup_template)
    result = followup(args.input, options, args.previous, progress=args.reporter.progress)
    args.reporter.findings(result.findings)
    args.reporter.say(messages.CLI["followup-written"].format(count=len(result.outputs) + 1,
                                                              folder=result.out_dir))
    return EXIT_OK


def run_split(args) -> int:
    from .pipeline import split_workbooks

    result = split_workbooks(args.input, args.out, _options(args))
    args.reporter.findings(result.findings)
    sheets = sum(1 for p in result.files if p.suffix == ".xlsx")
    args.reporter.say(messages.CLI["split-written"].format(count=sheets, folder=result.out_dir))
    return EXIT_OK


def run_serve(args) -> int:
    from .options import TOKEN_ENV
    from .web.server import serve

    # -- the token may come from the environment so that it stays out of `ps` and shell history --
    token = args.token or args.environment["environment"].get(TOKEN_ENV) or None
    serve(args.host, args.port, token, args.jobs_dir, args.template_dir, args.environment)
    return EXIT_OK


COMMANDS = {"check": run_check, "build": run_build, "init": run_init, "diff": run_diff,
            "archive": run_archive, "verify": run_verify,
            "followup": run_followup, "split": run_split, "serve": run_serve}


def main(argv: list[str] | None = None, environ=None) -> int:
    """Run one command; the only place where an exception becomes an exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["build", *argv]  # -- `python generate.py` builds the bundled example --
    reporter = Reporter(fmt=_peek_format(argv))
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as error:
        print(error.usage, file=sys.stderr)
        reporter.failure(EXIT_USAGE, messages.CLI["usage-error"].format(message=error))
        return EXIT_USAGE
    except SystemExit as exc:  # -- --help --
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    reporter.fmt, reporter.quiet = args.format, args.quiet
    args.reporter = reporter
    args.environment = environment_options(os.environ if environ is None else environ)
    with _interrupts_raise():
        return _run(args, reporter)


def _run(args, reporter: Reporter) -> int:
    try:
        return COMMANDS[args.command](args)
    except InputError as error:
        _report_input_error(error, reporter)
        return EXIT_INPUT
    except PlanError as error:
        reporter.failure(error.exit_code, str(error), getattr(error, "folder", ""))
        return error.exit_code
    except (Interrupted, KeyboardInterrupt) as error:
        interrupt = error if isinstance(error, Interrupted) else Interrupted(signal.SIGINT)
        reporter.failure(interrupt.exit_code,
                         messages.CLI["interrupted"].format(signal=interrupt.name))
        return interrupt.exit_code
    except Exception as error:  # noqa: BLE001 -- a bug: one line, the traceback on request
        if args.debug:
            traceback.print_exc()
        reporter.failure(EXIT_BUG, messages.CLI["internal-error"].format(
            name=type(error).__name__, detail=error))
        return EXIT_BUG


def _report_input_error(error: InputError, reporter: Reporter) -> None:
    if reporter.fmt == "text" and error.parts:
        for label, findings in error.parts:
            if findings:
                errors = sum(1 for f in findings if f.is_error)
                reporter.out(messages.CLI["diff-input-invalid"].format(name=label, errors=errors))
                reporter.findings(findings)
    else:
        reporter.findings(error.findings)
    errors = sum(1 for f in error.findings if f.is_error)
    reporter.say(messages.CLI["input-failed"].format(errors=errors))


def _peek_format(argv: list[str]) -> str:
    """--format before parsing, so that a usage error is JSON too when JSON was asked for."""
    for index, arg in enumerate(argv):
        if arg == "--format" and index + 1 < len(argv):
            return "json" if argv[index + 1] == "json" else "text"
        if arg.startswith("--format="):
            return "json" if arg.endswith("=json") else "text"
    return "text"


@contextlib.contextmanager
def _interrupts_raise():
    """SIGINT, SIGTERM and SIGHUP raise Interrupted in the main thread, so that every `with`
    and `finally` on the way up runs: LibreOffice and forked children are ended, staging and
    temporary folders removed. Further signals are ignored while that clean-up runs."""
    def interrupted(signum, frame):
        for number in INTERRUPT_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        raise Interrupted(signum)

    try:
        previous = {number: signal.signal(number, interrupted) for number in INTERRUPT_SIGNALS}
    except ValueError:  # -- not the main thread (an embedding program): its signals, its rules --
        previous = {}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
