"""A real print system for the printing tests: CUPS with the cups-pdf virtual printer.

``cups_pdf()`` installs CUPS and cups-pdf when they are missing (as root, with
apt-get), starts the scheduler, and adds two queues: ``GopyPDF``, which writes
each job as a PDF into cups-pdf's output folder, and ``GopyPDF-Stopped``, a
stopped queue, as a printer that is off. Each step checks first, so a second
call costs a few lpstat runs. When that is impossible (not root and CUPS
absent) it says why, and the test skips with that reason.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

QUEUE = "GopyPDF"
STOPPED_QUEUE = "GopyPDF-Stopped"
PACKAGES = ("cups", "printer-driver-cups-pdf")
CONFIG = Path("/etc/cups/cups-pdf.conf")


class CupsUnavailable(Exception):
    """Why a print system cannot be had on this machine."""


@dataclass(frozen=True)
class CupsPdf:
    queue: str
    stopped_queue: str
    output: Path  # where cups-pdf writes the jobs of the user running the tests

    def wait_for_job(self, job_name: str, into: Path, timeout: float = 60) -> Path:
        """The PDF cups-pdf made for ``job_name``, once fully written, moved into the folder ``into``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = sorted(self.output.glob(f"{job_name}*.pdf"))
            if found and _complete(found[-1]):
                return Path(shutil.move(found[-1], into / found[-1].name))
            time.sleep(0.2)
        raise AssertionError(f"cups-pdf wrote no {job_name}*.pdf into {self.output} within {timeout:.0f} s; "
                             f"queue: {_run('lpstat', '-W', 'all', '-o', QUEUE).stdout.strip()}")


def _complete(path: Path) -> bool:
    data = path.read_bytes()
    return data.rstrip().endswith(b"%%EOF")


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def _must(*args: str, timeout: float = 60) -> str:
    done = _run(*args, timeout=timeout)
    if done.returncode != 0:
        raise CupsUnavailable(f"`{' '.join(args)}` failed: {(done.stderr or done.stdout).strip()}")
    return done.stdout


def _is_root() -> bool:
    return os.geteuid() == 0


def _install() -> None:
    if shutil.which("cupsd") and shutil.which("lpadmin") and Path("/usr/lib/cups/backend/cups-pdf").exists():
        return
    if not _is_root() or not shutil.which("apt-get"):
        raise CupsUnavailable("CUPS and cups-pdf are not installed, and installing them needs root and apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", *PACKAGES]
    done = subprocess.run(install, capture_output=True, text=True, timeout=900, env=env, check=False)
    if done.returncode != 0:  # a fresh machine has no package lists yet
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, timeout=900, env=env, check=False)
        done = subprocess.run(install, capture_output=True, text=True, timeout=900, env=env, check=False)
    if done.returncode != 0:
        raise CupsUnavailable(f"apt-get could not install {' '.join(PACKAGES)}: {done.stderr.strip()[-500:]}")


def _scheduler_running() -> bool:
    return "scheduler is running" in _run("lpstat", "-r").stdout


def _start_scheduler() -> None:
    if _scheduler_running():
        return
    if not _is_root():
        raise CupsUnavailable("the CUPS scheduler is not running, and starting it needs root")
    _run("cupsd")  # daemonises itself; works without systemd (containers, CI)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if _scheduler_running():
            return
        time.sleep(0.2)
    raise CupsUnavailable("cupsd did not start within 20 s (see /var/log/cups/error_log)")


def _ppd() -> str:
    models = _must("lpinfo", "-m").splitlines()
    for wanted in ("CUPS-PDF_opt.ppd", "CUPS-PDF_noopt.ppd"):
        for line in models:
            if wanted in line:
                return line.split()[0]
    raise CupsUnavailable("lpinfo lists no cups-pdf model")


def _queue_exists(name: str) -> bool:
    return _run("lpstat", "-v", name).returncode == 0


def _add_queues() -> None:
    if _queue_exists(QUEUE) and _queue_exists(STOPPED_QUEUE):
        return
    if not _is_root():
        raise CupsUnavailable(f"the queue {QUEUE} does not exist, and adding it needs root")
    ppd = _ppd()
    for name in (QUEUE, STOPPED_QUEUE):
        if not _queue_exists(name):
            _must("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-m", ppd)


def _set_states() -> None:
    """GopyPDF enabled and accepting; GopyPDF-Stopped stopped, as a printer that is off."""
    if "disabled" in _run("lpstat", "-p", QUEUE).stdout:
        _must("cupsenable", QUEUE)
    if "not accepting" in _run("lpstat", "-a", QUEUE).stdout:
        _must("cupsaccept", QUEUE)
    if "disabled" not in _run("lpstat", "-p", STOPPED_QUEUE).stdout:
        _must("cupsdisable", STOPPED_QUEUE)


def _output_folder() -> Path:
    """cups-pdf's ``Out`` setting (default ``${HOME}/PDF``) for the user running the tests."""
    out = "${HOME}/PDF"
    if CONFIG.exists():
        for line in CONFIG.read_text(errors="replace").splitlines():
            match = re.match(r"\s*Out\s+(\S+)", line)
            if match:
                out = match.group(1)
    user = pwd.getpwuid(os.getuid())
    return Path(out.replace("${HOME}", user.pw_dir).replace("${USER}", user.pw_name))


def cups_pdf() -> CupsPdf:
    """A running CUPS with the cups-pdf queues, set up if needed.

    :raises CupsUnavailable: with the reason, when this machine cannot have one
    """
    _install()
    _start_scheduler()
    _add_queues()
    _set_states()
    return CupsPdf(QUEUE, STOPPED_QUEUE, _output_folder())
