"""``gopy import-package`` pointed at a folder, as ``gopy central package --out`` writes it.

The packages here are real signed containers; whether one is applied is the
business of tests/sync/test_packages.py: here only which file a folder gives.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from nacl.signing import SigningKey

from kiosk import i18n
from kiosk.errors import ValidationError
from sync.container import write_container
from sync.kiosk_side import package_in
from sync.packages import PACKAGE_FORMAT

KEY = SigningKey(b"k" * 32)


def _container(folder, name, manifest):
    return write_container(folder / name, manifest, {"consultations.json": b"[]"}, KEY)


def _package(folder, name, kiosk="K1-0000-aaaa"):
    return _container(folder, name, {"format": PACKAGE_FORMAT, "kiosk_id": kiosk, "package_seq": 1})


class Case(NamedTuple):
    name: str
    packages: tuple[tuple[str, str], ...]  # file name, kiosk id
    chosen: str | None  # the file given, or None for a refusal
    words: tuple[str, ...] = ()  # in the refusal


CASES = [
    Case("one package", (("GOPY-PKG-K1-0000-aaaa-000001.zip", "K1-0000-aaaa"),), "GOPY-PKG-K1-0000-aaaa-000001.zip"),
    Case(
        "a long kiosk id", (("GOPY-PKG-K1-0000-aaaa-bbbb-cccc-000007.zip", "K1-0000-aaaa"),), "GOPY-PKG-K1-0000-aaaa-bbbb-cccc-000007.zip"
    ),
    Case(
        "ours among other kiosks'", (("GOPY-PKG-K2-000001.zip", "K2"), ("GOPY-PKG-K1-000003.zip", "K1-0000-aaaa")), "GOPY-PKG-K1-000003.zip"
    ),
    Case("only another kiosk's: refused by name later", (("GOPY-PKG-K2-000001.zip", "K2"),), "GOPY-PKG-K2-000001.zip"),
    Case("none", (), None, ("holds no package",)),
    Case(
        "two of ours",
        (("GOPY-PKG-K1-000001.zip", "K1-0000-aaaa"), ("GOPY-PKG-K1-000002.zip", "K1-0000-aaaa")),
        None,
        ("2", "GOPY-PKG-K1-000001.zip", "GOPY-PKG-K1-000002.zip"),
    ),
    Case(
        "two, none ours",
        (("GOPY-PKG-K2-000001.zip", "K2"), ("GOPY-PKG-K3-000001.zip", "K3")),
        None,
        ("K1-0000-aaaa", "GOPY-PKG-K2-000001.zip", "GOPY-PKG-K3-000001.zip"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_folder_gives_its_one_package_or_one_line_naming_what_it_holds(tmp_path, case):
    i18n.set_language("en")  # the words looked for below are the English ones
    stick = tmp_path / "stick"
    stick.mkdir()
    # What else sits on a stick: a kiosk batch, a look-alike, a half-copied package, a note.
    _container(stick, "GOPY-K1-e1-b3.zip", {"format": "gopy-batch/1", "kiosk_id": "K1-0000-aaaa"})
    (stick / "GOPY-photos.zip").write_bytes(b"not a zip at all")
    (stick / "GOPY-PKG-K1-000009.zip.partial").write_bytes(b"PK")
    (stick / "doc.txt").write_text("ghi chú", encoding="utf-8")
    for name, kiosk in case.packages:
        _package(stick, name, kiosk)

    if case.chosen is not None:
        assert package_in(stick, "K1-0000-aaaa") == stick / case.chosen
        return
    with pytest.raises(ValidationError) as refused:
        package_in(stick, "K1-0000-aaaa")
    line = str(refused.value)
    assert "\n" not in line and str(stick) in line
    for word in case.words:
        assert word in line, line
