"""The ``gopy`` console script: the core's commands, sync's, and the ones that need Qt.

Qt is imported only inside the commands that open a window or render
screens, so ``gopy central …`` runs on a server with no display libraries.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sync.cli  # noqa: F401  (registers the kiosk/centre boundary commands)
from kiosk import cli as core_cli
from kiosk import i18n
from kiosk.cli import command
from kiosk.errors import ValidationError
from kiosk.home import Home
from kiosk.i18n import _


def _add_commands(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help=_("start the kiosk"))
    run.add_argument("--demo", action="store_true", help=_("load the demo consultation first"))
    run.add_argument("--windowed", action="store_true", help=_("a window instead of full screen"))
    tour = sub.add_parser("tour", help=_("render every screen to PNG, for docs and translators"))
    tour.add_argument("--out", required=True, help=_("the folder for the pictures, one subfolder per language"))
    tour.add_argument("--lang", dest="tour_languages", default="vi,en", help=_("languages, separated by commas (default: vi,en)"))
    tour.add_argument(
        "--size",
        dest="tour_sizes",
        default="1280x800",
        help=_("window sizes WIDTHxHEIGHT, separated by commas (default: 1280x800); several go to one subfolder each"),
    )
    tour.add_argument(
        "--text",
        dest="tour_text_sizes",
        default="normal",
        help=_("text sizes, separated by commas: normal, largest (default: normal); with both, SCREEN-largest.png too"),
    )
    sub.add_parser("self-test", help=_("offscreen: one submission end to end, exit 0 or 1"))


@command("run")
def _run(args: argparse.Namespace, home: Home) -> int:
    from ui.app import run_kiosk

    return run_kiosk(home, demo=args.demo, windowed=args.windowed, language=args.lang or i18n.DEFAULT_LANGUAGE)


@command("tour")
def _tour(args: argparse.Namespace, home: Home) -> int:
    known = {entry["code"] for entry in i18n.languages()} | {i18n.PSEUDO}
    languages = [code.strip() for code in args.tour_languages.split(",") if code.strip()]
    unknown = [code for code in languages if code not in known]
    if unknown or not languages:
        raise ValidationError(
            _("Unknown language {code}: the kiosk has {known}.").format(code=", ".join(unknown) or "''", known=", ".join(sorted(known)))
        )
    from ui.tour import TEXT_SIZES, check_text_sizes, parse_size, render_tour

    try:
        text_sizes = check_text_sizes(tuple(name.strip() for name in args.tour_text_sizes.split(",") if name.strip()))
    except ValueError as error:
        message = _("Unknown text size {size}: the tour has {known}.").format(size=error, known=", ".join(TEXT_SIZES))
        raise ValidationError(message) from error
    try:
        sizes = tuple(parse_size(text) for text in args.tour_sizes.split(",") if text.strip())
    except ValueError as error:
        raise ValidationError(_("“{size}” is not a window size such as 1024x768.").format(size=error)) from error
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
    written = render_tour(Path(args.out), languages, sizes=sizes or ((1280, 800),), text_sizes=text_sizes)
    sys.stdout.write("".join(f"{path}\n" for path in written))
    return 0


@command("self-test")
def _self_test(args: argparse.Namespace, home: Home) -> int:
    from ui.selftest import self_test

    return self_test(lambda line: sys.stdout.write(line + "\n"))


core_cli.PARSER_EXTENSIONS.append(_add_commands)


def main(argv: list[str] | None = None) -> int:
    return core_cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
