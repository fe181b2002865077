"""Choosing a USB stick and a file on it: the part every import, export and backup screen shares."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk import i18n
from ui.viewmodels.lists import RowListModel


class DriveListModel(RowListModel):
    ROLES = ("path", "label", "detail")


class FileListModel(RowListModel):
    ROLES = ("path", "name", "detail")


def size_text(size: int) -> str:
    """A size as people read it: "820 KB", "1,4 MB", "12,3 GB" (in the language's number format)."""
    from babel.numbers import format_decimal  # here: babel's number data is not needed before the first frame

    locale = i18n.babel_locale()
    for unit, factor in (("GB", 1e9), ("MB", 1e6)):
        if size >= factor:
            return f"{format_decimal(size / factor, format='#,##0.0', locale=locale)} {unit}"
    return f"{format_decimal(max(1, round(size / 1e3)), locale=locale)} KB"


class DriveBrowser(QObject):
    """The USB sticks plugged in, the one chosen, and the files on it ending in ``suffixes``."""

    currentChanged = Signal()

    def __init__(self, suffixes: tuple[str, ...] = (), *, for_writing: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._suffixes = suffixes
        self._for_writing = for_writing
        self._drives = DriveListModel(self)
        self._files = FileListModel(self)
        self._current = ""

    drives = Property(QObject, lambda self: self._drives, constant=True)
    files = Property(QObject, lambda self: self._files, constant=True)
    currentDrive = Property(str, lambda self: self._current, notify=currentChanged)

    @property
    def current(self) -> Path | None:
        return Path(self._current) if self._current else None

    @Slot()
    def refresh(self) -> None:
        """Look again: a stick may have been plugged in or pulled out."""
        from ui import removable

        drives = removable.removable_drives(for_writing=self._for_writing)
        self._drives.replace(
            [{"path": str(d.path), "label": d.label, "detail": size_text(d.bytes_free) if d.bytes_free else ""} for d in drives]
        )
        paths = [str(d.path) for d in drives]
        self._choose(self._current if self._current in paths else (paths[0] if paths else ""))

    @Slot(str)
    def chooseDrive(self, path: str) -> None:
        self._choose(path)

    def _choose(self, path: str) -> None:
        if path != self._current:
            self._current = path
            self.currentChanged.emit()
        self._list_files()

    def _list_files(self) -> None:
        if not self._current or not self._suffixes:
            self._files.replace([])
            return
        from kiosk.removable_drives import files_on

        rows = []
        for path in files_on(Path(self._current), self._suffixes):
            try:
                stat = path.stat()
            except OSError:
                continue
            when = datetime.fromtimestamp(stat.st_mtime).strftime("%d/%m/%Y %H:%M")  # the stick's own clock: local time
            rows.append({"path": str(path), "name": str(path.relative_to(self._current)), "detail": f"{when} · {size_text(stat.st_size)}"})
        self._files.replace(rows)
