import pytest

from motcua.core.money import format_dong


def test_format_dong_uses_dot_thousands_separator():
    assert format_dong(1500000) == "1.500.000 đ"
    assert format_dong(0) == "0 đ"
    assert format_dong(-50000) == "-50.000 đ"


def test_format_dong_refuses_non_integers():
    with pytest.raises(TypeError):
        format_dong(1.5)  # type: ignore[arg-type]
