"""Demo data: a sample commune regulation open for comment, for trying the kiosk.

The draft in assets/demo/ was written for this project in the form of a
Vietnamese draft and is marked as a sample. The sealing key made here is a
demo key, labelled as such: real kiosks get the centre's key at enrolment.
"""

from __future__ import annotations

import base64
import json
import os
from datetime import timedelta

from nacl.public import PrivateKey

from kiosk.clock import Clock, system_clock
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationStatus, QuestionKind
from kiosk.drafts import parse_file
from kiosk.home import Home
from kiosk.resources import assets_dir
from kiosk.storage.db import Store

DEMO_COMMUNE = ("AP", "Xã An Phú")


def load_demo(store: Store, home: Home, clock: Clock | None = None) -> str:
    """Fill ``store`` with the demo consultation; returns its code. Running it again changes nothing."""
    now = (clock or system_clock())()
    folder = assets_dir() / "demo"
    spec = json.loads((folder / "consultation.json").read_text(encoding="utf-8"))
    repo = ConsultationRepository(store)
    if store.query_one("SELECT 1 AS x FROM consultations WHERE code = ?", (spec["code"],)):
        return spec["code"]
    parsed = parse_file(folder / spec["drafts"][0])
    consultation = Consultation(
        code=spec["code"],
        agency=spec["agency"],
        title=spec["title"],
        summary=spec["summary"],
        opens_on=now.date() - timedelta(days=7),
        closes_on=now.date() + timedelta(days=30),
        status=ConsultationStatus.OPEN,
        draft_version=1,
    )
    questions = [(QuestionKind(q["kind"]), q["text"], q.get("options", [])) for q in spec["questions"]]
    public_key = _demo_sealing_key(home)
    with store.write() as db:
        repo.put_consultation(consultation, questions)
        repo.add_draft(consultation.code, 1, parsed.title or consultation.title, parsed.nodes)
        db.execute(
            "UPDATE identity SET commune_code = ?, commune_name = ?, kiosk_name = ?,"
            " sealing_key = coalesce(sealing_key, ?), sealing_key_id = coalesce(sealing_key_id, 'demo'),"
            " sealing_key_is_demo = CASE WHEN sealing_key IS NULL THEN 1 ELSE sealing_key_is_demo END",
            [DEMO_COMMUNE[0], DEMO_COMMUNE[1], "Máy 1", public_key],
        )
    return consultation.code


def _demo_sealing_key(home: Home) -> str:
    """A demo centre sealing key kept in the home folder, so demo personal data can be sealed."""
    home.ensure()
    path = home.keys / "demo-centre-sealing.key"
    if not path.exists():
        key = PrivateKey.generate()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(bytes(key))
    key = PrivateKey(path.read_bytes())
    return base64.b64encode(bytes(key.public_key)).decode("ascii")
