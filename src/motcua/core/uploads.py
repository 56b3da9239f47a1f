"""Decide whether an uploaded dossier document is acceptable, before anything is stored.

Lost or unreadable attachments are the top complaint about public-service portals, so every upload is
checked here: its type is decided by its content (never by its name or the browser's content type), it must
open cleanly in the program an officer will use, and it must not be a trap (password, macro, archive bomb).
The file is read in 64 KiB chunks, so memory does not grow with its size. Every refusal is a ``DomainError``
whose Vietnamese message names the file and says what to do; its ``code`` is stable for callers and tests.
"""

import hashlib
import re
import struct
import typing
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from motcua.core.errors import DomainError

CHUNK = 64 * 1024
MIB = 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_UNCOMPRESSED = 200 * MIB
MAX_ZIP_RATIO = 100

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# OLE2 (.doc, .xls) directory entries are 128 bytes, always on a 128-byte boundary of the file, and start with
# the stream's name in UTF-16LE then a NUL. Matching only there keeps the word "Book" in a document's own text
# from counting. The whole file is scanned (while it is hashed anyway): the directory may be anywhere.
OLE_STREAMS = ("WordDocument", "Workbook", "Book", "EncryptedPackage", "_VBA_PROJECT")


@dataclass(frozen=True, slots=True)
class Kind:
    key: str
    extension: str
    content_type: str
    label: str


@dataclass(frozen=True, slots=True)
class InspectedFile:
    kind: Kind
    size: int
    sha256: str
    safe_name: str


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
_KINDS = (
    Kind("pdf", ".pdf", "application/pdf", "PDF"),
    Kind("jpg", ".jpg", "image/jpeg", "ảnh JPG"),
    Kind("png", ".png", "image/png", "ảnh PNG"),
    Kind("doc", ".doc", "application/msword", "Word (.doc)"),
    Kind("docx", ".docx", f"{_OOXML}.wordprocessingml.document", "Word (.docx)"),
    Kind("xls", ".xls", "application/vnd.ms-excel", "Excel (.xls)"),
    Kind("xlsx", ".xlsx", f"{_OOXML}.spreadsheetml.sheet", "Excel (.xlsx)"),
    Kind("odt", ".odt", f"{_ODF}.text", "văn bản OpenDocument (.odt)"),
    Kind("ods", ".ods", f"{_ODF}.spreadsheet", "bảng tính OpenDocument (.ods)"),
)
ACCEPTED_KINDS: dict[str, Kind] = {kind.key: kind for kind in _KINDS} | {"jpeg": _KINDS[1]}


def accepted_kinds(accepted: Iterable[str]) -> dict[str, Kind]:
    """Canonical kinds in the caller's order; "jpeg" is "jpg", ".PDF" is "pdf", unknown keys are ignored."""
    kinds: dict[str, Kind] = {}
    for key in accepted:
        kind = ACCEPTED_KINDS.get(str(key).strip().lower().lstrip("."))
        if kind is not None:
            kinds.setdefault(kind.key, kind)
    return kinds


def accepted_label(accepted: Iterable[str]) -> str:
    return ", ".join(kind.label for kind in accepted_kinds(accepted).values())


def accept_attribute(accepted: Iterable[str]) -> str:
    """The file chooser's ``accept``: extensions and content types of the accepted kinds (a hint; the bytes decide)."""
    values: list[str] = []
    for kind in accepted_kinds(accepted).values():
        extras = [".jpeg"] if kind.key == "jpg" else []
        values += [value for value in (kind.extension, *extras, kind.content_type) if value not in values]
    return ",".join(values)


# --- names ------------------------------------------------------------------------------------------------


def _clean(name: str) -> str:
    """Last path component (either separator), NFC, no control or format characters, whitespace collapsed.

    Format characters go too: "hồ sơ" + U+202E (right-to-left override) + "fdp.exe" displays as "hồ sơexe.pdf".
    """
    name = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    return " ".join("".join(ch for ch in name if ch.isspace() or unicodedata.category(ch)[0] != "C").split())


