"""Legacy word-processor files (.doc, .rtf, .odt) converted to .docx by LibreOffice headless.

Why LibreOffice: it is the one well-kept reader of Word 97–2003 files, Debian
ships it without a display (libreoffice-writer-nogui), and its .docx output
goes through the same reader as any Word document, automatic numbering
included. Each run gets its own profile (``-env:UserInstallation``): two
conversions sharing the default profile block each other, and a kiosk user's
profile is left alone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from kiosk.drafts.errors import DraftFormatError
from kiosk.i18n import _

_TIMEOUT_SECONDS = 120  # a 132-page .doc takes 2 s here; a stuck conversion must not hang the import
_PROGRAMS = ("soffice", "libreoffice")


def converter() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for name in _PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def not_installed(path: Path) -> DraftFormatError:
    """The one message for a legacy file when LibreOffice is absent: what to install, or how to save it."""
    return DraftFormatError(
        _(
            "{name} is an old word-processor file (.doc, .rtf or .odt); reading it needs LibreOffice "
            "(Debian package libreoffice-writer-nogui), which is not installed. Install it, or save the file as .docx."
        ).format(name=path.name)
    )


def convert_to_docx(path: Path, workdir: Path) -> Path:
    """Convert ``path`` into ``workdir`` and return the .docx; DraftFormatError when it cannot be converted."""
    program = converter()
    if program is None:
        raise not_installed(path)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=workdir))
    # LibreOffice names its output after the input: copy under a plain name so odd characters,
    # or a source folder the kiosk cannot write to, never matter.
    source = workdir / f"source{path.suffix.lower() or '.doc'}"
    shutil.copyfile(path, source)
    out_dir = workdir / "out"
    out_dir.mkdir()
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx",
        "--outdir",
        str(out_dir),
        str(source),
    ]
    try:
        # Its own session: soffice is a launcher whose office process outlives it when killed alone.
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
    except OSError as exc:  # found on PATH but not runnable (a broken install)
        raise not_installed(path) from exc
    try:
        process.wait(timeout=_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise DraftFormatError(
            _("{name}: the conversion by LibreOffice took too long. Save the file as .docx and import that.").format(name=path.name)
        ) from exc
    result = out_dir / "source.docx"
    # soffice exits 0 even when it could not read the file: the output's absence is the failure.
    if not result.is_file() or result.stat().st_size == 0:
        raise DraftFormatError(
            _("{name} could not be converted by LibreOffice (a damaged .doc file?). Save it as .docx in Word, or as {formats}.").format(
                name=path.name, formats=".txt, .md, .html, .docx"
            )
        )
    return result
