"""Settings for the centre's tests: SQLite by default, PostgreSQL when CENTRE_TEST_DB=postgres.

The PostgreSQL server is started by the test session itself (tests/pg.py), which
fills in its port through pytest-django's ``django_db_modify_db_settings``.
"""

import os
import tempfile

os.environ.setdefault("GOPY_CENTRE_HOME", tempfile.mkdtemp(prefix="gopy-centre-test-"))

from centre.core.database import database_settings
from centre.settings import *  # noqa: F403
from centre.settings import CACHES, DATABASES, HOME, STATIC_ROOT

if os.environ.get("CENTRE_TEST_DB") == "postgres":
    DATABASES["default"] = database_settings("postgresql://postgres@127.0.0.1:5432/gopy_centre", HOME)
# Fast hashing: the tests sign in hundreds of times; Argon2 itself is tested on its own.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise looks there even when serving from the app folders
# The production cache, in a folder of this process's own: parallel test workers (xdist) never share counts or pages.
CACHES["default"]["LOCATION"] = tempfile.mkdtemp(prefix="gopy-centre-cache-")
