"""Every screen in the pseudo-locale (accented, 40 % longer): no text cut off.

A label that does not wrap must be as wide as its text; one that wraps must
be as tall. The same tour renders the screenshots translators look at.
"""

from __future__ import annotations

import pytest

from ui.drive import items

pytestmark = pytest.mark.slow


def _clipped(window) -> list[str]:
    """Text items whose laid-out text is wider or taller than the item (elided text is a choice, not a cut)."""
    problems = []
    for item in items(window.contentItem()):
        if not item.metaObject().className().startswith(("QQuickText", "QQuickLabel", "Label_QMLTYPE")) or not item.isVisible():
            continue
        text = item.property("text")
        if not isinstance(text, str) or not text.strip() or item.property("truncated"):
            continue
        width, height = item.width(), item.height()
        content_w, content_h = item.property("contentWidth"), item.property("contentHeight")
        if width > 0 and content_w > width + 1:
            problems.append(f"{item.objectName() or text[:30]!r}: {content_w:.0f} > {width:.0f} wide")
        if height > 0 and content_h > height + 1:
            problems.append(f"{item.objectName() or text[:30]!r}: {content_h:.0f} > {height:.0f} tall")
    return problems


def test_no_text_is_cut_off_in_the_pseudo_locale(qapp, tmp_path):
    from ui.tour import render_tour

    found: dict[str, list[str]] = {}

    def inspect(name: str, window) -> None:
        problems = _clipped(window)
        if problems:
            found[name] = problems

    render_tour(tmp_path, ["xx-pseudo"], inspect=inspect)
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
