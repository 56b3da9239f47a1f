"""The ``motcua`` command: run the demo, serve in production, run the worker, import and generate data.

``motcua demo`` needs nothing but uv: it migrates SQLite in ``var/``, loads the Kon Tum demo data, starts
the web server and the task worker, and stops both cleanly on Ctrl-C. Each module of this package adds its
sub-commands in ``register(sub)``; this one only builds the parser.
"""

import argparse
import sys
from collections.abc import Sequence

from . import api, data, integrations, reports, run

COMMAND_MODULES = (run, data, api, integrations, reports)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="motcua", description="Cổng Dịch vụ công và Một cửa điện tử")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    args = parser.parse_args(argv)
    sys.exit(args.func(args))
