"""Reading a batch file at the centre: verified before it is trusted, streamed so that no batch is too large.

The container's shape and signature are checked first (sync.container's
streaming reader: nothing of the members is read yet), then ``events.jsonl``
is streamed line by line: every line checked (sync.batches.EventChecker)
and written as it goes into a staging table (``COPY`` on PostgreSQL), while
the member's size and SHA-256 are compared with the signed manifest. The
caller does this inside its transaction: a check that fails, even at the
last byte, rolls back every row staged before it.

Memory is bounded by one chunk of the file and one line, whatever the batch's size.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from centre.core.database import create_staging, insert_rows
from kiosk import faults
from kiosk.durable import fsync_directory
from kiosk.i18n import _
from sync.batches import EVENTS_MEMBER, EventChecker, EventLine, check_manifest
from sync.container import StreamedContainer, open_container
from sync.errors import DamagedFile
from sync.keys import key_id, parse_verify_key

STAGING = "ingest_staging"
# The columns of ``events`` a batch fills; batch_id and revoked are set when staging is copied in.
COLUMNS = (
    "kiosk_id",
    "epoch",
    "seq",
    "hash",
    "kind",
    "uuid",
    "receipt_code",
    "consultation_code",
    "channel",
    "local_time",
    "clock_state",
    "body",
)
# The widths of the columns a line's fields go to (centre/ingest/models.py): a longer value is
# not what a kiosk writes, and PostgreSQL would refuse it, so it is never trusted as a column.
_WIDTHS = {"kind": 40, "uuid": 36, "receipt_code": 20, "consultation_code": 64, "channel": 20, "local_time": 40, "clock_state": 20}
_MAX_INT32 = 2**31 - 1  # epoch and batch_seq are 32-bit columns
KEPT_FOLDER = "batches"
_CHUNK = 1 << 20
STAGE_ROWS = 5000  # rows per insert_rows call (one COPY on PostgreSQL)
FAULT_EVERY = 1000  # lines staged between two "ingest.staged" fault points


def _column(value: str | None, width: int) -> str | None:
    if value is None or len(value) > width or "\x00" in value:
        return None
    return value


def carried_key(label: str) -> Any:
    """The verify_key function for a batch: the key its manifest carries, which must be the key it names.

    Whether that key may sign for the kiosk is decided later, under the kiosk's lock.
    """

    def resolve(manifest: dict[str, Any]) -> Any:
        check_manifest(manifest, label)
        for field, widest in (("kiosk_id", 64), ("epoch", _MAX_INT32), ("batch_seq", _MAX_INT32)):
            value = manifest[field]
            if (len(value) if isinstance(value, str) else value) > widest or (isinstance(value, str) and "\x00" in value):
                raise DamagedFile(
                    _("The batch {file} has a manifest with a missing or wrong field: {field}.").format(file=label, field=field)
                )
        carried = parse_verify_key(manifest["public_key"])
        if key_id(bytes(carried)) != manifest["signing_key_id"]:
            raise DamagedFile(_("The batch {file} names a signing key that is not the key it carries.").format(file=label))
        return carried

    return resolve


def open_batch(path: Path, label: str | None = None) -> StreamedContainer:
    """A batch file whose structure and signature (by the key it carries) hold; its events are not read yet.

    :raises SyncError: DamagedFile, BadSignature or IncompleteCopy.
    """
    container = open_container(path, verify_key=carried_key(label or Path(path).name))
    if EVENTS_MEMBER not in container.listed:
        raise DamagedFile(_("The file {file} has no {member}.").format(file=container.label, member=EVENTS_MEMBER))
    return container


@dataclass
class Staged:
    """What streaming a batch into the staging table learnt: its first event (an epoch's first batch is judged by it)."""

    first: EventLine


def stage_events(container: StreamedContainer, label: str) -> Staged:
    """Every line of ``events.jsonl`` checked and written to the staging table; every other member hashed.

    Runs inside the caller's transaction (the staging table lives and dies with it).

    :raises DamagedFile: for the first thing that does not hold; the caller's transaction then rolls back.
    """
    for name in container.listed:
        if name != EVENTS_MEMBER:
            for _chunk in container.chunks(name):  # attachments are required members: each verified whole
                pass
    manifest = container.manifest
    checker = EventChecker(manifest, label)
    kiosk_id, epoch = manifest["kiosk_id"], manifest["epoch"]
    first: list[EventLine] = []

    def rows() -> Iterator[tuple[Any, ...]]:
        extra = 0
        for line in container.lines(EVENTS_MEMBER):
            if checker.count >= checker.expected:
                extra += 1  # counted for the message, not checked
                continue
            event = checker.line(line)
            if checker.count % FAULT_EVERY == 0:
                faults.point("ingest.staged")  # the fault tests kill the process in the middle of the COPY
            if not first:
                first.append(event)
            yield (
                kiosk_id,
                epoch,
                event.seq,
                event.hash,
                _column(event.kind, _WIDTHS["kind"]) or "",
                _column(event.uuid, _WIDTHS["uuid"]),
                _column(event.receipt_code, _WIDTHS["receipt_code"]),
                _column(event.consultation, _WIDTHS["consultation_code"]),
                _column(event.channel, _WIDTHS["channel"]),
                _column(event.local_time, _WIDTHS["local_time"]),
                _column(event.clock_state, _WIDTHS["clock_state"]),
                event.text,
            )
        checker.finish(extra)

    with connection.cursor() as cursor:
        # A held batch released in the same transaction stages after the batch that released it.
        cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(STAGING)}")
    create_staging(STAGING, "events", COLUMNS)
    # In slices: Django's SQLite executemany peeks at its rows through itertools.tee, which then
    # keeps every row it passed; a slice bounds that, whatever the batch's size.
    pending = rows()
    while chunk := list(islice(pending, STAGE_ROWS)):
        insert_rows(STAGING, COLUMNS, chunk)
    return Staged(first[0])


# ---------------------------------------------------------------- the kept files of held and quarantined batches


def kept_path(kept_file: str) -> Path:
    return Path(settings.HOME) / kept_file


def keep_file(source: Path, sha256: str) -> str:
    """Copy a batch file into the centre's home as ``batches/<sha256>.zip``: atomically, checked to be the file verified.

    Called inside the transaction that records it, before the commit: a crash leaves
    at worst a file no row names (harmless, the same content), never a row naming no file.

    :returns: the path relative to the home, for ``Batch.kept_file``.
    :raises DamagedFile: when the file changed since it was verified.
    """
    relative = f"{KEPT_FOLDER}/{sha256}.zip"
    target = kept_path(relative)
    if Path(source).resolve() == target.resolve():
        return relative  # judged again from the kept file itself
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with Path(source).open("rb") as src, partial.open("wb") as out:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise DamagedFile(_("The file {file} changed while it was being read; nothing was stored.").format(file=Path(source).name))
        os.replace(partial, target)
        fsync_directory(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return relative


def forget_after_commit(kept_file: str) -> None:
    """A kept file no batch needs any more (applied): removed once the transaction that applied it committed."""
    if kept_file:
        path = kept_path(kept_file)
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
