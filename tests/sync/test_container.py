"""The signed container: written atomically, read back whole, and refused on any damage.

Covers notes/sync.md §4 cases 7-11 and 33 at the level of the file format.
Hostile archives are built byte by byte here (``forge`` and ``raw_zip``), never
with write_container, so that the reader is tested against what an attacker
or a failing stick can produce.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import struct
import tempfile
import time
import unicodedata
import warnings
import zipfile
import zlib
from datetime import timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import canonical
from kiosk.errors import UserFacingError
from sync.container import Limits, read_container, safe_filename, write_container
from sync.errors import BadSignature, DamagedFile, IncompleteCopy, SyncError, WriteFailed, WrongTarget
from sync.keys import CentreKeys, KioskKey, b64encode

MANIFEST = {"batch_seq": 3, "epoch": 1, "format": "vnconsult-batch/1", "kiosk_id": "kiosk-a"}
MEMBERS = {
    "events.jsonl": b'{"seq":1,"type":"feedback"}\n{"seq":2,"type":"feedback"}\n',
    "blobs/" + "ab" * 32: bytes(range(256)) * 4,
}
KIOSK = KioskKey.generate()
OTHER = KioskKey.generate()
CENTRE = CentreKeys.generate()
OTHER_CENTRE = CentreKeys.generate()


def write_sample(folder: Path, name: str = "VNC-kiosk-a-e1-b3.zip") -> Path:
    return write_container(folder / name, MANIFEST, MEMBERS, KIOSK)


def sample_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_sample(Path(folder)).read_bytes()


VALID = sample_bytes()


def signed_manifest(manifest: dict, members: dict[str, bytes], key: KioskKey = KIOSK) -> list[tuple[str, bytes]]:
    """The manifest.json and manifest.sig entries for ``members``, signed by ``key``."""
    files = [{"name": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in sorted(members.items())]
    raw = canonical.dumps({**manifest, "files": files})
    return [("manifest.json", raw), ("manifest.sig", b64encode(key.sign(raw)).encode())]


def forge(entries: list[tuple[str, bytes]]) -> bytes:
    """A ZIP holding exactly ``entries`` in order, duplicates included."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names; producing them is the point
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries:
                zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


class RawEntry(NamedTuple):
    name: bytes
    payload: bytes  # as stored: compressed when method is 8
    method: int
    crc: int
    declared_size: int


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A ZIP assembled from headers, for what zipfile refuses to write (lying sizes, NUL in names)."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        offset = len(out)
        sizes = (e.crc, len(e.payload), e.declared_size, len(e.name))
        # signature, version needed, flags, method, time, date, crc, sizes, name length, extra length
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, e.method, 0, 0x21, *sizes, 0)
        out += e.name + e.payload
        # as above after "version made by", then comment length, disk, internal and external attributes, offset
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, e.method, 0, 0x21, *sizes, 0, 0, 0, 0, 0, offset)
        central += e.name
    cd_offset = len(out)
    out += central
    out += struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def stored(name: str, data: bytes) -> RawEntry:
    return RawEntry(name.encode(), data, 0, zlib.crc32(data), len(data))


