"""The keys of the centre and of a kiosk, and sealing personal data to the centre.

Ed25519 (PyNaCl ``signing``) signs batches, packages and certificates; X25519
sealed boxes (PyNaCl ``public.SealedBox``) carry personal data that only the
centre can open. Private keys live in their own 0600 files, never in a
database: a database backup must not carry a key (Morango's mistake).

The centre has three keys (notes/sync.md §3.9):

- the root signing key, kept offline, whose public half is pinned on every
  kiosk at enrolment;
- the package signing key, certified by the root, which signs packages day to day;
- the sealing key pair, whose public half kiosks seal personal data to.
"""

from __future__ import annotations

import base64
import binascii
import os
import stat
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import nacl.exceptions
from nacl.public import PrivateKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from kiosk import canonical
from kiosk.durable import fsync_directory
from kiosk.i18n import _
from kiosk.sealing import seal_bytes as seal  # noqa: F401  (one sealing for the kiosk and the centre)
from sync.errors import BadSignature, InvalidKey, Undecryptable

if TYPE_CHECKING:
    from pathlib import Path

ROOT_KEY_FILE = "root-signing.key"
PACKAGE_KEY_FILE = "package-signing.key"
SEALING_KEY_FILE = "sealing.key"
CENTRE_PUBLIC_FILE = "centre-public.json"

CERTIFICATE_KIND = "package-key"
_MAX_KEY_FILE = 4096
_MAX_CERTIFICATE = 4096


def b64encode(data: bytes) -> str:
    """Standard base64 with padding, as text."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str | bytes) -> bytes:
    """Strict base64: raises ``ValueError`` on any character outside the alphabet."""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise ValueError("not base64") from exc


def key_id(verify_key_bytes: bytes) -> str:
    """A short stable id of a public key: the first 16 hex digits of its SHA-256."""
    return canonical.sha256_hex(bytes(verify_key_bytes))[:16]


def parse_verify_key(value: str | bytes | VerifyKey) -> VerifyKey:
    """An Ed25519 public key from base64 text, 32 raw bytes or a ``VerifyKey``.

    :raises InvalidKey: when the value is not a 32-byte public key.
    """
    if isinstance(value, VerifyKey):
        return value
    try:
        if not isinstance(value, str | bytes | bytearray | memoryview):
            # bytes() of a number from a file would allocate that many bytes, or overflow.
            raise TypeError("not text or bytes")
        raw = b64decode(value) if isinstance(value, str) else bytes(value)
        if len(raw) != 32:
            raise ValueError("wrong length")
        return VerifyKey(raw)
    except (ValueError, TypeError, nacl.exceptions.CryptoError) as exc:
        raise InvalidKey(_("A public signing key is malformed: it is not 32 bytes of base64.")) from exc


def signature_of(signing_key: SigningKey | KioskKey, data: bytes) -> bytes:
    """The detached 64-byte Ed25519 signature of ``data``."""
    if isinstance(signing_key, KioskKey):
        return signing_key.sign(data)
    return signing_key.sign(data).signature


# ---------------------------------------------------------------- key files


def _write_new_file(path: Path, data: bytes, mode: int) -> None:
    """Write ``data`` to a file that must not exist yet, fsynced, with exactly ``mode``.

    Key files are never overwritten: losing the centre's keys loses every
    kiosk's trust and every sealed record.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError as exc:
        raise InvalidKey(_("The key file {file} already exists; key files are never overwritten.").format(file=path)) from exc
    except OSError as exc:
        raise InvalidKey(_("The key file {file} cannot be created.").format(file=path)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)  # the umask may have narrowed it; we want it exact
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise InvalidKey(_("The key file {file} cannot be written.").format(file=path)) from exc
    fsync_directory(path.parent)


def _write_private_key(path: Path, kind: str, seed: bytes) -> None:
    _write_new_file(path, canonical.dumps({"kind": kind, "private_key": b64encode(seed)}) + b"\n", 0o600)


