"""The signed single-file container that carries batches and packages.

One file is a ZIP holding:

- ``manifest.json``: canonical JSON; its ``files`` list names every member with
  its SHA-256 and size;
- ``manifest.sig``: the base64 Ed25519 signature over the exact manifest bytes;
- ``cert.json`` / ``cert.sig`` (packages only): the package key's certificate,
  signed by the centre root key that kiosks pin at enrolment;
- the members.

Reading trusts nothing in the file until it has been checked: sizes are
capped before anything is decompressed, names are checked before anything
is read, the signature is verified over the stored manifest bytes (never a
re-serialisation), and every member is hashed. Writing goes through a
``.partial`` file, fsync and rename, then reads the result back from its
target (notes/sync.md §3.4 rule 3).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

import nacl.exceptions
from nacl.signing import SigningKey, VerifyKey

from kiosk import canonical
from kiosk.durable import fsync_directory
from kiosk.i18n import _
from sync.errors import BadSignature, DamagedFile, IncompleteCopy, SyncError, WriteFailed
from sync.keys import (
    KioskKey,
    b64decode,
    b64encode,
    key_id,
    parse_verify_key,
    signature_of,
    verify_certificate,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CERTIFICATE = "cert.json"
CERTIFICATE_SIG = "cert.sig"
RESERVED = frozenset({MANIFEST, SIGNATURE, CERTIFICATE, CERTIFICATE_SIG})
PARTIAL_SUFFIX = ".partial"

_MiB = 1 << 20
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a ZIP can say: timestamps are not data here
_SHA256 = re.compile(r"[0-9a-f]{64}")

# Bit 0x800 marks UTF-8 names; bits 1-2 only describe the deflate level. Every
# other bit (encryption, data descriptors, patches) is something Gópý never writes.
_ALLOWED_FLAGS = 0x806

# zipfile meets a hostile central directory with many exception types; each of
# these means "the archive is damaged", never a bug of ours.
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    EOFError,
    OSError,
    ValueError,  # includes UnicodeDecodeError (member names) and negative seeks
    struct.error,
    NotImplementedError,  # "zip file version" beyond what zipfile reads
    OverflowError,
    IndexError,
    KeyError,
)


@dataclass(frozen=True)
class Limits:
    """How much a container may hold: the defence against zip bombs and oversized files.

    The reader checks every declared size against these before decompressing,
    and reads each member with a cap, since declared sizes can lie.
    """

    max_file_size: int = 512 * _MiB
    max_member_size: int = 256 * _MiB
    max_total_size: int = 1024 * _MiB
    max_ratio: int = 200  # uncompressed / compressed, checked for members above ratio_floor
    ratio_floor: int = 1 * _MiB
    max_members: int = 10_000
    max_directory_size: int = 4 * _MiB
    max_manifest_size: int = 8 * _MiB
    max_json_depth: int = 32


DEFAULT_LIMITS = Limits()
# What the centre accepts when it streams a batch from disk (open_container): memory no
# longer grows with a member, so only a FAT32 stick's 4 GiB bounds the file. The zip-bomb
# ratio and the directory caps stay as they are.
STREAM_LIMITS = Limits(max_file_size=4096 * _MiB, max_member_size=4096 * _MiB, max_total_size=4096 * _MiB)
_CHUNK = 1 * _MiB  # how much of a streamed member is read, and inflated, at a time


@dataclass(frozen=True)
class Container:
    """A container that passed every check: its manifest and members can be trusted as signed."""

    manifest: dict[str, Any]
    manifest_bytes: bytes
    members: dict[str, bytes] = field(repr=False)
    file_sha256: str
    signing_key_id: str
    certificate: dict[str, Any] | None = None


# ---------------------------------------------------------------- names


def safe_filename(name: str) -> str:
    """``name`` made safe on a FAT32 stick and on Windows: no ``:`` and the like.

    Forbidden characters and control characters become ``-``; trailing dots and
    spaces are dropped; reserved device names (``CON``, ``COM1``…) get a ``_``
    prefix; the result is NFC and at most 255 characters, keeping the extension.
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 or ord(ch) == 127 else ch for ch in text)
    text = text.strip(" ").rstrip(". ")
    stem = text.split(".", 1)[0].upper()
    if stem in _RESERVED_DEVICE_NAMES:
        text = "_" + text
    if len(text) > 255:
        base, dot, ext = text.rpartition(".")
        keep_extension = dot and 0 < len(ext) <= 16
        text = base[: 255 - len(ext) - 1].rstrip(". ") + "." + ext if keep_extension else text[:255].rstrip(". ")
    return text or "_"


