from hypothesis import given
from hypothesis import strategies as st

from neuguong.core.text import name_sort_key, search_key


def test_search_key_removes_diacritics_and_d_stroke():
    assert search_key("  Đặng   Thị Ánh Tuyết ") == "dang thi anh tuyet"


def test_vietnamese_letter_order_puts_d_stroke_after_d_and_horn_vowels_after_plain():
    words = ["Đức", "Dũng", "Ơn", "Ông", "Oanh", "Ưng", "Uyên", "Ân", "Ăn", "An"]
    ordered = sorted(words, key=name_sort_key)
    assert ordered == ["An", "Ăn", "Ân", "Dũng", "Đức", "Oanh", "Ông", "Ơn", "Uyên", "Ưng"]


def test_tones_only_break_ties_between_equal_letters():
    assert sorted(["Hà", "Hả", "Hạ", "Ha", "Há", "Hã"], key=name_sort_key) == ["Ha", "Hà", "Hả", "Hã", "Há", "Hạ"]
    assert name_sort_key("Hạ") < name_sort_key("Hai")


def test_given_name_sorts_before_family_name():
    assert name_sort_key("Trần Văn An") < name_sort_key("Nguyễn Văn Bình")


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạ ", min_size=1, max_size=30))
def test_sort_key_is_deterministic_and_search_key_is_ascii(name):
    assert name_sort_key(name) == name_sort_key(name)
    assert search_key(name).isascii()
