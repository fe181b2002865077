"""Clerks, administrators and USB sticks for the staff screens' tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, Qt
from PySide6.QtGui import QAccessible

from kiosk.accounts import AccountService
from kiosk.domain import Stance
from kiosk.feedback import FeedbackForm, FeedbackItem
from kiosk.removable_drives import Drive
from kiosk.submissions import SubmissionService
from tests.conftest import NOW, article_id
from tests.ui.helpers import driver, find, shown

ADMIN = ("lan", "482915")
CLERK = ("nam", "739104")


def add_accounts(store) -> None:
    service = AccountService(store)
    service.create("setup", ADMIN[0], "admin", "Nguyễn Thị Lan", ADMIN[1], NOW)
    service.create(ADMIN[0], CLERK[0], "clerk", "Trần Văn Nam", CLERK[1], NOW)


def plug_in(monkeypatch, *folders: Path) -> None:
    """USB sticks, as far as the kiosk can tell: these folders."""
    import ui.removable

    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    drives = [Drive(folder, folder.name.upper(), True, 8 * 10**9) for folder in folders]
    monkeypatch.setattr(ui.removable, "removable_drives", lambda *, for_writing=False: list(drives))


def sign_in(qtbot, window, account=ADMIN):
    """The hidden gesture, then the user name and the PIN on the pad; returns the driver on the staff screen."""
    ui = driver(qtbot, window)
    for _ in range(5):
        ui.tap("adminCorner")
    ui.screen("staffSignInScreen")
    find(window, "staffUserField").setProperty("text", account[0])
    for digit in account[1]:
        ui.tap(f"staffPin_{digit}")
    ui.tap("staffSignInButton")
    ui.screen("staffHomeScreen")
    return ui


def submit(store, count: int = 1, stance=Stance.AGREE, key: str = "article:1") -> list[str]:
    service = SubmissionService(store, lambda: NOW)
    form = FeedbackForm("TEST-1", items=(FeedbackItem(article_id(store, key), stance, "Ý kiến"),))
    return [service.submit(form).receipt.code for _ in range(count)]


def text_of(window, name: str) -> str:
    item = find(window, name)
    assert item is not None, name
    return str(item.property("text"))




def central(centre: Path, verb: str, *args) -> str:
    """``gopy central <verb>`` in its own process, on the centre's SQLite file; returns what it printed.

    A process of its own: the centre is a Django project, and a Qt test process stays free of it.
    """
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "CENTRE_TEST_DB")}
    env |= {"GOPY_CENTRE_DATABASE": ""}
    cmd = [sys.executable, "-m", "gopy", "central", verb, "--home", str(centre), *map(str, args)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def centre_with_kiosk(root: Path, kiosk_id: str = "K1") -> tuple[Path, Path]:
    """A centre (keys and store) in ``root/centre`` and the enrolment file of ``kiosk_id``."""
    centre = root / "centre"
    central(centre, "init")
    enrolment = root / f"{kiosk_id}.enrol"
    central(centre, "enrol", "--kiosk-id", kiosk_id, "--commune-code", "TN", "--commune-name", "Xã Thử Nghiệm", "--out", enrolment)
    return centre, enrolment


def enrol(store, home, root: Path) -> Path:
    """The test kiosk enrolled with a centre of its own; returns the centre's folder."""
    from sync.kiosk_side import setup

    centre, enrolment = centre_with_kiosk(root)
    setup(store, home, enrolment)
    return centre


def chart_series(window, chart: str):
    """The one bar series of the QtCharts chart called ``chart``, which must be on screen."""
    from PySide6 import QtCharts  # noqa: F401 (teaches PySide6 the QtCharts pointer types returned below)

    view = find(window, chart)
    assert shown(view), chart
    assert view.property("count") == 1, chart
    return QMetaObject.invokeMethod(view, "series", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("QAbstractSeries*"), Q_ARG(int, 0))


def bar_sets(window, chart: str) -> dict[str, list[int]]:
    """The numbers a chart of the statistics draws, per bar set, top row (or first column) first.

    A bar set named ``{chart}Bars_agree`` is ``"agree"``, one named ``{chart}Bars`` is ``""``. The chart
    must print its numbers; QtCharts holds a horizontal chart's bottom row first.
    """
    series = chart_series(window, chart)
    assert series.isLabelsVisible(), f"{chart} prints no numbers"
    horizontal = series.metaObject().className().startswith("DeclarativeHorizontal")
    sets = {}
    for bars in series.barSets():
        values = [int(bars.at(i)) for i in range(bars.count())]
        sets[bars.objectName().removeprefix(f"{chart}Bars").removeprefix("_")] = values[::-1] if horizontal else values
    return sets


def bar_value(window, chart: str, index: int) -> str:
    """The number drawn for bar ``index`` of a chart (its bar sets' sum there: the stances each have their own)."""
    return str(sum(values[index] for values in bar_sets(window, chart).values()))


def spoken(window, name: str) -> str:
    """What assistive technology reads for the item called ``name``."""
    item = find(window, name)
    assert item is not None, name
    return QAccessible.queryAccessibleInterface(item).text(QAccessible.Text.Name)