def sanitise_filename(name: str, *, extension: str, max_length: int = 120) -> str:
    stem = _clean(name).lstrip(". ")
    # The old extension goes (the detected kind decides the new one), but only if it looks like one:
    # "Quyết định số 12.2024" keeps its number.
    stem = re.sub(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$", "", stem)
    # Letters of any script with their marks, and digits, stay; anything else becomes a space, so that
    # "Hồ sơ #1: bản sao" reads "Hồ sơ 1 bản sao" rather than gluing words together.
    stem = "".join(ch if ch in " -_.()" or unicodedata.category(ch)[0] in "LM" or ch.isdigit() else " " for ch in stem)
    stem = re.sub(r"\.{2,}", ".", " ".join(stem.split()))
    stem = unicodedata.normalize("NFC", stem[: max(max_length - len(extension), 0)]).strip(". ")
    return (stem or "tep") + extension


def _shown(name: str) -> str:
    """The name as the citizen knows it, for messages: no folders, no control characters, not too long."""
    shown = _clean(name) or "không tên"
    return shown if len(shown) <= 80 else shown[:77] + "…"


# --- refusals ---------------------------------------------------------------------------------------------

_MESSAGES = {
    "empty": "Tệp “{name}” không có nội dung (0 byte). Vui lòng chọn đúng tệp rồi tải lên lại.",
    "too_large": "Tệp “{name}” vượt quá dung lượng cho phép (tối đa {limit} MB). Vui lòng giảm dung lượng "
    "(quét ở độ phân giải thấp hơn hoặc chia thành nhiều tệp) rồi tải lên lại.",
    "wrong_type": "Tệp “{name}” không thuộc loại được nhận (hệ thống xét nội dung tệp, không xét phần đuôi tên). "
    "Loại tệp được nhận: {accepted}. Vui lòng lưu hoặc xuất tệp sang một trong các loại này rồi tải lên lại.",
    "corrupted": "Tệp “{name}” bị hỏng hoặc chưa được lưu trọn vẹn nên không mở được. "
    "Vui lòng mở thử tệp trên máy của bạn, lưu lại (hoặc quét lại) rồi tải lên lại.",
    "pdf_encrypted": "Tệp PDF “{name}” được đặt mật khẩu hoặc mã hoá nên cán bộ không mở được. Vui lòng gỡ mật "
    "khẩu (hoặc dùng chức năng In ra PDF để tạo bản không mật khẩu) rồi tải lên lại.",
    "pdf_no_pages": "Tệp PDF “{name}” không có trang nào. Vui lòng chọn đúng tệp rồi tải lên lại.",
    "image_too_large": "Ảnh “{name}” có kích thước quá lớn (trên 50 triệu điểm ảnh). "
    "Vui lòng thu nhỏ ảnh hoặc chụp ở độ phân giải thấp hơn rồi tải lên lại.",
    "unsafe_archive": "Tệp “{name}” chứa thành phần có đường dẫn không an toàn nên không được nhận. "
    "Vui lòng mở tệp bằng Word hoặc Excel, lưu thành tệp mới rồi tải lên lại.",
    "zip_bomb": "Tệp “{name}” có nội dung nén bất thường (quá nhiều thành phần hoặc giải nén ra quá lớn) nên không "
    "được nhận. Vui lòng mở tệp, lưu thành tệp mới hoặc xuất ra PDF rồi tải lên lại.",
    "macro": "Tệp “{name}” có chứa macro (mã lệnh tự chạy) nên không được nhận vì lý do an toàn. "
    "Vui lòng lưu thành tệp không có macro (.docx, .xlsx) hoặc xuất ra PDF rồi tải lên lại.",
    "encrypted": "Tệp “{name}” được đặt mật khẩu nên cán bộ không mở được. Vui lòng gỡ mật khẩu rồi tải lên lại.",
}


def _refuse(code: str, name: str, **details: str) -> DomainError:
    return DomainError(_MESSAGES[code].format(name=name, **details), code=code)


def _wrong_type(name: str, kinds: dict[str, Kind]) -> DomainError:
    return _refuse("wrong_type", name, accepted=", ".join(k.label for k in kinds.values()) or "không có")


# --- reading ----------------------------------------------------------------------------------------------


def _ole_entries(chunk: bytes, offset: int) -> set[str]:
    found = set()
    for stream in OLE_STREAMS:
        needle = stream.encode("utf-16-le") + b"\0\0"
        at = chunk.find(needle)
        while at != -1 and (offset + at) % 128:
            at = chunk.find(needle, at + 1)
        if at != -1:
            found.add(stream)
    return found


def _read(fileobj: typing.BinaryIO, shown: str, max_bytes: int) -> tuple[int, str, bytes, set[str]]:
    """Size, SHA-256, first KiB and (for OLE2 files) the stream names, in one pass of bounded chunks.

    The size the browser declared is never used: only bytes actually read count, and reading stops at the
    first byte past the limit, so an oversized upload costs no more than the limit itself.
    """
    digest, size, head, streams = hashlib.sha256(), 0, b"", set()
    while chunk := fileobj.read(min(CHUNK, max_bytes + 1 - size)):
        if len(head) < 1024:
            head += chunk[: 1024 - len(head)]
        if head.startswith(OLE_MAGIC):
            streams |= _ole_entries(chunk, size)
        size += len(chunk)
        if size > max_bytes:
            raise _refuse("too_large", shown, limit=f"{round(max_bytes / MIB, 1):g}".replace(".", ","))
        digest.update(chunk)
    if size == 0:
        raise _refuse("empty", shown)
    return size, digest.hexdigest(), head, streams


# --- checks by kind: parsers meet hostile input here, so any exception of theirs means "corrupted" ---------


class _FromHeader:
    """The file as seen from its ``%PDF-`` header: viewers count a PDF's offsets from there, ignoring junk
    (a mail gateway's or a scanner's preamble) before it, while pyhanko wants the header at offset 0."""

    def __init__(self, raw: typing.BinaryIO, start: int) -> None:
        self.raw, self.start = raw, start
        self.read, self.readinto = raw.read, getattr(raw, "readinto", None)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset + self.start if whence == 0 else offset, whence) - self.start

    def tell(self) -> int:
        return self.raw.tell() - self.start


