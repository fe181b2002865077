"""The rules of kiosk mode: when a visit is over, and who may leave kiosk mode.

A kiosk left alone returns to its start after ``idle_seconds`` (setting
"idle_seconds", 120 by default) and a countdown of :data:`COUNTDOWN_SECONDS`,
wiping the previous person's input. Leaving kiosk mode takes a hidden
gesture (five taps in the top-left corner within three seconds) and then
the administrator's PIN, checked against the setting "admin_pin_hash"
(scrypt). Without a PIN set, the gesture does nothing: a kiosk never offers
a way out that nobody can close.
"""

from __future__ import annotations

from kiosk.storage.db import Store

# hashlib, hmac and secrets are imported where a PIN is hashed: they load OpenSSL's
# libcrypto, 3 ms of the kiosk's start, and no PIN is checked before the home screen shows.

IDLE_SECONDS_DEFAULT = 120
COUNTDOWN_SECONDS = 20
# Below this a person reading an article would be thrown out mid-sentence; tests set less.
_IDLE_SECONDS_MIN = 1
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_PREFIX = "scrypt"


def idle_seconds(store: Store) -> int:
    """Seconds without a touch before the "are you still there?" countdown starts."""
    raw = store.setting("idle_seconds")
    try:
        value = int(raw) if raw is not None else IDLE_SECONDS_DEFAULT
    except ValueError:
        return IDLE_SECONDS_DEFAULT
    return value if value >= _IDLE_SECONDS_MIN else IDLE_SECONDS_DEFAULT


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The stored form of a PIN: ``scrypt$n$r$p$salt$hash`` (hex), for the setting "admin_pin_hash"."""
    import hashlib
    import secrets

    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, **_SCRYPT, dklen=32)
    return "$".join([_PREFIX, str(_SCRYPT["n"]), str(_SCRYPT["r"]), str(_SCRYPT["p"]), salt.hex(), digest.hex()])


def admin_pin_set(store: Store) -> bool:
    return bool(store.setting("admin_pin_hash"))


def check_admin_pin(store: Store, pin: str) -> bool:
    """Whether ``pin`` is the administrator's PIN. False when none is set or the stored hash is unreadable."""
    import hashlib
    import hmac

    stored = store.setting("admin_pin_hash") or ""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _PREFIX:
        return False
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, expected = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
        digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(digest, expected)


class CornerTaps:
    """The hidden gesture: ``taps`` taps within ``seconds``. Feed it tap times (monotonic seconds)."""

    def __init__(self, taps: int = 5, seconds: float = 3.0) -> None:
        self.taps = taps
        self.seconds = seconds
        self._times: list[float] = []

    def tap(self, now: float) -> bool:
        """Record a tap; True when it completes the gesture (which then starts over)."""
        self._times = [t for t in self._times if now - t <= self.seconds] + [now]
        if len(self._times) >= self.taps:
            self._times = []
            return True
        return False

    def reset(self) -> None:
        self._times = []
