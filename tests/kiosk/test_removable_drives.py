"""Which volumes are USB sticks: never the system, only ready media, writable ones for writing."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pytest

from kiosk.removable_drives import Volume, files_on, is_removable, removable_drives


class Case(NamedTuple):
    name: str
    volume: Volume
    removable: bool


CASES = [
    Case("the root file system", Volume("/", is_root=True), False),
    Case("a stick mounted by udisks", Volume("/media/lan/USB DATA", "USB DATA", "vfat"), True),
    Case("a stick under /run/media", Volume("/run/media/lan/KINGSTON", "KINGSTON", "exfat"), True),
    Case("a stick mounted at /media/usb", Volume("/media/usb", "", "vfat"), True),
    Case("/media itself", Volume("/media", "", "ext4"), False),
    Case("a stick that is not ready", Volume("/media/lan/USB", "USB", "vfat", ready=False), False),
    Case("the boot partition", Volume("/boot/efi", "", "vfat"), False),
    Case("home on its own partition", Volume("/home", "", "ext4"), False),
    Case("a tmpfs under /run/media", Volume("/run/media/lan/x", "", "tmpfs"), False),
    Case("WSL's view of the system drive", Volume("/mnt/c", "", "9p"), False),
    Case("Windows' system drive", Volume("C:/", "Windows", "NTFS"), False),
    Case("Windows' system drive, backslash", Volume("c:\\", "", "NTFS"), False),
    Case("a stick as drive E", Volume("E:/", "USB", "FAT32"), True),
    Case("a stick as drive D", Volume("D:\\", "", "exFAT"), True),
    Case("a volume flagged as the system's", Volume("E:/", is_root=True), False),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_what_counts_as_a_usb_stick(case):
    assert is_removable(case.volume) is case.removable


def test_another_system_drive_letter_is_never_offered():
    assert not is_removable(Volume("D:/", "Windows"), system_drive="D:")
    assert is_removable(Volume("C:/", "USB"), system_drive="D:")


def test_sticks_are_listed_by_label_and_read_only_ones_not_for_writing():
    volumes = [
        Volume("/", is_root=True),
        Volume("/media/lan/ZETA", "ZETA", "vfat", bytes_free=10),
        Volume("/media/lan/ALPHA", "ALPHA", "vfat", read_only=True),
        Volume("/media/lan/1234-ABCD", "", "vfat"),
    ]
    assert [d.label for d in removable_drives(volumes)] == ["1234-ABCD", "ALPHA", "ZETA"]
    writable = removable_drives(volumes, for_writing=True)
    assert [(d.label, d.writable, d.bytes_free) for d in writable] == [("1234-ABCD", True, 0), ("ZETA", True, 10)]
    assert writable[1].path == Path("/media/lan/ZETA")


def test_files_are_found_at_the_top_and_one_folder_down_newest_first(tmp_path):
    (tmp_path / "2026-11").mkdir()
    (tmp_path / "2026-11" / "deep").mkdir()
    old = tmp_path / "GOPY-pkg-1.zip"
    new = tmp_path / "2026-11" / "GOPY-pkg-2.ZIP"
    for path in (old, new, tmp_path / "2026-11" / "deep" / "too-deep.zip", tmp_path / ".hidden.zip",
                 tmp_path / "photo.jpg", tmp_path / "half.zip.partial"):
        path.write_bytes(b"x")
    os.utime(old, (1_000_000, 1_000_000))
    assert files_on(tmp_path, (".zip",)) == [new, old]
    assert files_on(tmp_path / "missing", (".zip",)) == []
