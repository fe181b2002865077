"""Named crash points for the fault tests: real SIGKILLs, not mocks.

A test starts a real process with ``GOPY_FAULT`` set; when the code reaches
the chosen point the process kills itself with SIGKILL, exactly as a power
cut or ``kill -9`` would stop it. In normal runs the variable is unset and a
point costs one dictionary lookup.

``GOPY_FAULT`` is either a point's name (``submission.after_insert``), or
``PREFIX*@K``: die at the K-th point reached whose name starts with PREFIX
(``*@K``: the K-th point of any name). The fault suite draws K from a seeded
random generator, so every run is reproducible from its seed.
"""

from __future__ import annotations

import os
import signal

ENV_VAR = "GOPY_FAULT"
_reached = 0


def point(name: str) -> None:
    spec = os.environ.get(ENV_VAR)
    if not spec:
        return
    if spec == name:
        _die()
    prefix, at, count = spec.partition("@")
    if at and prefix.endswith("*") and name.startswith(prefix[:-1]):
        global _reached
        _reached += 1
        if _reached == int(count):
            _die()


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)
