"""The Qt Quick kiosk: QML views and the Python view-models that bind them to the core."""