def data_span(data: bytes, name: str) -> tuple[int, int]:
    """Where the stored (compressed) bytes of member ``name`` lie in the file."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    return start, start + info.compress_size


def central_directory_span(data: bytes) -> tuple[int, int]:
    end = data.rindex(b"PK\x05\x06")
    size, offset = struct.unpack("<II", data[end + 12 : end + 20])
    return offset, offset + size


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x5A]) + data[at + 1 :]


def same_content(container, original=None) -> bool:
    original = original or read_container(VALID, verify_key=KIOSK.public_key)
    return container.manifest_bytes == original.manifest_bytes and container.members == original.members


# ---------------------------------------------------------------- round trip


def test_round_trip_returns_the_manifest_with_its_files_and_the_members(tmp_path):
    path = write_sample(tmp_path)

    container = read_container(path, verify_key=KIOSK.public_key)

    assert container.members == MEMBERS
    assert {k: v for k, v in container.manifest.items() if k != "files"} == MANIFEST
    assert container.manifest["files"] == [
        {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for name, data in sorted(MEMBERS.items())
    ]
    assert container.manifest_bytes == canonical.dumps(container.manifest)
    assert container.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert container.signing_key_id == KIOSK.key_id
    assert container.certificate is None
    assert read_container(path.read_bytes(), verify_key=KIOSK.verify_key).members == MEMBERS


def test_the_file_is_a_plain_zip_with_deterministic_bytes(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_sample(tmp_path / "a")
    second = write_sample(tmp_path / "b")

    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == sorted(zf.namelist())
        assert {"manifest.json", "manifest.sig", *MEMBERS} == set(zf.namelist())
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in zf.infolist())
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zf.infolist())


def test_a_package_verifies_through_the_certificate_chained_to_the_pinned_root(tmp_path):
    path = write_container(tmp_path / "VNC-PKG-all-1.zip", {"package_seq": 1}, {"drafts/a": b"draft"}, CENTRE.package, cert=CENTRE.cert)

    container = read_container(path, root_key=CENTRE.root_public_key)

    assert container.members == {"drafts/a": b"draft"}
    assert container.signing_key_id == CENTRE.package_key_id
    assert container.certificate["key_id"] == CENTRE.package_key_id


def test_the_centre_can_pick_the_kiosk_key_from_the_manifest(tmp_path):
    path = write_sample(tmp_path)
    known = {"kiosk-a": KIOSK.public_key}

    def key_for(manifest):
        if manifest.get("kiosk_id") not in known:
            raise WrongTarget("unknown kiosk")
        return known[manifest["kiosk_id"]]

    assert read_container(path, verify_key=key_for).members == MEMBERS
    known.clear()
    with pytest.raises(WrongTarget):
        read_container(path, verify_key=key_for)
    with pytest.raises(BadSignature):
        read_container(path, verify_key=lambda manifest: OTHER.public_key)


def test_exactly_one_way_of_checking_the_signature_must_be_given():
    with pytest.raises(ValueError, match="exactly one"):
        read_container(VALID)
    with pytest.raises(ValueError, match="exactly one"):
        read_container(VALID, verify_key=KIOSK.public_key, root_key=CENTRE.root_public_key)


# ---------------------------------------------------------------- signatures


def test_a_container_signed_by_another_key_is_refused():
    with pytest.raises(BadSignature) as caught:
        read_container(VALID, verify_key=OTHER.public_key, name="VNC-x.zip")
    assert caught.value.code == "signature"
    assert "VNC-x.zip" in str(caught.value)


def test_a_manifest_altered_after_signing_is_refused():
    original = read_container(VALID, verify_key=KIOSK.public_key)
    altered = canonical.dumps({**original.manifest, "batch_seq": 4})
    signature = forge_entries(VALID)["manifest.sig"]

    with pytest.raises(BadSignature):
        read_container(forge([("manifest.json", altered), ("manifest.sig", signature), *MEMBERS.items()]), verify_key=KIOSK.public_key)


def test_a_signature_altered_by_one_bit_is_refused():
    entries = forge_entries(VALID)
    decoded = bytearray(base64.b64decode(entries["manifest.sig"]))
    decoded[10] ^= 0x01  # inside the decoded signature, so that the base64 stays valid
    bad = base64.b64encode(bytes(decoded))
    with pytest.raises(BadSignature):
        read_container(forge(list({**entries, "manifest.sig": bad}.items())), verify_key=KIOSK.public_key)
    with pytest.raises(BadSignature):
        read_container(forge(list({**entries, "manifest.sig": b"not base64!"}.items())), verify_key=KIOSK.public_key)


def forge_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


class ChainCase(NamedTuple):
    name: str
    signer: object
    cert: tuple[bytes, bytes] | None


@pytest.mark.parametrize(
    "case",
    [
        ChainCase("another centre's package key and certificate", OTHER_CENTRE.package, OTHER_CENTRE.cert),
        ChainCase("our certificate, manifest signed by another key", OTHER_CENTRE.package, CENTRE.cert),
        ChainCase("signed by the root key itself, no certificate", CENTRE.root, None),
        ChainCase("our package key, no certificate", CENTRE.package, None),
    ],
    ids=lambda case: case.name,
)
def test_a_package_not_chained_to_the_pinned_root_is_refused(tmp_path, case):
    path = write_container(tmp_path / "VNC-PKG-all-2.zip", {"package_seq": 2}, {"drafts/a": b"draft"}, case.signer, cert=case.cert)

    with pytest.raises(BadSignature) as caught:
        read_container(path, root_key=CENTRE.root_public_key)
    assert "VNC-PKG-all-2.zip" in str(caught.value)


def test_a_certificate_altered_after_the_root_signed_it_is_refused(tmp_path):
    cert, sig = CENTRE.cert
    tampered = cert.replace(b'"issued_seq":1', b'"issued_seq":9')
    path = write_container(tmp_path / "p.zip", {"package_seq": 2}, {}, CENTRE.package, cert=(tampered, sig))

    with pytest.raises(BadSignature):
        read_container(path, root_key=CENTRE.root_public_key)


# ---------------------------------------------------------------- damage


def test_one_flipped_byte_in_each_member_is_refused_naming_the_member():
    for name in ["manifest.json", "manifest.sig", *MEMBERS]:
        start, end = data_span(VALID, name)
        with pytest.raises(SyncError) as caught:
            read_container(flip(VALID, (start + end) // 2), verify_key=KIOSK.public_key)
        if name in MEMBERS:
            assert caught.value.code == "damaged"
            assert name in str(caught.value)


def test_a_member_replaced_after_signing_is_refused_by_its_checksum():
    entries = forge_entries(VALID)
    entries["events.jsonl"] = entries["events.jsonl"].replace(b'"seq":2', b'"seq":9')

    with pytest.raises(DamagedFile) as caught:
        read_container(forge(list(entries.items())), verify_key=KIOSK.public_key)
    assert "events.jsonl" in str(caught.value)


def test_every_flipped_byte_in_the_central_directory_is_refused_or_changes_nothing_signed():
    start, end = central_directory_span(VALID)
    refused = 0
    for at in range(start, end):
        try:
            container = read_container(flip(VALID, at), verify_key=KIOSK.public_key)
        except SyncError:
            refused += 1
        else:
            assert same_content(container)
    assert refused > (end - start) // 4
    name_at = VALID.index(b"events.jsonl", start)
    with pytest.raises(DamagedFile):
        read_container(flip(VALID, name_at), verify_key=KIOSK.public_key)


@pytest.mark.parametrize("keep", [1, 4, 30, 100, len(VALID) // 2, len(VALID) - 23, len(VALID) - 22, len(VALID) - 1])
def test_a_truncated_file_is_refused(tmp_path, keep):
    path = tmp_path / "VNC-cut.zip"
    path.write_bytes(VALID[:keep])

    with pytest.raises(DamagedFile) as caught:
        read_container(path, verify_key=KIOSK.public_key)
    assert "VNC-cut.zip" in str(caught.value)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "VNC-empty.zip"
    path.write_bytes(b"")

    with pytest.raises(DamagedFile, match=r"VNC-empty\.zip"):
        read_container(path, verify_key=KIOSK.public_key)


@pytest.mark.parametrize("data", [b"hello world\n" * 100, b"%PDF-1.7\n" + bytes(3000), b"PK\x05\x06" + bytes(10)])
def test_bytes_that_are_not_a_zip_are_refused(data):
    with pytest.raises(DamagedFile):
        read_container(data, verify_key=KIOSK.public_key)


def test_garbage_before_or_after_the_archive_is_refused():
    with pytest.raises(DamagedFile):
        read_container(b"MZ" + bytes(100) + VALID, verify_key=KIOSK.public_key)
    with pytest.raises(DamagedFile):
        read_container(VALID + b"trailing", verify_key=KIOSK.public_key)


def test_a_missing_member_is_refused_naming_it():
    entries = [(n, d) for n, d in forge_entries(VALID).items() if n != "events.jsonl"]

    with pytest.raises(DamagedFile) as caught:
        read_container(forge(entries), verify_key=KIOSK.public_key)
    assert "events.jsonl" in str(caught.value)


def test_an_extra_unlisted_member_is_refused_naming_it():
    entries = [*forge_entries(VALID).items(), ("blobs/extra", b"smuggled")]

    with pytest.raises(DamagedFile) as caught:
        read_container(forge(entries), verify_key=KIOSK.public_key)
    assert "blobs/extra" in str(caught.value)


def test_a_duplicate_member_name_is_refused():
    entries = [*forge_entries(VALID).items(), ("events.jsonl", b"a second, different copy\n")]

    with pytest.raises(DamagedFile) as caught:
        read_container(forge(entries), verify_key=KIOSK.public_key)
    assert "events.jsonl" in str(caught.value)


def test_a_duplicate_manifest_is_refused():
    entries = forge_entries(VALID)
    with pytest.raises(DamagedFile):
        read_container(forge([*entries.items(), ("manifest.json", entries["manifest.json"])]), verify_key=KIOSK.public_key)


@pytest.mark.parametrize("name", ["../x", "/etc/x", "a\\..\\b", "blobs/../../x", "C:x", "a//b", "./a", "dir/"])
def test_unsafe_member_names_are_refused_even_when_signed(name):
    members = {**MEMBERS, name: b"payload"}
    entries = [*signed_manifest(MANIFEST, members), *members.items()]
    data = forge(entries)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert name in zf.namelist()  # the archive really holds the hostile name

    with pytest.raises(DamagedFile):
        read_container(data, verify_key=KIOSK.public_key)


def test_a_nul_byte_in_a_member_name_is_refused():
    members = {"events.jsonl": b"x"}
    entries = [stored(n, d) for n, d in signed_manifest(MANIFEST, members)]
    data = raw_zip([*entries, stored("events.jsonl", b"x"), RawEntry(b"events.jsonl\x00.exe", b"y", 0, zlib.crc32(b"y"), 1)])

    with pytest.raises(DamagedFile):
        read_container(data, verify_key=KIOSK.public_key)


def test_a_manifest_listing_a_reserved_or_unsafe_name_is_refused():
    for name in ["manifest.sig", "../escape"]:
        files = [{"name": name, "sha256": "0" * 64, "size": 0}]
        raw = canonical.dumps({**MANIFEST, "files": files})
        entries = [("manifest.json", raw), ("manifest.sig", b64encode(KIOSK.sign(raw)).encode())]
        with pytest.raises(DamagedFile):
            read_container(forge(entries), verify_key=KIOSK.public_key)


def nested(depth: int) -> object:
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


def test_a_deeply_nested_manifest_is_refused_even_when_signed():
    members = {"events.jsonl": b"x"}
    deep = dict(MANIFEST, extra=nested(40))
    with pytest.raises(DamagedFile):
        read_container(forge([*signed_manifest(deep, members), *members.items()]), verify_key=KIOSK.public_key)

    raw = b"[" * 100_000 + b"]" * 100_000
    entries = [("manifest.json", raw), ("manifest.sig", b64encode(KIOSK.sign(raw)).encode())]
    with pytest.raises(DamagedFile):
        read_container(forge(entries), verify_key=KIOSK.public_key)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"format": "x", "files": []}',  # not compact
        b'{"format":"x","files":[],"b":1}',  # keys not sorted
        b'{"files":[],"n":1.5}',  # a float
        b'{"files":[],"n":NaN}',
        b'{"files":[],"n":1,"n":2}',  # a repeated key
        b'["files"]',  # not an object
        b"\xff\xfe",
    ],
)
def test_a_manifest_that_is_not_canonical_json_is_refused_even_when_signed(raw):
    entries = [("manifest.json", raw), ("manifest.sig", b64encode(KIOSK.sign(raw)).encode())]

    with pytest.raises(DamagedFile):
        read_container(forge(entries), verify_key=KIOSK.public_key)


def test_a_partial_file_is_refused_as_an_incomplete_copy(tmp_path):
    path = write_sample(tmp_path)
    partial = path.with_name(path.name + ".partial")
    path.rename(partial)

    with pytest.raises(IncompleteCopy) as caught:
        read_container(partial, verify_key=KIOSK.public_key)
    assert caught.value.code == "incomplete"
    assert isinstance(caught.value, DamagedFile)
    assert partial.name in str(caught.value)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = write_sample(tmp_path)
    small = Limits(max_file_size=100)

    with pytest.raises(DamagedFile):
        read_container(path, verify_key=KIOSK.public_key, limits=small)
    with pytest.raises(DamagedFile):
        read_container(VALID, verify_key=KIOSK.public_key, limits=small)


def test_a_member_over_the_member_limit_is_refused():
    with pytest.raises(DamagedFile):
        read_container(VALID, verify_key=KIOSK.public_key, limits=Limits(max_member_size=500))


def test_too_many_members_are_refused_before_they_are_parsed():
    members = {f"blobs/{i:04}": b"" for i in range(50)}
    data = forge([*signed_manifest(MANIFEST, members), *members.items()])

    with pytest.raises(DamagedFile):
        read_container(data, verify_key=KIOSK.public_key, limits=Limits(max_members=20))
    assert read_container(data, verify_key=KIOSK.public_key).members == members


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(DamagedFile, match=r"nowhere\.zip"):
        read_container(tmp_path / "nowhere.zip", verify_key=KIOSK.public_key)


# ---------------------------------------------------------------- zip bombs


@pytest.fixture(scope="module")
def gigabyte_of_zeros() -> bytes:
    """1 GiB of zeros, raw-deflated (about 1 MB), built from one repeated fully-flushed block."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(1 << 24)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * 64 + compressor.flush()


