"""fold() works character by character for speed; it must give what folding the whole text gives."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kiosk.text import fold


def whole_text_fold(text: str) -> str:
    """The definition: đ → d, decompose, drop every combining mark, recompose, fold case."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


VIETNAMESE = "ĐđẠạẢảẤấẦầẨẩẪẫẬậĂăẮắẰằẲẳẴẵẶặƠơƯưỲỳỴỵỶỷỸỹ"
MARKS = "".join(chr(c) for c in range(0x0300, 0x0370))
ODD = "İıßẞǰﬁΣς가각\u1100\u1161\u11a8"  # case folds that grow, and Hangul that composes across characters


@given(st.text(alphabet=st.sampled_from(VIETNAMESE + MARKS + ODD + "ae io ,.")))
def test_folding_each_character_equals_folding_the_text(text):
    assert fold(text) == whole_text_fold(text)
    assert fold(unicodedata.normalize("NFD", text)) == whole_text_fold(text)


def test_every_character_of_the_basic_plane_folds_as_the_definition_says():
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        assert fold(char) == whole_text_fold(char), hex(code)


def test_a_sentence():
    assert fold("ĐỀ NGHỊ làm rõ Điều 12") == "de nghi lam ro dieu 12"