def _read_private_key(path: Path, kind: str) -> bytes:
    """The 32-byte seed stored in ``path``, refusing a file other users can read."""
    try:
        info = path.stat()
        if os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
            raise InvalidKey(_("The key file {file} can be read by other users; restrict it to its owner (mode 0600).").format(file=path))
        with path.open("rb") as fh:
            data = fh.read(_MAX_KEY_FILE + 1)
    except FileNotFoundError as exc:
        raise InvalidKey(_("The key file {file} is missing.").format(file=path)) from exc
    except OSError as exc:
        raise InvalidKey(_("The key file {file} cannot be read.").format(file=path)) from exc
    try:
        if len(data) > _MAX_KEY_FILE:
            raise ValueError("too large")
        content = canonical.loads(data)
        if not isinstance(content, dict) or content.get("kind") != kind:
            raise ValueError("wrong kind")
        seed = b64decode(content["private_key"])
        if len(seed) != 32:
            raise ValueError("wrong length")
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidKey(_("The key file {file} is damaged or holds another kind of key.").format(file=path)) from exc
    return seed


# ---------------------------------------------------------------- certificates


def issue_certificate(root: SigningKey, package_key: VerifyKey, issued_seq: int) -> tuple[bytes, bytes]:
    """Certify ``package_key`` with the root: the canonical certificate bytes and their signature.

    :param issued_seq: the first package sequence number the key signs.
    """
    raw = bytes(package_key)
    certificate = canonical.dumps(
        {
            "issued_seq": issued_seq,
            "key_id": key_id(raw),
            "kind": CERTIFICATE_KIND,
            "public_key": b64encode(raw),
            "root_key_id": key_id(bytes(root.verify_key)),
        }
    )
    return certificate, root.sign(certificate).signature


def verify_certificate(root_public: str | VerifyKey, cert_bytes: bytes, cert_sig: bytes) -> VerifyKey:
    """The package public key that the pinned root certified in ``cert_bytes``.

    :param root_public: the root public key pinned at enrolment (base64 or ``VerifyKey``).
    :param cert_sig: the raw 64-byte signature by the root over the exact ``cert_bytes``.
    :raises BadSignature: when the certificate is not signed by that root, or is malformed.
    """
    root = parse_verify_key(root_public)
    try:
        if len(cert_bytes) > _MAX_CERTIFICATE:
            raise ValueError("too large")
        root.verify(bytes(cert_bytes), bytes(cert_sig))
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as exc:
        raise BadSignature(_("The package key certificate is not signed by the centre root key pinned on this kiosk.")) from exc
    try:
        content = canonical.loads(cert_bytes)
        if not isinstance(content, dict) or canonical.dumps(content) != cert_bytes:
            raise ValueError("not canonical")
        if content.get("kind") != CERTIFICATE_KIND:
            raise ValueError("wrong kind")
        raw = b64decode(content["public_key"])
        if len(raw) != 32 or content.get("key_id") != key_id(raw):
            raise ValueError("key does not match its id")
        return VerifyKey(raw)
    except (ValueError, KeyError, TypeError, nacl.exceptions.CryptoError) as exc:
        raise BadSignature(_("The package key certificate is malformed.")) from exc


# ---------------------------------------------------------------- the centre


