"""Where the files shipped with the program live: in the source tree, or in a PyInstaller folder."""

from __future__ import annotations

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
    """A Be Vietnam Pro face from the fontpkg-be-vietnam-pro package."""
    import fontpkg

    return Path(fontpkg.path("Be Vietnam Pro", weight=weight))
