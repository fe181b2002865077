"""A full USB stick (a real 32 KB tmpfs) and a stick that fails mid-write (EIO): one clear message,
nothing recorded as exported, and the next export carries everything."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.helpers import build_world, query


def _states(world) -> dict[str, int]:
    return dict(query(world.kiosk_db, "SELECT state, count(*) FROM events WHERE kind = 'submission' GROUP BY state"))


@pytest.fixture
def world(tmp_path):
    world = build_world(tmp_path)
    world.submit_paper(400)  # a batch of several hundred KB: more than the small stick holds
    return world


@pytest.fixture
def full_stick(tmp_path):
    mount = tmp_path / "stick"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(mount)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {result.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_stick_is_one_clear_message_and_nothing_is_marked_exported(world, full_stick, tmp_path):
    result = world.kiosk_cmd("export-batch", "--out", full_stick, check=False)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert _states(world) == {"sealed": 400}
    assert not [p for p in full_stick.iterdir() if p.suffix == ".zip"]  # no damaged batch left to carry away
    batches = world.export(tmp_path / "big-stick")
    assert batches and _states(world) == {"exported": 400}


def test_a_stick_failing_with_eio_mid_write_is_one_clear_message(world, tmp_path, monkeypatch):
    from kiosk.home import Home
    from kiosk.storage.db import open_store
    from sync import container
    from sync.batches import export_batches
    from sync.errors import SyncError

    real_fsync = os.fsync

    def failing_fsync(fd):
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name.endswith(".partial"):
            raise OSError(errno.EIO, "Input/output error")
        return real_fsync(fd)

    monkeypatch.setattr(container.os, "fsync", failing_fsync)
    store = open_store(world.kiosk_db)
    with pytest.raises(SyncError) as error:
        export_batches(store, Home(world.kiosk), tmp_path / "stick")
    assert error.value.message
    assert _states(world) == {"sealed": 400}
    assert not list((tmp_path / "stick").glob("*.zip"))
    store.close()
    monkeypatch.undo()
    assert world.export(tmp_path / "stick") and _states(world) == {"exported": 400}


def test_the_stick_vanishing_mid_export_in_a_real_process(world, tmp_path):
    """The folder is removed while the batch is being written (the stick pulled): the process says so."""
    stick = tmp_path / "vanishing"
    stick.mkdir()
    script = (
        "import shutil, sys, sync.cli, ui.cli\n"
        "from sync import container\n"
        "real = container._write_partial\n"
        "def pulled(partial, data):\n"
        "    real(partial, data[: len(data) // 2])\n"
        "    shutil.rmtree(partial.parent)\n"
        "    raise OSError(5, 'Input/output error')\n"
        "container._write_partial = pulled\n"
        "sys.exit(ui.cli.main())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "--home", str(world.kiosk), "export-batch", "--out", str(stick)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert _states(world) == {"sealed": 400}
    assert world.export(tmp_path / "again") and _states(world) == {"exported": 400}
