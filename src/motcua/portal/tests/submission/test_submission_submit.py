"""Nộp hồ sơ trực tuyến: “Kiểm tra”, “Nộp hồ sơ” (captcha, idempotency), the confirmation, and who may see what."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalogue.models import OnlineLevel
from motcua.dossiers.models import Dossier, DossierCodeCounter, DossierFile
from motcua.dossiers.tests.factories import (
    citizen,
    fee,
)
from motcua.dossiers.workflow import State

from .support import (
    AGENCY,
    applicant_post,
    complete,
    html,
    make_pdf,
    step_url,
    submit,
    upload,
    upload_url,
)

pytestmark = pytest.mark.django_db


# --- Step 5: Kiểm tra và nộp ----------------------------------------------------------------------------------
def test_review_lists_every_answer_with_change_links(signed_in, draft, component, procedure):
    fee(procedure, 150000)
    complete(signed_in, draft, component)
    page = html(signed_in.get(step_url(draft, "kiem-tra")))
    for text in [
        "Kiểm tra thông tin trước khi nộp",
        'aria-label="Thay đổi thông tin người nộp"',
        'aria-label="Thay đổi thành phần hồ sơ"',
        'aria-label="Thay đổi hình thức nhận kết quả"',
        "to-khai.pdf",
        "Nhận kết quả trực tuyến",
        "150.000 đ",
        "5 ngày làm việc",
        'name="idempotency_key"',
        f'action="{reverse("portal:draft_submit", args=[draft.public_id])}"',
    ]:
        assert text in page, text
    assert ">Nộp hồ sơ</button>" in page


def test_a_missing_required_component_blocks_submission(signed_in, draft, component):
    signed_in.post(step_url(draft, "nguoi-nop"), applicant_post())
    page = html(signed_in.get(step_url(draft, "kiem-tra")))
    assert "Hồ sơ chưa đủ để nộp" in page
    assert "Chưa đính kèm thành phần hồ sơ bắt buộc: Tờ khai đăng ký" in page
    assert f'href="{step_url(draft, "thanh-phan")}"' in page
    assert reverse("portal:draft_submit", args=[draft.public_id]) not in page
    response = submit(signed_in, draft)
    assert response.status_code == 409 and "Tờ khai đăng ký" in html(response)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.code is None


def test_a_wrong_captcha_keeps_everything(signed_in, draft, component, settings):
    complete(signed_in, draft, component)
    settings.ALTCHA_TEST_MODE = False
    page = html(signed_in.get(step_url(draft, "kiem-tra")))
    assert "Mã xác nhận" in page and "mã xác nhận" in page and "<altcha-widget" in page
    key = uuid.uuid4().hex
    response = submit(signed_in, draft, key, captcha="abc")
    page = html(response)
    assert response.status_code == 400
    assert "Mã xác nhận không đúng" in page and 'href="#captcha-field"' in page
    assert f'value="{key}"' in page  # the same key: a retry still cannot make two dossiers
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and DossierFile.objects.filter(dossier=draft).count() == 1


def test_submit_goes_to_the_confirmation_with_the_code(signed_in, draft, component, procedure):
    fee(procedure, 150000)
    complete(signed_in, draft, component)
    response = submit(signed_in, draft)
    draft.refresh_from_db()
    today = timezone.localdate()
    assert draft.code == f"{AGENCY}-{today:%y%m%d}-0001" and draft.state == State.SUBMITTED
    assert response.status_code == 303
    assert response.headers["Location"] == f"/ca-nhan/ho-so/{draft.code}/da-nop/"
    page = html(signed_in.get(response.headers["Location"]))
    for text in [
        "Nộp hồ sơ thành công",
        draft.code,
        "Mới đăng ký",
        "Những việc tiếp theo",
        "Thanh toán phí/lệ phí",
        "Tải phiếu xác nhận (PDF)",
        f'href="/ca-nhan/ho-so/{draft.code}/phieu-xac-nhan.pdf"',
        f'href="/ca-nhan/ho-so/{draft.code}/"',
        'href="/ca-nhan/giao-dich/"',
    ]:
        assert text in page, text
    assert signed_in.get(step_url(draft, "kiem-tra")).status_code == 404  # no longer a draft


def test_a_double_click_makes_one_dossier(signed_in, draft, component):
    complete(signed_in, draft, component)
    key = uuid.uuid4().hex
    first, second = submit(signed_in, draft, key), submit(signed_in, draft, key)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert Dossier.objects.count() == 1 and DossierCodeCounter.objects.get().last_number == 1
    # Another key on the submitted dossier: nothing to submit any more.
    assert submit(signed_in, draft).status_code == 404


def test_acknowledgment_pdf(signed_in, draft, component):
    complete(signed_in, draft, component)
    submit(signed_in, draft)
    draft.refresh_from_db()
    response = signed_in.get(reverse("portal:acknowledgment", args=[draft.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="phieu-xac-nhan-{draft.code}.pdf"'
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_drafts_have_no_confirmation_nor_acknowledgment(signed_in, draft):
    for name in ("portal:submission_done", "portal:acknowledgment"):
        assert signed_in.get(reverse(name, args=[str(draft.pk)])).status_code == 404


def test_discard_a_draft(signed_in, draft):
    url = reverse("portal:draft_discard", args=[draft.public_id])
    assert "Xóa bản nháp hồ sơ?" in html(signed_in.get(url))
    response = signed_in.post(url)
    assert response.headers["Location"] == reverse("portal:transactions")
    assert not Dossier.objects.exists()


# --- Nobody reaches another person's dossier ------------------------------------------------------------------
def test_another_persons_draft_files_and_dossier_are_404(client, signed_in, draft, component):
    complete(signed_in, draft, component)
    stored = DossierFile.objects.get()
    other = Client()
    other.force_login(citizen())
    for response in (
        other.get(step_url(draft, "nguoi-nop")),
        other.post(step_url(draft, "nguoi-nop"), applicant_post()),
        other.get(reverse("portal:draft_resume", args=[draft.public_id])),
        other.post(upload_url(draft, component), {"tep": upload("b.pdf", make_pdf())}),
        other.get(reverse("portal:draft_reuse", args=[draft.public_id, component.pk])),
        other.post(reverse("portal:draft_file_remove", args=[draft.public_id, stored.public_id])),
        other.post(reverse("portal:draft_discard", args=[draft.public_id])),
        submit(other, draft),
    ):
        assert response.status_code == 404
    submit(signed_in, draft)
    draft.refresh_from_db()
    for name in ("portal:submission_done", "portal:acknowledgment"):
        assert other.get(reverse(name, args=[draft.code])).status_code == 404
    assert DossierFile.objects.count() == 1 and Dossier.objects.count() == 1


def test_a_file_of_another_draft_cannot_be_removed_through_this_one(signed_in, draft, component, procedure):
    signed_in.post(upload_url(draft, component), {"tep": upload("a.pdf", make_pdf())})
    stored = DossierFile.objects.get()
    signed_in.post(reverse("portal:procedure_submit", args=[procedure.code]))
    second = Dossier.objects.exclude(pk=draft.pk).get()
    url = reverse("portal:draft_file_remove", args=[second.public_id, stored.public_id])
    assert signed_in.post(url).status_code == 404
    assert DossierFile.objects.count() == 1


def test_pages_need_a_signed_in_person(client, draft):
    client.logout()
    response = client.get(step_url(draft, "nguoi-nop"))
    assert response.status_code == 302 and response.headers["Location"].startswith("/tai-khoan/dang-nhap/")


def test_csrf_is_enforced(draft, applicant, component):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(applicant)
    assert strict.post(step_url(draft, "nguoi-nop"), applicant_post()).status_code == 403
    assert strict.post(upload_url(draft, component), {"tep": upload("a.pdf", make_pdf())}).status_code == 403
    assert strict.post(reverse("portal:procedure_submit", args=[draft.procedure.code])).status_code == 403
    assert not DossierFile.objects.exists() and Dossier.objects.count() == 1


# --- The words the published guides use --------------------------------------------------------------------------
def test_the_guides_words_appear_on_our_pages(signed_in, draft, component, settings):
    seen = html(signed_in.get(reverse("portal:procedure_submit", args=[draft.procedure.code])))
    for step in ("nguoi-nop", "thanh-phan", "nhan-ket-qua"):
        seen += html(signed_in.get(step_url(draft, step)))
    draft.procedure.online_level = OnlineLevel.PARTIAL
    draft.procedure.save(update_fields=["online_level"])
    seen += html(signed_in.get(step_url(draft, "nhan-ket-qua")))
    complete(signed_in, draft, component)
    settings.ALTCHA_TEST_MODE = False
    seen += html(signed_in.get(step_url(draft, "kiem-tra")))
    for words in [
        "Nộp hồ sơ trực tuyến",
        "Thông tin người nộp",
        "Thành phần hồ sơ",
        "Tiếp tục",
        "mã xác nhận",
        "Mã xác nhận",
        "Nộp hồ sơ",
        "Nộp hồ sơ tại nhà",
        "nhận kết quả tại nhà",
    ]:
        assert words in seen, words


def test_every_wizard_page_renders_without_inline_script(signed_in, draft, component):
    complete(signed_in, draft, component)
    for step in ("nguoi-nop", "thanh-phan", "nhan-ket-qua", "kiem-tra"):
        page = html(signed_in.get(step_url(draft, step)))
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), step
        assert "{#" not in page and "#}" not in page
    assert User.objects.filter(pk=draft.applicant_id).exists()
