"""The one folder that holds all of a kiosk's state: database, keys, settings, logs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "GOPY_HOME"


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "kiosk.sqlite3"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def receipts(self) -> Path:
        return self.root / "receipts"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    def ensure(self) -> Home:
        for folder in (self.root, self.keys, self.logs, self.receipts, self.outbox):
            folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.keys, 0o700)
        return self


def resolve_home(explicit: str | os.PathLike | None = None) -> Home:
    """``--home`` first, then ``GOPY_HOME``, then the platform's per-user data folder."""
    if explicit:
        return Home(Path(explicit).expanduser().resolve())
    if os.environ.get(ENV_VAR):
        return Home(Path(os.environ[ENV_VAR]).expanduser().resolve())
    # Only here: an installed kiosk always has GOPY_HOME (docs/deploy.md), and the import costs its start 6 ms.
    import platformdirs

    return Home(Path(platformdirs.user_data_dir("gopy-kiosk", appauthor=False)))
