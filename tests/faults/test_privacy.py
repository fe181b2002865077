"""Personal details never rest in clear on the kiosk: not in the database, its WAL, the logs or the receipts."""

from __future__ import annotations

import base64
import logging
import unicodedata

from nacl.public import PrivateKey

from kiosk.domain import Stance
from kiosk.feedback import Consent, FeedbackForm, FeedbackItem, PersonalData
from kiosk.logs import setup_logging
from kiosk.printing import SaveAsPdf
from kiosk.receipt_documents import receipt_pdf
from kiosk.submissions import SubmissionService
from tests.conftest import NOW, article_id

NAME, PHONE, ID_NUMBER, ADDRESS = "Hoàng Thị Xuân Quỳnh", "0987654321", "001203004567", "Xóm Đồng Sậy, thôn 4"


def _forms_of(text: str) -> list[bytes]:
    forms = []
    for normal in ("NFC", "NFD"):
        value = unicodedata.normalize(normal, text)
        forms += [value.encode("utf-8"), value.encode("utf-16-le")]
    return forms


def test_no_byte_of_personal_details_in_clear_anywhere_in_the_home_folder(store, home):
    key = PrivateKey.generate()
    with store.write() as db:
        db.execute("UPDATE identity SET sealing_key = ?, sealing_key_id = 'k1'", [base64.b64encode(bytes(key.public_key)).decode()])
    setup_logging(home)
    form = FeedbackForm(
        "TEST-1",
        items=(FeedbackItem(article_id(store, "article:1"), Stance.AGREE, "Đồng ý với phạm vi."),),
        consent=Consent(personal_data=True),
        personal=PersonalData(name=NAME, phone=PHONE, id_number=ID_NUMBER, address=ADDRESS),
    )
    receipt = SubmissionService(store, lambda: NOW).submit(form).receipt
    SaveAsPdf(home.receipts).print_pdf(receipt_pdf(store, receipt.code), size="80mm")
    logging.getLogger("kiosk").warning("a submission was stored: %s", receipt.code)
    for handler in logging.getLogger().handlers:
        handler.flush()
    files = [p for p in home.root.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files)  # the WAL is checked before any checkpoint
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".log" for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in (NAME, PHONE, ID_NUMBER, ADDRESS):
            for form_bytes in _forms_of(secret):
                assert form_bytes not in data, f"{secret!r} in clear in {path}"
