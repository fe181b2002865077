"""Demo data through the real path: a demo issuer publishes the sample draft to this kiosk.

The kiosk holds no centre (the centre is a separate server, never in a
commune's kiosk), so the demo's enrolment file and package are written by a
small demo issuer in ``<home>/demo-centre``: the centre's own keys and the same
wire formats (sync.packages) the real centre writes, signed the same way. The
kiosk is enrolled with it and imports the package exactly as a commune's kiosk
would. The draft in assets/demo/ was written for this project in the form of a
Vietnamese draft and is marked as a sample.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk import canonical
from kiosk.clock import Clock, system_clock
from kiosk.errors import ValidationError
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.resources import assets_dir
from kiosk.storage.db import Store
from sync.enrolment_proof import new_secret
from sync.keys import CentreKeys
from sync.kiosk_side import import_package, setup
from sync.packages import PackageContent, node_to_dict, package_filename, write_enrolment, write_package

DEMO_KIOSK = "DEMO-AN-PHU-01"
DEMO_COMMUNE = {"commune_code": "AP", "commune_name": "Xã An Phú"}


class DemoIssuer:
    """Enrolment files and packages for demo and tour kiosks, from a folder holding a centre's keys."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        keys = folder / "keys"
        if not keys.exists():
            CentreKeys.generate().save(keys)
        self.keys = CentreKeys.load(keys)

    def enrol(self, kiosk_id: str, commune_code: str, commune_name: str, out: Path) -> Path:
        place = {"commune_code": commune_code, "commune_name": commune_name}
        return write_enrolment(out, self.keys, kiosk_id=kiosk_id, place=place, issued_at=_now(), secret=new_secret())

    def package(self, kiosk_id: str, consultations: list[dict[str, Any]], out_folder: Path) -> Path:
        """The next package for ``kiosk_id``: the consultations given, nothing acknowledged (demo kiosks export nowhere)."""
        counter = self.folder / f"package-seq-{kiosk_id}"
        package_seq = int(counter.read_text()) + 1 if counter.exists() else 1
        counter.write_text(str(package_seq))
        out_folder.mkdir(parents=True, exist_ok=True)
        path = out_folder / package_filename(kiosk_id, package_seq)
        return write_package(
            path, self.keys, kiosk_id=kiosk_id, package_seq=package_seq, issued_at=_now(), content=PackageContent(consultations)
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def demo_consultation(today: date) -> dict[str, Any]:
    """The demo consultation as a centre's package carries it: its spec, open from a week ago for a month, and its one draft."""
    from kiosk.drafts import parse_file

    folder = assets_dir() / "demo"
    spec = json.loads((folder / "consultation.json").read_text(encoding="utf-8"))
    parsed = parse_file(folder / spec.pop("drafts")[0])
    tree = [node_to_dict(node) for node in parsed.nodes]
    return {
        **spec,
        "summary": spec.get("summary", ""),
        "status": "open",
        "opens": (today - timedelta(days=7)).isoformat(),
        "closes": (today + timedelta(days=30)).isoformat(),
        "questions": [{"kind": q["kind"], "text": q["text"], "options": q.get("options", [])} for q in spec.get("questions", [])],
        "draft_version": 1,
        "drafts": [
            {"version": 1, "sha256": canonical.sha256_hex(canonical.dumps(tree)), "title": parsed.title or spec["title"], "nodes": tree}
        ],
    }


def load_demo(store: Store, home: Home, clock: Clock | None = None) -> str:
    """Fill this kiosk with the demo consultation; returns its code. Running it again changes nothing."""
    today = (clock or system_clock())().date()
    consultation = demo_consultation(today)
    if store.query_one("SELECT 1 AS x FROM consultations WHERE code = ?", (consultation["code"],)):
        return consultation["code"]
    identity = store.query_one("SELECT * FROM identity")
    if identity["enrolled_at"] and identity["kiosk_id"] != DEMO_KIOSK:
        raise ValidationError(_("This kiosk is enrolled with a real centre; demo data is only for kiosks that are not."))
    issuer = DemoIssuer(home.root / "demo-centre")
    if not identity["enrolled_at"]:
        enrolment = issuer.enrol(DEMO_KIOSK, DEMO_COMMUNE["commune_code"], DEMO_COMMUNE["commune_name"], issuer.folder / "demo.enrol")
        setup(store, home, enrolment)
        with store.write() as db:
            db.execute("UPDATE identity SET kiosk_name = ?, sealing_key_is_demo = 1", [_("Kiosk 1 (demo)")])
    import_package(store, issuer.package(DEMO_KIOSK, [consultation], issuer.folder / "packages"))
    return consultation["code"]
