"""Brings in every app's ``gopy central`` handlers (each app's commands.py registers its own)."""

from centre.accounts import commands as _accounts  # noqa: F401
from centre.audit import commands as _audit  # noqa: F401
from centre.consultations import commands as _consultations  # noqa: F401
from centre.core import commands as _core  # noqa: F401
from centre.fleet import commands as _fleet  # noqa: F401
from centre.ingest import commands as _ingest  # noqa: F401
from centre.review import commands as _review  # noqa: F401
