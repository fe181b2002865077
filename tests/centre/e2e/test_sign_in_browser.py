"""A person at a real browser: Debian's chromium, driven by Playwright, against the live server.

Signs in with a password and a TOTP code, sees the fleet with a seeded kiosk, filters it
(htmx, in place), switches to English and signs out. The screenshots are kept in
docs/screenshots/centre/ when GOPY_SCREENSHOTS=1 (`GOPY_SCREENSHOTS=1 pytest tests/centre/e2e`).
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import connections

from centre.fleet.models import Kiosk
from centre.ingest.models import Head
from tests.centre.staff import PASSWORD, make_staff, next_unused_code

pytestmark = [pytest.mark.centre]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "centre"


@pytest.fixture
def browser_page(monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (scripts/system-deps.sh test)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # The ORM calls made beside Playwright's loop opened their own connection: close it here,
            # or PostgreSQL refuses to drop the test database at the end of the session.
            connections.close_all()


def shoot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("GOPY_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / path.name)


def seed() -> None:
    now = datetime.now(UTC)
    for kiosk_id, commune, commune_name, province, province_name, days in [
        ("KIOSK-HN-0001", "00004", "Phường Ba Đình", "01", "Hà Nội", 2),
        ("KIOSK-HN-0002", "00008", "Xã Sóc Sơn", "01", "Hà Nội", 19),
        ("KIOSK-DN-0001", "20194", "Phường Hải Châu", "48", "Đà Nẵng", 0),
    ]:
        Kiosk.objects.create(
            kiosk_id=kiosk_id,
            commune_code=commune,
            commune_name=commune_name,
            province_code=province,
            province_name=province_name,
            enrolled_at=now - timedelta(days=40),
            last_heard_at=now - timedelta(days=days, hours=3),
        )
    Head.objects.create(kiosk_id="KIOSK-HN-0002", epoch=1, hwm_seq=250, claimed_seq=312)


def test_sign_in_see_the_fleet_switch_language_and_sign_out(live_server, browser_page, tmp_path, transactional_db):
    page = browser_page
    seed()
    operator = make_staff("operator")

    page.goto(live_server.url + "/")
    assert "/accounts/sign-in/" in page.url
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tên đăng nhập").fill(operator.user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    shoot(page, tmp_path, "sign-in")
    page.get_by_role("button", name="Tiếp tục").click()

    page.wait_for_url("**/accounts/sign-in/code/")
    page.get_by_role("heading", name="Nhập mã xác thực").wait_for()
    page.get_by_label("Mã trong ứng dụng xác thực của bạn").fill(next_unused_code(operator))
    shoot(page, tmp_path, "second-factor")
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url(live_server.url + "/")
    page.get_by_role("heading", name="Mạng lưới ki-ốt").wait_for()
    assert page.get_by_text("KIOSK-HN-0001").is_visible()
    assert page.get_by_text("251–312").is_visible()  # the gap of KIOSK-HN-0002
    shoot(page, tmp_path, "fleet-vi")

    # The filter updates the list in place (htmx), and the address follows it.
    page.get_by_label("Tỉnh, thành phố").select_option("48")
    page.wait_for_url("**/?province=48**")
    page.get_by_text("KIOSK-DN-0001").wait_for()
    assert page.get_by_text("KIOSK-HN-0001").count() == 0
    page.get_by_label("Tỉnh, thành phố").select_option("")
    page.get_by_text("KIOSK-HN-0001").wait_for()

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Kiosk fleet").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("19 days ago").is_visible()
    shoot(page, tmp_path, "fleet-en")

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert "/accounts/sign-in/" in page.url
    page.goto(live_server.url + "/")
    assert "/accounts/sign-in/" in page.url


def test_an_officer_is_refused_the_fleet_and_five_wrong_passwords_lock(live_server, browser_page, tmp_path, transactional_db):
    page = browser_page
    officer = make_staff("officer")
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Tên đăng nhập").fill(officer.user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Mã trong ứng dụng xác thực của bạn").fill(next_unused_code(officer))
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Vai trò của bạn không được mở trang này").wait_for()
    shoot(page, tmp_path, "refused")
    page.get_by_role("button", name="Đăng xuất").click()

    someone = make_staff("operator")
    for attempt in range(5):
        page.get_by_label("Tên đăng nhập").fill(someone.user.username)
        page.get_by_label("Mật khẩu").fill(f"sai-{attempt}")
        page.get_by_role("button", name="Tiếp tục").click()
        if attempt < 4:
            page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").wait_for()
            if attempt == 3:
                shoot(page, tmp_path, "wrong-password")
    page.get_by_role("heading", name="Tạm khóa trong một giờ").wait_for()
    shoot(page, tmp_path, "locked-out")