@pytest.mark.parametrize("declared", [1 << 30, 200 << 20, 1000], ids=["honest", "under-member-limit", "small"])
def test_a_zip_bomb_is_refused_quickly(gigabyte_of_zeros, declared):
    crc = zlib.crc32(bytes(declared)) if declared < (1 << 20) else 0
    sha = hashlib.sha256(bytes(declared)).hexdigest() if declared < (1 << 20) else "0" * 64
    raw = canonical.dumps({**MANIFEST, "files": [{"name": "blobs/bomb", "sha256": sha, "size": declared}]})
    entries = [stored("manifest.json", raw), stored("manifest.sig", b64encode(KIOSK.sign(raw)).encode())]
    data = raw_zip([*entries, RawEntry(b"blobs/bomb", gigabyte_of_zeros, 8, crc, declared)])

    started = time.monotonic()
    with pytest.raises(DamagedFile) as caught:
        read_container(data, verify_key=KIOSK.public_key)
    assert time.monotonic() - started < 5
    assert "blobs/bomb" in str(caught.value)


def test_a_member_that_unpacks_to_more_than_it_declares_is_refused():
    payload = zlib.compress(b"A" * 5000)[2:-4]  # raw deflate of 5000 bytes
    raw = canonical.dumps({**MANIFEST, "files": [{"name": "blobs/x", "sha256": hashlib.sha256(b"A" * 10).hexdigest(), "size": 10}]})
    data = raw_zip(
        [
            stored("manifest.json", raw),
            stored("manifest.sig", b64encode(KIOSK.sign(raw)).encode()),
            RawEntry(b"blobs/x", payload, 8, zlib.crc32(b"A" * 10), 10),
        ]
    )

    with pytest.raises(DamagedFile, match="blobs/x"):
        read_container(data, verify_key=KIOSK.public_key)


