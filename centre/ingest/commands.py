"""``gopy central ingest`` and ``gopy central release``: parse, call the ingest service, print."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from centre.cli import handler
from kiosk.errors import UserFacingError
from kiosk.i18n import _


@handler("ingest")
def ingest(args: argparse.Namespace) -> int:
    """Each file on its own: one bad file is refused without stopping the others. Exit 2 when any was not accepted."""
    from centre.ingest.services import do_ingest_file

    outcomes: list[dict[str, Any]] = []
    failed = False
    for path in (Path(p) for p in args.batches):
        try:
            result = do_ingest_file(path, actor=None, source="file", index=args.index)
        except UserFacingError as error:
            failed = True
            outcomes.append({"file": path.name, "outcome": "refused", "reason": getattr(error, "code", "error"), "message": error.message})
            if not args.json:
                print(f"gopy: {error.message}", file=sys.stderr)
            continue
        outcomes.append({**result.as_dict(), "message": result.message()})
        failed |= not result.ok
        if not args.json:
            print(result.message(), file=sys.stdout if result.ok else sys.stderr)
    if args.json:
        print(json.dumps(outcomes, ensure_ascii=False, indent=2))
    return 2 if failed else 0


@handler("release")
def release(args: argparse.Namespace) -> int:
    """Judge a quarantined batch again from its kept file; exit 2 when it stays quarantined."""
    from centre.ingest.services import do_release_batch

    result = do_release_batch(args.batch, actor=None)
    print(result.message(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 2


@handler("index")
def index(args: argparse.Namespace) -> int:
    from centre.review.services import index_pending

    added = index_pending(actor=None)
    print(_("{count} comments added to the console's index.").format(count=added))
    return 0
