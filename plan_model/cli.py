"""The command line: argparse, sub-commands, exit codes 0/1/2/3, text or JSON findings."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import messages
from .errors import ExternalToolError, InputError
from .findings import sort_findings, to_json
from .options import (DEFAULT_ANNEX_TEMPLATE, DEFAULT_INPUT, DEFAULT_PLAN_TEMPLATE, BuildOptions,
                      source_date_epoch)

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_EXTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Handlingsplan till miljöstrategin: från arbetsbok till plan, bilaga, PDF/A och arkivpaket.")
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    check = commands.add_parser("check", help="läs och kontrollera indata; skriver inget")
    check.add_argument("input", type=Path, help="indatamapp eller .xlsx-fil")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE,
                       help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")

    build = commands.add_parser("build", help="kontrollera och skriv alla utdata")
    build.add_argument("input", type=Path, nargs="?", default=DEFAULT_INPUT,
                       help="indatamapp eller .xlsx-fil (standard: inputs/2023)")
    build.add_argument("--out", type=Path, help="utdatamapp (standard: outputs/<Planår>)")
    build.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE,
                       help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")
    build.add_argument("--annex-template", type=Path, default=DEFAULT_ANNEX_TEMPLATE,
                       help="mallen för Bilaga 1 (.docx)")
    build.add_argument("--no-pdf", action="store_true", help="hoppa över PDF/A")
    build.add_argument("--format", choices=("text", "json"), default="text")

    init = commands.add_parser("init", help="ny indataarbetsbok för ett år, tom eller från ett tidigare år")
    init.add_argument("--year", type=_year, required=True, help="planår, t.ex. 2024")
    init.add_argument("--from", dest="source", type=Path,
                      help="indatamapp eller .xlsx att utgå från (strategi, organisation, åtgärder)")
    init.add_argument("--carry-activities", action="store_true",
                      help="behåll aktiviteter som inte är Genomförda (kräver --from)")
    init.add_argument("--out", type=Path, help="mapp för arbetsboken (standard: inputs/<år>)")
    init.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE,
                      help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")

    diff = commands.add_parser("diff", help="vad som ändrats mellan två revideringar")
    diff.add_argument("old", type=Path, help="tidigare indata (mapp eller .xlsx)")
    diff.add_argument("new", type=Path, help="nyare indata (mapp eller .xlsx)")
    diff.add_argument("--out", dest="report", type=Path, help="skriv jämförelsen till .md eller .docx")
    diff.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE,
                      help="planmallen (.docx); dess icons/ används för ikoner som indata saknar")

    archive = commands.add_parser("archive", help="arkivpaket (E-ARK SIP) för diariet från ett färdigt bygge")
    archive.add_argument("build_dir", type=Path, metavar="UTMAPP",
                         help="byggets utdatamapp, t.ex. outputs/2023")
    archive.add_argument("--format", choices=("text", "json"), default="text")

    verify = commands.add_parser("verify", help="kontrollera ett arkivpaket (mapp eller .zip)")
    verify.add_argument("package", type=Path, metavar="PAKET")
    verify.add_argument("--format", choices=("text", "json"), default="text")

    serve = commands.add_parser("serve", help="starta webbsidan för strateger (standard http://127.0.0.1:8750)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="adress att lyssna på (annan än den egna datorn kräver --token)")
    serve.add_argument("--port", type=int, default=8750, help="port (standard 8750)")
    serve.add_argument("--token", default=os.environ.get("HANDLINGSPLAN_TOKEN") or None,
                       help="nyckel som varje förfrågan måste ha (krävs utanför den egna datorn; "
                            "eller miljövariabeln HANDLINGSPLAN_TOKEN)")
    serve.add_argument("--jobs-dir", type=Path,
                       help="mapp för uppladdningar och bygg (standard: tillfällig; jobb tas bort efter 24 h)")
    serve.add_argument("--template-dir", type=Path,
                       help="egna sidmallar (Jinja) som går före de i templates/web/")
    return parser


def _year(text: str) -> int:
    if not text.strip().isdigit() or not 1900 <= int(text) <= 2999:
        raise argparse.ArgumentTypeError(messages.CLI["invalid-year"].format(value=text))
    return int(text)


def _print_findings(findings, fmt: str, out) -> None:
    if fmt == "json":
        print(to_json(findings), file=out)
        return
    for item in sort_findings(findings):
        print(item.line(), file=out)


def _progress(text: str) -> None:
    if sys.stderr.isatty():
        print(text, file=sys.stderr, flush=True)


def _options(args) -> BuildOptions:
    return BuildOptions(out_dir=getattr(args, "out", None), template=args.template,
                        annex_template=getattr(args, "annex_template", DEFAULT_ANNEX_TEMPLATE),
                        no_pdf=getattr(args, "no_pdf", False),
                        source_date_epoch=source_date_epoch())


def run_check(args) -> int:
    from .pipeline import check

    result = check(args.input, _options(args), progress=_progress)
    _print_findings(result.findings, args.format, sys.stdout)
    if args.format == "text" and not result.findings:
        print(messages.CLI["check-ok"].format(warnings=0))
    return EXIT_INPUT if not result.ok else EXIT_OK


def run_build(args) -> int:
    from .pipeline import build

    try:
        result = build(args.input, _options(args), progress=_progress)
    except InputError as error:
        _print_findings(error.findings, args.format, sys.stdout)
        errors = sum(1 for f in error.findings if f.is_error)
        print(messages.CLI["input-invalid"].format(errors=errors), file=sys.stderr)
        return EXIT_INPUT
    except ExternalToolError as error:
        print(f"FEL  {error}", file=sys.stderr)
        return EXIT_EXTERNAL
    _print_findings(result.findings, args.format, sys.stdout)
    print(messages.CLI["built"].format(count=len(result.outputs) + 1, folder=result.out_dir),
          file=sys.stderr)
    return EXIT_OK


def run_init(args) -> int:
    from .pipeline import init_workbook

    if args.carry_activities and args.source is None:
        print("FEL  " + messages.CLI["init-carry-needs-from"], file=sys.stderr)
        return EXIT_USAGE
    try:
        result = init_workbook(args.year, args.out, args.source, args.carry_activities,
                               _options(args))
    except FileExistsError as error:
        print("FEL  " + messages.CLI["init-exists"].format(path=error.args[0]), file=sys.stderr)
        return EXIT_INPUT
    except InputError as error:
        _print_findings(error.findings, "text", sys.stdout)
        errors = sum(1 for f in error.findings if f.is_error)
        print(messages.CLI["init-source-invalid"].format(errors=errors), file=sys.stderr)
        return EXIT_INPUT
    print(messages.CLI["init-written"].format(path=result.workbook))
    if result.icons:
        print(messages.CLI["init-icons"].format(count=len(result.icons),
                                                folder=result.icons[0].parent))
    if result.old_year_actions:
        print(messages.CLI["init-old-year"].format(
            year=result.old_year, actions=", ".join(map(str, result.old_year_actions))))
    return EXIT_OK


def run_diff(args) -> int:
    from .pipeline import REPORT_SUFFIXES, diff_inputs

    if args.report is not None and args.report.suffix.lower() not in REPORT_SUFFIXES:
        print("FEL  " + messages.CLI["diff-bad-suffix"].format(name=args.report.name),
              file=sys.stderr)
        return EXIT_USAGE
    result = diff_inputs(args.old, args.new, args.report, _options(args))
    if not result.ok:
        # -- both inputs' findings name the same file names: say whose they are --
        for name, checked in ((args.old, result.old), (args.new, result.new)):
            if not checked.ok:
                errors = sum(1 for f in checked.findings if f.is_error)
                print(messages.CLI["diff-input-invalid"].format(name=name, errors=errors))
                _print_findings(checked.findings, "text", sys.stdout)
        return EXIT_INPUT
    sys.stdout.write(result.text)
    if result.report is not None:
        print(messages.CLI["diff-written"].format(path=result.report), file=sys.stderr)
    return EXIT_OK


def run_archive(args) -> int:
    from .pipeline import archive

    try:
        result = archive(args.build_dir, progress=_progress)
    except InputError as error:
        _print_findings(error.findings, args.format, sys.stdout)
        errors = sum(1 for f in error.findings if f.is_error)
        print(messages.CLI["archive-failed"].format(errors=errors), file=sys.stderr)
        return EXIT_INPUT
    if args.format == "json":
        _print_findings([], args.format, sys.stdout)
    print(messages.CLI["archived"].format(objid=result.objid, folder=result.folder, zip=result.zip),
          file=sys.stderr)
    return EXIT_OK


def run_verify(args) -> int:
    from .pipeline import verify

    result = verify(args.package, progress=_progress)
    _print_findings(result.findings, args.format, sys.stdout)
    if result.ok:
        print(messages.CLI["verified"].format(package=args.package, count=result.checked),
              file=sys.stderr)
        return EXIT_OK
    errors = sum(1 for f in result.findings if f.is_error)
    print(messages.CLI["verify-failed"].format(package=args.package, errors=errors), file=sys.stderr)
    return EXIT_INPUT


def run_serve(args) -> int:
    from .web.server import HostNeedsToken, serve

    try:
        serve(args.host, args.port, args.token, args.jobs_dir, args.template_dir)
    except HostNeedsToken as error:
        print(f"FEL  {error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


COMMANDS = {"check": run_check, "build": run_build, "init": run_init, "diff": run_diff,
            "archive": run_archive, "verify": run_verify}
COMMANDS["serve"] = run_serve


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:
        argv = ["build"]  # -- `python generate.py` builds the bundled example --
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    return COMMANDS[args.command](args)
