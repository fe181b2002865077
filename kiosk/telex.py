"""Telex typing and the tone and letter keys of the on-screen keyboard.

The vi_VN layout of Qt Virtual Keyboard offers diacritics only by long
press, which is slow for people used to phone keyboards. The input method
calls these pure functions with the word before the cursor (the letters
since the last non-letter) and replaces that word with what they return.
Everything returned is NFC.

Conventions, chosen so that the keyboard writes what official documents
(and this project's own texts) write:

- Tone placement is the traditional one: "hòa", "khỏe", "thủy", "Ủy ban".
  A vowel with a quality mark (ă â ê ô ơ ư) takes the tone, the ơ of "ươ";
  otherwise the last vowel when a final consonant follows ("hoàn",
  "huỳnh"), the middle of three vowels ("khoái", "khuỷu"), the first of two
  ("mía", "hòa"). "qu" and "gi" before a vowel are consonants: "quốc",
  "già", but "gì".
- The tone is re-placed as the word grows, so "hoaf" + "n" gives "hoàn",
  and a tone key or mark key may come anywhere after the vowel:
  "tieesng", "tieengs" and "nguoiwf" all work.
- Mark keys: "aa" â, "aw" ă, "ee" ê, "oo" ô, "ow" ơ, "uw" ư, "uow" ươ,
  "dd" đ. "w" marks the vowel it can mark ("mua" → "mưa", "hoa" → "hoă",
  "luu" → "lưu"); "w" with no u, o or a is just a letter.
- Tone keys: s sắc, f huyền, r hỏi, x ngã, j nặng; "z" removes the tone.
- Pressing a key again undoes it and types the letter: "aaa" → "aa",
  "ddd" → "dd", "ass" → "as", "sexx" → "sex". "xoong" is typed "xooong".
- Case is kept on the letter that changes: "DD" and "Dd" → "Đ".
- A key acts only when the word is a plausible Vietnamese syllable (an
  onset such as "ngh" or "tr", a known vowel group, a final among c ch m n
  ng nh p t) and the result is one too. Words with letters Vietnamese does
  not use (f j w z), two vowel groups, or a consonant cluster like "cl"
  are left alone, so "class" or "show" type as they are. What also spells
  a Vietnamese syllable is read as Vietnamese: "sex" gives "sẽ".
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, replace


class Tone(enum.Enum):
    """The six tones; the value is the combining mark."""

    NONE = ""
    ACUTE = "\u0301"  # sắc
    GRAVE = "\u0300"  # huyền
    HOOK = "\u0309"  # hỏi
    TILDE = "\u0303"  # ngã
    DOT = "\u0323"  # nặng


_TONE_BY_MARK = {tone.value: tone for tone in Tone if tone is not Tone.NONE}
_TONE_KEYS = {"s": Tone.ACUTE, "f": Tone.GRAVE, "r": Tone.HOOK, "x": Tone.TILDE, "j": Tone.DOT}

_VOWELS = frozenset("aăâeêioôơuưy")
_BASE = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d"}
_CIRCUMFLEX = {"a": "â", "ă": "â", "e": "ê", "o": "ô", "ơ": "ô"}
_HORN = {"a": "ă", "â": "ă", "o": "ơ", "ô": "ơ", "u": "ư"}

_ONSETS = frozenset({
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
})
_CODAS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
# Vowel groups of Vietnamese rhymes, and those that may be followed by a final consonant.
_NUCLEI = frozenset({
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu",
    "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "uâ", "ua",
    "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "oai", "oay", "oeo",
    "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
})
_CODA_NUCLEI = frozenset({
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "oa", "oă", "oe", "oo",
    "uâ", "uê", "uô", "uy", "ươ", "yê", "uyê",
})


def _unmark(text: str) -> str:
    return "".join(_BASE.get(c, c) for c in text)


# While a word is being typed its marks may still be missing ("tieng" before "e").
_NUCLEI_UNMARKED = frozenset(_unmark(n) for n in _NUCLEI)
_CODA_NUCLEI_UNMARKED = frozenset(_unmark(n) for n in _CODA_NUCLEI)


@dataclass(frozen=True)
class _Word:
    letters: tuple[str, ...]  # lower case, without tone
    upper: tuple[bool, ...]
    tone: Tone


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _decompose(word: str) -> _Word:
    letters: list[str] = []
    upper: list[bool] = []
    tone = Tone.NONE
    for char in _nfc(word):
        lower = char.lower() if len(char.lower()) == 1 else char
        marks = unicodedata.normalize("NFD", lower)
        stripped = _nfc("".join(m for m in marks if m not in _TONE_BY_MARK))
        if stripped in _VOWELS and stripped != lower:
            tone = next(_TONE_BY_MARK[m] for m in marks if m in _TONE_BY_MARK)
            lower = stripped
        letters.append(lower)
        upper.append(char.isupper())
    return _Word(tuple(letters), tuple(upper), tone)


def _split(letters: tuple[str, ...]) -> tuple[int, int]:
    """Where the onset ends and where the vowel group ends."""
    if letters[:2] == ("q", "u") or (letters[:2] == ("g", "i") and len(letters) > 2 and letters[2] in _VOWELS):
        start = 2
    else:
        start = 0
        while start < len(letters) and letters[start] not in _VOWELS:
            start += 1
    end = start
    while end < len(letters) and letters[end] in _VOWELS:
        end += 1
    return start, end


def _plausible(letters: tuple[str, ...], marked: bool = False) -> bool:
    """Whether ``letters`` can be (the beginning of) a Vietnamese syllable.

    With ``marked``, the vowel group must be complete as written ("iê", not "ie").
    """
    start, end = _split(letters)
    onset, nucleus, coda = ("".join(letters[a:b]) for a, b in ((0, start), (start, end), (end, len(letters))))
    if onset not in _ONSETS or coda not in _CODAS:
        return False
    if not nucleus:
        return not coda
    if marked:
        return nucleus in _NUCLEI and (not coda or nucleus in _CODA_NUCLEI)
    nucleus = _unmark(nucleus)
    return nucleus in _NUCLEI_UNMARKED and (not coda or nucleus in _CODA_NUCLEI_UNMARKED)


def _tone_index(letters: tuple[str, ...]) -> int | None:
    """Which letter carries the tone (traditional placement); None without a vowel."""
    start, end = _split(letters)
    if start == end:
        return None
    marked = [i for i in range(start, end) if letters[i] in _BASE]
    if marked:
        return marked[-1]
    if end < len(letters):
        return end - 1
    return start + 1 if end - start >= 3 else start


def _render(word: _Word) -> str:
    at = _tone_index(word.letters) if word.tone is not Tone.NONE else None
    chars = []
    for i, (letter, upper) in enumerate(zip(word.letters, word.upper, strict=True)):
        char = letter + word.tone.value if i == at else letter
        chars.append(char.upper() if upper else char)
    return _nfc("".join(chars))


def _with_letters(word: _Word, letters: list[str]) -> _Word:
    return replace(word, letters=tuple(letters))


def _tone_command(word: _Word, key: str) -> str | None:
    if _tone_index(word.letters) is None or not _plausible(word.letters):
        return None
    if key.lower() == "z":
        return _render(replace(word, tone=Tone.NONE)) if word.tone is not Tone.NONE else None
    tone = _TONE_KEYS[key.lower()]
    if word.tone is tone:
        return _render(replace(word, tone=Tone.NONE)) + key
    return _render(replace(word, tone=tone))


def _stroke_command(word: _Word, key: str) -> str | None:
    if not word.letters or word.letters[0] not in ("d", "đ") or not _plausible(word.letters):
        return None
    letters = list(word.letters)
    if letters[0] == "đ":
        letters[0] = "d"
        return _render(_with_letters(word, letters)) + key
    letters[0] = "đ"
    return _render(_with_letters(word, letters))


def _circumflex_command(word: _Word, key: str) -> str | None:
    if not _plausible(word.letters):
        return None
    base = key.lower()
    start, end = _split(word.letters)
    targets = [i for i in range(start, end) if _BASE.get(word.letters[i], word.letters[i]) == base]
    if not targets:
        return None
    letters = list(word.letters)
    at = targets[-1]
    if letters[at] in ("â", "ê", "ô"):
        letters[at] = base
        return _render(_with_letters(word, letters)) + key
    letters[at] = _CIRCUMFLEX[letters[at]]
    if not _plausible(tuple(letters), marked=True):
        return None
    return _render(_with_letters(word, letters))


def _horn_command(word: _Word, key: str) -> str | None:
    if not _plausible(word.letters):
        return None
    start, end = _split(word.letters)
    letters = list(word.letters)
    for i in range(start, end - 1):
        if _unmark(letters[i] + letters[i + 1]) == "uo":
            if letters[i : i + 2] == ["ư", "ơ"]:
                letters[i : i + 2] = ["u", "o"]
                return _render(_with_letters(word, letters)) + key
            letters[i : i + 2] = ["ư", "ơ"]
            return _render(_with_letters(word, letters)) if _plausible(tuple(letters), marked=True) else None
    if any(letters[i] in ("ă", "ơ", "ư") for i in range(start, end)):
        for i in range(start, end):
            if letters[i] in ("ă", "ơ", "ư"):
                letters[i] = _BASE[letters[i]]
        return _render(_with_letters(word, letters)) + key
    for i in reversed(range(start, end)):
        if letters[i] in _HORN:
            trial = letters.copy()
            trial[i] = _HORN[letters[i]]
            if _plausible(tuple(trial), marked=True):
                return _render(_with_letters(word, trial))
    return None


def _append(word: _Word, text: str, key: str) -> str:
    """Type ``key`` as a letter; the tone moves if the longer word needs it elsewhere."""
    added = _decompose(key)
    longer = _Word(word.letters + added.letters, word.upper + added.upper, word.tone)
    if added.tone is Tone.NONE and _plausible(longer.letters):
        return _render(longer)
    return text + key


def telex_key(word: str, key: str) -> str | None:
    """What ``word`` becomes when ``key`` is typed after it, if the key acts.

    :param word: the letters before the cursor since the last non-letter
    :param key: one typed character
    :returns: the new word (NFC) when the key is a Telex command or moves the
        tone; None when the result is simply ``word + key``
    """
    word, key = _nfc(word), _nfc(key)
    if len(key) != 1 or not key.isalpha():
        return None
    parts = _decompose(word)
    lower = key.lower()
    result = None
    if lower in _TONE_KEYS or lower == "z":
        result = _tone_command(parts, key)
    elif lower == "d":
        result = _stroke_command(parts, key)
    elif lower in ("a", "e", "o"):
        result = _circumflex_command(parts, key)
    elif lower == "w":
        result = _horn_command(parts, key)
    if result is None:
        result = _append(parts, word, key)
    return None if result == word + key else result


def apply_tone(word: str, tone: Tone) -> str:
    """Put ``tone`` on the right vowel of ``word`` (the tone row of the keyboard).

    The same tone again, or ``Tone.NONE``, removes it. A word without a vowel
    is returned unchanged. Unlike Telex keys, the tone row acts on any word
    with a vowel: pressing it is never ambiguous.
    """
    parts = _decompose(word)
    if _tone_index(parts.letters) is None:
        return _nfc(word)
    return _render(replace(parts, tone=Tone.NONE if parts.tone is tone else tone))


_MARK_BASES = {"â": "a", "ă": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d"}


def apply_mark(word: str, mark: str) -> str:
    """Change the letter of ``word`` that the letter key ``mark`` (â ă ê ô ơ ư đ) is for.

    If ``word`` already has that letter, the last one goes back to its plain
    letter (pressing the key again undoes it). Otherwise, among the letters
    with the same plain letter (a for â and ă, e, o for ô and ơ, u, d), the
    last one that gives a valid syllable changes, or else the last one:
    "luu" + ư → "lưu", "tuong" + ư → "tưong", then + ơ → "tương". The tone
    stays, on the vowel it belongs to. With no such letter, ``mark`` is
    appended as typed: "t" + ư → "tư".
    """
    mark = _nfc(mark)
    lower = mark.lower()
    if lower not in _MARK_BASES:
        raise ValueError(f"not a Vietnamese letter key: {mark!r}")
    parts = _decompose(word)
    letters = list(parts.letters)
    same = [i for i, letter in enumerate(letters) if letter == lower]
    if same:
        letters[same[-1]] = _MARK_BASES[lower]
        return _render(_with_letters(parts, letters))
    candidates = [i for i, letter in reversed(list(enumerate(letters))) if _BASE.get(letter, letter) == _MARK_BASES[lower]]
    if not candidates:
        return _nfc(word + mark)
    for i in candidates:
        trial = letters.copy()
        trial[i] = lower
        if _plausible(tuple(trial), marked=True):
            return _render(_with_letters(parts, trial))
    letters[candidates[0]] = lower
    return _render(_with_letters(parts, letters))


def compose(keys: str) -> str:
    """Type ``keys`` one by one through :func:`telex_key`; words end at non-letters."""
    done: list[str] = []
    word = ""
    for key in _nfc(keys):
        if key.isalpha():
            new = telex_key(word, key)
            word = word + key if new is None else new
        else:
            done.append(word + key)
            word = ""
    return _nfc("".join(done) + word)