_RESERVED_DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)})


def free_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name`` with ``-2``, ``-3``… before its extension when a file of that name is there.

    A signed file is never written over another one: on a stick that one may be
    another kiosk's (FAT32 ignores case) or one not yet carried to where it goes.
    """
    path = folder / name
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    number = 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{dot}{extension}"
    return path


def _is_safe_member_name(name: str) -> bool:
    """A relative, forward-slash path with no traversal, drive letter or control character."""
    if not name or len(name) > 255 or name.startswith("/") or name.endswith("/"):
        return False
    if any(ch in "\\:" or ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _shown(name: str) -> str:
    """A member name as it may appear in a message: printable and short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in name)
    return text if len(text) <= 80 else text[:77] + "..."


# ---------------------------------------------------------------- writing


def write_container(
    path: Path,
    manifest: Mapping[str, Any],
    members: Mapping[str, bytes],
    signing_key: SigningKey | KioskKey,
    cert: tuple[bytes, bytes] | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    before_replace: Callable[[Path], None] | None = None,
) -> Path:
    """Write a signed container to ``path`` atomically and verify it by reading it back.

    The file is written as ``<name>.partial`` beside ``path``, flushed and
    fsynced, renamed over ``path`` (an older file of that name is replaced
    whole, never overwritten in place), the folder is fsynced, and the final
    file is re-read from its target and fully verified. On any failure no
    damaged final file is left behind and the ``.partial`` is removed.

    :param manifest: the manifest without ``files``; the list of members is added here.
    :param cert: the ``(cert.json bytes, raw root signature)`` pair of a package key.
    :param before_replace: called with the ``.partial`` path just before the rename
        (tests use it to pull the stick at that moment).
    :returns: ``path``.
    :raises WriteFailed: when the file cannot be written or does not read back intact.
    """
    if "files" in manifest:
        raise ValueError("the manifest's files list is made by write_container")
    for name in members:
        if name in RESERVED or not _is_safe_member_name(name):
            raise ValueError(f"unsafe or reserved member name: {name!r}")
    files = [{"name": name, "sha256": canonical.sha256_hex(data), "size": len(data)} for name, data in sorted(members.items())]
    manifest_bytes = canonical.dumps({**manifest, "files": files})
    contents: dict[str, bytes] = {
        MANIFEST: manifest_bytes,
        SIGNATURE: b64encode(signature_of(signing_key, manifest_bytes)).encode("ascii"),
        **members,
    }
    if cert is not None:
        contents[CERTIFICATE] = cert[0]
        contents[CERTIFICATE_SIG] = b64encode(cert[1]).encode("ascii")
    data = _zip_bytes(contents)

    path = Path(path)
    partial = path.with_name(path.name + PARTIAL_SUFFIX)
    replaced = False
    try:
        if len(data) > limits.max_file_size:
            raise WriteFailed(
                _("The file {file} would be too large ({size} MB) to be read back; nothing was written.").format(
                    file=path.name, size=len(data) // _MiB
                )
            )
        _write_partial(partial, data)
        if before_replace is not None:
            before_replace(partial)
        os.replace(partial, path)
        replaced = True
        fsync_directory(path.parent)
        check = read_container(path, verify_key=signing_key.verify_key, limits=limits)
        if check.file_sha256 != canonical.sha256_hex(data):
            raise DamagedFile(_("The file {file} did not read back as it was written.").format(file=path.name))
    except (OSError, SyncError) as exc:
        _unlink_quietly(partial)
        if replaced:
            _unlink_quietly(path)
        if isinstance(exc, WriteFailed):
            raise
        raise WriteFailed(
            _(
                "The file {file} could not be written and checked; the USB stick may be full, "
                "write-protected or removed. Nothing usable was left on it; try again."
            ).format(file=path.name)
        ) from exc
    return path


