"""Telex typing and the tone/letter keys of the on-screen keyboard."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.telex import Tone, apply_mark, apply_tone, compose, telex_key


def nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("Nguyeenx Vawn DDuwcs", "Nguyễn Văn Đức"),
        ("Vieetj Nam", "Việt Nam"),
        ("nguwowif", "người"),
        ("nguoiwf", "người"),
        ("ddaats ddai", "đất đai"),
        ("thuyr", "thủy"),
        ("quoocs", "quốc"),
        ("gias", "giá"),
        ("hoaf", "hòa"),
        ("tieengs Vieetj", "tiếng Việt"),
    ],
)
def test_examples(keys: str, expected: str) -> None:
    assert compose(keys) == expected
    assert nfc(compose(keys))


WORDS = [
    ("Uyr ban nhaan daan xax An Phus", "Ủy ban nhân dân xã An Phú"),
    ("ddoongf ys", "đồng ý"),
    ("khoong ddoongf ys", "không đồng ý"),
    ("ys kieens khacs", "ý kiến khác"),
    ("gops ys", "góp ý"),
    ("duwj thaor", "dự thảo"),
    ("truwowngf", "trường"),
    ("truowngf", "trường"),
    ("huwowngs", "hướng"),
    ("khuyeens", "khuyến"),
    ("nghiax", "nghĩa"),
    ("chuwx", "chữ"),
    ("Traafn Thij Hoa", "Trần Thị Hoa"),
    ("Lee Vawn Tams", "Lê Văn Tám"),
    ("Phamj Minh Tuaans", "Phạm Minh Tuấn"),
    ("Huynhf Thij Thuyr", "Huỳnh Thị Thủy"),
    ("Hoof Chis Minh", "Hồ Chí Minh"),
    ("Quy chees quanr lys chowj", "Quy chế quản lý chợ"),
    ("quyeets ddinhj", "quyết định"),
    ("ddieeuf khoanr", "điều khoản"),
    ("ddieemr kinh doanh", "điểm kinh doanh"),
    ("giuwax", "giữa"),
    ("giuwx gifn", "giữ gìn"),
    ("gif", "gì"),
    ("luwu ys", "lưu ý"),
    ("muwa", "mưa"),
    ("hoawcj", "hoặc"),
    ("hoafn toafn", "hoàn toàn"),
    ("khoer manhj", "khỏe mạnh"),
    ("tuooir", "tuổi"),
    ("nuwowcs sachj", "nước sạch"),
    ("phongf chays, chuwax chays", "phòng cháy, chữa cháy"),
    ("veej sinh moooi", "vệ sinh mooi"),
    ("veej sinh mooi truwowngf", "vệ sinh môi trường"),
    ("thuwcj phaamr", "thực phẩm"),
    ("yeeu caauf", "yêu cầu"),
    ("khuyeens khichs", "khuyến khích"),
    ("cuwar hangf", "cửa hàng"),
    ("muwowif hai", "mười hai"),
    ("khoais", "khoái"),
    ("khuyru tay", "khuỷu tay"),
    ("ngoeoj", "ngoẹo"),
    ("xooong", "xoong"),
    ("ddoocj laapj", "độc lập"),
    ("tuwj do", "tự do"),
    ("hanhj phucs", "hạnh phúc"),
]


@pytest.mark.parametrize(("keys", "expected"), WORDS)
def test_common_words(keys: str, expected: str) -> None:
    assert compose(keys) == expected


def test_tone_may_come_before_the_final_consonant_or_the_mark() -> None:
    assert compose("tieesng") == "tiếng"
    assert compose("hoafn") == "hoàn"
    assert compose("huyfnh") == "huỳnh"
    assert compose("nguoifw") == "người"
    assert compose("dodt") == "đot"  # dd anywhere after the d, as in Unikey


def test_traditional_tone_placement() -> None:
    assert compose("hoaf khoer thuyr Uyr") == "hòa khỏe thủy Ủy"
    assert compose("mias muas") == "mía múa"
    assert compose("quys quaf") == "quý quà"  # qu is a consonant
    assert compose("giaf gir") == "già gỉ"  # gi before a vowel is a consonant


def test_telex_key_returns_none_for_a_plain_letter() -> None:
    assert telex_key("ti", "e") is None
    assert telex_key("", "a") is None
    assert telex_key("vi", "e") is None
    assert telex_key("Vi", "1") is None
    assert telex_key("tie", "e") == "tiê"
    assert telex_key("hòa", "n") == "hoàn"  # the tone moves with the new letter


def test_repeating_a_key_undoes_it() -> None:
    assert compose("aaa") == "aa"
    assert compose("ddd") == "dd"
    assert compose("eee ooo") == "ee oo"
    assert compose("ass") == "as"
    assert compose("aff") == "af"
    assert compose("sexx") == "sex"
    assert compose("uww") == "uw"
    assert compose("nguoiww") == "nguoiw"
    assert compose("aww") == "aw"
    assert telex_key("á", "s") == "as"
    assert telex_key("Đ", "D") == "DD"


def test_z_removes_the_tone() -> None:
    assert telex_key("tiếng", "z") == "tiêng"
    assert compose("Vieetjz") == "Viêt"
    assert compose("za") == "za"


def test_a_new_tone_replaces_the_old() -> None:
    assert compose("asf") == "à"
    assert compose("Vieetjs") == "Viết"


def test_case_is_kept() -> None:
    assert compose("DD") == "Đ"
    assert compose("Dd") == "Đ"
    assert compose("dD") == "đ"
    assert compose("AA") == "Â"
    assert compose("Aa") == "Â"
    assert compose("VIEETJ NAM") == "VIỆT NAM"
    assert compose("DDUWCS") == "ĐỨC"
    assert compose("NGUWOWIF") == "NGƯỜI"


def test_words_that_are_not_vietnamese_are_left_alone() -> None:
    assert compose("class") == "class"
    assert compose("show") == "show"
    assert compose("Windows") == "Windows"
    assert compose("email zalo") == "email zalo"
    assert compose("UBND") == "UBND"
    assert compose("ww tw") == "ww tw"


def test_non_letters_end_words() -> None:
    assert compose("Ddieeuf 7, khoanr 2.") == "Điều 7, khoản 2."
    assert compose("ddt") == "đt"


def test_decomposed_input_is_accepted() -> None:
    decomposed = unicodedata.normalize("NFD", "tiêng")
    assert telex_key(decomposed, "s") == "tiếng"
    assert apply_tone(decomposed, Tone.ACUTE) == "tiếng"


def test_tone_row() -> None:
    assert apply_tone("Nguyên", Tone.TILDE) == "Nguyễn"
    assert apply_tone("Đuc", Tone.ACUTE) == "Đúc"
    assert apply_tone(apply_mark("Đuc", "ư"), Tone.ACUTE) == "Đức"
    assert apply_tone("hoa", Tone.GRAVE) == "hòa"
    assert apply_tone("thuy", Tone.HOOK) == "thủy"
    assert apply_tone("nguoi", Tone.GRAVE) == "nguòi"
    assert apply_tone("người", Tone.ACUTE) == "ngưới"  # replaces
    assert apply_tone("người", Tone.GRAVE) == "ngươi"  # the same tone again removes it
    assert apply_tone("người", Tone.NONE) == "ngươi"
    assert apply_tone("quôc", Tone.ACUTE) == "quốc"
    assert apply_tone("gia", Tone.GRAVE) == "già"
    assert apply_tone("hoà", Tone.GRAVE) == "hoa"  # a tone written elsewhere is still found
    assert apply_tone("hoà", Tone.DOT) == "họa"
    assert apply_tone("TRÂN", Tone.GRAVE) == "TRẦN"
    assert apply_tone("nh", Tone.ACUTE) == "nh"
    assert apply_tone("", Tone.ACUTE) == ""


def test_letter_keys() -> None:
    assert apply_mark("dung", "đ") == "đung"
    assert apply_mark("Dung", "đ") == "Đung"
    assert apply_mark("tuong", "ư") == "tưong"
    assert apply_mark("tưong", "ơ") == "tương"
    assert apply_mark("tuong", "ơ") == "tuơng"
    assert apply_mark("tuơng", "ư") == "tương"
    assert apply_mark("thuo", "ơ") == "thuơ"
    assert apply_mark("luu", "ư") == "lưu"  # the u that makes a syllable
    assert apply_mark("tan", "ă") == "tăn"
    assert apply_mark("tăn", "â") == "tân"  # switches
    assert apply_mark("tân", "â") == "tan"  # again: undoes
    assert apply_mark("Viet", "ê") == "Viêt"
    assert apply_mark("Viẹt", "ê") == "Việt"  # the tone stays
    assert apply_mark("hóa", "ô") == "hốa"  # no valid choice: the last o changes anyway
    assert apply_mark("t", "ư") == "tư"  # nothing to change: the letter is typed
    assert apply_mark("", "Đ") == "Đ"
    with pytest.raises(ValueError):
        apply_mark("a", "x")


# Properties ------------------------------------------------------------------

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
          "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
OPEN_NUCLEI = ["ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua",
               "ui", "ưa", "ưi", "ưu", "iêu", "oai", "oay", "oeo", "uây", "uôi", "uya", "uyu", "ươi",
               "ươu", "yêu"]
CODA_NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "oa", "oă", "oe",
               "uâ", "uê", "uô", "uy", "ươ", "yê", "uyê"]  # also open; "oo" and "uơ" are typed otherwise
CODAS = ["c", "ch", "m", "n", "ng", "nh", "p", "t"]
TONES = {Tone.ACUTE: "s", Tone.GRAVE: "f", Tone.HOOK: "r", Tone.TILDE: "x", Tone.DOT: "j"}
KEYS = {"â": "aa", "ă": "aw", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw", "đ": "dd"}


def cased(draw: st.DrawFn, text: str) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c for c in text)


@st.composite
def syllables(draw: st.DrawFn) -> tuple[str, str, str]:
    """A syllable as (onset, nucleus, coda), each possibly in capitals."""
    onset = draw(st.sampled_from(ONSETS))
    if draw(st.booleans()):
        nucleus, coda = draw(st.sampled_from(OPEN_NUCLEI)), ""
    else:
        nucleus, coda = draw(st.sampled_from(CODA_NUCLEI)), draw(st.sampled_from(["", *CODAS]))
    return cased(draw, onset), cased(draw, nucleus), cased(draw, coda)


def telex(text: str) -> str:
    """The Telex keys for toneless ``text``, marks right after their letter."""
    out = []
    for char in text:
        keys = KEYS.get(char.lower(), char.lower())
        out.append(keys.upper() if char.isupper() else keys)
    return "".join(out)


@given(st.text(alphabet=LETTERS + LETTERS.upper(), max_size=8), st.sampled_from(list(Tone)))
def test_any_word_tone_round_trip(word: str, tone: Tone) -> None:
    toned = apply_tone(word, tone)
    assert nfc(toned)
    assert apply_tone(toned, Tone.NONE) == word


@given(syllables(), st.sampled_from(list(TONES)))
def test_typing_a_syllable_matches_the_tone_row(parts: tuple[str, str, str], tone: Tone) -> None:
    word = "".join(parts)
    expected = apply_tone(word, tone)
    assert compose(telex(word) + TONES[tone]) == expected
    onset, nucleus, coda = parts
    assert compose(telex(onset + nucleus) + TONES[tone] + coda) == expected
    assert nfc(expected)
    assert telex_key(expected, "z") == word


@given(st.text(max_size=6), st.characters())
def test_telex_key_is_total_and_nfc(word: str, key: str) -> None:
    result = telex_key(word, key)
    assert result is None or nfc(result)
