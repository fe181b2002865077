"""Every screen of the tour on every screen communes buy: nothing off the window, overlapping or cut.

The tour (ui.tour) reaches every screen as a person does, at 1280 × 800, and
each screen is then laid out and inspected at 1024 × 768, 1280 × 800,
1366 × 768, 1920 × 1080, 800 × 1280 and 1080 × 1920, at the normal and at the
largest text size, without going through the tour again (tests/ui/layout_check.py
says what counts as broken). One tour per language: Vietnamese runs with every
suite; English and the pseudo-locale (accented, 40 % longer) with the slow ones
(each about 40 s here on a loaded 2-core machine, most of it the tour's own
taps and typing). The pseudo-locale case also holds every text to its box:
what a separate pseudo-locale test used to check.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from tests.ui.layout_check import problems
from ui.tour import SIZES, TEXT_SIZES


class Case(NamedTuple):
    name: str
    language: str


CASES = [
    Case("vi", "vi"),
    pytest.param(Case("en", "en"), marks=pytest.mark.slow),
    pytest.param(Case("pseudo", "xx-pseudo"), marks=pytest.mark.slow),
]
IDS = ["vi", "en", "pseudo"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_screen_fits_every_size(qapp, case):
    from ui.tour import render_tour

    found: dict[str, list[str]] = {}

    def inspect(name: str, window, text_size: str) -> None:
        seen = problems(window)
        if seen:
            found[f"{name} at {window.width()}x{window.height()}, {text_size} text"] = seen

    render_tour(None, [case.language], inspect, sizes=SIZES, text_sizes=TEXT_SIZES)
    assert found == {}, "\n".join(f"{screen}:\n  " + "\n  ".join(seen) for screen, seen in found.items())
