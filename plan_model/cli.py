"""The command line: argparse, sub-commands, exit codes 0/1/2/3, text or JSON findings."""
from __future__ import annotations

import argparse
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
    check.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE)

    build = commands.add_parser("build", help="kontrollera och skriv alla utdata")
    build.add_argument("input", type=Path, nargs="?", default=DEFAULT_INPUT)
    build.add_argument("--out", type=Path, help="utdatamapp (standard: outputs/<Planår>)")
    build.add_argument("--template", type=Path, default=DEFAULT_PLAN_TEMPLATE)
    build.add_argument("--annex-template", type=Path, default=DEFAULT_ANNEX_TEMPLATE)
    build.add_argument("--no-pdf", action="store_true", help="hoppa över PDF/A")
    build.add_argument("--format", choices=("text", "json"), default="text")
    return parser


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


COMMANDS = {"check": run_check, "build": run_build}


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
