"""Where the files shipped with the program live: in the source tree, or in a PyInstaller folder."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path


def root() -> Path:
    """The folder holding locales/ and assets/ (the bundle's folder when frozen)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def locales_dir() -> Path:
    return root() / "locales"


def assets_dir() -> Path:
    return root() / "assets"


def font_path(weight: int = 400) -> Path:
    """The upright Be Vietnam Pro face of ``weight``, from the fontpkg-be-vietnam-pro package.

    Read from the package's own list of files, not through ``fontpkg.path``:
    that scans every installed distribution's entry points, 45 ms of the
    kiosk's start.
    """
    try:
        return _upright_faces()[weight]
    except KeyError:
        raise ValueError(f"Be Vietnam Pro has no upright face of weight {weight}") from None


@functools.cache
def _upright_faces() -> dict[int, Path]:
    import fontpkg_be_vietnam_pro as package

    metadata = json.loads((package.ROOT / "metadata.json").read_text(encoding="utf-8"))
    return {face["weight"]: package.ROOT / face["path"] for face in metadata["files"] if face["style"] == "normal"}
