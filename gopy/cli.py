"""``gopy``: hands the command line to the layer that owns the command.

``gopy central …`` goes to the centre (Django, never Qt); every other command to
the kiosk's command line (ui.cli, which may load Qt). Only the invoked layer is
imported, so a centre server needs no display libraries and a kiosk no Django.
"""

from __future__ import annotations

import sys

from kiosk.cli import command_in


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if command_in(argv) == "central":
        from centre.cli import main as centre_main

        return centre_main(argv)
    from ui.cli import main as kiosk_main

    return kiosk_main(argv)


if __name__ == "__main__":
    sys.exit(main())