# ---------------------------------------------------------------- fuzz


@st.composite
def mutations(draw):
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["set", "insert", "delete", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "set" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 8))]
        else:
            del data[at:]
    return bytes(data)


@settings(max_examples=400, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mutations())
def test_random_damage_only_ever_raises_a_sync_error_or_changes_nothing_signed(data):
    try:
        container = read_container(data, verify_key=KIOSK.public_key)
    except SyncError as error:
        assert isinstance(error, UserFacingError)
        assert str(error)
    else:
        assert same_content(container)


@pytest.fixture(scope="module")
def package_bytes(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("package")
    return write_container(
        folder / "p.zip", {"package_seq": 1}, {"drafts/a": b"draft " * 50}, CENTRE.package, cert=CENTRE.cert
    ).read_bytes()


@settings(max_examples=200, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, 10_000), value=st.integers(0, 255))
def test_random_damage_to_a_package_only_ever_raises_a_sync_error_or_changes_nothing_signed(package_bytes, position, value):
    data = bytearray(package_bytes)
    data[position % len(data)] = value
    original = read_container(package_bytes, root_key=CENTRE.root_public_key)
    try:
        container = read_container(bytes(data), root_key=CENTRE.root_public_key)
    except SyncError:
        return
    assert same_content(container, original)


