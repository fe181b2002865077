"""Finding and touching QML items the way a person would."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest


def items(root: QQuickItem):
    """Every visual item under ``root``, depth first (delegates are not QObject children)."""
    yield root
    for child in root.childItems():
        yield from items(child)


def find(window, name: str) -> QQuickItem | None:
    for item in items(window.contentItem()):
        if item.objectName() == name:
            return item
    return None


def tap(window, item: QQuickItem) -> None:
    """A touch on the centre of ``item``."""
    centre = item.mapToScene(item.boundingRect().center())
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(int(centre.x()), int(centre.y())))
