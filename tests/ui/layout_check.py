"""What a person would see as broken on a screen: cut off, covered, off the edge, or shortened.

``problems(window)`` lists, for the window as it is drawn now:

- an item that carries meaning (a text, a button, a field) outside the window
  or outside the view that clips it, when that view cannot be scrolled to it;
- two things to touch that overlap (the keyboard with its tone row counts as
  one thing to touch);
- the field being typed in, covered by the keyboard;
- a text elided or cut at its last line, a text wider or taller than its box,
  a word broken in the middle to wrap.

Only what is shown counts: the topmost modal layer (an overlay, a drawer)
when one is open, else the page with the header and the keyboard.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF
from PySide6.QtQml import QQmlEngine, QQmlExpression

from ui.drive import items

TOLERANCE = 1.0
_TEXT = ("QQuickText", "QQuickLabel", "Label_QMLTYPE")
_FIELDS = ("QQuickTextField", "QQuickTextArea", "QQuickTextInput", "QQuickTextEdit")
_TOUCH = ("QQuickAbstractButton", "QQuickButton", "QQuickItemDelegate", "QQuickCheckBox", "QQuickRadioButton",
          "QQuickTextField", "QQuickTextArea", "QQuickSwitch", "QQuickComboBox")


def _inherits(item, names) -> bool:
    return any(item.inherits(name) for name in names if not name.endswith("_QMLTYPE")) or item.metaObject().className().startswith(
        tuple(name for name in names if name.endswith("_QMLTYPE"))
    )


def _shown(item) -> bool:
    return item.isVisible() and item.opacity() > 0.01 and item.width() > 0 and item.height() > 0


def _scene_rect(item) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _name(item) -> str:
    text = item.property("text")
    label = item.objectName() or (text[:40] if isinstance(text, str) and text else item.metaObject().className())
    return repr(label)


def _ancestors(item):
    parent = item.parentItem()
    while parent is not None:
        yield parent
        parent = parent.parentItem()


def _in_keyboard(item, keyboard_parts) -> bool:
    return item in keyboard_parts or any(a in keyboard_parts for a in _ancestors(item))


def _visible_rect(item, window_rect: QRectF) -> tuple[QRectF, bool]:
    """The part of the window ``item`` may show in, and whether a view scrolls it there."""
    bounds = QRectF(window_rect)
    scrolls = False
    for ancestor in _ancestors(item):
        if ancestor.inherits("QQuickFlickable"):
            scrolls = True
        if ancestor.clip() or ancestor.inherits("QQuickFlickable"):
            bounds = bounds.intersected(_scene_rect(ancestor))
    return bounds, scrolls


def _layer_root(window):
    """The topmost open modal layer (overlay, popup, drawer), or the window's content."""
    content = window.contentItem()
    top = None
    for item in items(content):
        if item.metaObject().className() == "QQuickOverlay":
            layers = [c for c in item.childItems() if _shown(c)]
            full = [c for c in layers if c.width() >= window.width() - 2 and c.height() >= window.height() - 2 and c.z() >= 0]
            popups = [c for c in layers if c.metaObject().className().startswith("QQuickPopupItem")]
            chosen = popups or full
            if chosen:
                top = max(chosen, key=lambda c: c.z())
    return top or content


