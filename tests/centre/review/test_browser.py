"""The console in Debian's chromium (Playwright) against the live server.

- An officer's day: sign in with a TOTP code → dashboard → the queue of one article → a filter →
  confirm a suggested group → answer the group and the whole article → the lead approves and
  publishes → the .docx downloads and reads back → the next package → the kiosk's own receipt
  status code shows the answer, also for a comment on a clause of that article.
- axe-core (vendored) over every console page: nothing serious or critical.

- Merging two groups and choosing the representative text, by button; the lead's default assignees.

Screenshots go to docs/screenshots/console/ with GOPY_CONSOLE_SCREENSHOTS=1 (or to the folder
GOPY_CONSOLE_SCREENSHOTS names).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connections

from centre.fleet.services import do_build_package, load_keys
from centre.review import services
from centre.review.models import Comment, DuplicateGroup
from kiosk import canonical
from sync.container import read_container
from tests.centre.review.conftest import CODE, batch, items
from tests.centre.staff import PASSWORD, make_staff, next_unused_code

pytestmark = [pytest.mark.centre, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots" / "console"
CAMPAIGN = "Đề nghị giữ nguyên chiều rộng đường thôn là 5 mét, không thu hẹp."


@pytest.fixture
def browser(monkeypatch):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (scripts/system-deps.sh test)")
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            connections.close_all()


def shoot(page, name: str) -> None:
    wanted = os.environ.get("GOPY_CONSOLE_SCREENSHOTS", "")
    if wanted:
        folder = SHOTS if wanted == "1" else Path(wanted)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def axe_findings(page) -> tuple[list, list]:
    """axe-core over the page: (serious or critical findings, every finding's id and impact)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    violations = result["violations"]
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    return bad, [(v["id"], v["impact"]) for v in violations]


def seed() -> None:
    b1 = batch(
        "K1",
        [items(("article:2/clause:2", "disagree", CAMPAIGN)) for _ in range(3)]
        + [items(("article:2/clause:1", "agree", "Trưởng thôn nên báo cáo hằng quý."), contributor="expert")]
        + [items(("article:1", "other", "Phạm vi nên gồm cả đường nội đồng."))],
    )
    b2 = batch("K2", [items(("article:2/clause:2", "disagree", "de nghi giu nguyen chieu rong duong thon la 5 met khong thu hep"))])
    services.index_comments(b1.pk)
    services.index_comments(b2.pk)
    services.do_suggest_groups(CODE)


def sign_in(page, base: str, created, path: str) -> None:
    page.goto(base + path)
    page.locator("input[name=username]").fill(created.user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.locator("input[name=token]").fill(next_unused_code(created))
    page.locator("main button[type=submit]").click()
    page.wait_for_url(base + path)


def test_an_officers_day(live_server, browser, centre, tmp_path):
    seed()
    officer, lead = make_staff("officer", agency="BTP"), make_staff("lead", agency="BTP")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)

    sign_in(page, base, officer, f"/co-quan/{CODE}/")
    page.locator("svg.chart").first.wait_for()
    shoot(page, "dashboard")
    page.locator("nav .subnav a[href$='/hang-doi/']").click()
    page.select_option("#f-article", "article:2")  # htmx swaps the rows in place; the address follows
    page.wait_for_url("**article=article%3A2**")
    page.get_by_text("5 comments").wait_for()
    page.select_option("#f-stance", "disagree")
    page.get_by_text("4 comments").wait_for()
    shoot(page, "queue")
    group = DuplicateGroup.objects.get()
    page.locator(f"#rows a[href$='/nhom/{group.pk}/']").first.click()
    page.locator("button[value=confirm]").click()
    page.get_by_text("Confirmed").first.wait_for()
    page.select_option("#a-outcome-g", "accepted")
    page.fill("#a-text-g", "Tiếp thu: giữ chiều rộng 5 m.")
    page.locator("#group-body form button.primary").last.click()
    page.locator("#group-body").get_by_text("Tiếp thu: giữ chiều rộng 5 m.").first.wait_for()
    shoot(page, "group")
    page.goto(base + f"/co-quan/{CODE}/tra-loi/?key=article:2")
    page.select_option("#a-outcome", "explained")
    page.fill("#a-text", "Điều 2 giữ như dự thảo; trách nhiệm đã rõ.")
    page.locator("#answer-key button.primary").click()
    page.locator("#answer-key").get_by_text("Điều 2 giữ như dự thảo; trách nhiệm đã rõ.").first.wait_for()
    shoot(page, "answer-article")
    page.locator("form.sign-out button").click()

    sign_in(page, base, lead, f"/co-quan/{CODE}/duyet/")
    page.locator("button[value=approve]").click()
    page.get_by_text("2 answers approved.").wait_for()
    page.locator("button[value=publish]").click()
    page.get_by_text("2 answers published").wait_for()
    shoot(page, "approval")
    with page.expect_download() as download:
        page.locator("a[href$='bao-cao.docx']").click()
    saved = tmp_path / "bao-cao.docx"
    download.value.save_as(saved)
    context.close()

    from docx import Document

    doc = Document(str(saved))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng số người góp ý: 6. Tổng số ý kiến: 6." in text
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    group_row = next(r for r in rows if r[2] == CAMPAIGN + " (4 ý kiến giống hoặc gần giống)")
    assert group_row[0] == "Điều 2. Trách nhiệm" and group_row[3] == "Tiếp thu: Tiếp thu: giữ chiều rộng 5 m."
    clause_one = next(r for r in rows if r[2] == "Trưởng thôn nên báo cáo hằng quý.")
    assert clause_one[1] == "chuyên gia: 1" and clause_one[3] == "Giải trình: Điều 2 giữ như dự thảo; trách nhiệm đã rõ."

    # The next package carries the answers; the kiosk's own receipt status reads them.
    package = read_container(do_build_package("K1", tmp_path / "out"), root_key=load_keys().root.verify_key)
    from sync.packages import RESPONSES_MEMBER

    responses = canonical.loads(package.members[RESPONSES_MEMBER])
    assert {"legal_key": "article:2/clause:1", "text": "Điều 2 giữ như dự thảo; trách nhiệm đã rõ."}.items() <= next(
        r for r in responses if r["legal_key"] == "article:2/clause:1"
    ).items()
    on_clause = Comment.objects.get(legal_key="article:2/clause:1")
    on_group = Comment.objects.filter(group=group, kiosk_id="K1").first()
    assert_kiosk_shows(responses, on_clause.receipt_code, "Điều 2 giữ như dự thảo; trách nhiệm đã rõ.", "article:2/clause:1")
    assert_kiosk_shows(responses, on_group.receipt_code, "Tiếp thu: giữ chiều rộng 5 m.", "article:2/clause:2")


def assert_kiosk_shows(responses: list, receipt_code: str, text: str, key: str) -> None:
    """The kiosk's own code: the package's responses applied to a kiosk database, then its receipt status page's read."""
    from kiosk.receipt_status import check_receipt
    from kiosk.storage.db import open_store
    from sync.kiosk_side import _apply_responses

    store = open_store(None)
    body = {
        "consultation": CODE,
        "items": [{"node_key": key, "stance": "agree", "comment": "x"}],
        "answers": [],
        "local_time": "2026-12-01T10:00:00+07:00",
    }
    with store.write() as db:
        db.execute(
            "INSERT INTO events (kiosk_id, epoch, seq, kind, uuid, receipt_code, consultation_code, channel, created_at, state, body, "
            "hash) VALUES ('K1', 1, 1, 'submission', 'u1', ?, ?, 'self', ?, 'acked', ?, ?)",
            (receipt_code, CODE, body["local_time"], canonical.dumps(body).decode(), "0" * 64),
        )
        _apply_responses(store, responses)
    status = check_receipt(store, receipt_code)
    assert text in [r.text for r in status.responses]
    store.close()


def test_every_console_page_passes_axe(live_server, browser, centre):
    seed()
    officer = make_staff("officer", agency="BTP")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    sign_in(page, base, officer, "/co-quan/")
    group = DuplicateGroup.objects.get()
    comment = Comment.objects.filter(group=group).first()
    pages = {
        "index": "/co-quan/",
        "dashboard-vi": f"/co-quan/{CODE}/",
        "queue-vi": f"/co-quan/{CODE}/hang-doi/?article=article:2",
        "comment": f"/co-quan/{CODE}/y-kien/{comment.pk}/",
        "groups": f"/co-quan/{CODE}/nhom/",
        "group-vi": f"/co-quan/{CODE}/nhom/{group.pk}/",
        "answer-key": f"/co-quan/{CODE}/tra-loi/?key=article:2",
        "approval-vi": f"/co-quan/{CODE}/duyet/",
        "merge-one-vi": f"/co-quan/{CODE}/nhom/gop/?group={group.pk}",
        "representative-vi": f"/co-quan/{CODE}/nhom/{group.pk}/van-ban-dai-dien/",
        "assignees-vi": f"/co-quan/{CODE}/phan-cong/",
        "queue-clause": f"/co-quan/{CODE}/hang-doi/?key=article:2/clause:2",
        "load-answers-vi": f"/co-quan/{CODE}/nhap-tra-loi/",
    }
    report = []
    for name, path in pages.items():
        page.goto(base + path)
        bad, found = axe_findings(page)
        assert not bad, f"{name}: {bad}"
        report.append(f"{name:14} axe minor: {found or 'none'}")
        shoot(page, name)
    print("\nconsole pages:\n" + "\n".join(report))
    context.close()


LIGHTS = "Cần lắp đèn chiếu sáng dọc đường thôn trước Tết."
BARE = "de nghi giu nguyen chieu rong duong thon la 5 met khong thu hep"


def test_merging_groups_and_choosing_the_representative_by_button(live_server, browser, centre):
    """Two suggested groups of Điều 2 → merged into one, undone, merged again → its representative text chosen; the lead's assignees."""
    b = batch(
        "K1",
        [items(("article:2/clause:2", "disagree", CAMPAIGN)) for _ in range(3)]
        + [items(("article:2/clause:2", "disagree", BARE))]
        + [items(("article:2", "other", LIGHTS)) for _ in range(2)],
    )
    services.index_comments(b.pk)
    assert services.do_suggest_groups(CODE) == 2
    width = DuplicateGroup.objects.get(representative__text=CAMPAIGN)
    lights = DuplicateGroup.objects.get(representative__text=LIGHTS)
    officer, lead = make_staff("officer", agency="BTP"), make_staff("lead", agency="BTP")
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    report = []

    def check(name: str) -> None:
        bad, found = axe_findings(page)
        assert not bad, f"{name}: {bad}"
        report.append(f"{name:16} axe minor: {found or 'none'}")
        shoot(page, name)

    sign_in(page, base, officer, f"/co-quan/{CODE}/nhom/")
    for _round in range(2):  # merged, undone, merged again
        page.locator(f"#mg-{width.pk}").check()
        page.locator(f"#mg-{lights.pk}").check()
        page.get_by_role("button", name="Merge the selected groups").click()
        page.wait_for_url("**/nhom/gop/**")
        assert page.locator(f"#into-{width.pk}").is_checked()  # the larger group is kept unless a person says otherwise
        check("merge")
        page.get_by_role("button", name="Merge into one group").click()
        page.wait_for_url(f"**/nhom/{width.pk}/?merged=*")
        page.get_by_text("6 comments").first.wait_for()
        check("group-merged")
        if _round == 0:
            page.get_by_role("button", name="Undo the merge").click()
            page.get_by_text("The merge was undone").wait_for()
            assert DuplicateGroup.objects.get(pk=lights.pk).members.count() == 2
    lights.refresh_from_db()
    assert lights.state == "dismissed" and Comment.objects.filter(group=width).count() == 6

    page.get_by_role("link", name="Choose another representative text").click()
    page.wait_for_url(f"**/nhom/{width.pk}/van-ban-dai-dien/")
    check("representative")
    page.get_by_label(LIGHTS).check()
    page.get_by_role("button", name="Use this text for the group").click()
    page.wait_for_url(f"**/nhom/{width.pk}/")
    page.locator("blockquote").get_by_text(LIGHTS).wait_for()
    width.refresh_from_db()
    assert width.representative.text == LIGHTS and width.state == "confirmed"
    page.locator("form.sign-out button").click()

    sign_in(page, base, lead, f"/co-quan/{CODE}/phan-cong/")
    check("assignees")
    page.get_by_label("The whole draft").select_option(str(officer.user.pk))
    page.get_by_role("button", name="Save the assignees").click()
    page.get_by_text("1 chapter changed.").wait_for()
    assert Comment.objects.filter(assignee=officer.user).count() == 6
    context.close()
    print("\nnew console pages:\n" + "\n".join(report))


def test_a_campaigns_group_is_read_a_page_at_a_time(live_server, browser, centre):
    """Sixty copies of one text: the group's page shows fifty, then the rest, each page clean under axe."""
    services.index_comments(batch("K1", [items(("article:2/clause:2", "disagree", CAMPAIGN)) for _ in range(60)]).pk)
    services.do_suggest_groups(CODE)
    group = DuplicateGroup.objects.get()
    officer = make_staff("officer", agency="BTP")
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    page.set_default_timeout(10_000)
    sign_in(page, base, officer, f"/co-quan/{CODE}/nhom/{group.pk}/")
    assert page.locator("input[name=comment]").count() == 50
    assert page.get_by_text("a burst from one kiosk").count() == 1
    assert axe_findings(page)[0] == []
    page.get_by_role("link", name="Next page").click()
    page.get_by_role("link", name="First page").wait_for()
    assert page.locator("input[name=comment]").count() == 10
    shoot(page, "group-second-page")
    assert axe_findings(page)[0] == []
    page.get_by_role("link", name="First page").click()
    page.get_by_role("link", name="Next page").wait_for()
    assert page.locator("input[name=comment]").count() == 50
