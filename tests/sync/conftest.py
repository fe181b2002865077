"""A centre and an enrolled kiosk, built once through the command line and copied for each test."""

from __future__ import annotations

import pytest

from tests.sync.helpers import World, build_world, copy_world


@pytest.fixture(scope="session")
def template_world(tmp_path_factory) -> World:
    return build_world(tmp_path_factory.mktemp("template"))


@pytest.fixture
def world(template_world, tmp_path) -> World:
    return copy_world(template_world, tmp_path)
