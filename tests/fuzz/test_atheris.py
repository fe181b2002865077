"""Every reader of an outside file under coverage-guided fuzzing (atheris), for a bounded number of runs.

Each target of tests/fuzz/harness.py runs in its own process, since libFuzzer
ends the process it runs in; as many run at once as there are cores. A crash,
a refusal that changed the database, or an input slower than 5 s fails the
target's test with libFuzzer's report and the path of the input. The runs are
sized for about a minute in all on two cores; a longer campaign is run by hand:

    python -m tests.fuzz.harness TARGET -max_total_time=120 CORPUS_FOLDER
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.sync.helpers import build_world

pytest.importorskip("atheris", reason="atheris installs only where it has wheels (Linux x86-64, CPython up to 3.14)")

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SEED = 20261124  # libFuzzer's random seed: the same mutations from run to run, but for what timing changes
# Runs per target: each is a few seconds of fuzzing after a start of 2–5 s (instrumenting the code).
RUNS = {
    "drafts": 12000,
    "spreadsheet": 3500,
    "batch": 5000,
    "batch_signed": 2500,
    "package": 5000,
    "package_signed": 2500,
    "enrolment": 5000,
}


@pytest.fixture(scope="module")
def campaign(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every target fuzzed once, over one centre and kiosk that each target copies."""
    root = tmp_path_factory.mktemp("fuzz")
    world = root / "world"
    world.mkdir()
    build_world(world)

    def fuzz(target: str) -> subprocess.CompletedProcess:
        folder = root / target
        corpus = folder / "corpus"
        corpus.mkdir(parents=True)
        env = {**os.environ, "GOPY_FUZZ_WORLD": str(world), "GOPY_FUZZ_WORKDIR": str(folder / "work")}
        command = [
            sys.executable, "-m", "tests.fuzz.harness", target,
            f"-runs={RUNS[target]}", f"-seed={SEED}", f"-artifact_prefix={folder}/", str(corpus),
        ]  # fmt: skip
        return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)

    with ThreadPoolExecutor(max_workers=min(len(RUNS), os.cpu_count() or 2)) as pool:
        return dict(zip(RUNS, pool.map(fuzz, RUNS), strict=True))


def _report(stderr: str) -> str:
    """libFuzzer's output without the list of instrumented modules: the crash, its traceback, the input's path."""
    return "\n".join(line for line in stderr.splitlines() if not line.startswith("INFO: Instrumenting"))[-6000:]


@pytest.mark.parametrize("target", RUNS)
def test_the_reader_survives_fuzzing(campaign, target, capsys):
    result = campaign[target]
    done = re.search(r"^Done (\d+) runs in (\d+) second", result.stderr, re.MULTILINE)
    assert result.returncode == 0 and done, _report(result.stderr)
    edges, features, corpus = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)", result.stderr)[-1]
    with capsys.disabled():
        print(f"\natheris {target}: {done[1]} runs in {done[2]} s; coverage {edges} edges, {features} features; corpus {corpus} inputs")
