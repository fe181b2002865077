"""The ``gopy`` console script: the core's commands, sync's, and the ones that need Qt.

Qt is imported only inside the commands that open a window or render
screens, so ``gopy central …`` runs on a server with no display libraries.
"""

from __future__ import annotations

import argparse
import sys

import sync.cli  # noqa: F401  (registers the kiosk/centre boundary commands)
from kiosk import cli as core_cli
from kiosk import i18n
from kiosk.cli import command
from kiosk.home import Home
from kiosk.i18n import _


def _add_commands(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help=_("start the kiosk"))
    run.add_argument("--demo", action="store_true", help=_("load the demo consultation first"))
    run.add_argument("--windowed", action="store_true", help=_("a window instead of full screen"))


@command("run")
def _run(args: argparse.Namespace, home: Home) -> int:
    from ui.app import run_kiosk

    return run_kiosk(home, demo=args.demo, windowed=args.windowed, language=args.lang or i18n.DEFAULT_LANGUAGE)


core_cli.PARSER_EXTENSIONS.append(_add_commands)


def main(argv: list[str] | None = None) -> int:
    return core_cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
