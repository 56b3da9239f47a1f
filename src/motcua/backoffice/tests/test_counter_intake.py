"""Counter intake ("Tiếp nhận hồ sơ trực tiếp"): a walk-in dossier started, filled, scanned, received at the desk."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalogue.models import ComponentRequirement
from motcua.catalogue.services import procedure_refresh_search
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import (
    ComponentFactory,
    ProcedureCaseFactory,
    ProcedureFactory,
    citizen,
    officer_of,
    pdf_upload,
)
from motcua.dossiers.workflow import State
from motcua.notifications.models import InboxMessage

pytestmark = pytest.mark.django_db

START = reverse("backoffice:counter_start")
APPLICANT = {
    "name": "Trần Văn Bình",
    "id_number": "062090001234",
    "date_of_birth": "15/04/1990",
    "address": "Số 5 Lê Lợi, phường Quyết Thắng, tỉnh Kon Tum",
    "phone": "0912 345 678",
    "email": "",
    "result_delivery": "counter",
    "result_address": "",
}


def _draft_url(dossier: Dossier) -> str:
    return f"/mot-cua/tiep-nhan-truc-tiep/{dossier.public_id}/"


def _start(client, procedure, **extra) -> Dossier:
    response = client.post(START, {"procedure": procedure.code, **extra})
    assert response.status_code == 303, response.content.decode()
    public_id = re.fullmatch(r"/mot-cua/tiep-nhan-truc-tiep/([0-9a-f-]+)/", response["Location"]).group(1)
    return Dossier.objects.get(public_id=public_id)


def _component(world) -> ComponentRequirement:
    return world.procedure.cases.get().components.get()


def _upload(client, draft: Dossier, component: ComponentRequirement, *files):
    url = f"{_draft_url(draft)}thanh-phan/{component.pk}/"
    return client.post(url, {"tep": list(files)})


def _filled(client, world, **applicant) -> Dossier:
    """A counter draft of ``world.procedure`` with the applicant block saved (nothing attached yet)."""
    draft = _start(client, world.procedure)
    response = client.post(_draft_url(draft), {**APPLICANT, **applicant})
    assert response.status_code == 303 and response["Location"] == _draft_url(draft), response.content.decode()
    return draft


def test_a_walk_in_dossier_is_started_filled_scanned_and_received(client, world, sign_in):
    sign_in(client, world.reception)
    search = client.get(START, {"q": world.procedure.code}).content.decode()
    assert "Mã hoặc tên thủ tục" in search and world.procedure.name in search and "Bắt đầu nhập hồ sơ" in search

    draft = _start(client, world.procedure)
    assert (draft.state, draft.received_at_counter, draft.entered_by, draft.applicant) == (
        State.DRAFT,
        True,
        world.reception,
        None,
    )
    page = client.get(_draft_url(draft)).content.decode()
    assert "Thông tin người nộp" in page and "Thành phần hồ sơ" in page and _component(world).name in page
    assert client.post(_draft_url(draft), APPLICANT).status_code == 303
    uploaded = _upload(client, draft, _component(world), pdf_upload(name="don.pdf"))
    assert uploaded.status_code == 303 and uploaded["Location"].endswith(f"#component-{_component(world).pk}")
    page = client.get(_draft_url(draft)).content.decode()
    assert "don.pdf" in page and "Đã tải lên" in page and "Trần Văn Bình" in page

    response = client.post(f"{_draft_url(draft)}tiep-nhan/")

    draft.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"] == f"/mot-cua/ho-so/{draft.code}/"
    assert draft.state == State.RECEIVED and draft.code and draft.due_at is not None
    assert draft.received_at_counter is True and draft.applicant is None
    assert (draft.applicant_name, draft.applicant_id_number, draft.applicant_phone) == (
        "Trần Văn Bình",
        "062090001234",
        "0912345678",
    )
    shown = client.get(START).content.decode()  # the success message, with the link to print form 01
    assert f"Đã tiếp nhận hồ sơ {draft.code}" in shown and "Ngày hẹn trả kết quả" in shown
    assert f"/mot-cua/ho-so/{draft.code}/mau-01.pdf" in shown
    assert "In Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu số 01)" in shown
    assert _draft_url(draft) not in shown  # no longer among the drafts to resume

    again = client.post(f"{_draft_url(draft)}tiep-nhan/")  # pressed twice: the received dossier, nothing new
    assert again.status_code == 303 and again["Location"] == f"/mot-cua/ho-so/{draft.code}/"
    assert Dossier.objects.filter(received_at_counter=True).count() == 1


def test_a_person_with_an_account_gets_the_dossier_in_their_account_and_a_notice(client, world, sign_in):
    person = citizen(id_number="062195001234")
    sign_in(client, world.reception)
    draft = _filled(client, world, id_number="0621 9500 1234")
    _upload(client, draft, _component(world), pdf_upload())
    assert client.post(f"{_draft_url(draft)}tiep-nhan/").status_code == 303
    draft.refresh_from_db()
    assert draft.state == State.RECEIVED and draft.applicant == person
    assert InboxMessage.objects.filter(user=person, subject__contains=draft.code).exists()
    assert "gắn với tài khoản của người nộp" in client.get(START).content.decode()


def test_receiving_without_a_required_component_lists_what_is_missing(client, world, sign_in):
    sign_in(client, world.reception)
    draft = _filled(client, world)
    response = client.post(f"{_draft_url(draft)}tiep-nhan/")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Có lỗi cần sửa" in html
    assert f"Chưa đính kèm thành phần hồ sơ bắt buộc: {_component(world).name}" in html
    assert f'href="#tep-{_component(world).pk}"' in html
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.code is None


def test_receiving_an_empty_draft_lists_the_applicant_problems_too(client, world, sign_in):
    sign_in(client, world.reception)
    draft = _start(client, world.procedure)
    html = client.post(f"{_draft_url(draft)}tiep-nhan/").content.decode()
    assert "Chưa nhập họ tên" in html and "Cần ít nhất số điện thoại hoặc thư điện tử" in html
    assert 'href="#thong-tin-nguoi-nop"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "06209000123", "Số định danh cá nhân gồm đúng 12 chữ số"),
        ("id_number", "", "Nhập số định danh cá nhân (12 chữ số) hoặc mã số thuế"),
        ("phone", "12345", "Số điện thoại di động không hợp lệ"),
        ("name", "", "Nhập họ và tên (hoặc tên tổ chức) của người nộp."),
        ("date_of_birth", "31/02/1990", "Ngày không hợp lệ"),
        ("result_delivery", "post", "Nhập địa chỉ nhận kết quả qua bưu chính."),
    ],
)
def test_a_wrong_applicant_block_is_shown_again_with_the_message_and_what_was_typed(
    client, world, sign_in, field, value, message
):
    sign_in(client, world.reception)
    draft = _start(client, world.procedure)
    typed = {**APPLICANT, "address": "Thôn 3, xã Đăk Hà", field: value}
    response = client.post(_draft_url(draft), typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Có lỗi cần sửa" in html and message in html
    assert "Thôn 3, xã Đăk Hà" in html
    draft.refresh_from_db()
    assert draft.applicant_address == ""


def test_phone_or_email_is_needed_and_a_tax_code_is_accepted(client, world, sign_in):
    sign_in(client, world.reception)
    draft = _start(client, world.procedure)
    response = client.post(_draft_url(draft), {**APPLICANT, "phone": ""})
    assert response.status_code == 400 and "Nhập số điện thoại di động hoặc thư điện tử" in response.content.decode()
    saved = client.post(_draft_url(draft), {**APPLICANT, "id_number": "0101234567001", "phone": "", "email": "a@b.vn"})
    assert saved.status_code == 303
    draft.refresh_from_db()
    assert (draft.applicant_id_number, draft.applicant_email) == ("0101234567-001", "a@b.vn")


def test_a_disguised_file_is_refused_with_a_clear_message(client, world, sign_in):
    sign_in(client, world.reception)
    draft = _filled(client, world)
    fake = SimpleUploadedFile("giay-to.pdf", "chỉ là văn bản".encode(), content_type="application/pdf")
    response = _upload(client, draft, _component(world), fake)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Có lỗi cần sửa" in html and "giay-to.pdf" in html and "không thuộc loại được nhận" in html
    assert f'href="#tep-{_component(world).pk}"' in html
    assert not draft.files.exists()


def test_a_file_over_the_component_limit_is_refused_with_a_message_not_an_error_page(client, world, sign_in):
    ComponentRequirement.objects.filter(pk=_component(world).pk).update(max_size_mb=1)
    sign_in(client, world.reception)
    draft = _filled(client, world)
    big = SimpleUploadedFile("ban-quet.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    response = _upload(client, draft, _component(world), big)
    assert response.status_code == 400
    assert "vượt quá dung lượng cho phép" in response.content.decode()


def test_an_upload_without_a_file_says_so(client, world, sign_in):
    sign_in(client, world.reception)
    draft = _filled(client, world)
    response = client.post(f"{_draft_url(draft)}thanh-phan/{_component(world).pk}/", {})
    assert response.status_code == 400 and "Chưa chọn tệp nào để tải lên." in response.content.decode()
    assert client.post(f"{_draft_url(draft)}thanh-phan/999999/", {}).status_code == 404


def test_another_officers_draft_and_a_bad_id_are_not_found(client, world, sign_in):
    other = officer_of(world.centre)
    sign_in(client, other)
    draft = _start(client, world.procedure)
    client.logout()
    sign_in(client, world.reception)
    assert client.get(_draft_url(draft)).status_code == 404
    assert client.post(_draft_url(draft), APPLICANT).status_code == 404
    assert _upload(client, draft, _component(world), pdf_upload()).status_code == 404
    assert client.post(f"{_draft_url(draft)}tiep-nhan/").status_code == 404
    assert client.get(f"/mot-cua/tiep-nhan-truc-tiep/{uuid.uuid4()}/").status_code == 404
    assert client.get("/mot-cua/tiep-nhan-truc-tiep/khong-phai-uuid/").status_code == 404
    assert _draft_url(draft) not in client.get(START).content.decode()
    assert not draft.files.exists()


def test_a_procedure_is_found_by_words_of_its_name(client, world, sign_in):
    procedure_refresh_search(procedure=world.procedure)
    html = sign_in(client, world.reception).get(START, {"q": "chan nuoi"}).content.decode()
    assert world.procedure.name in html and f'value="{world.procedure.code}"' in html
    nothing = client.get(START, {"q": "xây dựng nhà ở"}).content.decode()
    assert "Không tìm thấy thủ tục nào khớp với “xây dựng nhà ở”" in nothing


def test_unfinished_drafts_are_listed_to_resume(client, world, sign_in):
    sign_in(client, world.reception)
    draft = _filled(client, world)
    html = client.get(START).content.decode()
    assert "Hồ sơ đang nhập dở" in html and _draft_url(draft) in html and "Trần Văn Bình" in html


def test_a_specialist_is_refused(client, world, sign_in):
    sign_in(client, world.specialist)
    response = client.get(START)
    assert response.status_code == 403
    assert "Chỉ cán bộ tiếp nhận" in response.content.decode()
    assert client.post(START, {"procedure": world.procedure.code}).status_code == 403
    assert not Dossier.objects.filter(entered_by=world.specialist).exists()


def test_post_only_addresses_answer_405_to_get(client, world, sign_in):
    sign_in(client, world.reception)
    draft = _start(client, world.procedure)
    assert client.get(f"{_draft_url(draft)}thanh-phan/{_component(world).pk}/").status_code == 405
    assert client.get(f"{_draft_url(draft)}tiep-nhan/").status_code == 405


def test_a_procedure_the_desk_does_not_receive_for_is_refused_with_the_services_message(client, world, sign_in):
    elsewhere = ProcedureFactory(agency=AgencyFactory(name="Sở Tài chính"))
    sign_in(client, world.reception)
    response = client.post(START, {"procedure": elsewhere.code})
    assert response.status_code == 403
    assert "Bạn không tiếp nhận hồ sơ của cơ quan này." in response.content.decode()
    missing = client.post(START, {"procedure": "0.000000"})
    assert missing.status_code == 400 and "Không tìm thấy thủ tục hành chính có mã" in missing.content.decode()


def test_a_procedure_with_several_cases_asks_which_one(client, world, sign_in):
    first = world.procedure.cases.get()
    second = ProcedureCaseFactory(procedure=world.procedure, name="Cấp lại do mất", position=2)
    ComponentFactory(case=second, name="Đơn đề nghị cấp lại")
    sign_in(client, world.reception)
    asked = client.post(START, {"procedure": world.procedure.code})
    html = asked.content.decode()
    assert asked.status_code == 200 and "Chọn trường hợp" in html and "Cấp lại do mất" in html
    assert 'type="radio"' in html and 'name="chon-truong-hop"' in html
    unanswered = client.post(START, {"procedure": world.procedure.code, "chon-truong-hop": "1"})
    assert unanswered.status_code == 400 and "Chọn trường hợp thực hiện thủ tục." in unanswered.content.decode()
    draft = _start(client, world.procedure, case=str(second.pk), **{"chon-truong-hop": "1"})
    assert draft.case == second
    page = client.get(_draft_url(draft)).content.decode()
    assert "Đơn đề nghị cấp lại" in page and 'name="case"' in page
    switched = client.post(_draft_url(draft), {**APPLICANT, "case": str(first.pk)})
    assert switched.status_code == 303
    draft.refresh_from_db()
    assert draft.case == first
