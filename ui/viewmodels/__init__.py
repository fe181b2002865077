"""View-models: one QObject per screen, registered with QML on import (Kiosk.ViewModels)."""

QML_IMPORT_NAME = "Kiosk.ViewModels"
QML_IMPORT_MAJOR_VERSION = 1