def problems(window) -> list[str]:
    window_rect = QRectF(0, 0, window.width(), window.height())
    root = _layer_root(window)
    panel = next((i for i in items(window.contentItem()) if i.objectName() == "inputPanel"), None)
    tone = next((i for i in items(window.contentItem()) if i.objectName() == "toneRow"), None)
    keyboard_parts = {p for p in (panel, tone) if p is not None}
    typing = panel is not None and panel.property("active") is True
    keyboard_rect = QRectF()
    if typing:
        for part in keyboard_parts:
            if _shown(part):
                keyboard_rect = keyboard_rect.united(_scene_rect(part))
    found: list[str] = []
    touch: list[tuple[object, QRectF]] = []
    for item in items(root):
        if not _shown(item) or any(a.opacity() < 0.01 for a in _ancestors(item)):
            continue
        if _in_keyboard(item, keyboard_parts):
            continue
        is_text, is_touch = _inherits(item, _TEXT), _inherits(item, _TOUCH)
        if not (is_text or is_touch):
            continue
        rect = _scene_rect(item)
        bounds, scrolls = _visible_rect(item, window_rect)
        if not scrolls and not _within(rect, bounds):
            where = "the window" if bounds == window_rect else "its box"
            found.append(f"{_name(item)} goes outside {where}: {_fmt(rect)} not in {_fmt(bounds)}")
        if is_text:
            found += _text_problems(item, rect)
        if is_touch and item.isEnabled():
            visible_part = rect.intersected(bounds)
            if visible_part.width() > 4 and visible_part.height() > 4:
                touch.append((item, visible_part))
    if typing and not keyboard_rect.isEmpty():
        touch.append((panel, keyboard_rect))
        focus = window.activeFocusItem()
        if focus is not None and _shown(focus) and not _in_keyboard(focus, keyboard_parts):
            visible = _scene_rect(focus).intersected(_visible_rect(focus, window_rect)[0])
            if visible.height() < min(40.0, _scene_rect(focus).height()) or visible.bottom() > keyboard_rect.top() + TOLERANCE:
                field = visible.intersected(QRectF(0, 0, window.width(), keyboard_rect.top()))
                if field.height() < min(40.0, visible.height()):
                    found.append(f"the field being typed in ({_name(focus)}) is under the keyboard")
    found += _overlaps(touch)
    return found


def _within(rect: QRectF, bounds: QRectF) -> bool:
    return (rect.left() >= bounds.left() - TOLERANCE and rect.top() >= bounds.top() - TOLERANCE
            and rect.right() <= bounds.right() + TOLERANCE and rect.bottom() <= bounds.bottom() + TOLERANCE)


def _fmt(rect: QRectF) -> str:
    return f"({rect.x():.0f},{rect.y():.0f} {rect.width():.0f}×{rect.height():.0f})"


def _overlaps(touch: list[tuple[object, QRectF]]) -> list[str]:
    found = []
    for i, (a, ra) in enumerate(touch):
        for b, rb in touch[i + 1:]:
            if a in set(_ancestors(b)) or b in set(_ancestors(a)):
                continue
            overlap = ra.intersected(rb)
            if overlap.width() > TOLERANCE * 2 and overlap.height() > TOLERANCE * 2:
                found.append(f"{_name(a)} and {_name(b)} overlap at {_fmt(overlap)}")
    return found


def _wrap_mode(item) -> int:
    """Text.wrapMode, read through QML (PySide cannot convert the enum through ``property``)."""
    context = QQmlEngine.contextForObject(item)
    if context is None:
        return 0
    value = QQmlExpression(context, item, "wrapMode + 0").evaluate()
    value = value[0] if isinstance(value, tuple) else value
    return int(value or 0)


def _text_problems(item, rect: QRectF) -> list[str]:
    text = item.property("text")
    if not isinstance(text, str) or not text.strip():
        return []
    found = []
    if item.property("truncated"):
        found.append(f"{_name(item)} is shortened or cut: {text[:60]!r}")
    width, height = item.width(), item.height()
    content_w, content_h = item.property("contentWidth") or 0, item.property("contentHeight") or 0
    padding = (item.property("leftPadding") or 0) + (item.property("rightPadding") or 0)
    if content_w > width - padding + TOLERANCE + 1:
        found.append(f"{_name(item)}: its text is {content_w:.0f} px wide in {width - padding:.0f}")
    vpadding = (item.property("topPadding") or 0) + (item.property("bottomPadding") or 0)
    if content_h > height - vpadding + TOLERANCE + 1:
        found.append(f"{_name(item)}: its text is {content_h:.0f} px tall in {height - vpadding:.0f}")
    if (item.property("lineCount") or 0) > 1 and _wrap_mode(item) in (3, 4):  # WrapAnywhere, Wrap
        metrics = QFontMetricsF(item.property("font"))
        room = width - padding + TOLERANCE
        # Words of a language only: a path, a file name or a code may break anywhere (Qt breaks after a
        # hyphen or a slash anyway), and the pseudo-locale's padding (· and ⟦⟧) is no part of a word.
        words = (part.strip(".,:;!?()“”\"'«»") for part in re.split(r"[\s\-·⟦⟧]+", text))
        broken = [word for word in words if word.isalpha() and metrics.horizontalAdvance(word) > room]
        if broken:
            found.append(f"{_name(item)} breaks the word {broken[0]!r} to wrap it")
    return found
