"""Keys: ids, key files (0600, never overwritten), the root's certificate, sealed boxes."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest
from nacl.public import PrivateKey
from nacl.signing import SigningKey, VerifyKey

from kiosk import canonical
from kiosk.errors import SealingError, UserFacingError
from sync import errors
from sync.keys import (
    CENTRE_PUBLIC_FILE,
    PACKAGE_KEY_FILE,
    ROOT_KEY_FILE,
    SEALING_KEY_FILE,
    CentreKeys,
    KioskKey,
    b64decode,
    b64encode,
    issue_certificate,
    key_id,
    parse_verify_key,
    seal,
    unseal,
    verify_certificate,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- ids and errors


def test_key_id_is_short_stable_and_distinct():
    first, second = SigningKey.generate().verify_key, SigningKey.generate().verify_key

    assert key_id(bytes(first)) == key_id(bytes(first))
    assert len(key_id(bytes(first))) == 16
    assert int(key_id(bytes(first)), 16) >= 0
    assert key_id(bytes(first)) != key_id(bytes(second))
    assert key_id(bytes(first)) == canonical.sha256_hex(bytes(first))[:16]


def test_every_sync_error_is_user_facing_with_its_own_code():
    classes = [
        errors.BadSignature,
        errors.DamagedFile,
        errors.IncompleteCopy,
        errors.WrongTarget,
        errors.Replay,
        errors.InvalidKey,
        errors.Undecryptable,
        errors.WriteFailed,
    ]
    codes = [cls.code for cls in classes]

    assert all(issubclass(cls, errors.SyncError) and issubclass(cls, UserFacingError) for cls in classes)
    assert len(set(codes)) == len(codes)
    assert {"signature", "damaged", "target", "replay"} <= set(codes)
    assert str(errors.Replay("old package")) == "old package"


@pytest.mark.parametrize("value", ["", "not base64!", b64encode(b"short"), b64encode(bytes(33)), b"\x00" * 31])
def test_a_malformed_public_key_is_refused(value):
    with pytest.raises(errors.InvalidKey):
        parse_verify_key(value)


def test_a_public_key_is_accepted_as_base64_raw_bytes_or_a_verify_key():
    key = SigningKey.generate().verify_key

    assert parse_verify_key(b64encode(bytes(key))) == key
    assert parse_verify_key(bytes(key)) == key
    assert parse_verify_key(key) is key


def test_strict_base64_refuses_stray_characters():
    assert b64decode(b64encode(b"\x00\xff")) == b"\x00\xff"
    with pytest.raises(ValueError):
        b64decode("AAAA\nAAAA")
    with pytest.raises(ValueError):
        b64decode("Ã")


# ---------------------------------------------------------------- kiosk key


@posix_only
def test_a_kiosk_key_is_saved_owner_only_and_loads_back(tmp_path):
    key = KioskKey.generate()
    path = tmp_path / "kiosk.key"

    key.save(path)
    loaded = KioskKey.load(path)

    assert mode(path) == 0o600
    assert loaded.public_key == key.public_key
    assert loaded.key_id == key.key_id
    signature = loaded.sign(b"manifest")
    assert len(signature) == 64
    VerifyKey(b64decode(key.public_key)).verify(b"manifest", signature)
    assert key.public_key not in repr(key)
    assert b64encode(bytes(key.signing_key)) not in repr(key)


def test_a_kiosk_key_file_is_never_overwritten(tmp_path):
    path = tmp_path / "kiosk.key"
    first = KioskKey.generate()
    first.save(path)

    with pytest.raises(errors.InvalidKey):
        KioskKey.generate().save(path)
    assert KioskKey.load(path).public_key == first.public_key


@posix_only
def test_a_key_file_readable_by_others_is_refused(tmp_path):
    path = tmp_path / "kiosk.key"
    KioskKey.generate().save(path)
    path.chmod(0o644)

    with pytest.raises(errors.InvalidKey, match=r"kiosk\.key"):
        KioskKey.load(path)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b'{"kind":"kiosk-signing-key","private_key":"AAAA"}',
        b'{"kind":"centre-sealing-key","private_key":"' + b64encode(bytes(32)).encode() + b'"}',
        b"[]",
        b"x" * 10_000,
    ],
)
def test_a_damaged_or_foreign_key_file_is_refused(tmp_path, content):
    path = tmp_path / "kiosk.key"
    path.write_bytes(content)
    path.chmod(0o600)

    with pytest.raises(errors.InvalidKey) as caught:
        KioskKey.load(path)
    assert "kiosk.key" in str(caught.value)


def test_a_missing_key_file_is_a_clear_error(tmp_path):
    with pytest.raises(errors.InvalidKey, match=r"absent\.key"):
        KioskKey.load(tmp_path / "absent.key")


# ---------------------------------------------------------------- centre keys


@posix_only
def test_centre_keys_save_private_parts_owner_only_and_load_back(tmp_path):
    keys = CentreKeys.generate()
    folder = tmp_path / "centre"

    keys.save(folder)
    loaded = CentreKeys.load(folder)

    for name in (ROOT_KEY_FILE, PACKAGE_KEY_FILE, SEALING_KEY_FILE):
        assert mode(folder / name) == 0o600
    assert loaded.public_bundle() == keys.public_bundle()
    assert loaded.cert == keys.cert
    assert loaded.package_key_id == keys.package_key_id
    assert unseal(loaded.sealing, seal(keys.sealing_public_key, b"x")) == b"x"


def test_the_public_file_holds_no_private_key(tmp_path):
    keys = CentreKeys.generate()
    keys.save(tmp_path)

    public = (tmp_path / CENTRE_PUBLIC_FILE).read_text()

    for secret in (bytes(keys.root), bytes(keys.package), bytes(keys.sealing)):
        assert b64encode(secret) not in public
    assert json.loads(public)["root_public_key"] == keys.root_public_key


def test_the_public_bundle_is_what_a_kiosk_pins(tmp_path):
    keys = CentreKeys.generate()

    bundle = keys.public_bundle()

    assert bundle == {
        "root_key_id": keys.root_key_id,
        "root_public_key": keys.root_public_key,
        "sealing_key_id": keys.sealing_key_id,
        "sealing_public_key": keys.sealing_public_key,
    }
    assert bundle["root_key_id"] == key_id(b64decode(bundle["root_public_key"]))
    assert bundle["sealing_key_id"] == key_id(b64decode(bundle["sealing_public_key"]))
    assert verify_certificate(bundle["root_public_key"], *keys.cert) == keys.package.verify_key


def test_centre_keys_are_never_overwritten(tmp_path):
    first = CentreKeys.generate()
    first.save(tmp_path)

    with pytest.raises(errors.InvalidKey):
        CentreKeys.generate().save(tmp_path)
    assert CentreKeys.load(tmp_path).root_public_key == first.root_public_key


def test_key_files_from_two_centres_are_refused_together(tmp_path):
    CentreKeys.generate().save(tmp_path / "a")
    CentreKeys.generate().save(tmp_path / "b")
    shutil.copy2(tmp_path / "b" / PACKAGE_KEY_FILE, tmp_path / "a" / PACKAGE_KEY_FILE)

    with pytest.raises(errors.InvalidKey) as caught:
        CentreKeys.load(tmp_path / "a")
    assert str(tmp_path / "a") in str(caught.value)


def test_a_missing_centre_key_file_is_named(tmp_path):
    CentreKeys.generate().save(tmp_path)
    (tmp_path / SEALING_KEY_FILE).unlink()

    with pytest.raises(errors.InvalidKey, match=SEALING_KEY_FILE.replace(".", r"\.")):
        CentreKeys.load(tmp_path)


# ---------------------------------------------------------------- certificates


def test_the_certificate_names_the_package_key_and_chains_to_the_root():
    keys = CentreKeys.generate()

    certificate = json.loads(keys.certificate)

    assert certificate["kind"] == "package-key"
    assert certificate["key_id"] == keys.package_key_id
    assert certificate["public_key"] == keys.package_public_key
    assert certificate["root_key_id"] == keys.root_key_id
    assert isinstance(certificate["issued_seq"], int)
    assert canonical.dumps(certificate) == keys.certificate
    assert verify_certificate(keys.root.verify_key, *keys.cert) == keys.package.verify_key


def test_a_certificate_from_another_root_is_refused():
    keys, other = CentreKeys.generate(), CentreKeys.generate()

    with pytest.raises(errors.BadSignature):
        verify_certificate(other.root_public_key, *keys.cert)


def test_a_certificate_altered_in_one_byte_is_refused():
    keys = CentreKeys.generate()
    cert, sig = keys.cert
    for at in range(len(cert)):
        altered = cert[:at] + bytes([cert[at] ^ 0x01]) + cert[at + 1 :]
        with pytest.raises(errors.BadSignature):
            verify_certificate(keys.root_public_key, altered, sig)


@pytest.mark.parametrize("sig", [b"", bytes(63), bytes(64), bytes(65)])
def test_a_malformed_certificate_signature_is_refused(sig):
    keys = CentreKeys.generate()

    with pytest.raises(errors.BadSignature):
        verify_certificate(keys.root_public_key, keys.certificate, sig)


@pytest.mark.parametrize(
    "content",
    [
        {"kind": "kiosk-key", "key_id": "x", "public_key": "x"},
        {"kind": "package-key", "key_id": "0000000000000000", "public_key": b64encode(bytes(32))},
        {"kind": "package-key", "key_id": key_id(bytes(31)), "public_key": b64encode(bytes(31))},
        ["package-key"],
    ],
)
def test_a_root_signed_certificate_that_is_malformed_is_refused(content):
    root = SigningKey.generate()
    cert = canonical.dumps(content)

    with pytest.raises(errors.BadSignature):
        verify_certificate(root.verify_key, cert, root.sign(cert).signature)


def test_issue_certificate_records_the_first_package_it_signs():
    root, package = SigningKey.generate(), SigningKey.generate()

    cert, sig = issue_certificate(root, package.verify_key, issued_seq=42)

    assert json.loads(cert)["issued_seq"] == 42
    assert verify_certificate(root.verify_key, cert, sig) == package.verify_key


# ---------------------------------------------------------------- sealing


def test_sealed_personal_data_opens_only_with_the_centre_key():
    keys = CentreKeys.generate()
    plaintext = "Nguyễn Văn A, 0912 345 678".encode()

    first = seal(keys.sealing_public_key, plaintext)
    second = seal(keys.sealing_public_key, plaintext)

    assert first != second  # a fresh ephemeral key each time
    assert plaintext not in first
    assert unseal(keys.sealing, first) == plaintext
    with pytest.raises(errors.Undecryptable) as caught:
        unseal(PrivateKey.generate(), first)
    assert caught.value.code == "undecryptable"


def test_a_damaged_sealed_box_is_undecryptable():
    keys = CentreKeys.generate()
    sealed = bytearray(seal(keys.sealing_public_key, b"phone"))
    sealed[-1] ^= 0x01

    with pytest.raises(errors.Undecryptable):
        unseal(keys.sealing, bytes(sealed))
    with pytest.raises(errors.Undecryptable):
        unseal(keys.sealing, b"short")


@pytest.mark.parametrize("public_key", ["", "not base64!", b64encode(bytes(16))])
def test_sealing_without_a_valid_centre_key_fails_closed(public_key):
    with pytest.raises(SealingError):
        seal(public_key, b"Nguyen Van A")
