#!/usr/bin/env python3
"""Handlingsplan generator. `python generate.py --help` lists the commands."""
import sys

try:
    from plan_model.cli import main
except KeyboardInterrupt:  # -- Ctrl-C while Python imports: nothing has started yet --
    sys.exit(130)

if __name__ == "__main__":
    sys.exit(main())
