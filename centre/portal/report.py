"""The consultation's report as the public may read it: the agency's "bản tổng hợp, tiếp thu, giải trình", .docx and PDF.

The same form as the agency's own (centre.review.report_docx: landscape A4,
Times New Roman, the four-column table, the signature block), holding only what
the portal publishes after closing: the totals, the opinions per article by
stance and by kind of contributor, and the answers a lead published (an article's,
a clause's). Never a comment's words (they may name people, as the receipt page
says), never an answer still waiting for approval, never an answer to one
person's comment, never a receipt code or anything sealed.

Both files are kept on disk under the centre's home,
``<home>/portal/reports/<consultation>/<digest>.docx|.pdf``, named by a digest
of the published content: the same content is never made twice, and a new
answer or batch names a new file. The .docx is made when first asked for (a
few milliseconds); the PDF is converted from it by LibreOffice (seconds), once,
under a file lock so that two workers never convert the same file at once. When
LibreOffice is missing or fails, the PDF is "not available" for a while
(``RETRY_SECONDS``) and the .docx is still offered.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from centre.portal import selectors
from kiosk.durable import write_atomically

log = logging.getLogger(__name__)

FORMAT = 1  # part of the digest: a change of the document's layout makes every kept file again
CONVERT_SECONDS = 45  # LibreOffice's limit: under gunicorn's worker timeout (60 s, centre/core/commands.py)
RETRY_SECONDS = 600  # after a failed conversion, the PDF is "not available" this long before LibreOffice is tried again
NOTE = (
    "Bản công bố trên cổng thông tin góp ý: gồm số ý kiến theo từng điều và các ý kiến tiếp thu, giải trình đã được công bố; "
    "không gồm nội dung từng ý kiến và thông tin cá nhân của người góp ý."
)
STANCE_LABELS = {"agree": "đồng ý", "disagree": "không đồng ý", "other": "ý kiến khác"}


@dataclass(frozen=True)
class ReportFiles:
    docx: Path
    docx_size: int
    pdf: Path  # where the PDF is, or will be once converted
    pdf_size: int | None  # None: not converted yet, or not available
    pdf_available: bool  # False: LibreOffice is missing or failed lately

    @property
    def pdf_ready(self) -> bool:
        return self.pdf_size is not None


def offered(info: selectors.ConsultationInfo) -> bool:
    """The report exists for a draft's consultation, once it is closed."""
    return info.closed and info.kind == "draft"


def _stances(counts: dict[str, int], total: int) -> str:
    parts = ", ".join(f"{STANCE_LABELS[s]} {counts.get(s, 0)}" for s in selectors.STANCES if counts.get(s))
    return f"{total} ý kiến: {parts}." if total else ""


def _answer(answer: selectors.PublishedAnswer) -> str:
    from centre.review.report_docx import OUTCOME_LABELS

    label = OUTCOME_LABELS.get(answer.status, answer.status)
    return f"{label}: {answer.text}" if answer.text else label


def public_rows(counted: selectors.Results) -> tuple[list[tuple[str, dict[str, int], str, str]], dict]:
    """(legal key, contributor types, what was said, the published answer) per row, in the draft's order; and the totals.

    One row per article with opinions or an answer; one more for each of its clauses' and points' own answers.
    """
    rows = []
    for article in counted.articles:
        own = next((a for a in article.answers if a.key == article.key), None)
        rows.append((article.key, dict(article.types), _stances(article.counts, article.total), _answer(own) if own else ""))
        rows += [(a.key, {}, "", _answer(a)) for a in article.answers if a.key != article.key]
    totals = {"contributors": counted.submissions, "opinions": counted.opinions, "channels": counted.channels, "types": counted.types}
    return rows, totals


def _digest(info: selectors.ConsultationInfo, rows: list, totals: dict) -> str:
    content = {"format": FORMAT, "code": info.code, "title": info.title, "agency": info.agency, "rows": rows, "totals": totals}
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def _root() -> Path:
    return Path(settings.HOME) / "portal" / "reports"


def _folder(code: str) -> Path:
    name = code if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", code) else hashlib.sha256(code.encode()).hexdigest()[:32]
    return _root() / name


