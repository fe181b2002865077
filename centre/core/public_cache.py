"""The cache every worker of the centre shares, and the generation of the public pages kept in it.

The portal keeps each rendered public page (a receipt, a consultation's results,
how to take part, an agency) for as long as a browser may keep it
(``centre.portal.http.MAX_AGE_SECONDS``), under the current *generation*. A
service that changes what those pages show (a batch applied, answers published,
a group confirmed, a consultation published or closed, a key revoked) calls
:func:`bump`: the generation moves on, every kept page is from then on a miss,
and the next visitor sees the change at once.

:class:`SharedFileCache` is Django's file-based cache (the centre's home, no
extra service) made fit for many workers at a page's rate: it lists its folder
to cull at most once every few seconds per process instead of on every write,
and its ``add`` and ``incr`` are atomic across processes, so the rate limits
(centre.portal.http, centre.api) and the generation count every worker's hits.
"""

from __future__ import annotations

import logging
import os
import pickle
import tempfile
import time
import zlib
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks
from django.db import transaction

log = logging.getLogger(__name__)

GENERATION_KEY = "public:generation"


def generation() -> int | None:
    """The public pages' current generation (a new, never-used one if the counter was lost); None: keep no page."""
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
            value = cache.get(GENERATION_KEY)
    except OSError:  # pragma: no cover - an unreadable cache: pages are rendered, none kept
        log.warning("the public pages' generation cannot be read", exc_info=True)
        return None
    return value if isinstance(value, int) else None


def _advance() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet, or it was culled: start one no page was kept under
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
    except OSError:  # pragma: no cover - a full disk must not undo the change that called us; kept pages expire anyway
        log.warning("the public pages' generation cannot be advanced", exc_info=True)


def bump() -> None:
    """What the public pages show has changed: no page kept before serves again.

    Called now and again when the caller's transaction commits: a page rendered
    between the two (from the data before the commit) is not served after it.
    """
    _advance()
    transaction.on_commit(_advance)


class SharedFileCache(FileBasedCache):
    """Django's FileBasedCache for several worker processes serving pages at a high rate.

    - ``_cull`` looks at the folder at most once every ``CULL_SECONDS`` per process
      (Django's lists it on every ``set``), and only at the files' dates: over
      MAX_ENTRIES it drops the entries nobody wrote for ``CULL_AGE``, and the
      oldest third if that is not enough (the generation is never dropped);
    - ``add`` is create-if-absent (a hard link of a complete file: never seen half
      written), and ``incr`` changes the value in place under a file lock, so two
      workers never lose each other's count.
    """

    CULL_SECONDS = 10.0  # at most one look at the folder per process in this time
    CULL_AGE = 300.0  # seconds unwritten after which an entry goes first (no key of the centre lives longer, but the generation)

    def __init__(self, dir: str, params: dict[str, Any]) -> None:
        super().__init__(dir, params)
        self._next_cull = 0.0
        self._never_culled = {self._key_to_file(GENERATION_KEY)}

    def _cull(self) -> None:
        """Over MAX_ENTRIES: drop what nobody wrote for CULL_AGE, then the oldest third; file dates only, no file opened."""
        now = time.monotonic()
        if now < self._next_cull:
            return
        self._next_cull = now + self.CULL_SECONDS
        try:
            with os.scandir(self._dir) as found:
                entries = [(e.stat().st_mtime, e.path) for e in found if e.name.endswith(self.cache_suffix)]
        except OSError:
            return
        if len(entries) < self._max_entries:
            return
        entries = sorted((mtime, path) for mtime, path in entries if path not in self._never_culled)
        stale = time.time() - self.CULL_AGE
        old = [path for mtime, path in entries if mtime < stale]
        if len(entries) - len(old) >= self._max_entries:
            old = [path for _mtime, path in entries[: max(len(entries) // max(self._cull_frequency, 1), len(old))]]
        for path in old:
            self._delete(path)

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as fh:
                locks.lock(fh, locks.LOCK_SH)  # incr rewrites a counter in place, under LOCK_EX; closing unlocks
                if not self._is_expired(fh):
                    return pickle.loads(zlib.decompress(fh.read()))
        except FileNotFoundError:
            pass
        return default

    def add(self, key: str, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        if self.has_key(key, version):  # the usual answer, without touching the folder
            return False
        self._createdir()
        fname = self._key_to_file(key, version)
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as fh:
                self._write_content(fh, timeout, value)
            for _attempt in range(2):
                try:
                    os.link(tmp_path, fname)
                    self._cull()
                    return True
                except FileExistsError:
                    if self.has_key(key, version):  # an expired entry is deleted by has_key: then try once more
                        return False
            return False
        finally:
            os.remove(tmp_path)

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "r+b") as fh:
                locks.lock(fh, locks.LOCK_EX)
                try:
                    try:
                        expiry = pickle.load(fh)
                        value = pickle.loads(zlib.decompress(fh.read()))
                    except (EOFError, pickle.UnpicklingError, zlib.error):
                        raise ValueError(f"Key '{key}' not found") from None
                    if expiry is not None and expiry < time.time():
                        raise ValueError(f"Key '{key}' not found")
                    value += delta
                    fh.seek(0)
                    fh.write(pickle.dumps(expiry, self.pickle_protocol))
                    fh.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
                    fh.truncate()
                    return value
                finally:
                    locks.unlock(fh)
        except FileNotFoundError:
            raise ValueError(f"Key '{key}' not found") from None
