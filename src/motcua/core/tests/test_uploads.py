import hashlib
import io

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile
from PIL import Image, JpegImagePlugin

from motcua.core.errors import DomainError
from motcua.core.uploads import (
    ACCEPTED_KINDS,
    accepted_label,
    inspect_upload,
)

from .upload_samples import (
    ALL,
    MB,
    docx,
    inspect,
    make_image,
    make_pdf,
    make_zip,
    odf,
    ole,
    png_claiming,
    raw_pdf,
    refusal,
    xlsx,
)

# --- the kinds --------------------------------------------------------------------------------------------


def test_jpg_and_jpeg_are_the_same_kind():
    assert ACCEPTED_KINDS["jpeg"] is ACCEPTED_KINDS["jpg"]
    assert ACCEPTED_KINDS["jpg"].extension == ".jpg"
    assert ACCEPTED_KINDS["jpg"].content_type == "image/jpeg"
    assert {kind.key for kind in ACCEPTED_KINDS.values()} == {
        "pdf",
        "jpg",
        "png",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "odt",
        "ods",
    }


def test_accepted_label_lists_each_kind_once_and_ignores_unknown_keys():
    assert accepted_label(["pdf", "jpg", "jpeg", "png", "zip", "exe"]) == "PDF, ảnh JPG, ảnh PNG"


# --- what is accepted -------------------------------------------------------------------------------------


def test_pdf_is_accepted_and_described():
    data = make_pdf(pages=2)
    inspected = inspect(data, name="C:\\Hồ sơ\\Tờ khai.PDF")
    assert inspected.kind is ACCEPTED_KINDS["pdf"]
    assert inspected.size == len(data)
    assert inspected.safe_name == "Tờ khai.pdf"


def test_sha256_matches_hashlib():
    data = make_pdf(pages=40)
    assert inspect(data).sha256 == hashlib.sha256(data).hexdigest()


def test_pdf_named_jpg_is_accepted_as_pdf_when_pdf_accepted():
    inspected = inspect(make_pdf(), name="ảnh chụp.jpg")
    assert inspected.kind.key == "pdf"
    assert inspected.safe_name == "ảnh chụp.pdf"


def test_png_named_pdf_is_accepted_as_png_when_png_accepted():
    inspected = inspect(make_image("PNG"), name="giấy tờ.pdf")
    assert inspected.kind.key == "png"
    assert inspected.safe_name == "giấy tờ.png"


def test_jpeg_is_accepted_whether_listed_as_jpg_or_jpeg():
    assert inspect(make_image("JPEG"), name="cccd.jpeg", accepted=["jpeg"]).kind.key == "jpg"
    assert inspect(make_image("JPEG"), name="cccd.JPG", accepted=["jpg"]).safe_name == "cccd.jpg"


def test_pdf_with_a_little_leading_junk_is_accepted():
    assert inspect(b"\r\n" * 100 + make_pdf()).kind.key == "pdf"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (docx(), "docx"),
        (xlsx(), "xlsx"),
        (odf("application/vnd.oasis.opendocument.text"), "odt"),
        (odf("application/vnd.oasis.opendocument.spreadsheet"), "ods"),
    ],
)
def test_office_documents_are_recognised_by_their_members(data, key):
    inspected = inspect(data, name="bảng kê", accepted=ALL)
    assert inspected.kind.key == key
    assert inspected.safe_name == f"bảng kê.{key}"


def test_ole_file_with_word_stream_is_doc():
    assert inspect(ole("WordDocument", "1Table"), name="đơn.doc", accepted=ALL).kind.key == "doc"


def test_ole_file_with_workbook_stream_is_xls():
    assert inspect(ole("Workbook"), name="bảng.doc", accepted=ALL).kind.key == "xls"
    assert inspect(ole("Book"), name="bảng.xls", accepted=ALL).safe_name == "bảng.xls"


def test_undecidable_ole_file_is_doc_if_doc_accepted_else_xls():
    assert inspect(ole("SummaryInformation"), accepted=["doc", "xls"]).kind.key == "doc"
    assert inspect(ole("SummaryInformation"), accepted=["xls"]).kind.key == "xls"


def test_ole_stream_name_found_off_the_directory_grid_does_not_count():
    text = b"x" + "Workbook".encode("utf-16-le") + b"\0\0"  # the word in the document's text, not an entry
    assert inspect(ole("WordDocument") + text, accepted=["doc", "xls"]).kind.key == "doc"


def test_ole_stream_names_are_found_beyond_the_first_chunk():
    assert inspect(ole("Workbook", at=200 * 1024), accepted=["doc", "xls"]).kind.key == "xls"


# --- refusals: size ---------------------------------------------------------------------------------------


def test_empty_file_is_refused():
    assert refusal(b"").code == "empty"


def test_too_large_file_is_refused_with_the_limit_in_mb():
    error = refusal(make_pdf() + b"\0" * MB, max_bytes=MB)
    assert error.code == "too_large"
    assert "tối đa 1 MB" in error.message