@dataclass(frozen=True)
class CentreKeys:
    """The centre's root, package and sealing keys, and the root's certificate of the package key."""

    root: SigningKey = field(repr=False)
    package: SigningKey = field(repr=False)
    certificate: bytes
    certificate_sig: bytes
    sealing: PrivateKey = field(repr=False)

    @classmethod
    def generate(cls) -> CentreKeys:
        root = SigningKey.generate()
        package = SigningKey.generate()
        certificate, certificate_sig = issue_certificate(root, package.verify_key, issued_seq=1)
        return cls(root, package, certificate, certificate_sig, PrivateKey.generate())

    @property
    def root_public_key(self) -> str:
        return b64encode(bytes(self.root.verify_key))

    @property
    def root_key_id(self) -> str:
        return key_id(bytes(self.root.verify_key))

    @property
    def package_public_key(self) -> str:
        return b64encode(bytes(self.package.verify_key))

    @property
    def package_key_id(self) -> str:
        return key_id(bytes(self.package.verify_key))

    @property
    def sealing_public_key(self) -> str:
        return b64encode(bytes(self.sealing.public_key))

    @property
    def sealing_key_id(self) -> str:
        return key_id(bytes(self.sealing.public_key))

    @property
    def cert(self) -> tuple[bytes, bytes]:
        """The certificate pair as ``write_container`` takes it."""
        return self.certificate, self.certificate_sig

    def public_bundle(self) -> dict[str, str]:
        """What a kiosk pins at enrolment: the root public key and the sealing public key."""
        return {
            "root_key_id": self.root_key_id,
            "root_public_key": self.root_public_key,
            "sealing_key_id": self.sealing_key_id,
            "sealing_public_key": self.sealing_public_key,
        }

    def _public_record(self) -> dict[str, str]:
        return {
            **self.public_bundle(),
            "certificate": b64encode(self.certificate),
            "certificate_sig": b64encode(self.certificate_sig),
            "package_key_id": self.package_key_id,
            "package_public_key": self.package_public_key,
        }

    def save(self, folder: Path) -> None:
        """Write the three private keys (mode 0600) and the public parts into ``folder``.

        :raises InvalidKey: when a key file already exists there or cannot be written.
        """
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write_private_key(folder / ROOT_KEY_FILE, "centre-root-signing-key", bytes(self.root))
        _write_private_key(folder / PACKAGE_KEY_FILE, "centre-package-signing-key", bytes(self.package))
        _write_private_key(folder / SEALING_KEY_FILE, "centre-sealing-key", bytes(self.sealing))
        _write_new_file(folder / CENTRE_PUBLIC_FILE, canonical.dumps(self._public_record()) + b"\n", 0o644)

    @classmethod
    def load(cls, folder: Path) -> CentreKeys:
        """The keys saved by ``save``, checked to belong together.

        :raises InvalidKey: when a file is missing, damaged, readable by others, or from another centre.
        """
        root = SigningKey(_read_private_key(folder / ROOT_KEY_FILE, "centre-root-signing-key"))
        package = SigningKey(_read_private_key(folder / PACKAGE_KEY_FILE, "centre-package-signing-key"))
        sealing = PrivateKey(_read_private_key(folder / SEALING_KEY_FILE, "centre-sealing-key"))
        public_path = folder / CENTRE_PUBLIC_FILE
        try:
            record: Any = canonical.loads(public_path.read_bytes())
            keys = cls(
                root,
                package,
                b64decode(record["certificate"]),
                b64decode(record["certificate_sig"]),
                sealing,
            )
        except FileNotFoundError as exc:
            raise InvalidKey(_("The key file {file} is missing.").format(file=public_path)) from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InvalidKey(_("The key file {file} is damaged.").format(file=public_path)) from exc
        try:
            certified = verify_certificate(keys.root.verify_key, keys.certificate, keys.certificate_sig)
        except BadSignature:
            certified = None
        if record != keys._public_record() or certified != package.verify_key:
            raise InvalidKey(_("The centre key files in {folder} do not belong together.").format(folder=folder))
        return keys


# ---------------------------------------------------------------- a kiosk


@dataclass(frozen=True)
class KioskKey:
    """A kiosk's Ed25519 signing key, made on the kiosk at enrolment and never exported."""

    signing_key: SigningKey = field(repr=False)

    @classmethod
    def generate(cls) -> KioskKey:
        return cls(SigningKey.generate())

    def save(self, path: Path) -> None:
        """Write the private key to ``path`` (mode 0600); an existing file is never overwritten."""
        _write_private_key(path, "kiosk-signing-key", bytes(self.signing_key))

    @classmethod
    def load(cls, path: Path) -> KioskKey:
        return cls(SigningKey(_read_private_key(path, "kiosk-signing-key")))

    def sign(self, data: bytes) -> bytes:
        """The detached 64-byte signature of ``data``."""
        return self.signing_key.sign(data).signature

    @property
    def verify_key(self) -> VerifyKey:
        return self.signing_key.verify_key

    @property
    def public_key(self) -> str:
        return b64encode(bytes(self.signing_key.verify_key))

    @property
    def key_id(self) -> str:
        return key_id(bytes(self.signing_key.verify_key))


# ---------------------------------------------------------------- sealing


def unseal(private_key: PrivateKey, ciphertext: bytes) -> bytes:
    """Open a sealed box with the centre's private sealing key.

    :raises Undecryptable: when the box was sealed to another key or is damaged.
    """
    try:
        return SealedBox(private_key).decrypt(bytes(ciphertext))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as exc:
        raise Undecryptable(
            _("Sealed personal data cannot be opened with the centre key {key_id}.").format(key_id=key_id(bytes(private_key.public_key)))
        ) from exc
