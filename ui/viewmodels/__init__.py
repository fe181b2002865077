"""View-models: one QObject per screen, registered with QML on import (Kiosk.ViewModels).

All are registered before the QML engine loads: Qt 6.11 refuses objects built
from types registered after it started ("Cannot assign object of type
QQmlConnections … expected QObject"). So these modules stay cheap to import:
what only a later screen needs (sync, reportlab, openpyxl, Pillow) is imported
inside the method that needs it.
"""

import importlib

QML_IMPORT_NAME = "Kiosk.ViewModels"
QML_IMPORT_MAJOR_VERSION = 1

MODULES = (
    "admin",
    "clerk",
    "consent",
    "feedback",
    "home",
    "ideas",
    "idle",
    "kiosk",
    "kiosk_mode",
    "network_sync",
    "questions",
    "reader",
    "receipt",
    "results",
    "review",
    "search",
    "setup_wizard",
    "speech",
    "staff",
    "statistics",
    "status",
    "typing",
    "vote",
)


def register_all() -> None:
    """Idempotent: a module registers its types once, when first imported."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
