"""The portal's fixtures: a centre with a consultation, a kiosk and its submissions stored through the real models."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from centre.core import public_cache
from kiosk import canonical
from kiosk.storage.db import Store
from sync.packages import node_to_dict
from tests.conftest import REPO, sample_tree

# Playwright's sync API runs an event loop in the test's thread; the ORM calls made beside it are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

KIOSK_ID = "K-TEST-0001"
CONSULTATION = "TEST-1"
AGENCY = "UBND-XA-TN"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _fresh_portal_state(tmp_path, monkeypatch):
    """Each test starts with no kept counts, no kept pages, no rate-limit counters and no report files."""
    from django.core.cache import cache

    from centre.portal import report
    from centre.portal.selectors import clear_memo

    monkeypatch.setattr(report, "_root", lambda: tmp_path / "reports")

    clear_memo()
    cache.clear()
    yield
    clear_memo()


def spec(code: str = CONSULTATION, *, opens: date = date(2026, 11, 1), closes: date = date(2026, 12, 31), status: str = "open") -> str:
    return canonical.dumps(
        {
            "code": code,
            "title": "Dự thảo Quy chế chợ xã",
            "agency": "Ủy ban nhân dân xã Thử Nghiệm",
            "summary": "Xã lấy ý kiến nhân dân về quy chế họp chợ.",
            "opens": opens.isoformat(),
            "closes": closes.isoformat(),
            "status": status,
            "kind": "draft",
            "questions": [
                {"kind": "single", "text": "Chợ nên mở cửa lúc mấy giờ?", "options": ["5 giờ", "6 giờ"]},
                {"kind": "text", "text": "Ý kiến khác của ông/bà?", "options": []},
            ],
        }
    ).decode("utf-8")


def publish(code: str = CONSULTATION, **dates) -> object:
    """The consultation, its agency and its draft (the kiosks' sample tree), as the centre stores them."""
    from centre.accounts.models import Agency
    from centre.consultations.models import Consultation, Draft

    agency, _ = Agency.objects.get_or_create(code=AGENCY, defaults={"name": "Ủy ban nhân dân xã Thử Nghiệm"})
    consultation = Consultation.objects.create(code=code, spec=spec(code, **dates), draft_version=1, agency=agency)
    tree = canonical.dumps([node_to_dict(node) for node in sample_tree()])
    Draft.objects.create(
        consultation=consultation, version=1, sha256=canonical.sha256_hex(tree), title="Dự thảo Quy chế chợ xã", tree=tree.decode()
    )
    return consultation


def enrol(kiosk_id: str = KIOSK_ID, commune: str = "Xã Thử Nghiệm", province: str = "Tỉnh Mẫu") -> None:
    from centre.fleet.models import Kiosk

    Kiosk.objects.get_or_create(
        kiosk_id=kiosk_id,
        defaults={
            "commune_code": "00001",
            "commune_name": commune,
            "province_code": "01",
            "province_name": province,
            "enrolled_at": datetime.now(UTC),
        },
    )


def store_kiosk_events(store: Store, received_at: datetime | None = None, after_seq: int = 0) -> int:
    """The events of a kiosk's store (after ``after_seq``), as one applied batch of the centre (what ingest keeps: the kiosk's bytes)."""
    from centre.ingest.models import Batch, Event

    rows = store.query("SELECT * FROM events WHERE seq > ? ORDER BY epoch, seq", (after_seq,))
    if not rows:
        return 0
    first, last = rows[0], rows[-1]
    batch = Batch.objects.create(
        file_sha256=canonical.sha256_hex(f"{first['kiosk_id']}-{first['seq']}-{last['seq']}-{datetime.now(UTC).isoformat()}".encode()),
        file_name="GOPY-BATCH-test.zip",
        manifest_sha256="0" * 64,
        kiosk_id=first["kiosk_id"],
        epoch=first["epoch"],
        batch_seq=1,
        seq_from=first["seq"],
        seq_to=last["seq"],
        signing_key_id="test",
        received_at=received_at or datetime.now(UTC),
        status="applied",
        new_events=len(rows),
        manifest="{}",
    )
    Event.objects.bulk_create(
        Event(
            kiosk_id=row["kiosk_id"],
            epoch=row["epoch"],
            seq=row["seq"],
            hash=row["hash"],
            kind=row["kind"],
            uuid=row["uuid"],
            receipt_code=row["receipt_code"],
            consultation_code=row["consultation_code"],
            channel=row["channel"],
            local_time=row["created_at"],
            batch=batch,
            body=row["body"],
        )
        for row in rows
    )
    public_cache.bump()  # as ingest does once a batch is applied
    return len(rows)


def answer(
    *,
    legal_key: str | None = None,
    receipt_code: str | None = None,
    status: str = "partly_accepted",
    text: str = "",
    at: datetime | None = None,
):
    """A published answer of the drafting agency. The review app has no service for it yet: the model, as `respond` stores it."""
    from centre.review.models import Response

    made = Response.objects.create(
        consultation_code=CONSULTATION,
        legal_key=legal_key,
        receipt_code=receipt_code,
        status=status,
        text=text,
        loaded_at=at or datetime.now(UTC),
    )
    public_cache.bump()  # as `respond` does once it loaded the file
    return made


@dataclass
class Submitted:
    code: str
    store: Store


def submit(store: Store, items: list[tuple[str, str, str]], clock=None) -> str:
    """A submission made by the kiosk's own service; ``items`` are (legal key, stance, comment). Returns its receipt code."""
    from kiosk.domain import Stance
    from kiosk.feedback import Answer, FeedbackForm, FeedbackItem
    from kiosk.submissions import SubmissionService
    from tests.conftest import NOW, article_id

    form = FeedbackForm(
        CONSULTATION,
        items=tuple(FeedbackItem(article_id(store, key), Stance(stance), comment) for key, stance, comment in items),
        answers=(Answer(1, choices=(0,)),),
    )
    return SubmissionService(store, clock or (lambda: NOW)).submit(form).receipt.code


def kiosk_identity(store: Store) -> str:
    return store.query_one("SELECT kiosk_id FROM identity")["kiosk_id"]


@pytest.fixture
def centre_seed(store):
    """A published consultation, the kiosk that holds it enrolled, and nothing received yet."""
    publish()
    enrol(kiosk_identity(store))
    return store


def yesterday() -> datetime:
    return datetime.now(UTC) - timedelta(days=1)


def screenshots_folder() -> Path | None:
    """docs/screenshots/portal when GOPY_PORTAL_SCREENSHOTS=1 (they are committed, so not rewritten on every run)."""
    if os.environ.get("GOPY_PORTAL_SCREENSHOTS") != "1":
        return None
    folder = REPO / "docs" / "screenshots" / "portal"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def agency_lead():
    """The drafting agency's lead, made through the accounts service (password unused here)."""
    from centre.accounts.models import User
    from centre.accounts.services import do_create_user

    found = User.objects.filter(username="lead-tn").first()
    if found is None:
        do_create_user("lead-tn", "lead", agency_code=AGENCY, password="a long enough password 1", actor=None)
        found = User.objects.get(username="lead-tn")
    return found


def publish_key_answer(legal_key: str, outcome: str, text: str):
    """An answer on a legal key, published the way the agency publishes: the console's services (issue 18) when they
    exist (write, approve, publish), else a loaded response (the model `gopy central respond` fills)."""
    try:
        from centre.review import services as review
    except ImportError:
        return answer(legal_key=legal_key, status=outcome, text=text)
    from centre.consultations.models import Consultation

    lead = agency_lead()
    written = review.do_answer(Consultation.objects.get(code=CONSULTATION), actor=lead, outcome=outcome, text=text, legal_key=legal_key)
    review.do_approve_answers([written.pk], actor=lead)
    review.do_publish_answers(CONSULTATION, actor=lead)
    return written
