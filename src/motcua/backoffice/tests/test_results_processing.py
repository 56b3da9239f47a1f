"""Results through HTTP: upload (PDF only), sign at the signing step, finish, and hand the result over."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import EDataItem
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import pdf_upload, png_upload
from motcua.dossiers.tests.office import office_world
from motcua.dossiers.workflow import State

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db


def _url(name: str, dossier: Dossier, *args) -> str:
    return reverse(f"backoffice:{name}", args=[dossier.code, *args])


def _messages(client) -> str:
    return " ".join(str(m) for m in client.get(reverse("backoffice:my_tasks")).context["messages"])


def _fresh(dossier: Dossier) -> Dossier:
    dossier.refresh_from_db()
    return dossier


def _upload(client, dossier, upload, title="Giấy chứng nhận đủ điều kiện chăn nuôi"):
    form = {"version": dossier.version, "title": title}
    if upload is not None:
        form["file"] = upload
    return client.post(_url("result_upload", dossier), form)


def test_the_specialist_uploads_a_pdf_result(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    response = _upload(client, dossier, pdf_upload("Ket qua"))
    assert response.status_code == 303
    result = dossier.results.get()
    assert result.code == f"{dossier.code}-KQ1" and result.signed_at is None
    message = _messages(client)
    assert result.code in message and "ký số" in message


def test_a_result_needs_a_file_and_the_file_must_be_a_pdf(office, desk, at_step):
    dossier = at_step(office, 1)
    client = desk(office.specialist)
    missing = _upload(client, dossier, None)
    assert missing.status_code == 200
    html = missing.content.decode()
    assert 'href="#id_file"' in html and "Vui lòng chọn tệp kết quả (PDF)." in html

    image = _upload(client, dossier, png_upload("ket-qua.png"))
    assert image.status_code == 200 and 'href="#id_file"' in image.content.decode()

    disguised = _upload(client, dossier, SimpleUploadedFile("ket-qua.pdf", b"not a pdf at all", "application/pdf"))
    assert disguised.status_code == 200 and 'href="#id_file"' in disguised.content.decode()
    assert not dossier.results.exists()


def test_finishing_needs_a_signed_result(office, desk, at_step):
    dossier = at_step(office, 3)
    client = desk(office.leader)
    client.post(_url("finish", dossier), {"version": dossier.version})
    assert "Chưa có văn bản kết quả" in _messages(client)

    services.result_add(dossier=dossier, officer=office.leader, title="Giấy chứng nhận", upload=pdf_upload())
    client.post(_url("finish", dossier), {"version": _fresh(dossier).version})
    assert "chưa được ký số" in _messages(client)
    assert _fresh(dossier).state == State.PROCESSING


def test_the_leader_signs_the_result_then_finishes(office, desk, at_step):
    dossier = at_step(office, 3)
    result = services.result_add(dossier=dossier, officer=office.leader, title="Giấy chứng nhận", upload=pdf_upload())
    client = desk(office.leader)
    response = client.post(_url("result_sign", dossier, result.public_id))
    assert response.status_code == 303 and response["Location"] == reverse("backoffice:dossier", args=[dossier.code])
    assert "Đã ký số kết quả" in _messages(client)
    result.refresh_from_db()
    assert result.signed_at is not None and result.signer_label == str(office.leader)
    with result.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

    again = client.post(_url("result_sign", dossier, result.public_id))
    assert again.status_code == 303 and "đã được ký số" in _messages(client)

    response = client.post(_url("finish", dossier), {"version": _fresh(dossier).version, "note": "Đồng ý cấp."})
    assert response.status_code == 303
    assert "Đã hoàn thành xử lý" in _messages(client)
    assert _fresh(dossier).state == State.RESULT_READY


def test_only_the_signing_step_signs(office, desk, at_step):
    dossier = at_step(office, 1)
    result = services.result_add(dossier=dossier, officer=office.specialist, title="Dự thảo", upload=pdf_upload())
    client = desk(office.specialist)
    client.post(_url("result_sign", dossier, result.public_id))
    assert "bước ký duyệt" in _messages(client)
    result.refresh_from_db()
    assert result.signed_at is None


def test_a_result_of_another_dossier_or_agency_is_a_404(office, desk, at_step):
    dossier = at_step(office, 3)
    result = services.result_add(dossier=dossier, officer=office.leader, title="Giấy chứng nhận", upload=pdf_upload())
    other = at_step(office, 3)
    assert desk(office.leader).post(_url("result_sign", other, result.public_id)).status_code == 404
    stranger = desk(office_world().leader)
    assert stranger.post(_url("result_sign", dossier, result.public_id)).status_code == 404
    result.refresh_from_db()
    assert result.signed_at is None


def _ready(office, at_step, signed_result) -> Dossier:
    dossier = signed_result(office, at_step(office, 3))
    return services.dossier_finish(dossier=dossier, officer=office.leader)


def test_returning_by_post_needs_the_tracking_number(office, desk, at_step, signed_result):
    dossier = _ready(office, at_step, signed_result)
    client = desk(office.reception)
    response = client.post(_url("return_result", dossier), {"version": dossier.version, "method": "post", "note": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_note"' in html and "mã bưu gửi" in html
    assert _fresh(dossier).state == State.RESULT_READY


def test_the_reception_officer_returns_the_result_by_post(office, desk, at_step, signed_result):
    dossier = _ready(office, at_step, signed_result)
    client = desk(office.reception)
    form = {"version": dossier.version, "method": "post", "note": "EK123456789VN"}
    response = client.post(_url("return_result", dossier), form)
    assert response.status_code == 303
    assert "EK123456789VN" in _messages(client)
    assert _fresh(dossier).state == State.RETURNED and "EK123456789VN" in dossier.return_note
    assert EDataItem.objects.filter(owner=office.applicant, source_code=dossier.code).exists()


def test_returning_needs_a_method(office, desk, at_step, signed_result):
    dossier = _ready(office, at_step, signed_result)
    response = desk(office.reception).post(_url("return_result", dossier), {"version": dossier.version})
    assert response.status_code == 200 and 'href="#id_method_0"' in response.content.decode()
    assert _fresh(dossier).state == State.RESULT_READY
