"""Demo data through the real path: a demo centre publishes the sample draft to this kiosk.

The centre lives in ``<home>/demo-centre`` and is labelled as a demo; the
kiosk is enrolled with it, receives the consultation in a signed package and
imports it exactly as a commune's kiosk would. The draft in assets/demo/ was
written for this project in the form of a Vietnamese draft and is marked as
a sample.
"""

from __future__ import annotations

import json
from datetime import timedelta

from kiosk.clock import Clock, system_clock
from kiosk.errors import ValidationError
from kiosk.home import Home
from kiosk.i18n import _
from kiosk.resources import assets_dir
from kiosk.storage.db import Store
from sync.central import service
from sync.kiosk_side import import_package, setup

DEMO_KIOSK = "DEMO-AN-PHU-01"
DEMO_COMMUNE = ("AP", "Xã An Phú")


def load_demo(store: Store, home: Home, clock: Clock | None = None) -> str:
    """Fill this kiosk with the demo consultation; returns its code. Running it again changes nothing."""
    folder = assets_dir() / "demo"
    spec = json.loads((folder / "consultation.json").read_text(encoding="utf-8"))
    if store.query_one("SELECT 1 AS x FROM consultations WHERE code = ?", (spec["code"],)):
        return spec["code"]
    identity = store.query_one("SELECT * FROM identity")
    if identity["enrolled_at"] and identity["kiosk_id"] != DEMO_KIOSK:
        raise ValidationError(_("This kiosk is enrolled with a real centre; demo data is only for kiosks that are not."))
    today = (clock or system_clock())().date()
    centre = home.root / "demo-centre"
    if not (centre / service.KEYS_FOLDER).exists():
        service.init_centre(centre)
    spec.update(
        opens=(today - timedelta(days=7)).isoformat(),
        closes=(today + timedelta(days=30)).isoformat(),
        drafts=[str(folder / name) for name in spec["drafts"]],
    )
    spec_path = centre / "consultation.json"
    spec_path.write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    service.publish(centre, spec_path)
    if not identity["enrolled_at"]:
        enrolment = service.enrol_kiosk(centre, DEMO_KIOSK, *DEMO_COMMUNE, centre / "demo.enrol")
        setup(store, home, enrolment)
        with store.write() as db:
            db.execute("UPDATE identity SET kiosk_name = ?, sealing_key_is_demo = 1", [_("Kiosk 1 (demo)")])
    import_package(store, service.build_package(centre, DEMO_KIOSK, centre / "packages"))
    return spec["code"]
