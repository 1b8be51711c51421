"""argparse in Swedish: --help, usage and every argument error (SPEC §2).

argparse looks its texts up through its module's `_` and `ngettext` (gettext) each time it
builds a parser, formats help or reports an error; `SwedishParser` swaps those two for the
catalogue in messages.ARGPARSE while it does any of that, and puts them back after, so that
no other user of argparse in the process (pytest, say) sees Swedish. An argument error is
raised as UsageError (exit 2), for cli.main to print, instead of argparse's own exit.
"""
from __future__ import annotations

import argparse
import contextlib
import functools

from . import messages
from .errors import UsageError


def _translate(text: str) -> str:
    return messages.ARGPARSE.get(text, text)


def _translate_plural(singular: str, plural: str, count: int) -> str:
    return _translate(singular if count == 1 else plural)


@contextlib.contextmanager
def swedish():
    previous = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _translate, _translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = previous


def _in_swedish(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with swedish():
            return method(*args, **kwargs)
    return wrapper


class SwedishParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Swedish and raises UsageError on a bad command line;
    its sub-parsers are SwedishParsers too (argparse makes them of the parent's class)."""

    __init__ = _in_swedish(argparse.ArgumentParser.__init__)
    add_subparsers = _in_swedish(argparse.ArgumentParser.add_subparsers)
    parse_known_args = _in_swedish(argparse.ArgumentParser.parse_known_args)
    parse_args = _in_swedish(argparse.ArgumentParser.parse_args)
    format_usage = _in_swedish(argparse.ArgumentParser.format_usage)
    format_help = _in_swedish(argparse.ArgumentParser.format_help)

    def error(self, message: str):
        raise UsageError(message, self.format_usage().strip())

