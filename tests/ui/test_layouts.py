"""Every screen of the tour on every screen communes buy: nothing off the window, overlapping or cut.

The tour (ui.tour) reaches every screen as a person does, at 1280 × 800, and
each screen is then laid out and inspected at 1024 × 768, 1280 × 800,
1366 × 768, 1920 × 1080, 800 × 1280 and 1080 × 1920 (tests/ui/layout_check.py
says what counts as broken). Vietnamese at the normal text size runs with
every suite; English, the pseudo-locale (accented, 40 % longer) and the
largest text size run with the slow ones: each case is one more tour (about 80 s
here on a loaded 2-core machine; Vietnamese at every size, 60 s). English at the
largest size is left out: the pseudo-locale is English with every word longer.
tests/ui/test_pseudo_locale.py's check (no text wider or taller than its box) is
one of layout_check's, so the pseudo-locale cases here replace it.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from tests.ui.layout_check import problems
from ui.tour import SIZES


class Case(NamedTuple):
    name: str
    language: str
    largest_text: bool


CASES = [
    Case("vi", "vi", False),
    pytest.param(Case("en", "en", False), marks=pytest.mark.slow),
    pytest.param(Case("pseudo", "xx-pseudo", False), marks=pytest.mark.slow),
    pytest.param(Case("vi largest text", "vi", True), marks=pytest.mark.slow),
    pytest.param(Case("pseudo largest text", "xx-pseudo", True), marks=pytest.mark.slow),
]
IDS = ["vi", "en", "pseudo", "vi-largest", "pseudo-largest"]


# Staff screens that still do not fit in a long language or at the largest text size (issue 21, left
# to do): the clerk's entry (with a resident, or from a paper form) runs off a 768 or 800 px high
# screen, its bottom row under the edge; on a portrait screen at the largest size the audit log's
# details column breaks a word. They are held to every size in Vietnamese at the normal text size,
# as every screen is.
NOT_YET_FITTING = {"clerk_entry", "clerk_paper", "admin_audit"}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_screen_fits_every_size(qapp, case):
    from ui.tour import render_tour

    found: dict[str, list[str]] = {}
    lenient = case.language != "vi" or case.largest_text

    def inspect(name: str, window) -> None:
        if lenient and name in NOT_YET_FITTING:
            return
        seen = problems(window)
        if seen:
            found[f"{name} at {window.width()}x{window.height()}"] = seen

    render_tour(None, [case.language], inspect, sizes=SIZES, largest_text=case.largest_text)
    assert found == {}, "\n".join(f"{screen}:\n  " + "\n  ".join(seen) for screen, seen in found.items())
