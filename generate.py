#!/usr/bin/env python3
"""Handlingsplan generator. `python generate.py --help` lists the commands."""
import sys

from plan_model.cli import main

if __name__ == "__main__":
    sys.exit(main())
