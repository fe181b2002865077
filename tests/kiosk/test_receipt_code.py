import math

import pytest

from kiosk.errors import ValidationError
from kiosk.receipt_code import ALPHABET, RANDOM_SYMBOLS, group, new_code, normalise


def test_codes_are_unguessable_and_avoid_confusable_letters():
    assert RANDOM_SYMBOLS * math.log2(len(ALPHABET)) >= 50
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert not set("".join(codes)) & set("ILOU")


def test_a_code_reads_back_however_it_is_typed():
    code = new_code()
    typed = group(code).lower().replace("-", " ")
    assert normalise(typed) == code
    assert normalise(group(code)) == code


def test_o_and_i_read_as_digits():
    code = "0" * 11
    from kiosk.receipt_code import _check_symbol

    full = code + _check_symbol(code)
    assert normalise(full.replace("0", "O")) == full


def test_every_single_typo_is_caught():
    code = new_code()
    for position in range(len(code)):
        for symbol in ALPHABET:
            if symbol == code[position]:
                continue
            typo = code[:position] + symbol + code[position + 1 :]
            with pytest.raises(ValidationError):
                normalise(typo)


def test_most_swapped_neighbours_are_caught():
    caught = total = 0
    for _ in range(200):
        code = new_code()
        for i in range(len(code) - 1):
            if code[i] == code[i + 1]:
                continue
            total += 1
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            try:
                normalise(swapped)
            except ValidationError:
                caught += 1
    assert caught / total > 0.95


@pytest.mark.parametrize("typed", ["", "ABC", "7K3M-9QXA-2FH!", "7K3M9QXA2FHDX"])
def test_malformed_codes_are_one_clear_message(typed):
    with pytest.raises(ValidationError, match="7K3M-9QXA-2FHD"):
        normalise(typed)
