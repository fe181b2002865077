"""Rows as ingest leaves them, written straight to the models: the fleet's, consultations' and review's tests need data, not a kiosk."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from centre.core import clock
from centre.fleet.models import Kiosk, KioskKey
from centre.ingest.models import Batch, Event
from kiosk import canonical
from kiosk.receipt_code import new_code

CODE = "TN-DUONG"
DRAFT = """ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM
DỰ THẢO
QUY CHẾ
Quản lý đường thôn

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định việc quản lý đường thôn.

Điều 2. Trách nhiệm
1. Trưởng thôn tổ chức thực hiện.
2. Người dân giữ gìn đường.

Điều 3. Hiệu lực
Quy chế có hiệu lực kể từ ngày ký.
"""
_files = itertools.count(1)


def consultation_file(root: Path, code: str = CODE, **spec) -> Path:
    """A consultation's JSON (and its draft beside it), open from a week ago for a month."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "du-thao.md").write_text(DRAFT, encoding="utf-8")
    today = datetime.now(UTC).date()
    base = {
        "code": code,
        "title": "Quy chế quản lý đường thôn",
        "agency": "UBND xã Thử Nghiệm",
        "opens": (today - timedelta(days=7)).isoformat(),
        "closes": (today + timedelta(days=30)).isoformat(),
        "questions": [{"kind": "single", "text": "Đường rộng bao nhiêu?", "options": ["3 m", "5 m"]}],
        "drafts": ["du-thao.md"],
    }
    path = root / f"{code}.json"
    path.write_text(json.dumps(base | spec, ensure_ascii=False), encoding="utf-8")
    return path


def bind_key(kiosk_id: str, key_id: str = "key-e1", epoch: int = 1) -> KioskKey:
    return KioskKey.objects.create(
        kiosk=Kiosk.objects.get(kiosk_id=kiosk_id), epoch=epoch, key_id=key_id, public_key="pk-" + key_id, bound_at=clock.now()
    )


def batch(
    kiosk_id: str,
    submissions: list[dict],
    *,
    epoch: int = 1,
    key_id: str = "key-e1",
    first_seq: int = 1,
    code: str = CODE,
    manifest: dict | None = None,
    received_at: datetime | None = None,
) -> Batch:
    """An applied batch carrying ``submissions`` (event bodies) at sequence ``first_seq`` on."""
    n = next(_files)
    received = received_at or clock.now().replace(microsecond=0)
    last = first_seq + len(submissions) - 1
    row = Batch.objects.create(
        file_sha256=f"{n:064x}",
        file_name=f"GOPY-{kiosk_id}-e{epoch}-b{n}.zip",
        manifest_sha256=f"{n:064x}",
        kiosk_id=kiosk_id,
        epoch=epoch,
        batch_seq=n,
        seq_from=first_seq,
        seq_to=last,
        signing_key_id=key_id,
        received_at=received,
        status="applied",
        new_events=len(submissions),
        t_floor=received - timedelta(days=30),
        manifest=canonical.dumps({"kiosk_id": kiosk_id, "epoch": epoch, **(manifest or {})}).decode(),
    )
    for seq, body in enumerate(submissions, start=first_seq):
        local_time = (received - timedelta(hours=1)).isoformat(timespec="seconds")
        body = {"id": f"{kiosk_id}-{epoch}-{seq}", "local_time": local_time, **body}
        Event.objects.create(
            kiosk_id=kiosk_id,
            epoch=epoch,
            seq=seq,
            hash=f"{kiosk_id}{epoch}{seq}".ljust(64, "0")[:64],
            kind="submission",
            uuid=body["id"],
            receipt_code=new_code(),
            consultation_code=code,
            channel="self",
            local_time=local_time,
            clock_state="ok",
            batch=row,
            body=canonical.dumps(body).decode(),
        )
    return row


def comment(key: str = "article:1", stance: str = "agree", text: str = "Ý kiến") -> dict:
    return {"items": [{"node_key": key, "stance": stance, "comment": text}], "answers": [{"question": 1, "choices": [0]}]}