def _zip_bytes(contents: Mapping[str, bytes]) -> bytes:
    """A deterministic ZIP: sorted names, fixed timestamps and attributes, deflate."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(contents):
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            zf.writestr(info, contents[name], compresslevel=6)
    return buffer.getvalue()


def _write_partial(partial: Path, data: bytes) -> None:
    # A stale .partial is what a pulled stick leaves behind: it is ours to replace.
    partial.unlink(missing_ok=True)
    with partial.open("xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
        if hasattr(os, "posix_fadvise"):
            # Drop the cached pages so that the read-back comes from the stick, not from memory.
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _unlink_quietly(path: Path) -> None:
    # Called while handling another failure, which is the one to report.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------- reading


def read_container(
    source: Path | str | bytes,
    *,
    verify_key: VerifyKey | str | bytes | Callable[[dict[str, Any]], VerifyKey | str | bytes] | None = None,
    root_key: VerifyKey | str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    name: str | None = None,
) -> Container:
    """Read and fully verify a container from a path or from its bytes.

    Give exactly one of:

    :param verify_key: the signer's public key, or a function that picks it from
        the (not yet trusted) manifest, as the centre does by ``kiosk_id``.
    :param root_key: the pinned centre root key: the manifest must then be signed
        by the package key that ``cert.json`` certifies under this root.
    :param name: the file name used in messages when ``source`` is bytes.
    :raises IncompleteCopy: for a ``.partial`` file.
    :raises DamagedFile: for anything wrong with the file's structure, sizes, names or hashes.
    :raises BadSignature: when the signature or the certificate chain does not verify.
    """
    if (verify_key is None) == (root_key is None):
        raise ValueError("give exactly one of verify_key and root_key")
    path = None if isinstance(source, bytes | bytearray | memoryview) else Path(source)
    label = name or (path.name if path is not None else _("(unnamed)"))
    if label.endswith(PARTIAL_SUFFIX) or (path is not None and path.name.endswith(PARTIAL_SUFFIX)):
        raise IncompleteCopy(
            _("The file {file} is an incomplete copy: the stick was removed during writing. Export it again.").format(file=label)
        )
    data = bytes(source) if path is None else _read_file(path, label, limits)
    if len(data) > limits.max_file_size:
        raise _too_large(label, limits)
    return _Reader(data, label, limits).read(verify_key, root_key)


def _too_large(label: str, limits: Limits) -> DamagedFile:
    return DamagedFile(
        _("The file {file} is larger than the {limit} MB a batch or package may be.").format(file=label, limit=limits.max_file_size // _MiB)
    )


class _FileView:
    """A file on disk read as if it were bytes: the slices the reader takes, from where they lie.

    Only what the reader slices is ever in memory: the end record, a local
    header, the manifest, one chunk of a member at a time.
    """

    def __init__(self, fh: IO[bytes], size: int) -> None:
        self.fh = fh
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: slice) -> bytes:
        start, stop, _step = index.indices(self.size)
        if stop <= start:
            return b""
        self.fh.seek(start)
        return self.fh.read(stop - start)

    def rfind(self, sub: bytes, start: int) -> int:
        at = self[start:].rfind(sub)
        return at if at < 0 else start + at


@dataclass(frozen=True)
class StreamedContainer:
    """A container whose structure, signature and listing were verified; its members are read on demand, in chunks.

    Every member is checked against the signed manifest as it streams: its
    size, CRC and SHA-256 are compared when its last byte has been read, and a
    mismatch raises :class:`DamagedFile` then. A caller that writes as it reads
    must therefore do so inside a transaction it rolls back on that error.
    """

    manifest: dict[str, Any]
    manifest_bytes: bytes
    file_sha256: str
    signing_key_id: str
    path: Path
    label: str
    limits: Limits = field(repr=False)
    listed: dict[str, dict[str, Any]] = field(repr=False)
    _entries: dict[str, _Entry] = field(repr=False)

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes, a chunk at a time, verified against the manifest by the end."""
        entry = self.listed[name]
        with self.path.open("rb") as fh:
            reader = _Reader(_FileView(fh, self.path.stat().st_size), self.label, self.limits)
            reader.entries = self._entries
            yield from reader.stream(name, entry["size"], entry["sha256"])

    def lines(self, name: str, *, max_line: int = 4 * _MiB) -> Iterator[bytes]:
        """The member's lines without their ``\\n``, a line never longer than ``max_line``.

        :raises DamagedFile: when the member does not end with a complete line, or a line is too long.
        """
        rest = b""
        for chunk in self.chunks(name):
            pieces = (rest + chunk).split(b"\n")
            rest = pieces.pop()
            if len(rest) > max_line:
                raise DamagedFile(
                    _("The file {file} is damaged: the member {member} is not the size the archive says.").format(
                        file=self.label, member=_shown(name)
                    )
                )
            yield from pieces
        if rest:
            raise DamagedFile(_("The batch {file} has an events list that does not end with a complete line.").format(file=self.label))