def _document(info: selectors.ConsultationInfo, rows: list, totals: dict) -> bytes:
    """The agency's form (centre.review.report_docx), filled with the published rows, with a note on what it holds."""
    from docx import Document

    from centre.consultations.models import Consultation
    from centre.review import report_docx

    consultation = Consultation.objects.select_related("agency").get(code=info.code)
    titles = {line.key: (n, line.heading.partition(". ")[2]) for n, line in enumerate(selectors.draft_lines(info.code, info.draft_version))}
    filled = [report_docx._Row(key, 1, Counter(types), text, answer) for key, types, text, answer in rows]
    data = report_docx._document(
        consultation,
        filled,
        {
            "contributors": totals["contributors"],
            "opinions": totals["opinions"],
            "channels": Counter(totals["channels"]),
            "types": Counter(totals["types"]),
            "titles": titles,
        },
    )
    doc = Document(io.BytesIO(data))
    heading_end = next(n for n, p in enumerate(doc.paragraphs) if p.text.startswith("Tổng số người góp ý"))
    doc.paragraphs[heading_end].insert_paragraph_before().add_run(NOTE).italic = True
    out = io.BytesIO()
    doc.save(out)
    return report_docx._fixed_zip(out.getvalue())


def report_files(info: selectors.ConsultationInfo) -> ReportFiles:
    """The published report's files for a closed consultation: the .docx made if it was not, the PDF as it stands."""
    rows, totals = public_rows(selectors.results(info))
    digest = _digest(info, rows, totals)
    folder = _folder(info.code)
    folder.mkdir(parents=True, exist_ok=True)
    docx = folder / f"{digest}.docx"
    if not docx.exists():
        write_atomically(docx, _document(info, rows, totals))
        _forget_others(folder, digest)
    pdf = docx.with_suffix(".pdf")
    size = pdf.stat().st_size if pdf.exists() else None
    return ReportFiles(docx, docx.stat().st_size, pdf, size, size is not None or _convertible(pdf))


def _forget_others(folder: Path, digest: str) -> None:
    """Files of content no longer published (a later answer or batch): nobody is sent to them any more."""
    for old in folder.iterdir():
        if not old.name.startswith(digest) and old.suffix in (".docx", ".pdf", ".failed", ".lock"):
            with contextlib.suppress(OSError):
                old.unlink()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convertible(pdf: Path) -> bool:
    """LibreOffice is there, and has not failed on this file lately."""
    if soffice() is None:
        return False
    failed = pdf.with_suffix(".failed")
    with contextlib.suppress(OSError):
        if time.time() - failed.stat().st_mtime < RETRY_SECONDS:
            return False
    return True


def ensure_pdf(files: ReportFiles) -> Path | None:
    """The PDF, converted now if it was not (one worker at a time); None when it cannot be made."""
    if files.pdf.exists():
        return files.pdf
    if not _convertible(files.pdf):
        return None
    with open(files.pdf.with_suffix(".lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker converting the same file: wait for its result
        try:
            if files.pdf.exists():
                return files.pdf
            if not _convertible(files.pdf):
                return None
            data = _convert(files.docx)
            if data is None:
                files.pdf.with_suffix(".failed").touch()
                return None
            write_atomically(files.pdf, data)
            return files.pdf
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _convert(docx: Path) -> bytes | None:
    """``soffice --headless --convert-to pdf`` with a profile of its own (notes/pitfalls.md), bounded in time."""
    binary = soffice()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="gopy-report-pdf-") as work:
        profile = Path(work) / "profile"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(docx),
        ]
        started = time.monotonic()
        # Its own session: on a timeout the whole group goes (soffice starts soffice.bin beneath it).
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": work},
            cwd=work,
        )
        try:
            _out, err = process.communicate(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            log.error("LibreOffice did not convert %s within %s s", docx.name, CONVERT_SECONDS)
            return None
        made = Path(work) / f"{docx.stem}.pdf"
        data = made.read_bytes() if made.exists() else b""
        if process.returncode != 0 or not data.startswith(b"%PDF-"):
            log.error("LibreOffice could not convert %s (exit %s): %s", docx.name, process.returncode, err.decode(errors="replace")[-500:])
            return None
        log.info("converted %s to PDF in %.1f s", docx.name, time.monotonic() - started)
        return data
