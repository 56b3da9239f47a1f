"""Money is integer đồng. Formatting for people lives here, once."""


def format_dong(amount: int) -> str:
    """``1500000`` → ``"1.500.000 đ"`` (Vietnamese thousands separator)."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("money is an integer number of đồng")
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"
