"""After the idle wipe, nothing the previous person typed is left in any QML item or view-model."""

from __future__ import annotations

import gc

import pytest
import shiboken6
from PySide6.QtCore import Property, QObject

from tests.ui.helpers import driver, find, shown

SECRET = "Bi mat rieng"


@pytest.fixture
def short_idle(store, monkeypatch):
    store.set_setting("idle_seconds", "2")
    monkeypatch.setattr("ui.viewmodels.idle.COUNTDOWN_SECONDS", 2)


def _strings(value, depth=0):
    """Every string reachable from a Python value (view-model state), a few levels deep."""
    if depth > 6:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from _strings(v, depth + 1)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _strings(getattr(value, name), depth + 1)


_TEXT_PROPERTIES = ("text", "displayText", "preeditText", "placeholderText", "title", "label", "titleText", "summary")


def _item_strings(obj: QObject):
    """The text an item shows or holds (reading every property of every Qt object is not safe)."""
    for name in _TEXT_PROPERTIES:
        value = obj.property(name)
        if isinstance(value, str):
            yield value


def _view_model_strings(vm: QObject):
    """Every Python-side Property of a view-model, and everything in its instance state."""
    yield from _strings(vars(vm))
    for name, attribute in vars(type(vm)).items():
        if isinstance(attribute, Property):
            yield from _strings(getattr(vm, name))


def test_no_trace_of_the_previous_person_in_any_item_or_view_model(short_idle, kiosk_window, qtbot):
    ui = driver(qtbot, kiosk_window)
    ui.tap("card_TEST-1")
    ui.tap("commentButton")
    ui.tap("stance_other")
    field = ui.tap("commentField")
    ui.keyboard_open()
    ui.type(SECRET)
    qtbot.waitUntil(lambda: field.property("text") == SECRET)
    assert _traces(kiosk_window)  # the probe sees the text while the person is still there

    qtbot.waitUntil(lambda: shown(find(kiosk_window, "idleOverlay")), timeout=5000)
    qtbot.waitUntil(lambda: ui.find("stack").property("depth") == 1, timeout=5000)
    qtbot.wait(200)
    assert _traces(kiosk_window) == []


def _traces(kiosk_window) -> list[str]:
    from ui.context import context

    found = []
    for obj in [kiosk_window, *kiosk_window.findChildren(QObject)]:
        found += [f"{obj.objectName() or type(obj).__name__}: {s}" for s in _item_strings(obj) if SECRET in s]
    view_models = [
        o for o in gc.get_objects() if isinstance(o, QObject) and type(o).__module__.startswith("ui.viewmodels") and shiboken6.isValid(o)
    ]
    assert view_models
    for vm in view_models:
        found += [f"{type(vm).__name__}: {s}" for s in _view_model_strings(vm) if SECRET in s]
    found += [f"visit: {s}" for s in _strings(vars(context().visit)) if SECRET in s]
    return found
