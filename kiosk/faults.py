"""Named crash points for the fault tests: real SIGKILLs, not mocks.

A test starts a real process with ``GOPY_FAULT=<name>``; when the code
reaches ``point(<name>)`` the process kills itself with SIGKILL, exactly as a
power cut or ``kill -9`` would stop it. In normal runs the variable is unset
and a point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

ENV_VAR = "GOPY_FAULT"


def point(name: str) -> None:
    if os.environ.get(ENV_VAR) == name:
        os.kill(os.getpid(), signal.SIGKILL)