# ---------------------------------------------------------------- writing


def test_an_older_longer_file_of_the_same_name_is_replaced_whole(tmp_path):
    path = tmp_path / "VNC-kiosk-a-e1-b3.zip"
    path.write_bytes(b"old batch " * 100_000)

    write_sample(tmp_path)

    assert path.read_bytes() == VALID
    assert read_container(path, verify_key=KIOSK.public_key).members == MEMBERS
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_stale_partial_from_a_pulled_stick_is_replaced_and_removed(tmp_path):
    (tmp_path / "VNC-kiosk-a-e1-b3.zip.partial").write_bytes(b"half a batch")

    path = write_sample(tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_stick_pulled_before_the_rename_leaves_no_final_file(tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()

    def pull_the_stick(partial: Path) -> None:
        assert partial.name == "VNC-kiosk-a-e1-b3.zip.partial"
        assert partial.read_bytes() == VALID
        shutil.rmtree(stick)

    with pytest.raises(WriteFailed) as caught:
        write_container(stick / "VNC-kiosk-a-e1-b3.zip", MANIFEST, MEMBERS, KIOSK, before_replace=pull_the_stick)
    assert caught.value.code == "write"
    assert "VNC-kiosk-a-e1-b3.zip" in str(caught.value)
    assert not (stick / "VNC-kiosk-a-e1-b3.zip").exists()


def test_a_missing_target_folder_is_a_write_failure(tmp_path):
    with pytest.raises(WriteFailed):
        write_container(tmp_path / "gone" / "VNC-x.zip", MANIFEST, MEMBERS, KIOSK)
    assert not (tmp_path / "gone").exists()


class Corruption(NamedTuple):
    name: str
    damage: object


@pytest.mark.parametrize(
    "corruption",
    [
        Corruption("one flipped byte", lambda data: flip(data, len(data) // 2)),
        Corruption("cut short", lambda data: data[: len(data) // 2]),
        Corruption("zeroed (FAT dirty bit)", lambda data: bytes(len(data))),
        Corruption("empty", lambda data: b""),
    ],
    ids=lambda c: c.name,
)
def test_a_file_that_does_not_read_back_intact_is_removed(tmp_path, corruption):
    path = tmp_path / "VNC-kiosk-a-e1-b3.zip"
    path.write_bytes(b"an older batch")

    def flaky_stick(partial: Path) -> None:
        partial.write_bytes(corruption.damage(partial.read_bytes()))

    with pytest.raises(WriteFailed):
        write_container(path, MANIFEST, MEMBERS, KIOSK, before_replace=flaky_stick)
    assert list(tmp_path.iterdir()) == []


def test_a_manifest_with_its_own_files_list_or_unsafe_member_names_is_a_programming_error(tmp_path):
    with pytest.raises(ValueError, match="files"):
        write_container(tmp_path / "x.zip", {"files": []}, {}, KIOSK)
    for name in ["../x", "manifest.json", "a\\b", "C:x", ""]:
        with pytest.raises(ValueError, match="member name"):
            write_container(tmp_path / "x.zip", MANIFEST, {name: b""}, KIOSK)
    assert list(tmp_path.iterdir()) == []


def test_a_file_larger_than_a_reader_accepts_is_not_written(tmp_path):
    with pytest.raises(WriteFailed):
        write_container(tmp_path / "x.zip", MANIFEST, MEMBERS, KIOSK, limits=Limits(max_file_size=200))
    assert list(tmp_path.iterdir()) == []


def test_non_ascii_member_names_and_manifest_text_survive_in_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Thôn Đông")
    path = write_container(tmp_path / "x.zip", {"hamlet": decomposed}, {"blobs/ảnh": b"x"}, KIOSK)

    container = read_container(path, verify_key=KIOSK.public_key)

    assert container.manifest["hamlet"] == "Thôn Đông"
    assert container.members == {"blobs/ảnh": b"x"}


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("VNC-3f2a-e1-b7.zip", "VNC-3f2a-e1-b7.zip"),
        ("VNC-2026-11-23T10:00.zip", "VNC-2026-11-23T10-00.zip"),
        ('a<b>c"d/e\\f|g?h*i.zip', "a-b-c-d-e-f-g-h-i.zip"),
        ("tab\there.zip", "tab-here.zip"),
        ("trailing dots. . .", "trailing dots"),
        ("CON.zip", "_CON.zip"),
        ("com1", "_com1"),
        ("Báo cáo.csv", "Báo cáo.csv"),
        ("", "_"),
        ("...", "_"),
    ],
)
def test_safe_filename_makes_names_fat32_safe(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_keeps_the_extension_of_a_long_name():
    result = safe_filename("x" * 400 + ".zip")

    assert len(result) == 255
    assert result.endswith(".zip")
