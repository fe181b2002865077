"""Coverage-guided fuzzing (atheris, libFuzzer) of every reader of a file that comes from outside.

    python -m tests.fuzz.harness TARGET [libFuzzer flags] [CORPUS_DIR | INPUT_FILE ...]

``TARGET`` is one of :data:`TARGETS`. Each target writes the fuzzed bytes to a
file, hands it to the reader as the command line would, and holds the reader
to its contract: it may refuse a file only with its clear, translated error
(a ``UserFacingError``; for the centre's batch reader a ``SyncError``), and a
refused file changes nothing stored. Any other exception is a crash, which
libFuzzer reports with the input that caused it. Each input has 5 s
(``-timeout=5`` unless a timeout is given): a slower input is a failure too.

Without a corpus folder the seeds go to a temporary one; with one, the seeds
are added to it; given a file instead, that one input is run (a crash's
reproduction). The sync targets need a centre and an enrolled kiosk:
``GOPY_FUZZ_WORLD`` names one made by ``tests.sync.helpers.build_world`` to
copy, else one is built (1.5 s). ``GOPY_FUZZ_WORKDIR`` is where the harness
keeps its files (default: a new temporary folder).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

import atheris

# Which library's code guides the fuzzing too: the one the target hands its files to.
# Instrumenting a library costs seconds at start-up, so only that target's.
LIBRARIES = {"drafts": ["docx"], "spreadsheet": ["openpyxl"]}

# The readers are instrumented for coverage as they are imported; a module
# imported before this block would not be, so every kiosk and sync import is here.
with atheris.instrument_imports(include=["kiosk", "sync", *LIBRARIES.get(sys.argv[1] if len(sys.argv) > 1 else "", [])]):
    import docx
    import openpyxl

    from kiosk import canonical
    from kiosk.chain import GENESIS
    from kiosk.drafts import parse_file
    from kiosk.errors import UserFacingError
    from kiosk.home import Home
    from kiosk.ideas import idea_id
    from kiosk.paper_import import PaperImporter
    from kiosk.storage.db import Store, open_store
    from kiosk.submissions import SubmissionService
    from sync.batches import epoch_key
    from sync.container import read_container, write_container
    from sync.errors import SyncError
    from sync.keys import CentreKeys, key_id, parse_verify_key
    from sync.kiosk_side import import_package, setup
    from sync.packages import CONSULTATIONS_MEMBER, IDEAS_MEMBER, RESPONSES_MEMBER, RESULTS_MEMBER

    # The builders the sync tests use (they import kiosk and sync, hence here).
    from tests.sync.helpers import (
        CODE,
        DRAFT,
        KIOSK,
        World,
        build_world,
        chain,
        copy_world,
        craft_batch,
        enrolment_proof,
        kiosk_key,
        paper_csv,
    )

LIMIT_SECONDS = 5

OneInput = Callable[[bytes], None]


def _refused_cleanly(
    read: Callable[[], object],
    refusals: tuple[type[BaseException], ...],
    store: Store | None = None,
    state: Callable[[], object] | None = None,
) -> None:
    """Run ``read``: a refusal of the expected kind is fine, but then nothing stored may have changed.

    ``state`` reads what is stored when it is not a kiosk's ``store`` (the centre's, through Django).
    """
    if state is None and store is not None:
        state = lambda: _state(store)  # noqa: E731
    before = state() if state is not None else None
    try:
        read()
    except refusals as refusal:
        if state is not None and state() != before:
            raise AssertionError("the file was refused, yet the database changed") from refusal


SMALL_TABLES = ("identity", "sync_state", "acks", "heads", "kiosk_keys")


def _state(store: Store) -> tuple:
    """Enough of a database to see a change: the rows of every table counted, the small tables that imports update in full."""
    tables = [row["name"] for row in store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    counts = {name: store.query_one(f'SELECT count(*) AS n FROM "{name}"')["n"] for name in tables}
    small = {name: store.query(f'SELECT * FROM "{name}"') for name in SMALL_TABLES if name in tables}
    # A package moves the kiosk's events from sealed to acked; the centre's events have no state.
    states = store.query("SELECT state, count(*) AS n FROM events GROUP BY state") if "export_jobs" in tables else []
    return counts, small, states


def _pick(data: bytes, choices: tuple) -> tuple[object, bytes]:
    """The first byte chooses among ``choices`` (a file's type, a member); the rest is the content."""
    if not data:
        return choices[0], b""
    return choices[data[0] % len(choices)], data[1:]


# ---------------------------------------------------------------- drafts (kiosk.drafts)

DRAFT_SUFFIXES = (".txt", ".md", ".html", ".docx", "")


def _draft_docx() -> bytes:
    document = docx.Document()
    for line in DRAFT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def drafts(work: Path, world: World | None) -> tuple[OneInput, list[bytes]]:
    """parse_file on a .txt, .md, .html, .docx or nameless file: what the centre's publish reads."""
    folder = work / "drafts"
    folder.mkdir()

    def one(data: bytes) -> None:
        suffix, content = _pick(data, DRAFT_SUFFIXES)
        path = folder / f"du-thao{suffix}"
        path.write_bytes(content)
        _refused_cleanly(lambda: parse_file(path), (UserFacingError,))

    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in DRAFT.splitlines()) + "</body></html>"
    contents = {".txt": DRAFT.encode(), ".md": DRAFT.encode(), ".html": page.encode(), ".docx": _draft_docx()}
    return one, [bytes([DRAFT_SUFFIXES.index(suffix)]) + content for suffix, content in contents.items()]


