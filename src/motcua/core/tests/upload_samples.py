"""Upload samples generated in memory, shared by the upload tests."""

import io
import struct
import zipfile
import zlib

import pytest
from fpdf import FPDF
from PIL import Image

from motcua.core.errors import DomainError
from motcua.core.uploads import (
    ACCEPTED_KINDS,
    InspectedFile,
    inspect_upload,
)

ALL = list(ACCEPTED_KINDS)
DOCUMENTS = ["pdf", "jpg", "jpeg", "png", "doc", "docx"]
MB = 1024 * 1024


# --- fixtures, all generated in memory --------------------------------------------------------------------


def make_pdf(pages: int = 1, **encryption) -> bytes:
    pdf = FPDF()
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.set_font("helvetica")
    for number in range(pages):
        pdf.add_page()
        pdf.cell(text=f"Trang {number + 1}")
    return bytes(pdf.output())


def raw_pdf(*objects: str) -> bytes:
    """A hand-made PDF whose objects are numbered from 1; object 1 is the catalogue."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def make_image(fmt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize(size).convert("RGB").save(out, fmt)
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A valid 1×1 PNG whose header (with a correct CRC) claims another size: what a decompression bomb does."""
    data = bytearray(make_image("PNG", (1, 1)))
    ihdr = bytes(data[12:16]) + struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx(**extra: bytes) -> bytes:
    return make_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", **extra})


def xlsx() -> bytes:
    return make_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})


def odf(mimetype: str) -> bytes:
    return make_zip({"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"})


def ole(*streams: str, at: int = 0) -> bytes:
    """An OLE2 compound file reduced to what matters here: the magic and 128-byte directory entries."""
    entries = b"".join(name.encode("utf-16-le").ljust(128, b"\0") for name in ("Root Entry", *streams))
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\0") + bytes(at) + entries + bytes(1024)


def inspect(data: bytes, name: str = "Tờ khai.pdf", accepted=DOCUMENTS, max_bytes: int = 10 * MB) -> InspectedFile:
    return inspect_upload(io.BytesIO(data), name=name, accepted=accepted, max_bytes=max_bytes)


def refusal(data: bytes, name: str = "Tờ khai.pdf", accepted=DOCUMENTS, max_bytes: int = 10 * MB) -> DomainError:
    with pytest.raises(DomainError) as caught:
        inspect(data, name, accepted, max_bytes)
    assert name.rsplit("/", 1)[-1] in caught.value.message, "the message names the file"
    return caught.value
