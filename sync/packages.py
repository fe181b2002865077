"""The formats that cross from the centre to a kiosk: enrolment files and packages.

Both are signed containers (sync.container). An enrolment file is signed by
the centre's root key and carries that key, which the kiosk pins. A package
is signed by the centre's package key, whose certificate the pinned root
signed; it carries a full snapshot of the consultations for its kiosk, so a
lost package does no harm: the next one carries everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import canonical
from kiosk.domain import DraftNode, NodeKind
from sync.container import safe_filename, write_container
from sync.enrolment_proof import FIRST_EPOCH_FIELD, SECRET_FIELD
from sync.keys import CentreKeys

ENROLMENT_FORMAT = "gopy-enrolment/1"
PACKAGE_FORMAT = "gopy-package/1"
CONSULTATIONS_MEMBER = "consultations.json"
RESPONSES_MEMBER = "responses.json"
# The ideas of every ideas call, with the centre's support counts: for kiosks to show and support.
IDEAS_MEMBER = "ideas.json"
# The results of closed consultations (vote tallies, idea and comment counts), for the notice board.
RESULTS_MEMBER = "results.json"


def node_to_dict(node: DraftNode) -> dict[str, Any]:
    return {
        "kind": node.kind.value,
        "number": node.number,
        "title": node.title,
        "text": node.text,
        "children": [node_to_dict(child) for child in node.children],
    }


def node_from_dict(data: dict[str, Any], depth: int = 0) -> DraftNode:
    if depth > 16:
        raise ValueError("draft tree nested too deeply")
    return DraftNode(
        kind=NodeKind(data["kind"]),
        number=str(data.get("number", "")),
        title=str(data.get("title", "")),
        text=str(data.get("text", "")),
        children=tuple(node_from_dict(child, depth + 1) for child in data.get("children", [])),
    )


def package_filename(kiosk_id: str, package_seq: int) -> str:
    """``GOPY-PKG-<kiosk id>-<seq>.zip``: the whole id, so two kiosks' packages on one stick never share a name; FAT32-safe."""
    return safe_filename(f"GOPY-PKG-{kiosk_id}-{package_seq:06d}.zip")


def write_enrolment(
    out: Path,
    keys: CentreKeys,
    *,
    kiosk_id: str,
    place: dict[str, str],
    issued_at: str,
    secret: str,
    centre_url: str = "",
    first_epoch: int = 1,
) -> Path:
    """The enrolment file for one kiosk, signed by the root key it carries.

    ``place`` holds commune_code and commune_name, and province_code and
    province_name when known. ``secret`` is the one-time enrolment secret the
    kiosk proves in its first batches (sync.enrolment_proof). ``first_epoch``
    is above 1 for a machine replacing an enrolled one: it starts its chain there.
    """
    manifest: dict[str, Any] = {
        "format": ENROLMENT_FORMAT,
        "kiosk_id": kiosk_id,
        "commune_code": place["commune_code"],
        "commune_name": place["commune_name"],
        "issued_at": issued_at,
        SECRET_FIELD: secret,
        **keys.public_bundle(),
    }
    if place.get("province_code") or place.get("province_name"):
        manifest |= {"province_code": place.get("province_code", ""), "province_name": place.get("province_name", "")}
    if centre_url:
        manifest["centre_url"] = centre_url
    if first_epoch > 1:
        manifest[FIRST_EPOCH_FIELD] = first_epoch
    return write_container(Path(out), manifest, {}, keys.root)


@dataclass(frozen=True)
class PackageContent:
    """What one package tells one kiosk: a full snapshot, so a lost package does no harm."""

    consultations: list[dict[str, Any]]
    responses: list[dict[str, Any]] = field(default_factory=list)
    ideas: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    acks: list[dict[str, Any]] = field(default_factory=list)
    revocations: list[dict[str, Any]] = field(default_factory=list)


def write_package(path: Path, keys: CentreKeys, *, kiosk_id: str, package_seq: int, issued_at: str, content: PackageContent) -> Path:
    """The signed package file at ``path`` (written atomically and read back by write_container)."""
    members = {
        CONSULTATIONS_MEMBER: canonical.dumps(content.consultations),
        RESPONSES_MEMBER: canonical.dumps(content.responses),
        IDEAS_MEMBER: canonical.dumps(content.ideas),
        RESULTS_MEMBER: canonical.dumps(content.results),
    }
    manifest = {
        "format": PACKAGE_FORMAT,
        "kiosk_id": kiosk_id,
        "package_seq": package_seq,
        "base_seq": 0,  # a full snapshot: it needs no earlier package
        "issued_at": issued_at,
        "acks": content.acks,
        "revocations": content.revocations,
        "sealing_key": {"key_id": keys.sealing_key_id, "public_key": keys.sealing_public_key},
    }
    return write_container(path, manifest, members, keys.package, cert=keys.cert)
