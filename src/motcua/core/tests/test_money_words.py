"""Amounts in Vietnamese words, as receipts print them: known readings, the mốt/tư/lăm/linh rules, properties."""

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.money import amount_in_words

KNOWN = [
    (0, "Không đồng"),
    (1, "Một đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (104, "Một trăm linh bốn đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (115, "Một trăm mười lăm đồng"),
    (1_005, "Một nghìn không trăm linh năm đồng"),
    (1_010, "Một nghìn không trăm mười đồng"),
    (10_000, "Mười nghìn đồng"),
    (50_000, "Năm mươi nghìn đồng"),
    (70_000, "Bảy mươi nghìn đồng"),
    (135_000, "Một trăm ba mươi lăm nghìn đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"),
    (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
    (2_024_000, "Hai triệu không trăm hai mươi tư nghìn đồng"),
    (12_345_000, "Mười hai triệu ba trăm bốn mươi lăm nghìn đồng"),
    (15_000_000, "Mười lăm triệu đồng"),
    (345_678_912, "Ba trăm bốn mươi lăm triệu sáu trăm bảy mươi tám nghìn chín trăm mười hai đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (1_001_000_000, "Một tỷ không trăm linh một triệu đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
]


@pytest.mark.parametrize(("amount", "words"), KNOWN)
def test_known_readings(amount, words):
    assert amount_in_words(amount) == words


def test_more_than_a_thousand_billion_says_ty_once():
    # "một nghìn không trăm linh một tỷ", not "một nghìn tỷ không trăm linh một tỷ".
    assert amount_in_words(1_001_000_000_000) == "Một nghìn không trăm linh một tỷ đồng"


@pytest.mark.parametrize("amount", [-1, 1.5, "1000", None, True])
def test_anything_but_a_non_negative_integer_is_refused(amount):
    with pytest.raises(TypeError):
        amount_in_words(amount)  # type: ignore[arg-type]


# --- Reading the words back ---------------------------------------------------------------------------
DIGITS = {"không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
UNITS_ONLY = {"mốt": 1, "tư": 4, "lăm": 5}  # the forms a units digit takes after "mươi" (and "lăm" after "mười")
VOCABULARY = {*DIGITS, *UNITS_ONLY, "mười", "mươi", "trăm", "linh", "nghìn", "triệu", "tỷ", "đồng"}


def _group(words: list[str]) -> int:
    """0–999 from its words."""
    value, index = 0, 0
    if "trăm" in words:
        at = words.index("trăm")
        assert at == 1, words
        value, index = DIGITS[words[0]] * 100, 2
    rest = words[index:]
    if rest[:1] == ["linh"]:
        assert len(rest) == 2 and rest[1] in DIGITS and rest[1] != "không", words
        return value + DIGITS[rest[1]]
    if rest[:1] == ["mười"]:
        value, rest = value + 10, rest[1:]
    elif len(rest) >= 2 and rest[1] == "mươi":
        value, rest = value + DIGITS[rest[0]] * 10, rest[2:]
    if rest:
        assert len(rest) == 1, words
        value += UNITS_ONLY.get(rest[0], DIGITS.get(rest[0], -1000))
    return value


def _number(words: list[str]) -> int:
    for scale, size in (("tỷ", 10**9), ("triệu", 10**6), ("nghìn", 10**3)):
        if scale in words:
            at = words.index(scale)
            return _number(words[:at]) * size + (_number(words[at + 1 :]) if words[at + 1 :] else 0)
    return _group(words)


def words_to_number(text: str) -> int:
    words = text[0].lower() + text[1:]
    assert words.endswith(" đồng")
    return _number(words.removesuffix(" đồng").split(" "))


def test_reading_back_the_known_readings():
    for amount, words in KNOWN:
        assert words_to_number(words) == amount


# --- Properties over every amount a receipt could carry -----------------------------------------------
amounts = st.one_of(
    st.integers(min_value=0, max_value=10**18 - 1),
    st.integers(min_value=0, max_value=10**6),
    st.builds(lambda a, b: a * 1000 + b, st.integers(0, 10**9), st.integers(0, 30)),  # zeros inside
)


@given(amount=amounts)
def test_every_amount_reads_as_one_capitalised_sentence_ending_in_dong(amount):
    text = amount_in_words(amount)
    assert text[0].isupper() and text[1:] == text[1:].lower()
    assert text.endswith(" đồng") and text.count("đồng") == 1
    assert "  " not in text and text == text.strip()
    assert set(text.lower().split(" ")) <= VOCABULARY


@given(amount=amounts)
def test_the_words_read_back_as_the_amount(amount):
    assert words_to_number(amount_in_words(amount)) == amount


@given(amount=amounts)
def test_mot_tu_lam_and_linh_follow_the_rules(amount):
    words = amount_in_words(amount).lower().split(" ")
    for before, word in itertools.pairwise(words):
        if word == "mốt":
            assert before == "mươi"  # 21 "hai mươi mốt"; but 11 "mười một", 101 "một trăm linh một"
        if word == "tư":
            assert before == "mươi"  # 24 "hai mươi tư"; but 14 "mười bốn", 104 "linh bốn"
        if word == "lăm":
            assert before in ("mười", "mươi")  # 15, 25; but 105 "linh năm", 5 "năm"
        if word == "linh":
            assert before == "trăm"
        if before in ("mười", "mươi"):
            assert word not in ("một", "năm") or (before == "mười" and word == "một")
            assert not (before == "mươi" and word == "bốn")
        if before == "linh":
            assert word in DIGITS and word != "không"
    assert not re.search(r"\bmười mốt\b", " ".join(words))


@given(amount=st.integers(min_value=1, max_value=10**18 - 1))
def test_a_zero_group_inside_reads_khong_tram(amount):
    """A group after a higher one says its hundreds, even zero ("một nghìn không trăm linh năm")."""
    text = amount_in_words(amount).lower()
    if amount >= 1000 and 0 < amount % 1000 < 100:
        assert re.search(r" không trăm (linh \S+|mười( \S+)?|\S+ mươi( \S+)?) đồng$", text), text
    if amount < 1000:
        assert not text.startswith("không")  # the leading group never says "không trăm"
