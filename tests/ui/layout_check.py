"""What a person would see as broken on a screen: cut off, covered, off the edge, or shortened.

``problems(window)`` lists, for the window as it is drawn now:

- an item that carries meaning (a text, a button, a field) outside the window
  or outside the view that clips it, when that view cannot be scrolled to it;
- two things to touch that overlap (the keyboard with its tone row counts as
  one thing to touch; the tone row's own keys are checked among themselves);
- the field being typed in, covered by the keyboard;
- a text elided or cut at its last line, a text wider or taller than its box,
  a word broken in the middle to wrap.

Only what is shown counts: the topmost modal layer (an overlay, a drawer)
when one is open, else the page with the header and the keyboard.
"""

from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QFontMetricsF
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem

from ui.drive import items

TOLERANCE = 1.0
_TEXT = ("QQuickText", "QQuickLabel")  # a style's Label (Label_QMLTYPE_n) is a QQuickLabel
_FIELDS = ("QQuickTextField", "QQuickTextArea", "QQuickTextInput", "QQuickTextEdit")
_TOUCH = ("QQuickAbstractButton", "QQuickButton", "QQuickItemDelegate", "QQuickCheckBox", "QQuickRadioButton",
          "QQuickTextField", "QQuickTextArea", "QQuickSwitch", "QQuickComboBox")


# Types are asked with QObject.inherits, never through item.metaObject(): PySide keeps the wrapper of
# a QML item's metaobject alive after the item is gone, and a new item at the freed address then comes
# back from childItems() as that QMetaObject.
def _inherits(item, names) -> bool:
    return any(item.inherits(name) for name in names)


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


class _Node:
    """One item of the window as the walk met it, with what its ancestors do to it."""

    __slots__ = ("bounds", "depth", "in_keyboard", "in_tone_row", "item", "parent", "scrolls")

    def __init__(self, item, parent: _Node | None, depth: int) -> None:
        self.item = item
        self.parent = parent
        self.depth = depth
        self.bounds: QRectF = QRectF()
        self.scrolls = False
        self.in_keyboard = False
        self.in_tone_row = False  # the kiosk's own keys above Qt's keyboard: checked like any other

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def _walk(content) -> list[_Node]:
    """The items under ``content``, depth first, each read once (``childItems`` is what costs here).

    An item that is not visible, or all but transparent, hides everything under it: nothing
    there can count, so the walk does not go in. The item itself is kept (it may be the one
    with a name that is looked for).
    """
    nodes: list[_Node] = []
    stack = [(content, None, 0)]
    while stack:
        item, parent, depth = stack.pop()
        node = _Node(item, parent, depth)
        nodes.append(node)
        if not item.isVisible() or item.opacity() < 0.01:
            continue
        stack.extend((child, node, depth + 1) for child in reversed(_children(item)))
    return nodes


def _children(item) -> list:
    children = item.childItems()
    stale = [child for child in children if not isinstance(child, QQuickItem)]
    if stale:
        # A wrapper PySide kept for an object since freed, at the address of this child (see _inherits):
        # forget it, and the child comes back as what it is.
        for wrapper in stale:
            shiboken6.invalidate(wrapper)
        children = item.childItems()
        if any(not isinstance(child, QQuickItem) for child in children):
            raise RuntimeError(f"{_name(item)} has a child PySide cannot wrap as an item")
    return children


def _named(nodes: list[_Node], window, name: str):
    found = next((n.item for n in nodes if n.item.objectName() == name), None)
    return found if found is not None else next((i for i in items(window.contentItem()) if i.objectName() == name), None)


def _layer_root(nodes: list[_Node], window) -> int | None:
    """The index in ``nodes`` of the topmost open modal layer (overlay, popup, drawer), or 0 (the window's content).

    None: the layer is under a transparent item, so the walk left it out; nothing in it shows.
    """
    top = None
    for node in nodes:
        item = node.item
        if item.inherits("QQuickOverlay"):
            layers = [c for c in item.childItems() if _shown(c)]
            full = [c for c in layers if c.width() >= window.width() - 2 and c.height() >= window.height() - 2 and c.z() >= 0]
            popups = [c for c in layers if c.inherits("QQuickPopupItem")]
            chosen = popups or full
            if chosen:
                top = max(chosen, key=lambda c: c.z())
    if top is None:
        return 0
    return next((i for i, node in enumerate(nodes) if node.item == top), None)


def _subtree(nodes: list[_Node], start: int) -> list[_Node]:
    depth = nodes[start].depth
    end = start + 1
    while end < len(nodes) and nodes[end].depth > depth:
        end += 1
    return nodes[start:end]


