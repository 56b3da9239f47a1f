"""Read a generated PDF back for assertions: text per page, metadata, images (pyHanko's parser, no new dependency).

fpdf2 writes Unicode fonts as two-byte glyph ids, so text is decoded through each font's ToUnicode map.
"""

import re
from dataclasses import dataclass
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
# fpdf2 escapes every parenthesis in strings, so a literal string never contains an unescaped ")".
_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|\[|\]|<[0-9A-Fa-f\s]*>|/?[^\s/\[\]()<>]+", re.S)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


@dataclass
class ReadPdf:
    pages: list[str]  # each page's text, one space between pieces
    images: int  # image XObjects over all pages
    title: str
    author: str
    created: object

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def _unicode_map(font) -> dict[int, str]:
    cmap = font["/ToUnicode"].data
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, text in _BFCHAR.findall(block):
            mapping[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return mapping


def _unescape(match: re.Match) -> bytes:
    escaped = match.group(1)
    return bytes([int(escaped, 8)]) if escaped.isdigit() else _ESCAPES.get(escaped, escaped)


def _decode(raw: bytes, mapping: dict[int, str]) -> str:
    raw = _ESCAPE.sub(_unescape, raw[1:-1])
    return "".join(mapping.get(int.from_bytes(raw[i : i + 2]), "?") for i in range(0, len(raw), 2))


def _page_text(page) -> str:
    """Text shown by Tj / TJ, in stream order (fpdf2 writes a cell's lines one after another)."""
    fonts = page["/Resources"]["/Font"]
    maps = {name: _unicode_map(fonts[name]) for name in fonts}
    contents = page["/Contents"]
    data = b"\n".join(s.get_object().data for s in (contents if isinstance(contents, list) else [contents]))
    pieces, operands, current = [], [], {}
    for token in _TOKEN.findall(data):
        if token[:1] in b"([]/<-.0123456789":
            operands.append(token)
            continue
        if token == b"Tf":
            current = maps[f"/{operands[0][1:].decode()}"]
        elif token in (b"Tj", b"TJ"):
            # In TJ arrays a large negative kerning is a justified space.
            words = [_decode(o, current) if o[:1] == b"(" else " " if _wide(o) else "" for o in operands]
            pieces.append("".join(words))
        operands = []
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def _wide(operand: bytes) -> bool:
    try:
        return float(operand) < -150
    except ValueError:
        return False


def read_pdf(data: bytes) -> ReadPdf:
    reader = PdfFileReader(BytesIO(data))
    pages = [page.get_object() for page in reader.root["/Pages"]["/Kids"]]
    images = sum(
        1
        for page in pages
        for xobject in page["/Resources"].get("/XObject", {}).values()
        if xobject.get_object()["/Subtype"] == "/Image"
    )
    meta = reader.trailer_view["/Info"]
    return ReadPdf(
        pages=[_page_text(page) for page in pages],
        images=images,
        title=str(meta["/Title"]),
        author=str(meta["/Author"]),
        created=meta["/CreationDate"],
    )