def open_container(
    path: Path,
    *,
    verify_key: VerifyKey | str | bytes | Callable[[dict[str, Any]], VerifyKey | str | bytes],
    limits: Limits = STREAM_LIMITS,
) -> StreamedContainer:
    """Verify a container on disk without reading its members: the centre's way for files of any size.

    The same checks as :func:`read_container`, in the same order, on the file
    itself: shape of the archive, names, declared sizes, the signature over the
    manifest bytes, the listing. Members are then streamed by the returned
    object, which checks each one's hash as its last byte goes by.

    :raises IncompleteCopy, DamagedFile, BadSignature: as :func:`read_container`.
    """
    path = Path(path)
    label = path.name
    if label.endswith(PARTIAL_SUFFIX):
        raise IncompleteCopy(
            _("The file {file} is an incomplete copy: the stick was removed during writing. Export it again.").format(file=label)
        )
    try:
        fh = path.open("rb")
    except FileNotFoundError as exc:
        raise DamagedFile(_("The file {file} does not exist.").format(file=label)) from exc
    except OSError as exc:
        raise DamagedFile(_("The file {file} cannot be read from its disk or stick.").format(file=label)) from exc
    with fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > limits.max_file_size:
                raise _too_large(label, limits)
            digest = hashlib.sha256()
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
        except OSError as exc:
            raise DamagedFile(_("The file {file} cannot be read from its disk or stick.").format(file=label)) from exc
        reader = _Reader(_FileView(fh, size), label, limits)
        manifest, manifest_bytes, signer, _certificate, listed = reader.verify(verify_key, None)
        entries = dict(reader.entries)
    return StreamedContainer(manifest, manifest_bytes, digest.hexdigest(), key_id(bytes(signer)), path, label, limits, listed, entries)


def _read_file(path: Path, label: str, limits: Limits) -> bytes:
    """At most one byte more than the limit: enough to refuse a larger file without reading it all."""
    try:
        with path.open("rb") as fh:
            return fh.read(limits.max_file_size + 1)
    except FileNotFoundError as exc:
        raise DamagedFile(_("The file {file} does not exist.").format(file=label)) from exc
    except OSError as exc:
        raise DamagedFile(_("The file {file} cannot be read from its disk or stick.").format(file=label)) from exc


class _Entry(NamedTuple):
    """A member as the central directory declares it, with where its stored bytes lie."""

    info: zipfile.ZipInfo
    start: int
    end: int


