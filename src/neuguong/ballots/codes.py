"""One-time codes and receipt numbers: random, typeable, checked for typos, stored as SHA-256.

A code is 27 random characters of Crockford's base32 (135 bits) and one check character (Luhn
mod 32), shown as seven groups of four: ``7K3M-QX9P-...``. Reading it back forgives case, spaces,
dashes and the usual confusions (O for 0, I and L for 1).
"""

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 27
CODE_LENGTH = RANDOM_LENGTH + 1
RECEIPT_LENGTH = 12
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_.\t\r\n")


def _check_character(body: str) -> str:
    """Luhn mod 32 over the body: catches every single mistyped character and most swaps."""
    total = 0
    factor = 2
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def _random_characters(count: int) -> str:
    """``count`` characters of the alphabet from one call to the system's random source."""
    value = int.from_bytes(secrets.token_bytes((count * 5 + 7) // 8), "big")
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in range(count))


def new_code() -> str:
    body = _random_characters(RANDOM_LENGTH)
    return body + _check_character(body)


def normalize(text: str) -> str:
    return (text or "").upper().translate(_SEPARATORS).translate(_CONFUSED)


def is_well_formed(code: str) -> bool:
    """Whether a normalised code has the right length, alphabet and check character."""
    if len(code) != CODE_LENGTH or any(ch not in _VALUE for ch in code):
        return False
    return _check_character(code[:-1]) == code[-1]


def digest(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def grouped(code: str, size: int = 4) -> str:
    return "-".join(code[i:i + size] for i in range(0, len(code), size))


def new_receipt() -> str:
    return _random_characters(RECEIPT_LENGTH)
