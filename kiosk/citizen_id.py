"""The Vietnamese citizen identity number (số định danh cá nhân, on the CCCD card): is it well formed?

Twelve digits (Circular 07/2016/TT-BCA, art. 7): the code of the province
where the birth was registered (3 digits), the century and sex (1 digit:
0/1 for the 20th century, 2/3 for the 21st), the last two digits of the
year of birth, then six random digits. Only the form is checked: whether
the number belongs to a living person is for the national database, which
neither the kiosk nor the centre reaches.
"""

from __future__ import annotations

# The province codes of the Circular (the General Statistics Office's codes of 2004).
PROVINCE_CODES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024", "025",
    "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048",
    "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
})
_CENTURY_AND_SEX = frozenset("0123")  # born 1900–2099


def compact_id_number(text: str) -> str:
    """The number without the spaces, dots and dashes people group it with."""
    return "".join(ch for ch in text if ch not in " .-\u00a0\t")


def is_citizen_id(text: str) -> bool:
    """Whether ``text`` (already compact) is a well-formed 12-digit citizen identity number."""
    return (
        len(text) == 12
        and text.isascii()
        and text.isdigit()
        and text[:3] in PROVINCE_CODES
        and text[3] in _CENTURY_AND_SEX
    )
