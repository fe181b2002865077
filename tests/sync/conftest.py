"""A centre and an enrolled kiosk, built once through the command line and copied for each test.

On PostgreSQL (CENTRE_TEST_DB=postgres) the template centre has its own
database, and each test's centre is a ``CREATE DATABASE … TEMPLATE`` copy of it.
"""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import CENTRE_ON_POSTGRES
from tests.sync.helpers import World, build_world, clone_database, copy_world


@pytest.fixture(scope="session")
def template_world(request, tmp_path_factory) -> World:
    database = ""
    if CENTRE_ON_POSTGRES:
        cluster = request.getfixturevalue("pg_cluster")
        database = cluster.create_database(f"world_{uuid.uuid4().hex[:12]}")
    return build_world(tmp_path_factory.mktemp("template"), database)


@pytest.fixture
def world(template_world, tmp_path) -> World:
    database = clone_database(template_world.database, f"centre_{uuid.uuid4().hex[:12]}") if template_world.database else ""
    return copy_world(template_world, tmp_path, database)
