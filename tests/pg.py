"""A throwaway PostgreSQL cluster for the centre's tests, started and stopped by the test session.

Debian's ``initdb`` and ``pg_ctl`` refuse to run as root (CI runs as root), so
they run as the ``postgres`` system user then (notes/pitfalls.md).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    folder: Path
    port: int
    bin: Path
    durable: bool

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(*, durable: bool = False) -> Cluster:
    """A new cluster on 127.0.0.1 and a free port; ``durable=False`` turns fsync off (never for kill -9 tests)."""
    binaries = pg_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (scripts/system-deps.sh test installs it)")
    folder = Path(tempfile.mkdtemp(prefix="gopy-pg-"))
    folder.chmod(0o777)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = Cluster(folder, _free_port(), binaries, durable)
    cluster._run(str(binaries / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8")
    options = f"-k {folder} -p {cluster.port} -c listen_addresses=127.0.0.1 -c max_connections=200"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    cluster._run(str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-l", str(folder / "log"), "-w", "-o", options, "start")
    return cluster
