"""Upload inspection: archives, file position, names, robustness."""

import contextlib
import io
import struct
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.core.errors import DomainError
from motcua.core.uploads import (
    ACCEPTED_KINDS,
    inspect_upload,
    sanitise_filename,
)

from .upload_samples import ALL, DOCUMENTS, MB, docx, make_image, make_pdf, make_zip, ole, refusal, xlsx

# --- refusals: archives -----------------------------------------------------------------------------------


def test_zip_bomb_docx_is_refused():
    assert refusal(docx(**{"word/media/zero.bin": bytes(20 * MB)}), name="đơn.docx").code == "zip_bomb"


def test_docx_declaring_more_than_200_mb_is_refused():
    data = make_zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(range(256)) * 4096},
        compression=zipfile.ZIP_STORED,
    )
    lie = data.replace(struct.pack("<I", 256 * 4096), struct.pack("<I", 201 * MB))
    assert refusal(lie, name="đơn.docx").code == "zip_bomb"


def test_docx_with_more_than_10000_members_is_refused():
    members = {f"word/media/{number}.xml": b"" for number in range(10_001)}
    assert refusal(docx(**members), name="đơn.docx").code == "zip_bomb"


def test_member_larger_than_declared_is_refused():
    data = docx(**{"word/media/a.bin": bytes(range(256)) * 2048})
    lie = data.replace(struct.pack("<I", 256 * 2048), struct.pack("<I", 1000))
    assert refusal(lie, name="đơn.docx").code == "corrupted"


@pytest.mark.parametrize("member", ["../../etc/cron.d/x", "/etc/passwd", "word\\..\\x.xml", "C:/x.xml", "word/a\0b"])
def test_path_traversal_member_is_refused(member):
    data = docx(**{member.replace("\0", "@"): b"x"}).replace(b"a@b", b"a\0b")
    assert refusal(data, name="đơn.docx").code == "unsafe_archive"


def test_macro_enabled_docx_is_refused():
    assert refusal(docx(**{"word/vbaProject.bin": b"\0" * 100}), name="đơn.docm").code == "macro"


def test_password_protected_zip_member_is_refused():
    data = bytearray(docx())
    # Set the "encrypted" flag (bit 0 of the general purpose flags) in the local and central headers.
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + flags_at] |= 1
            at = data.find(signature, at + 1)
    assert refusal(bytes(data), name="đơn.docx").code == "encrypted"


def test_truncated_docx_is_refused():
    data = docx(**{"word/media/anh.png": make_image("PNG", (300, 300))})
    assert refusal(data[: len(data) - 200], name="đơn.docx").code == "corrupted"


def test_password_protected_office_file_is_refused():
    assert refusal(ole("EncryptionInfo", "EncryptedPackage"), name="đơn.docx").code == "encrypted"


def test_doc_with_vba_macros_is_refused():
    assert refusal(ole("WordDocument", "Macros", "VBA", "_VBA_PROJECT"), name="đơn.doc").code == "macro"


# --- file position ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [make_pdf(), make_image("PNG"), b"<html>", b"", docx(), make_pdf()[:300]])
def test_position_is_reset_after_inspection(data):
    upload = io.BytesIO(data)
    upload.seek(len(data) // 2)
    with contextlib.suppress(DomainError):
        inspect_upload(upload, name="a.pdf", accepted=DOCUMENTS, max_bytes=MB)
    assert upload.tell() == 0


def test_position_is_reset_after_too_large():
    upload = io.BytesIO(bytes(3 * MB))
    with pytest.raises(DomainError):
        inspect_upload(upload, name="a.pdf", accepted=DOCUMENTS, max_bytes=MB)
    assert upload.tell() == 0


# --- file names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\a\\Tờ khai.PDF", "Tờ khai.pdf"),
        ("\x00evil.pdf", "evil.pdf"),
        ("..\\..\\.bashrc", "bashrc.pdf"),
        ("...", "tep.pdf"),
        ("", "tep.pdf"),
        ("  Giấy   khai\tsinh (bản sao)  .docx", "Giấy khai sinh (bản sao).pdf"),
        ("Hồ sơ #1: bản_sao-2.jpg", "Hồ sơ 1 bản_sao-2.pdf"),
        ("ho\u202esod.exe", "hosod.pdf"),  # right-to-left override: would display as "hoexe.dos"
        ("To\u0300\u031b khai.pdf", "Tờ khai.pdf"),  # decomposed (NFD), as macOS sends it
        ("archive.tar.gz", "archive.tar.pdf"),
        ("Quyết định số 12.2024", "Quyết định số 12.2024.pdf"),  # a number, not an extension
        ("v1.2 bản cuối", "v1.2 bản cuối.pdf"),
    ],
)
def test_sanitise_filename(name, expected):
    assert sanitise_filename(name, extension=".pdf") == expected


def test_sanitise_filename_truncates_long_names_keeping_the_extension():
    name = sanitise_filename("Đơn đề nghị " * 50 + ".docx", extension=".docx")
    assert len(name) <= 120
    assert name.startswith("Đơn đề nghị Đơn")
    assert name.endswith(".docx")
    assert not name.endswith(" .docx"), "no space left dangling where the stem was cut"
    assert len(sanitise_filename("a" * 500, extension=".pdf", max_length=40)) == 40


@given(st.text(), st.sampled_from([kind.extension for kind in ACCEPTED_KINDS.values()]), st.integers(10, 200))
def test_sanitised_names_are_never_paths_or_hidden_files(name, extension, max_length):
    safe = sanitise_filename(name, extension=extension, max_length=max_length)
    assert "/" not in safe
    assert "\\" not in safe
    assert not safe.startswith(".")
    assert safe.endswith(extension)
    assert len(safe) <= max_length
    assert safe.isprintable()


# --- robustness -------------------------------------------------------------------------------------------

SAMPLES = [make_pdf(), make_image("JPEG"), make_image("PNG"), docx(), xlsx(), ole("WordDocument")]
PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"PK\x03\x04",
]


@st.composite
def hostile_bytes(draw):
    """Random bytes, random bytes behind a real magic number, or a real file cut and with one byte changed."""
    choice = draw(st.integers(0, 2))
    if choice == 0:
        return draw(st.binary())
    if choice == 1:
        return draw(st.sampled_from(PREFIXES)) + draw(st.binary())
    sample = bytearray(draw(st.sampled_from(SAMPLES)))
    sample = sample[: draw(st.integers(0, len(sample)))]
    if sample:
        sample[draw(st.integers(0, len(sample) - 1))] = draw(st.integers(0, 255))
    return bytes(sample)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_bytes())
def test_inspect_upload_only_ever_raises_domain_errors(data):
    upload = io.BytesIO(data)
    try:
        inspected = inspect_upload(upload, name="x.pdf", accepted=ALL, max_bytes=MB)
    except DomainError as error:
        assert error.code and error.message
    else:
        assert inspected.size == len(data)
    assert upload.tell() == 0
