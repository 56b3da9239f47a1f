"""Vietnamese text folding: the one place that decides how text is compared and searched.

``fold("Cấp lại Giấy chứng nhận")`` → ``"cap lai giay chung nhan"``. Case and diacritics are dropped,
``đ``/``Đ`` become ``d`` and every character that is not a letter or digit becomes a separator, so that
SQLite FTS5 and PostgreSQL full-text split the folded text into exactly the same tokens.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces (may be empty)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def tokens(text: str, *, limit: int = 12) -> list[str]:
    """The distinct folded words of ``text`` in order, at most ``limit`` of them."""
    seen: dict[str, None] = {}
    for word in fold(text).split():
        seen.setdefault(word, None)
        if len(seen) >= limit:
            break
    return list(seen)