def problems(window) -> list[str]:
    """What is off the window, overlapping or cut, one line each; looked at twice if PySide met a freed item's wrapper."""
    try:
        return _problems(window)
    except RuntimeError:  # _children: a stale wrapper survived invalidation; the next event loop pass settles it
        QCoreApplication.processEvents()
        return _problems(window)


def _problems(window) -> list[str]:
    window_rect = QRectF(0, 0, window.width(), window.height())
    content = window.contentItem()
    nodes = _walk(content)
    panel = _named(nodes, window, "inputPanel")
    tone = _named(nodes, window, "toneRow")
    keyboard_parts = {p for p in (panel, tone) if p is not None}
    typing = panel is not None and panel.property("active") is True
    keyboard_rect = QRectF()
    if typing:
        for part in keyboard_parts:
            if _shown(part):
                keyboard_rect = keyboard_rect.united(_scene_rect(part))
    # What the ancestors do, from the top down: the content item's own ancestors first, once.
    hidden_above = any(a.opacity() < 0.01 for a in _ancestors(content))
    first = nodes[0]
    first.bounds, first.scrolls = _visible_rect(content, window_rect)
    first.in_keyboard = _in_keyboard(content, keyboard_parts)
    for node in nodes[1:]:
        parent, up = node.parent, node.parent.item
        node.in_keyboard = parent.in_keyboard or node.item in keyboard_parts
        node.in_tone_row = parent.in_tone_row or node.item == tone
        flickable = up.inherits("QQuickFlickable")
        node.scrolls = parent.scrolls or flickable
        node.bounds = parent.bounds.intersected(_scene_rect(up)) if up.clip() or flickable else parent.bounds
    found: list[str] = []
    touch: list[tuple[_Node | None, object, QRectF]] = []
    tone_keys: list[tuple[_Node | None, object, QRectF]] = []
    tone_rect = _scene_rect(tone).intersected(window_rect) if tone is not None and typing and _shown(tone) else QRectF()
    layer = _layer_root(nodes, window)
    for node in _subtree(nodes, layer) if layer is not None else []:
        item = node.item
        # Under a hidden or transparent ancestor: not walked into (_walk).
        if hidden_above or not _shown(item) or (node.in_keyboard and not (node.in_tone_row and typing)):
            continue
        is_text, is_touch = _inherits(item, _TEXT), _inherits(item, _TOUCH)
        if not (is_text or is_touch):
            continue
        rect = _scene_rect(item)
        bounds, scrolls = node.bounds, node.scrolls
        if node.in_tone_row:
            bounds = bounds.intersected(tone_rect)
        if not scrolls and not _within(rect, bounds):
            where = "the window" if bounds == window_rect else "its box"
            found.append(f"{_name(item)} goes outside {where}: {_fmt(rect)} not in {_fmt(bounds)}")
        if is_text:
            found += _text_problems(item, rect)
        if is_touch and item.isEnabled():
            visible_part = rect.intersected(bounds)
            if visible_part.width() > 4 and visible_part.height() > 4:
                (tone_keys if node.in_tone_row else touch).append((node, item, visible_part))
    if typing and not keyboard_rect.isEmpty():
        panel_node = next((n for n in nodes if n.item == panel), None)
        touch.append((panel_node, panel, keyboard_rect))
        focus = window.activeFocusItem()
        if focus is not None and _shown(focus) and not _in_keyboard(focus, keyboard_parts):
            visible = _scene_rect(focus).intersected(_visible_rect(focus, window_rect)[0])
            if visible.height() < min(40.0, _scene_rect(focus).height()) or visible.bottom() > keyboard_rect.top() + TOLERANCE:
                field = visible.intersected(QRectF(0, 0, window.width(), keyboard_rect.top()))
                if field.height() < min(40.0, visible.height()):
                    found.append(f"the field being typed in ({_name(focus)}) is under the keyboard")
    found += _overlaps(touch) + _overlaps(tone_keys)
    return found


def _within(rect: QRectF, bounds: QRectF) -> bool:
    return (rect.left() >= bounds.left() - TOLERANCE and rect.top() >= bounds.top() - TOLERANCE
            and rect.right() <= bounds.right() + TOLERANCE and rect.bottom() <= bounds.bottom() + TOLERANCE)


def _fmt(rect: QRectF) -> str:
    return f"({rect.x():.0f},{rect.y():.0f} {rect.width():.0f}×{rect.height():.0f})"


def _overlaps(touch: list[tuple[_Node | None, object, QRectF]]) -> list[str]:
    found = []
    lineage = [({id(a) for a in node.ancestors()} if node is not None else set()) for node, _item, _rect in touch]
    for i, (na, a, ra) in enumerate(touch):
        for j in range(i + 1, len(touch)):
            nb, b, rb = touch[j]
            if id(na) in lineage[j] or id(nb) in lineage[i]:
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
