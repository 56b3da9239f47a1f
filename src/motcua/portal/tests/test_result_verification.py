"""Public "Kiểm tra văn bản kết quả" (the QR code on signed results): who issued it, is it intact, is my copy it."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.documents.signing import result_pdf_signed
from motcua.documents.tests.dossier_fixtures import agency, make_dossier, procedure
from motcua.dossiers.models import DossierResult
from motcua.dossiers.tests.factories import pdf_bytes
from motcua.portal import verification

__all__ = ["agency", "procedure"]  # fixtures used by name

pytestmark = [pytest.mark.django_db, pytest.mark.urls("motcua.portal.tests.verification_urls")]

DOSSIER = "000.00.16.H34-261123-0007"
CODE = f"{DOSSIER}-KQ1"
URL = f"/kiem-tra-ket-qua/{CODE}/"
GENUINE = "Văn bản điện tử này do Sở Khoa học và Công nghệ ký số; bản trên hệ thống còn nguyên vẹn."


@pytest.fixture(scope="module")
def var_dir(tmp_path_factory):
    """One demo signing CA for the module (made once, as once per installation: key generation is slow)."""
    return tmp_path_factory.mktemp("var")


@pytest.fixture(autouse=True)
def _files(settings, tmp_path, var_dir):
    settings.VAR_DIR = var_dir
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_SIGNING_PKCS12 = ""
    settings.MOTCUA_SIGNING_TRUST_ROOTS = []
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signed_pdf(agency, text: str = "Giay phep tien hanh cong viec buc xa", code: str = CODE) -> bytes:
    return result_pdf_signed(
        pdf_bytes=pdf_bytes(text),
        agency=agency,
        result_code=code,
        verify_url=f"http://testserver/kiem-tra-ket-qua/{code}/",
        signer_name="Nguyễn Văn An",
    )


def store(data: bytes) -> str:
    return default_storage.save("ket-qua/2026/11/ket-qua.pdf", ContentFile(data))


@pytest.fixture
def signed(agency):
    return signed_pdf(agency)


@pytest.fixture
def result(procedure, signed):
    dossier = make_dossier(procedure, code=DOSSIER)
    return DossierResult.objects.create(
        dossier=dossier,
        number=1,
        code=CODE,
        title="Giấy phép tiến hành công việc bức xạ",
        file=store(signed),
        original_name="giay-phep.pdf",
        size=len(signed),
        sha256=hashlib.sha256(signed).hexdigest(),
        uploaded_by_label="Hoàng Văn Nam",
        signed_at=timezone.now(),
        signer_label="Nguyễn Văn An",
    )


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def upload(client, data: bytes, name: str = "ban-toi-co.pdf"):
    return client.post(URL, {"tep": SimpleUploadedFile(name, data, content_type="application/pdf")})


# --- The page -----------------------------------------------------------------------------------------
def test_a_genuine_result_shows_its_issuer_and_says_it_is_intact(client, result):
    html = page(client)
    for expected in (
        CODE,
        "Giấy phép tiến hành công việc bức xạ",
        "Sở Khoa học và Công nghệ",
        "Nguyễn Văn An",
        GENUINE,
    ):
        assert expected in html
    assert f"{timezone.localtime(result.signed_at):%H:%M %d/%m/%Y}" in html
    assert 'name="csrfmiddlewaretoken"' in html and 'enctype="multipart/form-data"' in html
    assert "Kiểm tra tệp bạn đang có" in html


def test_the_page_shows_nothing_about_the_applicant(client, result):
    html = page(client)
    dossier = result.dossier
    for personal in (
        dossier.applicant_name,
        dossier.applicant_id_number,
        dossier.applicant_phone,
        dossier.applicant_address,
        dossier.applicant_email,
        "02/04/1990",
    ):
        assert personal not in html


def test_a_tampered_stored_file_is_not_called_genuine(client, result):
    path = Path(default_storage.path(result.file.name))
    data = bytearray(path.read_bytes())
    data[len(data) // 10] ^= 0x01
    path.write_bytes(bytes(data))
    html = page(client)
    assert GENUINE not in html
    assert "Không xác nhận được văn bản lưu trên hệ thống là bản đã được ký số." in html
    assert "Tệp lưu trên hệ thống khác với tệp đã được ký số." in html


def test_a_stored_file_swapped_for_another_signed_one_is_caught_by_its_hash(client, result, agency):
    Path(default_storage.path(result.file.name)).write_bytes(signed_pdf(agency, "Ban khac"))
    html = page(client)
    assert GENUINE not in html
    assert "Tệp lưu trên hệ thống khác với tệp đã được ký số." in html


def test_a_stored_file_whose_signature_was_never_valid_is_not_genuine(client, result):
    """Same hash as recorded, but the recorded file was not (or no longer) signed by a trusted CA."""
    unsigned = pdf_bytes("Chua ky")
    Path(default_storage.path(result.file.name)).write_bytes(unsigned)
    DossierResult.objects.filter(pk=result.pk).update(sha256=hashlib.sha256(unsigned).hexdigest())
    html = page(client)
    assert GENUINE not in html
    assert "Tệp không có chữ ký số." in html


def test_a_missing_stored_file_is_said_plainly(client, result):
    default_storage.delete(result.file.name)
    html = page(client)
    assert GENUINE not in html
    assert "Không đọc được tệp văn bản lưu trên hệ thống." in html


@pytest.mark.parametrize("code", ["000.00.16.H34-261123-0007-KQ9", "khong-co", "x" * 300])
def test_an_unknown_code_is_a_404_page(client, result, code):
    response = client.get(f"/kiem-tra-ket-qua/{code}/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_a_result_not_signed_yet_is_not_public(client, result):
    DossierResult.objects.filter(pk=result.pk).update(signed_at=None)
    assert client.get(URL).status_code == 404


# --- Checking an uploaded copy ------------------------------------------------------------------------
def test_uploading_the_issued_file_says_it_matches(client, result, signed):
    response = upload(client, signed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp “ban-toi-co.pdf” trùng khớp với văn bản 000.00.16.H34-261123-0007-KQ1 đã ban hành." in html
    assert "Chữ ký số trên tệp hợp lệ, do Sở Khoa học và Công nghệ ký." in html


def test_uploading_another_pdf_says_it_is_not_the_issued_document(client, result):
    html = upload(client, pdf_bytes("Ban sao chep")).content.decode()
    assert "trùng khớp" not in html
    assert "khác với văn bản 000.00.16.H34-261123-0007-KQ1 đã ban hành" in html
    assert "Tệp không có chữ ký số." in html


def test_an_edited_copy_of_the_issued_file_is_caught(client, result, signed):
    edited = bytearray(signed)
    edited[len(edited) // 10] ^= 0x01
    html = upload(client, bytes(edited)).content.decode()
    assert "trùng khớp" not in html
    assert "Nội dung tệp đã bị thay đổi sau khi ký số" in html


def test_a_validly_signed_but_different_document_is_not_this_one(client, result, agency):
    html = upload(client, signed_pdf(agency, "Van ban khac", code=f"{DOSSIER}-KQ2")).content.decode()
    assert "trùng khớp" not in html
    assert "Tệp có chữ ký số hợp lệ của Sở Khoa học và Công nghệ, nhưng không phải văn bản này." in html


def test_garbage_is_answered_not_crashed_on(client, result):
    html = upload(client, b"\x00" * 1000, name="anh.jpg").content.decode()
    assert "Tệp không phải là tệp PDF hợp lệ hoặc đã bị hỏng." in html


def test_posting_without_a_file_asks_for_one(client, result):
    response = client.post(URL, {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and "Vui lòng chọn tệp PDF cần kiểm tra." in html
    assert 'aria-invalid="true"' in html


def test_a_file_over_the_limit_is_cut_off_while_it_streams_in(client, result, signed, monkeypatch):
    monkeypatch.setattr(verification, "MAX_UPLOAD_MB", len(signed) / verification.MB / 2)
    response = upload(client, signed)
    assert response.status_code == 413
    assert "Tệp vượt quá" in response.content.decode()


def test_an_announced_oversized_body_is_refused_before_it_is_read(result, rf):
    request = rf.post(URL, data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(30 * verification.MB)
    response = verification.result_verify(request, CODE)
    assert response.status_code == 413


def test_the_upload_needs_the_csrf_token(result, signed):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, {"tep": SimpleUploadedFile("a.pdf", signed)})
    assert response.status_code == 403


def test_uploads_are_rate_limited(client, result, settings, monkeypatch):
    from motcua.core import throttle

    monkeypatch.setattr(throttle, "_now", lambda: 1_800_000_000.0)
    settings.MOTCUA_LOOKUP_PER_MINUTE = 2
    assert [upload(client, b"x").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(URL).status_code == 200  # reading the page is never limited
