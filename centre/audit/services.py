"""Writing to the audit log, in the caller's transaction, and checking its chain."""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from centre.audit.models import AuditEvent, EventType
from centre.core import clock
from centre.core.database import lock
from kiosk import canonical

GENESIS = "0" * 64


def _actor_label(actor: Any) -> str:
    if actor is not None:
        return actor.get_username()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"{user}@{socket.gethostname()} (command line)"


def _link(prev_hash: str, event: AuditEvent) -> str:
    content = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "event_type": event.event_type,
        "actor": event.actor_label,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "extra": event.extra,
    }
    return canonical.sha256_hex(prev_hash.encode("ascii") + canonical.dumps(content))


def record(
    event_type: EventType,
    *,
    actor: Any = None,
    actor_label: str = "",
    target_type: str = "",
    target_id: Any = "",
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records.

    ``actor_label`` names who acted when no staff user did and the command line
    is not the source either (a sign-in attempt from the web, a kiosk's request).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() runs inside the transaction of the change it records")
    lock("audit")  # one chain: its writers queue here, for the few microseconds of the append
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    event = AuditEvent(
        seq=seq,
        at=clock.now().replace(microsecond=0),
        event_type=int(event_type),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label or _actor_label(actor if getattr(actor, "pk", None) else None),
        target_type=target_type,
        target_id=str(target_id),
        extra=canonical.dumps(extra or {}).decode("utf-8"),
        prev_hash=prev,
    )
    event.hash = _link(prev, event)
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainCheck:
    events: int
    broken_at: int | None = None  # the seq of the first row that does not follow from the one before

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainCheck:
    """Walk the log in order; the first row whose hash or link does not hold is named."""
    prev, expected_seq, count = GENESIS, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if event.seq != expected_seq or event.prev_hash != prev or _link(prev, event) != event.hash:
            return ChainCheck(count, broken_at=event.seq)
        prev, expected_seq = event.hash, event.seq + 1
    return ChainCheck(count)
