"""Demo data for the tour and the UI tests: an ideas call, a vote, and a closed vote with its results.

It sits next to the demo draft (sync.demo) in a throwaway home. The calls go in
through the core's repositories and the ideas and their supports through the
submission service, as people at the kiosk would send them; the centre's
results come as the package would leave them, in the ``results`` table.
"""

from __future__ import annotations

from datetime import timedelta

from kiosk import canonical
from kiosk.clock import Clock
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationKind, ConsultationStatus, VoteOption
from kiosk.ideas import IdeaBoard
from kiosk.storage.db import Store
from kiosk.submissions import SubmissionService
from kiosk.visit import Visit

IDEAS_CODE = "DEMO-SANG-KIEN"
VOTE_CODE = "DEMO-BO-PHIEU"
CLOSED_CODE = "DEMO-KET-QUA"
AGENCY = "UBND xã An Phú"
CATEGORIES = ("Giao thông, thủy lợi", "Trường học", "Y tế", "Chợ", "Dịch vụ công")
OPTIONS = (
    VoteOption(1, "Bê tông hóa đường liên thôn", "Đường từ Thôn Đông ra tỉnh lộ, dài 1,2 km, đi lại được cả mùa mưa."),
    VoteOption(2, "Xây thêm hai phòng học", "Cho điểm trường Thôn Tây, để các cháu không phải học ca ba."),
    VoteOption(3, "Lắp đèn đường", "Dọc trục đường chính qua ba thôn, từ chợ đến trạm y tế."),
    VoteOption(4, "Nạo vét kênh mương", "Kênh tưới tiêu cánh đồng Thôn Nam, chống ngập mùa mưa."),
)
IDEAS = (
    ("Giao thông, thủy lợi", "Thôn Đông", "Đường vào trường ngập mỗi mùa mưa.", "Nâng nền đường và làm rãnh thoát nước."),
    ("Trường học", "Thôn Tây", "Điểm trường thiếu phòng học, các cháu học ca ba.", "Xây thêm hai phòng học."),
    ("Y tế", "Thôn Nam", "Trạm y tế không có bác sĩ trực buổi tối.", ""),
)


def add_demo_calls(store: Store, clock: Clock) -> tuple[str, str, str]:
    """Add the calls (once); returns the codes of the ideas call, the vote and the closed vote."""
    repo = ConsultationRepository(store)
    if any(c.code == IDEAS_CODE for c in repo.all()):
        return IDEAS_CODE, VOTE_CODE, CLOSED_CODE
    today = clock().date()
    opens, closes = today - timedelta(days=5), today + timedelta(days=20)

    def call(code, title, summary, kind, *, status=ConsultationStatus.OPEN, dates=(opens, closes), options=(), max_choices=1):
        consultation = Consultation(
            code,
            AGENCY,
            title,
            summary,
            *dates,
            status,
            None,
            kind=kind,
            categories=CATEGORIES if kind == ConsultationKind.IDEAS else (),
            max_choices=max_choices,
        )
        with store.write():
            repo.put_consultation(consultation, [], options)

    call(IDEAS_CODE, "Sáng kiến cho kế hoạch năm 2027 của xã", "Xã cần gì nhất?", ConsultationKind.IDEAS)
    call(
        VOTE_CODE,
        "Chọn công trình làm trước năm 2027",
        "Bốn công trình được nhiều người đề xuất nhất.",
        ConsultationKind.VOTE,
        options=OPTIONS,
        max_choices=2,
    )
    closed = (today - timedelta(days=60), today - timedelta(days=30))
    call(
        CLOSED_CODE,
        "Chọn công trình năm 2026",
        "",
        ConsultationKind.VOTE,
        status=ConsultationStatus.CLOSED,
        dates=closed,
        options=OPTIONS[:3],
        max_choices=1,
    )
    result = {
        "code": CLOSED_CODE,
        "kind": "vote",
        "submissions": 412,
        "verified": 168,
        "anonymous": 236,
        "duplicate": 6,
        "invalid_id": 2,
        "spoilt": 0,
        "unreadable": 0,
        "options": [
            {"position": 1, "verified": 92, "anonymous": 121},
            {"position": 2, "verified": 51, "anonymous": 80},
            {"position": 3, "verified": 25, "anonymous": 35},
        ],
    }
    with store.write() as db:
        db.execute("INSERT INTO results (consultation_code, body) VALUES (?, ?)", [CLOSED_CODE, canonical.dumps(result).decode()])

    service = SubmissionService(store, clock)
    for category, hamlet, problem, proposal in IDEAS:
        visit = Visit()
        visit.start(IDEAS_CODE, [])
        visit.add_idea(category, hamlet, problem, proposal)
        service.submit(visit.to_form("vi"))
    ideas = {view.hamlet: view.id for view in IdeaBoard(store).ideas(IDEAS_CODE)}
    for hamlet, supporters in (("Thôn Tây", 4), ("Thôn Đông", 2)):
        for _ in range(supporters):
            visit = Visit()
            visit.start(IDEAS_CODE, [])
            visit.support(ideas[hamlet])
            service.submit(visit.to_form("vi"))
    return IDEAS_CODE, VOTE_CODE, CLOSED_CODE
