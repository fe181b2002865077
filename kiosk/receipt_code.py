"""Receipt codes: short, typed by hand from paper, unguessable, with a check character.

Eleven random symbols from Crockford's base32 alphabet (no I, L, O, U) carry
55 bits, so nobody can enumerate other people's receipts; a twelfth symbol is
a Luhn mod 32 check, which catches every single mistyped symbol and most
swapped neighbours. Printed in groups of four: ``7K3M-9QXA-2FHD``.
"""

from __future__ import annotations

from kiosk.errors import ValidationError
from kiosk.i18n import _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_SYMBOLS = 11
LENGTH = RANDOM_SYMBOLS + 1
_BASE = len(ALPHABET)
# Crockford: the letters people confuse with digits read as those digits.
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def _check_symbol(payload: str) -> str:
    """Luhn mod N over the payload (N = 32)."""
    factor, total = 2, 0
    for char in reversed(payload):
        addend = factor * ALPHABET.index(char)
        total += addend // _BASE + addend % _BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(_BASE - total % _BASE) % _BASE]


def new_code() -> str:
    """A fresh code, ungrouped (12 symbols)."""
    import secrets  # not at the start: it loads OpenSSL's libcrypto (3 ms), and the first code comes later

    payload = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return payload + _check_symbol(payload)


def group(code: str) -> str:
    """``7K3M9QXA2FHD`` → ``7K3M-9QXA-2FHD``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise(typed: str) -> str:
    """Read a code as a person typed it: any case, spaces or dashes, O for 0, I/L for 1.

    Raises :class:`ValidationError` when it is not a well-formed code or its
    check symbol does not match (a typo).
    """
    code = "".join(typed.split()).replace("-", "").upper()
    code = "".join(_READ_AS.get(char, char) for char in code)
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        raise ValidationError(
            _("A receipt code has {count} letters and digits, like 7K3M-9QXA-2FHD.").format(count=LENGTH)
        )
    if _check_symbol(code[:-1]) != code[-1]:
        raise ValidationError(_("This receipt code has a typing mistake. Please check it against your receipt."))
    return code
