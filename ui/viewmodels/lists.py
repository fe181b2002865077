"""The list models' common part: rows of plain values, one role per key.

A subclass names its roles in ``ROLES`` (camelCase, as QML reads them).
``replace`` resets the model when its shape changes; ``update`` keeps the rows
and signals only the rows whose values changed, so a delegate being typed
into is never recreated under the person's finger.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Property, QAbstractListModel, QByteArray, QModelIndex, QObject, Signal

# Qt::DisplayRole and Qt::UserRole, fixed by Qt's ABI. Reading them from PySide's
# Qt namespace would build its 200 enums: 20 ms before the kiosk's first frame.
DISPLAY_ROLE = 0
USER_ROLE = 0x0100


class RowListModel(QAbstractListModel):
    ROLES: ClassVar[tuple[str, ...]] = ()

    countChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []
        self._role_of = {USER_ROLE + 1 + i: name for i, name in enumerate(self.ROLES)}

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = DISPLAY_ROLE):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == DISPLAY_ROLE:
            return row.get(self.ROLES[0]) if self.ROLES else None
        name = self._role_of.get(role)
        return row.get(name) if name else None

    def roleNames(self) -> dict[int, QByteArray]:
        return {role: QByteArray(name.encode()) for role, name in self._role_of.items()}

    def _get_count(self) -> int:
        return len(self._rows)

    count = Property(int, _get_count, notify=countChanged)

    @property
    def rows(self) -> list[dict]:
        return list(self._rows)

    def replace(self, rows: list[dict]) -> None:
        if rows == self._rows:
            return
        if len(rows) == len(self._rows) and all(a.keys() == b.keys() for a, b in zip(rows, self._rows, strict=True)):
            self.update(rows)
            return
        old = len(self._rows)
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        if old != len(rows):
            self.countChanged.emit()

    def update(self, rows: list[dict]) -> None:
        """Same number of rows: signal only what changed."""
        for i, (old, new) in enumerate(zip(self._rows, rows, strict=True)):
            if old != new:
                self._rows[i] = new
                changed = [role for role, name in self._role_of.items() if old.get(name) != new.get(name)]
                index = self.index(i, 0)
                self.dataChanged.emit(index, index, changed)
