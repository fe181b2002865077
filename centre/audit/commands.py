"""``gopy central audit``: the last events of the audit log, or a check of its hash chain."""

from __future__ import annotations

import argparse
import json

from centre.audit.models import AuditEvent, EventType
from centre.audit.services import verify_chain
from centre.cli import handler
from centre.core import clock
from kiosk.errors import ValidationError
from kiosk.i18n import _


def _type_name(value: int) -> str:
    try:
        return EventType(value).name
    except ValueError:
        return str(value)


def _target(event: AuditEvent) -> str:
    if event.target_type and event.target_id:
        return f"{event.target_type}:{event.target_id}"
    return event.target_type or event.target_id


@handler("audit")
def audit(args: argparse.Namespace) -> int:
    if args.verify:
        check = verify_chain()
        if check.ok:
            if args.json:
                print(json.dumps({"intact": True, "events": check.events}))
            else:
                print(_("intact, {count} events").format(count=check.events))
            return 0
        if args.json:
            print(json.dumps({"intact": False, "events": check.events, "broken_at": check.broken_at}))
        else:
            print(_("broken at seq {seq}: this event does not follow from the one before it").format(seq=check.broken_at))
        return 1
    if args.limit < 1:
        raise ValidationError(_("--limit must be at least 1."))
    events = list(AuditEvent.objects.order_by("-seq")[: args.limit])[::-1]
    if args.json:
        rows = [
            {
                "seq": e.seq,
                "at": e.at.isoformat(),
                "at_vietnam": clock.shown(e.at),
                "type": _type_name(e.event_type),
                "actor": e.actor_label,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "extra": json.loads(e.extra or "{}"),
            }
            for e in events
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not events:
        print(_("The audit log is empty."))
        return 0
    for e in events:
        print(f"{e.seq:>6}  {clock.shown(e.at)}  {_type_name(e.event_type):<24} {e.actor_label}  {_target(e)}")
    return 0
