"""A centre configured in this process (pytest-django's database, a tmp home with keys) and kiosks that write batches to it.

Used by tests/centre/test_ingest_*.py. A kiosk here is only its key and its
chain: batches are crafted as an honest (or dishonest) kiosk would sign them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import transaction

from centre.core import clock
from centre.fleet.models import Kiosk
from kiosk.chain import GENESIS
from sync.enrolment_proof import PROOF_FIELD, new_secret, proof
from sync.keys import CentreKeys, KioskKey
from tests.sync.helpers import chain, craft_batch


@dataclass
class FakeKiosk:
    """A kiosk's enrolment secret, its key, and how far its chain went."""

    kiosk_id: str
    folder: Path
    secret: str = ""
    key: KioskKey = field(default_factory=KioskKey.generate)
    seq: int = 0
    head: str = GENESIS
    batches: int = 0
    root_key_id: str | None = None

    def batch(self, count: int, *, prove: bool = True, key: KioskKey | None = None, **fields) -> Path:
        """The next ``count`` events as a batch (signed by ``key``, default its own), carrying the proof of enrolment."""
        lines, hashes = chain(self.kiosk_id, 1, self.seq + 1, self.head, count)
        self.batches += 1
        signer = key or self.key
        extra = dict(fields)
        if prove and self.secret:
            extra.setdefault(PROOF_FIELD, proof(self.secret, self.kiosk_id, signer.public_key))
        if self.root_key_id is not None:
            extra.setdefault("centre_root_key_id", self.root_key_id)
        path = craft_batch(
            self.folder / f"b{self.batches}",
            signer,
            lines,
            hashes,
            kiosk_id=self.kiosk_id,
            seq_from=self.seq + 1,
            first_prev=self.head,
            batch_seq=self.batches,
            **extra,
        )
        self.seq += count
        self.head = hashes[-1]
        return path


@dataclass
class Centre:
    home: Path
    keys: CentreKeys

    def enrol(self, kiosk_id: str, folder: Path) -> FakeKiosk:
        """A stand-in for fleet's enrolment: the kiosk row with a one-time secret, and the kiosk holding it."""
        secret = new_secret()
        with transaction.atomic():
            Kiosk.objects.create(
                kiosk_id=kiosk_id,
                commune_code="TN",
                commune_name="Xã Thử Nghiệm",
                enrolled_at=clock.now().replace(microsecond=0),
                enrolment_secret=secret,
            )
        return FakeKiosk(kiosk_id, folder, secret, root_key_id=self.keys.root_key_id)


@pytest.fixture(name="centre")
def centre_fixture(settings, tmp_path, transactional_db) -> Centre:
    """A centre whose home (keys, kept batch files) is in tmp_path, on the test database (SQLite or PostgreSQL)."""
    home = tmp_path / "centre"
    keys = CentreKeys.generate()
    keys.save(home / "keys")
    settings.HOME = home
    return Centre(home, keys)
