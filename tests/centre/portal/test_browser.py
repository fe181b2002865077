"""The portal in Debian's chromium (Playwright) against a live test server.

- A receipt printed by the kiosk's own PDF path, its QR code read back with
  zxing-cpp, the address opened: "received"; then the agency's answer; then
  a code with one wrong character.
- Every page: axe-core (vendored, tests/centre/vendor/axe.min.js) finds
  nothing serious or critical; each page's weight is printed and stays under
  30 KB (the draft's text aside); each page works with JavaScript disabled;
  no page leaves a cookie.

Screenshots of every page go to docs/screenshots/portal/ with GOPY_PORTAL_SCREENSHOTS=1.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kiosk.receipt_code import group, new_code
from tests.centre.portal.conftest import (
    AGENCY,
    CHROMIUM_ARGS,
    CONSULTATION,
    answer,
    enrol,
    kiosk_identity,
    publish,
    publish_key_answer,
    screenshots_folder,
    store_kiosk_events,
    submit,
)

pytestmark = [pytest.mark.centre, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
PAGE_BUDGET = 30_000  # bytes: HTML and CSS, the draft's text aside
PHONE = {"width": 360, "height": 740}  # a cheap Android phone's viewport


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _typo(code: str) -> str:
    return code[:5] + ("7" if code[5] != "7" else "8") + code[6:]


def test_a_printed_receipts_qr_code_opens_its_status_then_its_answer(live_server, browser, store, tmp_path):
    from kiosk.receipt_documents import receipt_pdf
    from tests.kiosk.receipts import decode_qr, rasterise

    store.set_setting("portal_url", f"{live_server.url}/r")
    code = submit(store, [("article:2", "disagree", "Thêm phó ban"), ("article:2/clause:1", "agree", "")])
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(receipt_pdf(store, code))  # the kiosk's own path: store → content → reportlab, 80 mm
    found = decode_qr(rasterise(pdf))
    assert len(found) == 1
    address = found[0].text
    assert address.upper() == f"{live_server.url}/r/{code}".upper()  # scheme and host in capitals: QR's alphanumeric mode
    path = urlsplit(address).path

    publish()
    enrol(kiosk_identity(store))
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + path)
    assert "Trung tâm chưa nhận được phiếu này." in page.inner_text("main")  # the batch has not come yet

    store_kiosk_events(store)
    page.reload()
    main = page.inner_text("main")
    assert "Trung tâm đã nhận" in main and group(code) in main
    assert "Chưa được trả lời." in main
    page.goto(f"{live_server.url}{path}?lang=en")
    assert "Received at the centre" in page.inner_text("main")

    publish_key_answer("article:2", "partly_accepted", "Điều 2 sẽ bổ sung một phó ban.")  # through the console's services
    page.reload()
    main = page.inner_text("main")
    assert "Answer: Partly accepted" in main and "Điều 2 sẽ bổ sung một phó ban." in main
    assert "the answer on Điều 2" in main  # clause 1's comment shows its article's answer

    page.goto(f"{live_server.url}/r/{_typo(code)}")
    assert "Mã này bị gõ sai." in page.inner_text("main")
    assert context.cookies() == []
    context.close()


@pytest.fixture
def portal_pages(live_server, store):
    """Every kind of portal page, with data: TEST-1 closed with answers, TEST-2 still open."""
    received_at = datetime.now(UTC) - timedelta(days=12)
    publish(opens=date(2026, 10, 1), closes=date(2026, 10, 31), status="closed")
    publish("TEST-2", opens=date(2026, 11, 1), closes=date(2099, 12, 31))
    enrol(kiosk_identity(store))
    enrol("K-OTHER-0002", commune="Xã Bên Sông", province="Tỉnh Mẫu")
    code = submit(
        store, [("article:2", "disagree", "Cần thêm phó ban."), ("article:2/clause:2/point:a", "other", ""), ("article:3", "agree", "")]
    )
    submit(store, [("article:2", "disagree", "cần thêm  phó ban."), ("article:1", "agree", "")])
    store_kiosk_events(store, received_at=received_at)
    answer(
        legal_key="article:2",
        status="partly_accepted",
        text="Tiếp thu: khoản 2 Điều 2 bổ sung một phó ban.",
        at=received_at + timedelta(days=6),
    )
    answer(
        legal_key="article:3",
        status="explained",
        text="Quy chế có hiệu lực từ ngày ký để kịp phiên chợ Tết.",
        at=received_at + timedelta(days=9),
    )
    base = live_server.url
    return {
        "lookup": f"{base}/r/",
        "lookup-typo": f"{base}/r/{_typo(code)}",
        "receipt": f"{base}/r/{code}",
        "receipt-flagged": f"{base}/r/{code}?da-bao=1",
        "not-received": f"{base}/r/{new_code()}",
        "consultation": f"{base}/r/lay-y-kien/{CONSULTATION}",
        "results": f"{base}/r/ket-qua/{CONSULTATION}",
        "results-pending": f"{base}/r/ket-qua/TEST-2",
        "agency": f"{base}/co-quan/{AGENCY}",
        "receipt-en": f"{base}/r/{code}?lang=en",
        "results-en": f"{base}/r/ket-qua/{CONSULTATION}?lang=en",
    }


def test_every_page_passes_axe_weighs_under_30_kb_and_needs_no_javascript(browser, portal_pages):
    shots = screenshots_folder()
    # axe runs as a script in the page: only its context bypasses the pages' CSP (which allows no script at all).
    audit = browser.new_context(viewport=PHONE, bypass_csp=True)
    plain = browser.new_context(viewport=PHONE, java_script_enabled=False)
    report = []
    for name, url in portal_pages.items():
        page = audit.new_page()
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
        )
        bad = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not bad, f"{name}: {bad}"
        minor = [(v["id"], v["impact"]) for v in result["violations"]]
        page.close()

        page = plain.new_page()
        sizes: list[int] = []
        page.on(
            "response",
            lambda r, sizes=sizes: sizes.append(len(r.body())) if r.request.resource_type in ("document", "stylesheet") else None,
        )
        response = page.goto(url)
        assert response is not None and response.status < 500, name
        assert page.locator("h1").first.is_visible(), name
        draft = page.evaluate(
            "() => { const d = document.querySelector('.draft'); return d ? new TextEncoder().encode(d.outerHTML).length : 0 }"
        )
        weight = sum(sizes) - draft
        assert weight < PAGE_BUDGET, f"{name}: {weight} bytes"
        report.append(f"{name:16} {response.status}  {weight:6d} B  (draft {draft} B)  axe minor: {minor or 'none'}")
        if shots is not None:
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        page.close()
    print("\nportal page weights (HTML + CSS, without the draft's text):\n" + "\n".join(report))
    assert audit.cookies() == [] and plain.cookies() == []
    audit.close()
    plain.close()


def test_the_flag_form_works_without_javascript_and_without_a_cookie(browser, portal_pages):
    from centre.portal.models import Flag

    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(portal_pages["receipt-en"])
    page.fill("#note", "I have never been to this kiosk.")
    page.click("text=I did not send this")
    assert "Your report has gone to the drafting agency" in page.inner_text("main")
    assert Flag.objects.get().note == "I have never been to this kiosk."
    assert context.cookies() == []
    context.close()


def test_the_results_page_offers_the_report_as_docx_and_pdf(browser, portal_pages, tmp_path):
    """The report's two links with their sizes (the PDF's once LibreOffice made it), on a phone, without JavaScript."""
    import shutil

    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    docx = page.request.get(portal_pages["results"] + ".docx")
    assert docx.status == 200 and docx.body()[:2] == b"PK"
    pdf = page.request.get(portal_pages["results"] + ".pdf")
    if shutil.which("soffice") is not None:
        assert pdf.status == 200 and pdf.body()[:4] == b"%PDF"
    else:
        assert pdf.status == 503
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.request.resource_type in ("document", "stylesheet") else None)
    page.goto(portal_pages["results-en"])
    files = page.locator(".files").inner_text()
    assert "Word (.docx) · " in files and "KB" in files
    if shutil.which("soffice") is not None:
        assert "PDF · " in files
    print(f"\nthe results page with the report: {sum(sizes)} B; {files!r}")
    assert sum(sizes) < PAGE_BUDGET
    page.locator("#report").scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "results-report.png"), full_page=True)
    shots = screenshots_folder()
    if shots is not None:
        page.screenshot(path=str(shots / "results-report.png"), full_page=True)
    assert context.cookies() == []
    context.close()