def _check_pdf(fileobj: typing.BinaryIO, shown: str, start: int) -> None:
    try:
        # pyhanko reads objects from the stream on demand: a large PDF is never held in memory whole.
        reader = PdfFileReader(_FromHeader(fileobj, start) if start else fileobj, strict=False)
        encrypted = reader.encrypted
        pages = None if encrypted else reader.root["/Pages"]["/Count"]
        if isinstance(pages, int) and pages > 0:
            # /Count can lie: the first and the last page must really be reachable through the page tree.
            reader.find_page_for_modification(0)
            reader.find_page_for_modification(pages - 1)
    except Exception as exc:
        raise _refuse("corrupted", shown) from exc
    if encrypted:
        # Even with only an owner password (no password to open), the file is encrypted and later steps
        # (stamping, signing, merging into the dossier) cannot rewrite it.
        raise _refuse("pdf_encrypted", shown)
    if not isinstance(pages, int) or pages < 1:
        raise _refuse("pdf_no_pages", shown)


def _check_image(fileobj: typing.BinaryIO, shown: str, kind: Kind) -> None:
    try:
        with Image.open(fileobj, formats=["JPEG" if kind.key == "jpg" else "PNG"]) as image:
            # Our own limit, checked on the header before any pixel is decoded: Image.MAX_IMAGE_PIXELS is
            # process-wide, and changing it even briefly would race with other requests' threads.
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise _refuse("image_too_large", shown)
            if kind.key == "jpg":
                # Decode at 1/8 scale: all of the data is still decoded (so truncation shows), but the pixel
                # buffer is 64 times smaller than the photo.
                image.draft(image.mode, (1, 1))
            image.load()
    except DomainError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own, larger, limit
        raise _refuse("image_too_large", shown) from exc
    except Exception as exc:
        raise _refuse("corrupted", shown) from exc


def _check_ole(streams: set[str], shown: str, kinds: dict[str, Kind]) -> Kind:
    if "WordDocument" in streams:
        kind = ACCEPTED_KINDS["doc"]
    elif streams & {"Workbook", "Book"}:
        kind = ACCEPTED_KINDS["xls"]
    else:
        kind = ACCEPTED_KINDS["doc" if "doc" in kinds else "xls"]
    if kind.key not in kinds:
        raise _wrong_type(shown, kinds)
    if "EncryptedPackage" in streams:  # a password-protected .docx or .xlsx is stored as OLE2
        raise _refuse("encrypted", shown)
    if "_VBA_PROJECT" in streams:
        raise _refuse("macro", shown)
    return kind


def _zip_member_count(fileobj: typing.BinaryIO, size: int) -> int:
    """The count in the end-of-archive record, read before zipfile builds one object per member."""
    tail = min(size, 22 + 65535)  # the record, plus the longest possible archive comment
    fileobj.seek(size - tail)
    data = fileobj.read(tail)
    at = data.rfind(b"PK\x05\x06")
    count = struct.unpack_from("<H", data, at + 10)[0] if 0 <= at <= len(data) - 22 else 0
    return 0 if count == 0xFFFF else count  # ZIP64 keeps the real count elsewhere; infolist() is checked too