class _Reader:
    """One pass over untrusted bytes; each step refuses before the next one looks further.

    zipfile only parses the central directory here. Members are inflated by
    this class from the byte ranges checked in ``_check_layout``, so that a
    deflate stream longer than its declared size (a zip bomb declared small) is
    seen and refused, not silently cut at the declared size.
    """

    def __init__(self, data: bytes | _FileView, label: str, limits: Limits) -> None:
        self.data = data
        self.label = label
        self.limits = limits
        self.directory_offset = 0
        self.entries: dict[str, _Entry] = {}

    def damaged(self, message: str, **fields: object) -> DamagedFile:
        return DamagedFile(message.format(file=self.label, **fields))

    def read(self, verify_key: Any, root_key: Any) -> Container:
        manifest, manifest_bytes, signer, certificate, listed = self.verify(verify_key, root_key)
        members = {name: self._listed_member(self.entries[name].info, entry) for name, entry in listed.items()}
        return Container(
            manifest=manifest,
            manifest_bytes=manifest_bytes,
            members=members,
            file_sha256=canonical.sha256_hex(self.data),  # type: ignore[arg-type]  (bytes here: read_container)
            signing_key_id=key_id(bytes(signer)),
            certificate=certificate,
        )

    def verify(
        self, verify_key: Any, root_key: Any
    ) -> tuple[dict[str, Any], bytes, VerifyKey, dict[str, Any] | None, dict[str, dict[str, Any]]]:
        """Everything but the members' contents: the archive's shape, the signature, the listing."""
        self._check_end_record()
        source = io.BytesIO(self.data) if isinstance(self.data, bytes) else self.data.fh
        try:
            with zipfile.ZipFile(source) as zf:
                infos = zf.infolist()
        except _ZIP_ERRORS as exc:
            raise self.damaged(_("The file {file} is not a readable ZIP archive.")) from exc
        entries = self._check_entries(infos)
        self._check_layout(entries)  # from here on, members are read only through self.entries

        manifest_bytes = self._member(entries, MANIFEST, self.limits.max_manifest_size)
        signature = self._signature(entries, SIGNATURE)
        certificate = None
        resolve_later = callable(verify_key) and not isinstance(verify_key, VerifyKey)
        # The signature is checked before the manifest is parsed, except when the
        # key itself is named by the manifest (the centre looks it up by kiosk).
        if root_key is not None:
            signer, certificate = self._certified_key(entries, root_key)
        elif not resolve_later:
            signer = parse_verify_key(verify_key)
        if not resolve_later:
            self._verify(signer, manifest_bytes, signature)
        manifest = self._parse_manifest(manifest_bytes)
        if resolve_later:
            signer = parse_verify_key(verify_key(manifest))
            self._verify(signer, manifest_bytes, signature)

        listed = self._check_listing(manifest, entries)
        return manifest, manifest_bytes, signer, certificate, listed

    # -- the archive's shape, before anything is decompressed

    def _check_end_record(self) -> None:
        """Find the end-of-central-directory record as zipfile will, and bound what it points to.

        zipfile parses the whole central directory when it opens an archive, so
        its size is capped here, before zipfile spends any time on it. ZIP64 is
        refused: a container is never large enough to need it.
        """
        data, size = self.data, len(self.data)
        if size == 0:
            raise self.damaged(_("The file {file} is empty."))
        if size >= 22 and data[-22:-18] == b"PK\x05\x06" and data[-2:] == b"\x00\x00":
            at = size - 22
        else:
            at = data.rfind(b"PK\x05\x06", max(size - 22 - 0xFFFF, 0))
            if at < 0 or at + 22 > size:
                raise self.damaged(_("The file {file} is not a complete ZIP archive: it is truncated or not a Gópý file."))
        disk, cd_disk, entries_here, entries, cd_size, cd_offset, comment = struct.unpack("<HHHHIIH", data[at + 4 : at + 22])
        if at >= 20 and data[at - 20 : at - 16] == b"PK\x06\x07":
            raise self.damaged(_("The file {file} uses ZIP64, which Gópý never writes."))
        if (
            disk
            or cd_disk
            or entries_here != entries
            or at + 22 + comment != size
            or cd_offset + cd_size != at
            or entries > self.limits.max_members
            or cd_size > self.limits.max_directory_size
        ):
            raise self.damaged(_("The file {file} has a damaged or oversized ZIP directory."))
        self.directory_offset = cd_offset

    def _check_entries(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        """Names, duplicates, methods and declared sizes."""
        if len(infos) > self.limits.max_members:
            raise self.damaged(_("The file {file} has more members than a batch or package may hold."))
        by_name: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            shown = _shown(info.orig_filename)
            if info.orig_filename != info.filename or not _is_safe_member_name(info.filename):
                raise self.damaged(_("The file {file} holds a member with an unsafe name: {member}."), member=shown)
            if info.filename in by_name:
                raise self.damaged(_("The file {file} holds the member {member} twice."), member=shown)
            by_name[info.filename] = info
            if info.flag_bits & ~_ALLOWED_FLAGS or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.damaged(
                    _("The file {file} stores the member {member} encrypted or in a way Gópý never writes."),
                    member=shown,
                )
            total += info.file_size
            if (
                info.file_size > self.limits.max_member_size
                or total > self.limits.max_total_size
                or (info.file_size > self.limits.ratio_floor and info.file_size > self.limits.max_ratio * max(info.compress_size, 1))
            ):
                raise self.damaged(_("The file {file} is refused: the member {member} would unpack to too much data."), member=shown)
        return by_name

    def _check_layout(self, infos: dict[str, zipfile.ZipInfo]) -> None:
        """Every local header agrees with the directory, and the members tile the file.

        Members must follow one another from the first byte to the central
        directory, without gaps or overlaps: overlapping members are a known zip
        bomb, and a gap is room for content that no check would see.
        """
        expected = 0
        for info in sorted(infos.values(), key=lambda i: i.header_offset):
            at = info.header_offset
            header = self.data[at : at + 30]
            if at != expected or len(header) != 30:
                raise self.damaged(_("The file {file} has a damaged ZIP layout near the member {member}."), member=_shown(info.filename))
            signature, _version, flags, method, _time, _date, crc, compressed, size, name_len, extra_len = struct.unpack(
                "<4s5H3I2H", header
            )
            encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
            start = at + 30 + name_len + extra_len
            end = start + info.compress_size
            if (
                signature != b"PK\x03\x04"
                or self.data[at + 30 : at + 30 + name_len] != info.orig_filename.encode(encoding)
                or (flags, method, crc, compressed, size)
                != (info.flag_bits, info.compress_type, info.CRC, info.compress_size, info.file_size)
                or end > self.directory_offset
            ):
                raise self.damaged(_("The file {file} has a damaged ZIP layout near the member {member}."), member=_shown(info.filename))
            self.entries[info.filename] = _Entry(info, start, end)
            expected = end
        if expected != self.directory_offset:
            raise self.damaged(_("The file {file} has data outside its members."))

    # -- members

    def _member(self, infos: dict[str, zipfile.ZipInfo], name: str, cap: int) -> bytes:
        info = infos.get(name)
        if info is None:
            raise self.damaged(_("The file {file} has no {member}."), member=name)
        if info.file_size > cap:
            raise self.damaged(_("The file {file} is refused: its {member} is too large."), member=name)
        return self._read(name, cap)

    def _read(self, name: str, cap: int) -> bytes:
        """The member's bytes, inflating never more than ``cap``: declared sizes are not trusted."""
        info, start, end = self.entries[name]
        stored = self.data[start:end]
        if info.compress_type == zipfile.ZIP_STORED:
            content, complete = stored[: cap + 1], True
        else:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                content = inflater.decompress(stored, cap + 1)
            except zlib.error as exc:
                raise self.damaged(_("The file {file} is damaged: the member {member} cannot be unpacked."), member=_shown(name)) from exc
            complete = inflater.eof and not inflater.unconsumed_tail and not inflater.unused_data
        if not complete or len(content) > cap or len(content) != info.file_size:
            raise self.damaged(_("The file {file} is damaged: the member {member} is not the size the archive says."), member=_shown(name))
        if zlib.crc32(content) != info.CRC:
            raise self.damaged(_("The file {file} is damaged: the member {member} cannot be unpacked."), member=_shown(name))
        return content

    def stream(self, name: str, size: int, sha256: str) -> Iterator[bytes]:
        """The member's bytes a chunk at a time, never inflating past ``size``; checked in full after the last chunk."""
        info, start, end = self.entries[name]
        inflater = None if info.compress_type == zipfile.ZIP_STORED else zlib.decompressobj(-zlib.MAX_WBITS)
        digest, crc, total = hashlib.sha256(), 0, 0
        at = start
        while at < end or (inflater is not None and inflater.unconsumed_tail):
            if inflater is not None and inflater.unconsumed_tail:
                stored = inflater.unconsumed_tail
            else:
                stored = self.data[at : min(at + _CHUNK, end)]
                if not stored:
                    break
                at += len(stored)
            if inflater is None:
                content = stored
            else:
                try:
                    content = inflater.decompress(stored, min(_CHUNK, size - total + 1))  # a chunk out, whatever the ratio
                except zlib.error as exc:
                    raise self.damaged(
                        _("The file {file} is damaged: the member {member} cannot be unpacked."), member=_shown(name)
                    ) from exc
            total += len(content)
            if total > size:
                break
            digest.update(content)
            crc = zlib.crc32(content, crc)
            if content:
                yield content
        complete = inflater is None or (inflater.eof and not inflater.unconsumed_tail and not inflater.unused_data)
        if not complete or total != size or total != info.file_size:
            raise self.damaged(_("The file {file} is damaged: the member {member} is not the size the archive says."), member=_shown(name))
        if crc != info.CRC:
            raise self.damaged(_("The file {file} is damaged: the member {member} cannot be unpacked."), member=_shown(name))
        if digest.hexdigest() != sha256:
            raise self.damaged(
                _("The file {file} is damaged: the member {member} does not match its recorded checksum."), member=_shown(name)
            )

    def _signature(self, infos: dict[str, zipfile.ZipInfo], name: str) -> bytes:
        text = self._member(infos, name, 256)
        try:
            signature = b64decode(text.strip())
        except ValueError:
            signature = b""
        if len(signature) != 64:
            raise BadSignature(_("The signature {member} in the file {file} is malformed.").format(member=name, file=self.label))
        return signature

    # -- signature and certificate

    def _certified_key(self, infos: dict[str, zipfile.ZipInfo], root_key: Any) -> tuple[VerifyKey, dict[str, Any]]:
        if CERTIFICATE not in infos or CERTIFICATE_SIG not in infos:
            raise BadSignature(_("The file {file} carries no certificate for the key that signed it.").format(file=self.label))
        cert_bytes = self._member(infos, CERTIFICATE, 4096)
        cert_sig = self._signature(infos, CERTIFICATE_SIG)
        try:
            package_key = verify_certificate(root_key, cert_bytes, cert_sig)
        except BadSignature as exc:
            raise BadSignature(
                _("The file {file} is signed by a key that the centre root key pinned on this kiosk did not certify.").format(
                    file=self.label
                )
            ) from exc
        return package_key, canonical.loads(cert_bytes)

    def _verify(self, signer: VerifyKey, manifest_bytes: bytes, signature: bytes) -> None:
        try:
            signer.verify(manifest_bytes, signature)
        except (nacl.exceptions.BadSignatureError, ValueError) as exc:
            raise BadSignature(
                _("The file {file} is not signed by the expected key, or was altered after signing.").format(file=self.label)
            ) from exc

    # -- the manifest

    def _parse_manifest(self, manifest_bytes: bytes) -> dict[str, Any]:
        try:
            manifest = canonical.loads(manifest_bytes)
        except RecursionError as exc:
            raise self.damaged(_("The file {file} has a manifest nested too deeply.")) from exc
        except ValueError as exc:
            raise self.damaged(_("The file {file} has a manifest that is not valid JSON.")) from exc
        if _depth(manifest) > self.limits.max_json_depth:
            raise self.damaged(_("The file {file} has a manifest nested too deeply."))
        try:
            is_canonical = canonical.dumps(manifest) == manifest_bytes
        except (TypeError, ValueError):
            is_canonical = False  # floats, NaN: never canonical
        if not is_canonical or not isinstance(manifest, dict):
            raise self.damaged(_("The file {file} has a manifest that is not in canonical form."))
        return manifest

    def _check_listing(self, manifest: dict[str, Any], infos: dict[str, zipfile.ZipInfo]) -> dict[str, dict[str, Any]]:
        """Every member listed, every listed member present with its declared size."""
        files = manifest.get("files")
        if not isinstance(files, list):
            raise self.damaged(_("The file {file} has a manifest without a valid list of files."))
        listed: dict[str, dict[str, Any]] = {}
        for entry in files:
            if not (
                isinstance(entry, dict)
                and isinstance(entry.get("name"), str)
                and isinstance(entry.get("sha256"), str)
                and _SHA256.fullmatch(entry["sha256"])
                and type(entry.get("size")) is int
                and entry["size"] >= 0
            ):
                raise self.damaged(_("The file {file} has a manifest without a valid list of files."))
            name = entry["name"]
            if name in RESERVED or not _is_safe_member_name(name) or name in listed:
                raise self.damaged(_("The file {file} lists an unsafe or repeated member: {member}."), member=_shown(name))
            listed[name] = entry
        for name in infos:
            if name not in RESERVED and name not in listed:
                raise self.damaged(_("The file {file} holds a member its manifest does not list: {member}."), member=_shown(name))
        for name, entry in listed.items():
            info = infos.get(name)
            if info is None:
                raise self.damaged(_("The file {file} is missing the member {member}."), member=_shown(name))
            if info.file_size != entry["size"]:
                raise self.damaged(
                    _("The file {file} is damaged: the member {member} is not the size its manifest says."),
                    member=_shown(name),
                )
        return listed

    def _listed_member(self, info: zipfile.ZipInfo, entry: dict[str, Any]) -> bytes:
        content = self._read(info.filename, entry["size"])
        if hashlib.sha256(content).hexdigest() != entry["sha256"]:
            raise self.damaged(
                _("The file {file} is damaged: the member {member} does not match its recorded checksum."),
                member=_shown(info.filename),
            )
        return content


def _depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest
