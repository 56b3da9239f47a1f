"""Trang cá nhân: what the applicant does on a dossier — supplement it, withdraw it, rate the service."""

# ruff: noqa: F811 — the tests take the fixtures imported from personal_fixtures as arguments

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import DossierEvent, DossierFile, SatisfactionSurvey
from motcua.dossiers.services import SURVEY_CRITERIA
from motcua.dossiers.workflow import Action, State

from .personal_fixtures import (  # noqa: F401 (fixtures)
    _fast_passwords,
    applicant,
    component,
    dossier,
    finish,
    html,
    officer,
    pdf_upload,
    procedure,
    request_supplement,
    signed_in,
    stranger_client,
    submit,
)

pytestmark = pytest.mark.django_db


# --- Bổ sung hồ sơ ----------------------------------------------------------------------------------------
def test_supplement_round_trip(signed_in, dossier, officer):
    request_supplement(dossier, officer)
    dossier.refresh_from_db()
    due_before = dossier.due_at
    url = f"/ca-nhan/ho-so/{dossier.code}/bo-sung/"
    page = html(signed_in.get(url))
    assert "<h1>Bổ sung hồ sơ</h1>" in page
    assert "Giấy chứng nhận quyền sử dụng đất (bản sao rõ nét)" in page and "Chụp rõ trang 1" in page
    assert "Trần Văn Bình, 0260 3797799" in page and 'name="tep"' in page and "multiple" in page

    response = signed_in.post(f"{url}0/tai-len/", {"tep": [pdf_upload("giay-chung-nhan.pdf", "supplement")]})
    assert response.status_code == 302
    added = DossierFile.objects.get(dossier=dossier, supplement__isnull=False)
    page = html(signed_in.get(url))
    assert "giay-chung-nhan.pdf" in page and "Đã tải lên 1 tệp." in page
    assert f'action="/ca-nhan/ho-so/{dossier.code}/bo-sung/tep/{added.public_id}/xoa/"' in page

    response = signed_in.post(url, {"note": "Đã chụp lại bản rõ nét."}, follow=True)
    page = html(response)
    assert response.redirect_chain[-1][0] == f"/ca-nhan/ho-so/{dossier.code}/"
    assert f"Đã gửi bổ sung. Mã hồ sơ không thay đổi: {dossier.code}" in page
    old_code = dossier.code
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED and dossier.code == old_code
    assert dossier.due_at >= due_before
    assert "Bổ sung hồ sơ" in page and "Đã chụp lại bản rõ nét." in page  # the event with its note
    assert "giay-chung-nhan.pdf" in page  # now among the files sent
    assert DossierEvent.objects.filter(dossier=dossier, action=Action.SUPPLEMENT).exists()


def test_supplement_with_an_item_missing_says_which(signed_in, dossier, officer):
    request_supplement(
        dossier, officer, items=[{"name": "Bản vẽ hiện trạng", "note": ""}, {"name": "Giấy ủy quyền", "note": ""}]
    )
    url = f"/ca-nhan/ho-so/{dossier.code}/bo-sung/"
    signed_in.post(f"{url}0/tai-len/", {"tep": [pdf_upload("ban-ve.pdf")]})
    response = signed_in.post(url, {"note": ""})
    assert response.status_code == 400
    assert "Chưa đính kèm: Giấy ủy quyền" in html(response)
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED


def test_a_wrong_file_is_refused_and_nothing_is_stored(signed_in, dossier, officer):
    request_supplement(dossier, officer)
    before = DossierFile.objects.count()
    fake = SimpleUploadedFile("anh.pdf", b"this is not a pdf at all", content_type="application/pdf")
    response = signed_in.post(f"/ca-nhan/ho-so/{dossier.code}/bo-sung/0/tai-len/", {"tep": [fake]})
    page = html(response)
    assert response.status_code == 400
    assert "không thuộc loại được nhận" in page and 'class="error-summary"' in page
    assert DossierFile.objects.count() == before


def test_upload_without_a_file_or_to_an_unknown_row(signed_in, dossier, officer):
    request_supplement(dossier, officer)
    url = f"/ca-nhan/ho-so/{dossier.code}/bo-sung/"
    response = signed_in.post(f"{url}0/tai-len/", {})
    assert response.status_code == 400 and "Vui lòng chọn tệp cần tải lên." in html(response)
    assert signed_in.post(f"{url}7/tai-len/", {"tep": [pdf_upload()]}).status_code == 404


def test_a_supplement_file_can_be_removed_before_sending(signed_in, dossier, officer):
    request_supplement(dossier, officer)
    url = f"/ca-nhan/ho-so/{dossier.code}/bo-sung/"
    signed_in.post(f"{url}0/tai-len/", {"tep": [pdf_upload("nham.pdf")]})
    added = DossierFile.objects.get(dossier=dossier, supplement__isnull=False)
    response = signed_in.post(f"{url}tep/{added.public_id}/xoa/")
    assert response.status_code == 302
    assert not DossierFile.objects.filter(pk=added.pk).exists()
    original = DossierFile.objects.get(dossier=dossier)
    refused = signed_in.post(f"{url}tep/{original.public_id}/xoa/")  # a file sent with the dossier stays
    assert refused.status_code == 409 and DossierFile.objects.filter(pk=original.pk).exists()


def test_supplement_page_without_an_open_request(signed_in, dossier):
    response = signed_in.get(f"/ca-nhan/ho-so/{dossier.code}/bo-sung/")
    assert response.status_code == 409
    assert "không có yêu cầu bổ sung nào đang chờ" in html(response)
    assert signed_in.post(f"/ca-nhan/ho-so/{dossier.code}/bo-sung/", {"note": ""}).status_code == 409


# --- Rút hồ sơ --------------------------------------------------------------------------------------------
def test_withdraw_needs_a_reason(signed_in, dossier):
    url = f"/ca-nhan/ho-so/{dossier.code}/rut-ho-so/"
    page = html(signed_in.get(url))
    assert "<h1>Rút hồ sơ</h1>" in page and "Lý do rút hồ sơ" in page
    response = signed_in.post(url, {"reason": "  "})
    assert response.status_code == 400 and "Vui lòng cho biết lý do rút hồ sơ." in html(response)
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED

    response = signed_in.post(url, {"reason": "Tôi nộp nhầm thủ tục."}, follow=True)
    dossier.refresh_from_db()
    assert dossier.state == State.WITHDRAWN
    page = html(response)
    assert f"Đã rút hồ sơ {dossier.code}" in page and "Tôi nộp nhầm thủ tục." in page
    assert 'href="/ca-nhan/ho-so/' + dossier.code + '/rut-ho-so/"' not in page
    again = signed_in.post(url, {"reason": "Lần nữa"})
    assert again.status_code == 409


# --- Đánh giá mức độ hài lòng -----------------------------------------------------------------------------
def survey_answers(**changes):
    answers = {key: "2" for key, _label in SURVEY_CRITERIA} | {"convenience": "satisfied", "overall": "very_satisfied"}
    return answers | changes


def test_survey_reads_in_english_when_english_is_chosen(signed_in, dossier, officer, settings):
    finish(dossier, officer)
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(signed_in.get(f"/ca-nhan/ho-so/{dossier.code}/danh-gia/"))
    for label in ("Very satisfied", "Dissatisfied", "Not good enough", "The result is accurate and lawful"):
        assert label in page
    for label in ("Rất hài lòng", "Không hài lòng", "Chưa tốt", "Kết quả giải quyết chính xác, đúng quy định"):
        assert label not in page


def test_survey_only_after_the_result(signed_in, dossier):
    url = f"/ca-nhan/ho-so/{dossier.code}/danh-gia/"
    assert signed_in.get(url).status_code == 409
    assert signed_in.post(url, survey_answers()).status_code == 409
    assert not SatisfactionSurvey.objects.exists()


def test_survey_validates_then_thanks_once(signed_in, dossier, officer):
    finish(dossier, officer)
    detail = html(signed_in.get(f"/ca-nhan/ho-so/{dossier.code}/"))
    assert "Đánh giá mức độ hài lòng" in detail and "Kết quả giải quyết sẽ hiển thị tại đây khi" not in detail
    url = f"/ca-nhan/ho-so/{dossier.code}/danh-gia/"
    page = html(signed_in.get(url))
    assert page.count('type="radio"') == 9 * 3 + 2 * 3
    for label in (
        "Tốt",
        "Chưa tốt",
        "Không đạt",
        "Mức độ thuận tiện",
        "Mức độ hài lòng chung",
        "Rất hài lòng",
        "Góp ý",
    ):
        assert label in page

    incomplete = survey_answers()
    del incomplete[SURVEY_CRITERIA[3][0]]
    del incomplete["overall"]
    response = signed_in.post(url, incomplete)
    page = html(response)
    assert response.status_code == 400
    assert "Chưa chấm điểm tiêu chí 4." in page and "Vui lòng chọn mức độ hài lòng chung." in page
    assert f'href="#id_{SURVEY_CRITERIA[3][0]}_0"' in page
    assert signed_in.post(url, survey_answers(fees="5")).status_code == 400

    response = signed_in.post(url, survey_answers(comment="Cán bộ hướng dẫn tận tình."), follow=True)
    assert "Cảm ơn bạn đã đánh giá" in html(response)
    survey = SatisfactionSurvey.objects.get(dossier=dossier)
    assert survey.overall == "very_satisfied" and survey.scores["fees"] == 2

    again = signed_in.get(url, follow=True)
    assert "Hồ sơ này đã được đánh giá. Cảm ơn bạn!" in html(again)
    assert SatisfactionSurvey.objects.count() == 1
