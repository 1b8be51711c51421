"""The command line (SPEC §2): one error path in cli.main, Swedish argparse, progress lines,
--quiet, summary lines, and --format json that is always valid JSON."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest

from builders import solvik_sheets, write_solvik
from conftest import ROOT
from plan_model import cli, pipeline
from plan_model.errors import Interrupted


def test_an_unexpected_exception_is_exit_70_with_one_line(solvik, tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "build", broken)
    assert cli.main(["build", str(solvik), "--out", str(tmp_path / "out")]) == 70
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "ZeroDivisionError" in lines[0] and "rapportera" in lines[0]


def test_debug_shows_the_traceback(solvik, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: 1 / 0)
    assert cli.main(["build", str(solvik), "--debug", "--out", str(tmp_path / "out")]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_an_internal_error_in_json_is_one_finding(solvik, monkeypatch, capsys):
    monkeypatch.setattr(pipeline, "check", lambda *a, **k: {}["x"])
    assert cli.main(["check", str(solvik), "--format", "json"]) == 70
    findings = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in findings] == ["internal-error"]


@pytest.mark.parametrize("signum,code", [(signal.SIGINT, 130), (signal.SIGTERM, 143),
                                         (signal.SIGHUP, 129)])
def test_an_interrupt_in_json_is_one_finding(solvik, monkeypatch, capsys, signum, code):
    def interrupted(*args, **kwargs):
        raise Interrupted(signum)

    monkeypatch.setattr(pipeline, "check", interrupted)
    assert cli.main(["check", str(solvik), "--format", "json"]) == code
    captured = capsys.readouterr()
    assert [f["code"] for f in json.loads(captured.out)] == ["interrupted"]
    assert "Avbrutet" in captured.err and "Traceback" not in captured.err


def test_ctrl_c_is_130(solvik, monkeypatch, capsys):
    def pressed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "check", pressed)
    assert cli.main(["check", str(solvik)]) == 130
    assert "Avbrutet (SIGINT)" in capsys.readouterr().err


def test_input_errors_in_json_are_the_findings(tmp_path, capsys):
    sheets = solvik_sheets()
    sheets["Aktiviteter"][2][1] = "Hushage"
    folder = write_solvik(tmp_path / "in", sheets)
    assert cli.main(["check", str(folder), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert findings and all(set(f) == {"level", "file", "sheet", "cell", "code", "message",
                                       "value", "suggestion"} for f in findings)


def test_check_ends_with_a_summary_line(tmp_path, capsys):
    sheets = solvik_sheets()
    sheets["Aktiviteter"][2][1] = "Hushage"
    sheets["Aktiviteter"][3][1] = "Hushage2"
    folder = write_solvik(tmp_path / "in", sheets)
    assert cli.main(["check", str(folder)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    errors = sum(1 for line in out if line.startswith("FEL"))
    warnings = sum(1 for line in out if line.startswith("VARNING"))
    assert errors == 2
    assert out[-1] == f"2 fel, {warnings} varning{'' if warnings == 1 else 'ar'}"


def test_check_of_a_clean_input_says_so(solvik, capsys):
    assert cli.main(["check", str(solvik)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("0 fel, ")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_reader_that_stops_early_ends_the_output_not_the_command(tmp_path, fmt):
    """`generate.py check … | head -1`: the reader closes the pipe; the command still ends
    with its own exit code (1: the input has errors), with no internal error and no
    complaint from Python about the closed pipe."""
    sheets = solvik_sheets()
    sheets["Aktiviteter"][2][1] = "Hushage"
    folder = write_solvik(tmp_path / "in", sheets)
    read, write = os.pipe()
    os.close(read)  # -- closed before the command writes its first line --
    completed = subprocess.run([sys.executable, str(ROOT / "generate.py"), "check", str(folder),
                                "--format", fmt], stdout=write, stderr=subprocess.PIPE,
                               text=True, timeout=120)
    os.close(write)
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr and "Exception ignored" not in completed.stderr
    assert "internt fel" not in completed.stderr.lower()
    assert "indatan innehåller 1 fel" in completed.stderr


def test_progress_lines_on_stderr_and_quiet_silences_them(solvik, capsys):
    assert cli.main(["check", str(solvik)]) == 0
    assert "Läser handlingsplan.xlsx" in capsys.readouterr().err
    assert cli.main(["check", str(solvik), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------------------------------
# -- argparse in Swedish --


def test_help_is_swedish(capsys):
    with pytest.raises(SystemExit):
        cli._parser().parse_args(["build", "--help"])
    text = capsys.readouterr().out
    assert text.startswith("användning: generate.py build")
    assert "visa den här hjälptexten och avsluta" in text
    assert "flaggor" in text
    for english in ("usage:", "show this help", "options:", "positional arguments"):
        assert english not in text


def test_every_option_of_every_command_has_a_help_text():
    parser = cli._parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, command in commands.items():
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings or action.dest}"


@pytest.mark.parametrize("argv,expected", [
    (["build", "--nope"], "okända argument: --nope"),
    (["check"], "följande argument krävs: INDATA"),
    (["check", "x", "--format", "xml"], "ogiltigt val: 'xml'"),
    (["init", "--year", "tjugo"], "«tjugo» är inget årtal"),
    (["frobnicate"], "ogiltigt val: 'frobnicate'"),
])
def test_argument_errors_are_swedish_and_exit_2(argv, expected, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert err.splitlines()[0].startswith("användning: generate.py")
    assert "error:" not in err and "usage:" not in err


def test_argparse_is_english_again_outside_the_tool():
    import argparse

    parser = argparse.ArgumentParser(prog="other")
    assert parser.format_usage().startswith("usage: other")


def test_a_usage_error_in_json_is_one_finding(capsys):
    assert cli.main(["check", "x", "--format", "json", "--nope"]) == 2
    findings = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in findings] == ["usage-error"]
    assert "okända argument: --nope" in findings[0]["message"]
