"""Money is integer đồng. Formatting for people lives here, once."""


def format_dong(amount: int) -> str:
    """``1500000`` → ``"1.500.000 đ"`` (Vietnamese thousands separator)."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("money is an integer number of đồng")
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _read_group(number: int, *, full: bool) -> list[str]:
    """Words for 0 < ``number`` < 1000; ``full``: a group after a higher one reads its hundreds ("không trăm")."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 4 and tens >= 2:
        words.append("tư")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _words(amount: int) -> list[str]:
    """Words for 0 < ``amount``: the part above a billion is read as a number of its own, then "tỷ"."""
    billions, rest = divmod(amount, 1_000_000_000)
    words: list[str] = [*_words(billions), "tỷ"] if billions else []
    for size, name in ((1_000_000, "triệu"), (1_000, "nghìn"), (1, "")):
        group = rest // size % 1000
        if group:
            words += _read_group(group, full=bool(words))
            if name:
                words.append(name)
    return words


def amount_in_words(amount: int) -> str:
    """``1250000`` → ``"Một triệu hai trăm năm mươi nghìn đồng"`` (receipts print the amount in words)."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise TypeError("money is a non-negative integer number of đồng")
    if amount == 0:
        return "Không đồng"
    text = " ".join(_words(amount)) + " đồng"
    return text[0].upper() + text[1:]
