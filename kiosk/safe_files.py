"""Limits for files that come from anywhere (USB sticks, e-mail): checked before a library parses them.

A .docx or .xlsx is a ZIP of XML. A small file can declare members that
unpack to gigabytes; the libraries that read them trust those sizes. The
checks here read only the ZIP directory, so a hostile file is refused in
milliseconds.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from kiosk.errors import ValidationError
from kiosk.i18n import _

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # deflate rarely exceeds 100:1 on real documents
MAX_MEMBERS = 5000

# zipfile meets a damaged ZIP directory with many exception types (as in
# sync.container); each means "not a readable archive", never a bug of ours.
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    EOFError,
    OSError,
    ValueError,  # includes UnicodeDecodeError (member names)
    struct.error,
    NotImplementedError,  # "zip file version" beyond what zipfile reads
    OverflowError,
    IndexError,
    KeyError,
)


def check_size(path: Path, limit: int = MAX_FILE_BYTES) -> None:
    size = path.stat().st_size
    if size > limit:
        raise ValidationError(
            _("{name} is too large ({size} MB); at most {limit} MB is accepted.").format(
                name=path.name, size=size // 2**20, limit=limit // 2**20
            )
        )


def check_office_zip(path: Path) -> None:
    """Refuse a .docx/.xlsx whose ZIP directory promises too much, before any XML is read."""
    check_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as error:
        raise ValidationError(_("{name} is damaged or is not an Office file.").format(name=path.name)) from error
    total = sum(info.file_size for info in infos)
    names = [info.filename for info in infos]
    if len(infos) > MAX_MEMBERS or len(set(names)) != len(names):
        raise ValidationError(_("{name} is damaged or is not an Office file.").format(name=path.name))
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ValidationError(_("{name} is refused: it would unpack to far more data than it holds.").format(name=path.name))
    if total > MAX_UNPACKED_BYTES:
        raise ValidationError(_("{name} is refused: it would unpack to far more data than it holds.").format(name=path.name))