def _unsafe_member(name: str) -> bool:
    return (
        name.startswith("/")
        or bool(re.match(r"[A-Za-z]:", name))
        or any(c in name for c in "\\\0")
        or (".." in name.split("/"))
    )


def _check_zip(fileobj: typing.BinaryIO, shown: str, size: int, kinds: dict[str, Kind]) -> Kind:
    try:
        if _zip_member_count(fileobj, size) > MAX_ZIP_MEMBERS:
            raise _refuse("zip_bomb", shown)
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            names = {info.filename for info in members}
            kind = None
            if "mimetype" in names:  # OpenDocument: the first member says what the document is
                with archive.open("mimetype") as stream:
                    mimetype = stream.read(100).decode("ascii", "replace").strip()
                kind = next((k for k in _KINDS if k.key in ("odt", "ods") and k.content_type == mimetype), None)
            elif "[Content_Types].xml" in names:  # Office Open XML: the top folder says what the document is
                folders = {name.split("/", 1)[0] for name in names}
                kind = ACCEPTED_KINDS["docx" if "word" in folders else "xlsx"] if folders & {"word", "xl"} else None
            if kind is None or kind.key not in kinds:  # plain .zip, .pptx, .odp, … and kinds not asked for
                raise _wrong_type(shown, kinds)
            # orig_filename: zipfile cuts .filename at a NUL, hiding exactly what is looked for here.
            if any(_unsafe_member(info.orig_filename) for info in members):
                raise _refuse("unsafe_archive", shown)
            declared = sum(info.file_size for info in members)
            compressed = sum(info.compress_size for info in members)
            if len(members) > MAX_ZIP_MEMBERS or declared > min(MAX_ZIP_UNCOMPRESSED, MAX_ZIP_RATIO * compressed):
                raise _refuse("zip_bomb", shown)
            if any(info.filename.rsplit("/", 1)[-1].lower() == "vbaproject.bin" for info in members):
                raise _refuse("macro", shown)
            if any(info.flag_bits & 0x1 for info in members):
                raise _refuse("encrypted", shown)
            # Declared sizes are the sender's word: decompress everything (which also checks every CRC), in
            # chunks, with a running cap on the bytes really produced.
            produced = 0
            for info in members:
                with archive.open(info) as stream:
                    while chunk := stream.read(CHUNK):
                        produced += len(chunk)
                        if produced > MAX_ZIP_UNCOMPRESSED:
                            raise _refuse("zip_bomb", shown)
    except DomainError:
        raise
    except Exception as exc:
        raise _refuse("corrupted", shown) from exc
    return kind


# --- entry point ------------------------------------------------------------------------------------------


def inspect_upload(fileobj: typing.BinaryIO, *, name: str, accepted: Iterable[str], max_bytes: int) -> InspectedFile:
    """Check one upload and describe it, or raise ``DomainError``. The file position is 0 afterwards."""
    kinds, shown = accepted_kinds(accepted), _shown(name)
    try:
        fileobj.seek(0)
        size, sha256, head, streams = _read(fileobj, shown, max_bytes)
        fileobj.seek(0)
        if head.startswith(OLE_MAGIC):
            kind = _check_ole(streams, shown, kinds)
        elif head.startswith(ZIP_MAGIC):
            kind = _check_zip(fileobj, shown, size, kinds)
        else:
            if head.startswith(JPEG_MAGIC):
                kind = ACCEPTED_KINDS["jpg"]
            elif head.startswith(PNG_MAGIC):
                kind = ACCEPTED_KINDS["png"]
            elif b"%PDF-" in head:  # viewers tolerate some junk before the header; so do we, up to 1 KiB
                kind = ACCEPTED_KINDS["pdf"]
            else:
                raise _wrong_type(shown, kinds)
            if kind.key not in kinds:
                raise _wrong_type(shown, kinds)
            if kind.key == "pdf":
                _check_pdf(fileobj, shown, head.find(b"%PDF-"))
            else:
                _check_image(fileobj, shown, kind)
    finally:
        fileobj.seek(0)
    return InspectedFile(kind, size, sha256, sanitise_filename(name, extension=kind.extension))