def test_size_limit_counts_bytes_not_header():
    data = make_pdf() + b"\0" * (2 * MB)
    upload = InMemoryUploadedFile(io.BytesIO(data), "file", "to-khai.pdf", "application/pdf", 10, None)
    with pytest.raises(DomainError) as caught:
        inspect_upload(upload, name=upload.name, accepted=["pdf"], max_bytes=MB)
    assert caught.value.code == "too_large"
    honest_but_declared_huge = InMemoryUploadedFile(io.BytesIO(make_pdf()), "file", "a.pdf", "x", 10**12, None)
    assert inspect_upload(honest_but_declared_huge, name="a.pdf", accepted=["pdf"], max_bytes=MB).size < MB


def test_reading_stops_as_soon_as_the_limit_is_passed():
    class Counting(io.BytesIO):
        consumed = 0

        def read(self, size=-1):
            chunk = super().read(size)
            self.consumed += len(chunk)
            return chunk

    upload = Counting(b"%PDF-" + b"\0" * (50 * MB))
    with pytest.raises(DomainError):
        inspect_upload(upload, name="lớn.pdf", accepted=["pdf"], max_bytes=MB)
    assert upload.consumed == MB + 1


# --- refusals: type ---------------------------------------------------------------------------------------


def test_png_named_pdf_is_refused_when_png_not_accepted():
    error = refusal(make_image("PNG"), accepted=["pdf", "doc"])
    assert error.code == "wrong_type"
    assert "PDF, Word (.doc)" in error.message


def test_exe_renamed_pdf_is_refused():
    assert refusal(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(500) + b"This program cannot be run in DOS mode").code == (
        "wrong_type"
    )


def test_html_is_refused():
    assert refusal(b"<!DOCTYPE html><html><body>%PDF</body></html>", accepted=ALL).code == "wrong_type"


def test_plain_zip_is_refused_even_if_zip_is_listed():
    assert refusal(make_zip({"a.pdf": make_pdf()}), name="hồ sơ.zip", accepted=[*ALL, "zip"]).code == "wrong_type"


def test_pptx_and_odp_are_refused():
    pptx = make_zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
    assert refusal(pptx, accepted=ALL).code == "wrong_type"
    assert refusal(odf("application/vnd.oasis.opendocument.presentation"), accepted=ALL).code == "wrong_type"


def test_docx_is_refused_when_only_pdf_is_accepted():
    assert refusal(docx(), name="đơn.docx", accepted=["pdf"]).code == "wrong_type"


def test_pdf_header_after_the_first_kib_is_refused():
    assert refusal(b" " * 1024 + make_pdf()).code == "wrong_type"


# --- refusals: PDF ----------------------------------------------------------------------------------------


def test_truncated_pdf_is_refused():
    data = make_pdf(pages=3)
    assert refusal(data[: len(data) * 2 // 3]).code == "corrupted"


def test_pdf_header_with_garbage_is_refused():
    assert refusal(b"%PDF-1.7\n" + bytes(range(256)) * 10).code == "corrupted"


def test_encrypted_pdf_is_refused():
    assert refusal(make_pdf(owner_password="chu", user_password="mat-khau")).code == "pdf_encrypted"


def test_pdf_restricted_by_owner_password_only_is_also_refused():
    assert refusal(make_pdf(owner_password="chu")).code == "pdf_encrypted"


def test_pdf_without_pages_is_refused():
    data = raw_pdf("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>")
    assert refusal(data).code == "pdf_no_pages"


def test_pdf_whose_page_count_lies_is_refused():
    data = raw_pdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 5 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    )
    assert refusal(data).code == "corrupted"


def test_hand_made_one_page_pdf_is_accepted():
    data = raw_pdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    )
    assert inspect(data).kind.key == "pdf"


# --- refusals: images -------------------------------------------------------------------------------------


def test_truncated_jpeg_is_refused():
    data = make_image("JPEG", (400, 300))
    assert refusal(data[: len(data) // 2], name="cccd.jpg").code == "corrupted"


def test_truncated_png_is_refused():
    data = make_image("PNG", (400, 300))
    assert refusal(data[: len(data) // 2], name="cccd.png").code == "corrupted"


def test_image_over_50_megapixels_is_refused_without_touching_pillows_global_limit():
    before = Image.MAX_IMAGE_PIXELS
    assert refusal(png_claiming(8000, 7000), name="bản đồ.png").code == "image_too_large"
    assert before == Image.MAX_IMAGE_PIXELS


def test_decompression_bomb_refused_by_pillow_is_image_too_large():
    assert refusal(png_claiming(20000, 20000), name="bom.png").code == "image_too_large"


def test_jpeg_is_decoded_at_reduced_scale(monkeypatch):
    scales = []
    draft = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = draft(self, mode, size)
        scales.append(self.decoderconfig[0])
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    inspect(make_image("JPEG", (800, 600)), name="ảnh.jpg")
    assert scales == [8]
