"""The sync tests' world (a centre and an enrolled kiosk made through ``gopy``), for the API's tests."""

from tests.sync.conftest import template_world, world  # noqa: F401 (fixtures)
