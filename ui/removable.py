"""The USB sticks plugged into the kiosk, as Qt sees the mounted volumes; the rules are kiosk.removable_drives."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QStorageInfo

if TYPE_CHECKING:
    from kiosk import removable_drives as rules


def mounted_volumes() -> list[rules.Volume]:
    """Every mounted volume, in the core's plain terms."""
    from kiosk import removable_drives as rules

    system_root = QStorageInfo.root().rootPath()
    volumes = []
    for info in QStorageInfo.mountedVolumes():
        volumes.append(
            rules.Volume(
                root=info.rootPath(),
                name=info.name(),
                file_system=bytes(info.fileSystemType().data()).decode("ascii", "replace"),
                ready=info.isValid() and info.isReady(),
                read_only=info.isReadOnly(),
                is_root=info.isRoot() or info.rootPath() == system_root,
                bytes_free=max(0, info.bytesAvailable()),
                bytes_total=max(0, info.bytesTotal()),
            )
        )
    return volumes


def removable_drives(*, for_writing: bool = False) -> list[rules.Drive]:
    """The USB sticks to offer now. Tests replace this function with their own list of folders."""
    from kiosk import removable_drives as rules

    return rules.removable_drives(mounted_volumes(), for_writing=for_writing, system_drive=os.environ.get("SYSTEMDRIVE", "C:"))
