from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold, tokens


def test_fold_drops_case_and_diacritics():
    assert fold("Cấp lại Giấy chứng nhận CHĂN NUÔI") == "cap lai giay chung nhan chan nuoi"


def test_fold_maps_d_with_stroke_both_cases():
    assert fold("Đăng ký đất đai") == "dang ky dat dai"


def test_fold_turns_punctuation_and_operators_into_separators():
    assert fold("\"cap*\" NEAR(lai) OR 'x' 1.000948") == "cap near lai or x 1 000948"


def test_fold_of_emoji_only_is_empty():
    assert fold("🐄🐖") == ""


def test_tokens_are_distinct_and_limited():
    assert tokens("chăn nuôi chan nuoi trâu", limit=12) == ["chan", "nuoi", "trau"]
    assert len(tokens(" ".join(f"w{i}" for i in range(100)), limit=5)) == 5


@given(st.text())
def test_fold_output_is_only_ascii_words(text):
    folded = fold(text)
    assert folded == folded.strip()
    assert all(word.isascii() and word.isalnum() for word in folded.split())
    assert fold(folded) == folded
