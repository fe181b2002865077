"""Which mounted volumes are USB sticks an administrator may use, and which files on them to offer.

The UI lists every mounted volume (Qt's ``QStorageInfo.mountedVolumes()``)
and passes plain :class:`Volume` values here; the rules are:

- never the system volume, nor one that is not ready;
- on Linux, only what is mounted for removable media: under ``/media/``
  or ``/run/media/`` (udisks, usbmount). Not ``/mnt/``: WSL mounts the
  Windows system drive there, and servers mount their disks there;
- on Windows, a drive letter other than the system drive (``C:``);
- for export and backups, only volumes that can be written.

Files are looked for at the top of the stick and one folder down: people
copy a file to the stick's root or into a folder named after the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REMOVABLE_PREFIXES = ("/media/", "/run/media/")
# Not media: what a desktop also mounts under /run/media (snaps, flatpaks) and in-memory file systems.
_PSEUDO_FILE_SYSTEMS = frozenset({"tmpfs", "devtmpfs", "proc", "sysfs", "overlay", "squashfs", "autofs", "ramfs", "fuse.portal"})
_DRIVE_LETTER = re.compile(r"^([A-Za-z]):[\\/]?$")
MAX_FILES = 200  # a stick full of photos must not make a list nobody can scroll

# What each screen looks for.
PACKAGE_SUFFIXES = (".zip",)
ENROLMENT_SUFFIXES = (".enrol", ".zip")
SPREADSHEET_SUFFIXES = (".xlsx", ".csv")
BACKUP_SUFFIXES = (".sqlite3",)


@dataclass(frozen=True)
class Volume:
    """One mounted volume as the operating system reports it."""

    root: str  # the mount point ("/media/lan/USB") or drive root ("E:/")
    name: str = ""  # the volume's label
    file_system: str = ""
    ready: bool = True
    read_only: bool = False
    is_root: bool = False  # the volume the system runs from
    bytes_free: int = 0
    bytes_total: int = 0


@dataclass(frozen=True)
class Drive:
    """A USB stick the kiosk may read from (and, if ``writable``, write to)."""

    path: Path
    label: str
    writable: bool
    bytes_free: int


def is_removable(volume: Volume, *, system_drive: str = "C:") -> bool:
    """Whether ``volume`` looks like removable media rather than a part of the system."""
    if volume.is_root or not volume.ready or volume.file_system.lower() in _PSEUDO_FILE_SYSTEMS:
        return False
    letter = _DRIVE_LETTER.match(volume.root)
    if letter:
        return f"{letter.group(1).upper()}:" != system_drive.upper().rstrip("\\/")
    root = volume.root.rstrip("/") + "/"
    return any(root.startswith(prefix) and len(root) > len(prefix) for prefix in REMOVABLE_PREFIXES)


def removable_drives(volumes: Iterable[Volume], *, for_writing: bool = False, system_drive: str = "C:") -> list[Drive]:
    """The USB sticks among ``volumes``, by label; only writable ones ``for_writing``.

    :param system_drive: Windows' system drive (``%SystemDrive%``), never offered
    """
    drives = []
    for volume in volumes:
        if not is_removable(volume, system_drive=system_drive) or (for_writing and volume.read_only):
            continue
        label = volume.name.strip() or Path(volume.root).name or volume.root
        drives.append(Drive(Path(volume.root), label, not volume.read_only, volume.bytes_free))
    return sorted(drives, key=lambda d: (d.label.lower(), str(d.path)))


def files_on(folder: Path, suffixes: Iterable[str]) -> list[Path]:
    """Files ending in one of ``suffixes`` at the top of ``folder`` and one folder down, newest first.

    Hidden files and half-written ``.partial`` copies are left out; a folder
    that cannot be read (a stick pulled out) gives no files rather than an error.
    """
    wanted = tuple(s.lower() for s in suffixes)
    found: list[tuple[float, Path]] = []

    def visit(directory: Path, depth: int) -> None:
        try:
            entries = sorted(directory.iterdir())
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            try:
                if entry.is_dir():
                    if depth == 0:
                        visit(entry, 1)
                elif entry.is_file() and entry.name.lower().endswith(wanted):
                    found.append((entry.stat().st_mtime, entry))
            except OSError:
                continue

    visit(folder, 0)
    found.sort(key=lambda pair: (-pair[0], str(pair[1])))
    return [path for _, path in found[:MAX_FILES]]
