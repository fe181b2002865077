"""Shared fixtures. Qt runs offscreen; every test gets its own home folder."""

from __future__ import annotations

import os

# Before any Qt import: offscreen, software rendering, the in-app keyboard.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk import i18n
from kiosk.consultations import ConsultationRepository
from kiosk.domain import Consultation, ConsultationStatus, DraftNode, NodeKind, QuestionKind
from kiosk.home import Home
from kiosk.storage.db import Store, open_store

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=VN)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """A fresh home per test, the default language, nothing written outside tmp_path."""
    monkeypatch.setenv("GOPY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GOPY_FAULT", raising=False)
    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path / "home").ensure()


@pytest.fixture
def clock():
    return lambda: NOW


def sample_tree() -> tuple[DraftNode, ...]:
    """A small draft in the shape of a Vietnamese regulation, written for the tests."""
    point = lambda n, t: DraftNode(NodeKind.POINT, n, "", t)  # noqa: E731
    return (
        DraftNode(NodeKind.PREAMBLE, "", "", "ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM"),
        DraftNode(
            NodeKind.CHAPTER,
            "I",
            "NHỮNG QUY ĐỊNH CHUNG",
            "",
            (
                DraftNode(NodeKind.ARTICLE, "1", "Phạm vi điều chỉnh", "Quy chế này quy định việc họp chợ."),
                DraftNode(
                    NodeKind.ARTICLE,
                    "2",
                    "Giải thích từ ngữ",
                    "",
                    (
                        DraftNode(NodeKind.CLAUSE, "1", "", "Chợ là nơi mua bán."),
                        DraftNode(NodeKind.CLAUSE, "2", "", "Ban quản lý chợ gồm:", (point("a", "Trưởng ban;"), point("đ", "Thành viên."))),
                    ),
                ),
            ),
        ),
        DraftNode(
            NodeKind.CHAPTER,
            "II",
            "TỔ CHỨC THỰC HIỆN",
            "",
            (DraftNode(NodeKind.ARTICLE, "3", "Hiệu lực thi hành", "Quy chế có hiệu lực kể từ ngày ký."),),
        ),
    )


def add_consultation(
    store: Store, code: str = "TEST-1", *, opens=date(2026, 11, 1), closes=date(2026, 12, 31), status=ConsultationStatus.OPEN
) -> str:
    repo = ConsultationRepository(store)
    with store.write():
        repo.put_consultation(
            Consultation(code, "Ủy ban nhân dân xã Thử Nghiệm", "Dự thảo Quy chế chợ xã", "Tóm tắt.", opens, closes, status, 1),
            [
                (QuestionKind.SINGLE, "Chợ nên mở cửa lúc mấy giờ?", ["5 giờ", "6 giờ"]),
                (QuestionKind.MULTIPLE, "Chợ cần thêm gì?", ["Nhà vệ sinh", "Bãi xe", "Mái che"]),
                (QuestionKind.TEXT, "Ý kiến khác của ông/bà?", []),
            ],
        )
        repo.add_draft(code, 1, "Dự thảo Quy chế chợ xã", sample_tree())
    return code


@pytest.fixture
def store(home) -> Store:
    s = open_store(home.database)
    add_consultation(s)
    yield s
    s.close()


def article_id(store: Store, key: str, code: str = "TEST-1") -> int:
    repo = ConsultationRepository(store)
    return repo.node_by_key(repo.current_draft_id(code), key).id


# ---------------------------------------------------------------- the centre's database

CENTRE_ON_POSTGRES = os.environ.get("CENTRE_TEST_DB") == "postgres"


@pytest.fixture(scope="session")
def pg_cluster():
    """The session's throwaway PostgreSQL (tests/pg.py); only in the PostgreSQL pass."""
    if not CENTRE_ON_POSTGRES:
        pytest.skip("the centre runs on PostgreSQL only in the second pass (CENTRE_TEST_DB=postgres)")
    from tests.pg import start_cluster

    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """Points Django's test database at the session's cluster, in the PostgreSQL pass."""
    if CENTRE_ON_POSTGRES:
        from django.conf import settings

        cluster = request.getfixturevalue("pg_cluster")
        settings.DATABASES["default"]["HOST"] = "127.0.0.1"
        settings.DATABASES["default"]["PORT"] = str(cluster.port)


@pytest.fixture
def centre_database(request, tmp_path):
    """The ``--database`` for a centre run as a real process: a new PostgreSQL database, or "" for the home's SQLite file."""
    if not CENTRE_ON_POSTGRES:
        return ""
    cluster = request.getfixturevalue("pg_cluster")
    import uuid

    return cluster.create_database(f"centre_{uuid.uuid4().hex[:12]}")


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs the centre on PostgreSQL (CENTRE_TEST_DB=postgres)")
    skip_sqlite = pytest.mark.skip(reason="about the centre's SQLite file")
    for item in items:
        if "postgres_only" in item.keywords and not CENTRE_ON_POSTGRES:
            item.add_marker(skip_pg)
        if "sqlite_only" in item.keywords and CENTRE_ON_POSTGRES:
            item.add_marker(skip_sqlite)
