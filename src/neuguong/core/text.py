"""Vietnamese text helpers: diacritic-free search keys and Vietnamese name sorting."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Vietnamese alphabet order; letters outside it (f, j, w, z, digits) sort after by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tone order used by Vietnamese dictionaries: level, grave, hook, tilde, acute, dot.
_TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def normalize_spaces(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def search_key(value: str) -> str:
    """Lower-case text without diacritics: "Nguyễn Văn Ấn" -> "nguyen van an"."""
    decomposed = unicodedata.normalize("NFD", normalize_spaces(value).lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _split_letter(ch: str) -> tuple[str, int]:
    """Split one lower-case character into its base letter (with vowel marks) and its tone."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONE_MARKS:
            tone = _TONE_MARKS[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _word_key(word: str) -> str:
    letters = []
    tones = []
    for ch in word.lower():
        base, tone = _split_letter(ch)
        rank = _LETTER_RANK.get(base, 100 + min(ord(base[0]), 800) if base else 999)
        letters.append(f"{rank:03d}")
        tones.append(str(tone))
    # Letters decide first; tones only break ties between otherwise equal words.
    return "".join(letters) + "." + "".join(tones)


def name_sort_key(full_name: str) -> str:
    """A string that sorts Vietnamese names the Vietnamese way.

    Given name first, then family name, then middle names, each compared letter by letter in
    Vietnamese alphabet order (a ă â b c d đ ...), tones breaking ties.
    """
    words = normalize_spaces(full_name).split(" ")
    if not words or words == [""]:
        return ""
    ordered = [words[-1], words[0], *words[1:-1]] if len(words) > 1 else words
    return " ".join(_word_key(word) for word in ordered)[:250]


def split_full_name(full_name: str) -> tuple[str, str]:
    """Return (family name, given name) from a Vietnamese full name."""
    words = normalize_spaces(full_name).split(" ")
    if len(words) == 1:
        return "", words[0]
    return words[0], words[-1]
