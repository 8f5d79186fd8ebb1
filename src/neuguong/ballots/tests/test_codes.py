import math

import pytest

from neuguong.ballots import codes


def test_a_code_carries_at_least_128_random_bits_and_a_check_character():
    code = codes.new_code()
    assert len(code) == codes.CODE_LENGTH == 28
    assert codes.RANDOM_LENGTH * math.log2(len(codes.ALPHABET)) >= 128
    assert codes.is_well_formed(code)


def test_codes_are_typed_forgivingly():
    code = codes.new_code()
    typed = " " + codes.grouped(code).lower().replace("0", "o").replace("1", "l") + " "
    assert codes.normalize(typed) == code


@pytest.mark.parametrize("position", range(28))
def test_any_single_mistyped_character_is_caught(position):
    code = codes.new_code()
    for replacement in codes.ALPHABET:
        if replacement != code[position]:
            assert not codes.is_well_formed(code[:position] + replacement + code[position + 1:])


def test_most_swaps_of_neighbours_are_caught():
    caught = total = 0
    for _ in range(200):
        code = codes.new_code()
        for i in range(len(code) - 1):
            if code[i] != code[i + 1]:
                total += 1
                caught += not codes.is_well_formed(code[:i] + code[i + 1] + code[i] + code[i + 2:])
    assert caught / total > 0.9


def test_digest_is_sha256_hex_and_receipts_are_random():
    assert len(codes.digest(codes.new_code())) == 64
    receipts = {codes.new_receipt() for _ in range(1000)}
    assert len(receipts) == 1000
