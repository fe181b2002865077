"""Proof of enrolment: how a kiosk shows the centre that it holds the enrolment file the centre wrote.

The enrolment file carries a one-time secret. Until the centre acknowledges
it, the kiosk puts ``proof(secret, kiosk_id, public_key)`` in every batch
manifest of its first epoch; the centre binds that public key to the kiosk only
when the proof checks against the secret it kept, then spends the secret. A
machine enrolled at another centre under the same id, or one replaying another
kiosk's proof with its own key, cannot make a proof that checks.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SECRET_FIELD = "enrolment_secret"  # in the enrolment file's manifest
PROOF_FIELD = "enrolment_proof"  # in a batch manifest
# In the enrolment file of a machine replacing an enrolled one, the epoch it starts at (1 when absent);
# the kiosk keeps it in sync_state, because its enrolment key signs that epoch and endorses the later ones.
FIRST_EPOCH_FIELD = "first_epoch"
_CONTEXT = b"gopy-enrolment-proof/1\x00"


def new_secret() -> str:
    """256 random bits, as 64 hex digits."""
    return secrets.token_hex(32)


def proof(secret: str, kiosk_id: str, public_key: str) -> str:
    """HMAC-SHA256 under the secret over the kiosk id and the public key it binds."""
    message = _CONTEXT + kiosk_id.encode("utf-8") + b"\x00" + public_key.encode("ascii")
    return hmac.new(bytes.fromhex(secret), message, hashlib.sha256).hexdigest()


def proof_holds(secret: str, kiosk_id: str, public_key: str, claimed: object) -> bool:
    if not isinstance(claimed, str) or not secret:
        return False
    try:
        expected = proof(secret, kiosk_id, public_key)
    except (ValueError, UnicodeEncodeError):
        return False
    return hmac.compare_digest(expected, claimed)