# ---------------------------------------------------------------- paper forms (kiosk.paper_import)


def spreadsheet(work: Path, world: World | None) -> tuple[OneInput, list[bytes]]:
    """PaperImporter.import_file on a .csv or .xlsx, into the enrolled kiosk that holds the consultation."""
    folder = work / "paper"
    folder.mkdir()
    store = open_store(world.kiosk_db)
    importer = PaperImporter(SubmissionService(store))
    suffixes = (".csv", ".xlsx")

    def one(data: bytes) -> None:
        suffix, content = _pick(data, suffixes)
        path = folder / f"phieu{suffix}"
        path.write_bytes(content)
        _refused_cleanly(lambda: importer.import_file(path), (UserFacingError,), store)

    paper_csv(folder / "seed.csv", 3)
    book = openpyxl.Workbook()
    with (folder / "seed.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return one, [b"\x00" + (folder / "seed.csv").read_bytes(), b"\x01" + buffer.getvalue()]


# ---------------------------------------------------------------- batches at the centre (centre.ingest)

# What a refusal records by design (the refused file, the alarm of an attack, their audit), left out of the comparison.
CENTRE_RECORDS = ("audit_events", "refused_files", "alarms")


def _centre(world: World) -> tuple[Callable[[Path], object], Callable[[], object]]:
    """The centre's ingest, with Django configured on the world's centre in this process, and a probe of what it stores."""
    from centre.bootstrap import configure

    configure(world.centre, os.environ.get("GOPY_CENTRE_DATABASE", ""))
    from django.db import connection

    from centre.ingest.services import do_ingest_file

    def state() -> tuple:
        tables = [name for name in connection.introspection.table_names() if name not in CENTRE_RECORDS]
        with connection.cursor() as cursor:
            counts = {}
            for name in tables:
                cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")
                counts[name] = cursor.fetchone()[0]
            cursor.execute("SELECT * FROM heads ORDER BY id")
            heads = cursor.fetchall()
            cursor.execute("SELECT * FROM kiosk_keys ORDER BY id")
            keys = cursor.fetchall()
            cursor.execute("SELECT kiosk_id, enrolment_secret, enrolment_spent_at FROM kiosks ORDER BY kiosk_id")
            kiosks = cursor.fetchall()
        return counts, heads, keys, kiosks

    return do_ingest_file, state


def batch(work: Path, world: World | None) -> tuple[OneInput, list[bytes]]:
    """ingest_file on any bytes: the container checks a batch meets before anything in it is trusted."""
    folder = work / "batches"
    folder.mkdir()
    ingest, state = _centre(world)

    def one(data: bytes) -> None:
        path = folder / "GOPY-K1-e1-b1.zip"
        path.write_bytes(data)
        _refused_cleanly(lambda: ingest(path), (SyncError,), state=state)

    key = kiosk_key(world)
    lines, hashes = chain(KIOSK, 1, 1, GENESIS, 5)
    first = craft_batch(folder / "seeds", key, lines[:3], hashes[:3], batch_seq=1, **enrolment_proof(world))
    after = craft_batch(folder / "seeds", key, lines[3:], hashes[3:], seq_from=4, first_prev=hashes[2], batch_seq=2)
    return one, [first.read_bytes(), after.read_bytes()]


def batch_signed(work: Path, world: World | None) -> tuple[OneInput, list[bytes]]:
    """ingest_file on batches signed as the kiosk signs them, around fuzzed events.

    Anyone can sign a batch: a kiosk the centre does not know is verified
    against the key it carries and kept for review, and an enrolled kiosk's
    first batch binds its key. So what is inside a signed batch is hostile too.
    The input's first line is a JSON object of manifest fields (``kiosk_id``,
    ``epoch``, ``seq_from``, ``first_prev``, ``batch_seq`` or any other); the
    following lines are ``events.jsonl``. What the first line does not set is
    made from the events, as a kiosk's export does: the kiosk, epoch, first
    sequence number and link from the first event, the count and the last
    hash from all of them. Epochs 2 and 3 are signed by their own key with
    the enrolment key's endorsement, as the kiosk signs them.
    """
    folder = work / "signed-batches"
    home = Home(world.kiosk)
    ingest, state = _centre(world)
    proven = enrolment_proof(world)

    def signer(epoch: object) -> tuple:
        return epoch_key(home, KIOSK, epoch if epoch in (2, 3) else 1)

    def one(data: bytes) -> None:
        head, _newline, events = data.partition(b"\n")
        try:
            fields = json.loads(head)
        except (ValueError, RecursionError):
            return  # not a manifest: nothing to sign
        if not isinstance(fields, dict):
            return
        lines = events.split(b"\n")
        fields = {**_from_first_event(lines[0]), **fields}
        key, endorsement = signer(fields.get("epoch"))
        fields.setdefault("key_endorsement", endorsement)
        for name, value in proven.items():
            fields.setdefault(name, value)  # the kiosk proves its enrolment, as its first batches do
        shutil.rmtree(folder, ignore_errors=True)
        try:
            path = craft_batch(folder, key, lines, [canonical.event_hash(line) for line in lines], **fields)
        except (TypeError, ValueError):
            return  # fields no kiosk could put in a manifest (floats, a lone surrogate, a clashing name)
        _refused_cleanly(lambda: ingest(path), (SyncError,), state=state)

    lines, hashes = chain(KIOSK, 1, 1, GENESIS, 5)
    strangers, _hashes = chain("K9", 1, 1, GENESIS, 2)
    # Epoch 2 begins where epoch 1's third event left the database (a restored backup).
    position = {"epoch": 1, "seq": 3, "hash": hashes[2]}
    start, started = chain(KIOSK, 2, 1, hashes[2], 1, type="epoch.start", database_head=position, last_known=position)
    later, _hashes = chain(KIOSK, 2, 2, started[0], 2)
    seeds = [
        b'{"batch_seq":1,"last_package_seq_imported":0}\n' + b"\n".join(lines[:3]),
        b'{"batch_seq":2,"ack_seen":null}\n' + b"\n".join(lines[3:]),
        b"{}\n" + b"\n".join(strangers),
        b"{}\n" + b"\n".join(start + later),
    ]
    return one, seeds


def _from_first_event(line: bytes) -> dict:
    """The manifest fields a kiosk takes from the first event of a batch, as far as they are in it."""
    try:
        event = json.loads(line)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(event, dict):
        return {}
    names = {"kiosk_id": "kiosk_id", "epoch": "epoch", "seq_from": "seq", "first_prev": "prev"}
    return {field: event[name] for field, name in names.items() if name in event}


# ---------------------------------------------------------------- what the kiosk reads (sync.kiosk_side)


def _build_package(world: World, folder: Path) -> Path:
    """The centre's next package for the world's kiosk, made as an operator makes it."""
    return Path(world.central("package", "--kiosk-id", KIOSK, "--out", folder).stdout.strip())


def package(work: Path, world: World | None) -> tuple[OneInput, list[bytes]]:
    """import_package on any bytes, into the enrolled kiosk."""
    folder = work / "packages"
    folder.mkdir()
    store = open_store(world.kiosk_db)
    home = Home(world.kiosk)

    def one(data: bytes) -> None:
        path = folder / "GOPY-PKG-K1-000009.zip"
        path.write_bytes(data)
        _refused_cleanly(lambda: import_package(store, path, home), (UserFacingError,), store)

    return one, [_build_package(world, folder / "seeds").read_bytes()]


PACKAGE_PARTS = (CONSULTATIONS_MEMBER, RESPONSES_MEMBER, IDEAS_MEMBER, RESULTS_MEMBER, "manifest")


def package_signed(work: Path, world: World | None) -> tuple[OneInput, list[bytes]]:
    """import_package on packages signed by the centre's package key, one part of them fuzzed.

    Only the centre signs packages, but a kiosk must refuse whole what a
    newer or broken centre sends it, not fail half-way. The first byte picks
    the part: one of the members, or ``manifest`` (a JSON object of manifest
    fields); the other members are empty lists, so that each seed's coverage
    is its part's own. The package number is the next one unless the input sets it.
    """
    folder = work / "signed-packages"
    folder.mkdir()
    store = open_store(world.kiosk_db)
    home = Home(world.kiosk)
    keys = CentreKeys.load(world.centre / "keys")
    base = read_container(_build_package(world, folder / "base"), root_key=keys.root_public_key)
    base_manifest = {name: value for name, value in base.manifest.items() if name != "files"}

    def one(data: bytes) -> None:
        part, content = _pick(data, PACKAGE_PARTS)
        row = store.query_one("SELECT value FROM sync_state WHERE key = 'last_package_seq'")
        manifest = {**base_manifest, "package_seq": int(row["value"] if row else 0) + 1}
        members = dict.fromkeys(PACKAGE_PARTS[:-1], b"[]")
        try:
            if part == "manifest":
                fields = json.loads(content)
                if not isinstance(fields, dict):
                    return
                manifest |= fields
            else:
                members[part] = content
            path = write_container(folder / "GOPY-PKG-K1-000009.zip", manifest, members, keys.package, cert=keys.cert)
        except (TypeError, ValueError, RecursionError):
            return  # not JSON, or fields no centre could sign (floats, a lone surrogate, "files")
        _refused_cleanly(lambda: import_package(store, path, home), (UserFacingError,), store)

    # The world's centre has no responses, ideas or results yet: one of each, as the kiosk reads them.
    parts = {
        CONSULTATIONS_MEMBER: base.members[CONSULTATIONS_MEMBER],
        RESPONSES_MEMBER: [{"consultation_code": CODE, "legal_key": "article:1", "status": "accepted", "text": "Tiếp thu."}],
        IDEAS_MEMBER: [
            {
                "id": idea_id(str(uuid.UUID(int=1)), 1),
                "supports": 2,
                "consultation": CODE,
                "category": "Đường",
                "hamlet": "Thôn 1",
                "problem": "Đường hỏng.",
                "proposal": "Sửa đường.",
                "commune_name": "Xã Thử Nghiệm",
                "local_time": "2026-11-23T10:00:00+07:00",
            }
        ],
        RESULTS_MEMBER: [{"kind": "draft", "code": CODE, "submissions": 3}],
        "manifest": {
            "acks": [{"epoch": 1, "hwm_seq": 1, "head_hash": "0" * 64}],
            "revocations": [{"key_id": "0123456789abcdef", "epoch": 1, "from_seq": 1}],
            "sealing_key": base_manifest["sealing_key"],
        },
    }
    return one, [bytes([PACKAGE_PARTS.index(name)]) + (v if isinstance(v, bytes) else canonical.dumps(v)) for name, v in parts.items()]


def enrolment(work: Path, world: World | None) -> tuple[OneInput, list[bytes]]:
    """setup (a kiosk's enrolment) on enrolment files with a fuzzed manifest, signed by the centre's root key.

    An enrolment file brings the key it is signed with, so anyone can make
    one: nothing in it is trusted, and the fingerprint the person enrolling
    compares must be that of the key pinned. Each input enrols a kiosk that
    was never enrolled.
    """
    folder = work / "enrolment"
    folder.mkdir()
    keys = CentreKeys.load(world.centre / "keys")
    base = read_container(world.root / "K1.enrol", verify_key=keys.root.verify_key)

    def one(data: bytes) -> None:
        try:
            manifest = json.loads(data)
            if not isinstance(manifest, dict):
                return
            path = write_container(folder / "K1.enrol", manifest, {}, keys.root)
        except (TypeError, ValueError, RecursionError):
            return  # not JSON, or fields no one could sign
        home = Home(folder / "kiosk")
        shutil.rmtree(home.root, ignore_errors=True)
        store = open_store(None)
        try:
            _refused_cleanly(lambda: setup(store, home, path), (UserFacingError,), store)
            pinned = store.query_one("SELECT root_key, root_key_id FROM identity")
            if pinned["root_key"] and pinned["root_key_id"] != key_id(bytes(parse_verify_key(pinned["root_key"]))):
                raise AssertionError("the fingerprint shown at enrolment is not the pinned key's")
        finally:
            store.close()

    return one, [canonical.dumps({name: value for name, value in base.manifest.items() if name != "files"})]


TARGETS: dict[str, Callable[[Path, World | None], tuple[OneInput, list[bytes]]]] = {
    "drafts": drafts,
    "spreadsheet": spreadsheet,
    "batch": batch,
    "batch_signed": batch_signed,
    "package": package,
    "package_signed": package_signed,
    "enrolment": enrolment,
}
NEEDS_NO_WORLD = {"drafts"}

# Targets whose input is JSON get a dictionary: the field names in their seeds, and values at the
# edges (beyond SQLite's integers, half a UTF-16 pair, the wrong type) that mutation rarely spells.
JSON_TARGETS = {"batch_signed", "package_signed", "enrolment"}
JSON_VALUES = (
    b"9223372036854775808",
    b"-9223372036854775809",
    b"99999999999999999999999999",
    b"-1",
    b"0",
    b"null",
    b"true",
    b"[]",
    b"{}",
    b'""',
    b'"\\ud800"',
    b"[[[[[[[[[[[[[[[[",
)


# ---------------------------------------------------------------- running


def _world(work: Path) -> World:
    root = work / "world"
    root.mkdir()
    template = os.environ.get("GOPY_FUZZ_WORLD")
    if template:
        return copy_world(World(Path(template), Path(template) / "centre", Path(template) / "kiosk"), root)
    return build_world(root)


def _dictionary(path: Path, seeds: list[bytes]) -> Path:
    """A libFuzzer dictionary: one quoted word a line, bytes outside printable ASCII as \\xNN."""
    names = sorted({name for seed in seeds for name in re.findall(rb'"[A-Za-z_]+":', seed)})

    def quoted(word: bytes) -> str:
        return '"' + "".join(chr(b) if 32 <= b < 127 and b not in b'"\\' else f"\\x{b:02X}" for b in word) + '"\n'

    path.write_text("".join(quoted(word) for word in [*names, *JSON_VALUES]), encoding="ascii")
    return path


def _corpus(flags: list[str], work: Path, seeds: list[bytes], json_input: bool) -> list[str]:
    """The libFuzzer arguments, with the seeds in the corpus folder, the 5 s limit and a dictionary for JSON."""
    given = [arg for arg in flags if not arg.startswith("-")]
    if not given:
        flags = [*flags, str(work / "corpus")]
        given = [flags[-1]]
    first = Path(given[0])
    if not first.is_file():  # a file given means: run that one input, nothing else
        first.mkdir(parents=True, exist_ok=True)
        for number, seed in enumerate(seeds):
            (first / f"seed-{number}").write_bytes(seed)
    if not any(arg.startswith("-timeout=") for arg in flags):
        flags = [*flags, f"-timeout={LIMIT_SECONDS}"]
    if json_input and not any(arg.startswith("-dict=") for arg in flags):
        flags = [*flags, f"-dict={_dictionary(work / 'json.dict', seeds)}"]
    return flags


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: python -m tests.fuzz.harness {{{','.join(TARGETS)}}} [libFuzzer flags] [corpus folder]")
    name = argv[1]
    work = Path(os.environ.get("GOPY_FUZZ_WORKDIR") or tempfile.mkdtemp(prefix=f"gopy-fuzz-{name}-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["GOPY_HOME"] = str(work / "home")  # whatever a reader writes stays in the work folder
    world = None if name in NEEDS_NO_WORLD else _world(work)
    one, seeds = TARGETS[name](work, world)
    atheris.Setup([argv[0], *_corpus(argv[2:], work, seeds, name in JSON_TARGETS)], one)
    atheris.Fuzz()  # never returns: libFuzzer exits 0 when done, non-zero on a crash or a timeout


if __name__ == "__main__":
    main(sys.argv)
