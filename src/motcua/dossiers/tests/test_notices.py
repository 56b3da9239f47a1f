from unittest import mock

import pytest
from django.core import mail

from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantData
from motcua.dossiers.services.core import dossier_transition
from motcua.dossiers.workflow import State
from motcua.notifications.models import InboxMessage, Notification

DECLARED_EMAIL, DECLARED_PHONE = "hoso@example.vn", "0987654321"
ACCOUNT_EMAIL, ACCOUNT_PHONE = "taikhoan@example.vn", "0912345678"


@pytest.fixture
def declared(applicant, procedure):
    """A draft whose declared contacts differ from the account's."""
    applicant.email = ACCOUNT_EMAIL
    applicant.save()
    assert applicant.phone == ACCOUNT_PHONE
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    return _declare(draft, phone=DECLARED_PHONE, email=DECLARED_EMAIL)


def _declare(draft, *, phone, email):
    return services.dossier_draft_update_applicant(
        dossier=draft,
        actor=draft.applicant,
        applicant=ApplicantData(address="Kon Tum", phone=phone, email=email),
        principal=None,
    )


def _transition(action, dossier, officer):
    if action == "request_supplement":
        services.dossier_request_supplement(
            dossier=dossier, officer=officer, reason="Thiếu bản sao sổ hộ khẩu", items=[{"name": "Sổ hộ khẩu"}]
        )
        return Dossier.objects.get(pk=dossier.pk)
    if action == "receive":
        return services.dossier_receive(dossier=dossier, officer=officer)
    if action == "withdraw":
        return services.dossier_withdraw(dossier=dossier, actor=dossier.applicant, reason="Nộp nhầm")
    return dossier_transition(dossier=dossier, action=action, actor=officer, note="Sai thủ tục")


# action → (actions that come before it, what the notice tells the applicant to do next)
NOTICES = {
    "submit": ([], "Theo dõi tại “Trang cá nhân” → “Danh sách giao dịch”"),
    "receive": (["submit"], "Bạn không cần làm gì thêm lúc này"),
    "request_supplement": (["submit", "receive"], "tải lên và bấm “Gửi bổ sung”"),
    "refuse": (["submit"], "bạn có thể nộp hồ sơ mới sau khi khắc phục"),
    "finish": (["submit", "receive"], "Xem hướng dẫn nhận kết quả trên trang hồ sơ"),
    "return_result": (["submit", "receive", "finish"], "Mời bạn đánh giá mức độ hài lòng"),
    "withdraw": (["submit"], "hồ sơ sẽ không được giải quyết tiếp"),
}


def _run(action, dossier, officer, submit):
    return submit(dossier) if action == "submit" else _transition(action, dossier, officer)


def _new_since(model, last_id):
    return list(model.objects.filter(pk__gt=last_id).order_by("id"))


def _last_id(model):
    return model.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize("action", list(NOTICES))
def test_each_transition_tells_the_applicant_once_in_app_by_email_and_sms(action, declared, officer, submit, settings):
    before, next_step = NOTICES[action]
    dossier = declared
    for earlier in before:
        dossier = _run(earlier, dossier, officer, submit)
    inbox_from, notifications_from = _last_id(InboxMessage), _last_id(Notification)

    dossier = _run(action, dossier, officer, submit)

    (message,) = _new_since(InboxMessage, inbox_from)
    assert message.user == dossier.applicant
    assert dossier.code in message.subject
    assert next_step in message.body
    assert dossier.code in message.body and dossier.procedure.name in message.body
    assert message.link == f"/ca-nhan/ho-so/{dossier.code}/"
    assert message.read_at is None

    email, sms = _new_since(Notification, notifications_from)
    url = f"{settings.MOTCUA_PUBLIC_URL}/ca-nhan/ho-so/{dossier.code}/"
    assert (email.channel, email.recipient, email.subject, email.status) == (
        Notification.Channel.EMAIL,
        DECLARED_EMAIL,
        message.subject,
        Notification.Status.QUEUED,
    )
    assert email.body == f"{message.body}\n\n{url}"
    assert (sms.channel, sms.recipient, sms.status) == (
        Notification.Channel.SMS,
        DECLARED_PHONE,
        Notification.Status.QUEUED,
    )
    assert sms.body == f"{message.subject}. {url}"


@pytest.mark.parametrize("action", ["request_supplement", "refuse"])
def test_notices_of_a_refusal_or_a_supplement_give_the_reason(action, declared, officer, submit):
    dossier = declared
    for earlier in NOTICES[action][0]:
        dossier = _run(earlier, dossier, officer, submit)
    _run(action, dossier, officer, submit)
    body = InboxMessage.objects.order_by("-id").first().body
    assert ("Lý do: Thiếu bản sao sổ hộ khẩu" if action == "request_supplement" else "Lý do: Sai thủ tục") in body


def test_the_reception_notice_gives_the_due_date(clock, declared, officer, submit):
    dossier = services.dossier_receive(dossier=submit(declared), officer=officer)
    assert dossier.due_at is not None
    assert "Ngày hẹn trả kết quả: 09 giờ 00 phút, ngày 19/03/2025." in InboxMessage.objects.order_by("-id")[0].body


def test_notices_are_delivered_to_the_declared_contacts_after_commit(
    declared, submit, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        dossier = submit(declared)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([DECLARED_EMAIL], f"Hồ sơ {dossier.code} đã được nộp thành công")
    ]
    assert set(Notification.objects.values_list("recipient", "status")) == {
        (DECLARED_EMAIL, Notification.Status.SENT),
        (DECLARED_PHONE, Notification.Status.SENT),
    }


def test_an_invalid_phone_on_the_dossier_skips_sms_but_keeps_in_app_and_email(declared, submit):
    draft = _declare(declared, phone="12345", email=DECLARED_EMAIL)
    dossier = submit(draft)
    assert InboxMessage.objects.filter(user=dossier.applicant).count() == 1
    assert list(Notification.objects.values_list("channel", "recipient")) == [("email", DECLARED_EMAIL)]


def test_an_invalid_email_on_the_dossier_skips_email_but_keeps_in_app_and_sms(declared, submit):
    draft = _declare(declared, phone=DECLARED_PHONE, email="khong-phai-email")
    submit(draft)
    assert InboxMessage.objects.count() == 1
    assert list(Notification.objects.values_list("channel", "recipient")) == [("sms", DECLARED_PHONE)]


def test_a_contact_left_empty_on_the_dossier_falls_back_to_the_accounts(declared, submit):
    submit(_declare(declared, phone="", email=DECLARED_EMAIL))
    assert set(Notification.objects.values_list("channel", "recipient")) == {
        ("email", DECLARED_EMAIL),
        ("sms", ACCOUNT_PHONE),
    }


def test_start_processing_sends_nothing(declared, officer, submit):
    dossier = services.dossier_receive(dossier=submit(declared), officer=officer)
    inbox_from, notifications_from = _last_id(InboxMessage), _last_id(Notification)
    dossier = dossier_transition(dossier=dossier, action="start_processing", actor=officer)
    assert dossier.state == State.PROCESSING
    assert _new_since(InboxMessage, inbox_from) == []
    assert _new_since(Notification, notifications_from) == []


def test_an_illegal_transition_sends_nothing(declared, officer, submit):
    dossier = submit(declared)
    InboxMessage.objects.all().delete()
    Notification.objects.all().delete()
    with pytest.raises(DomainError):
        dossier_transition(dossier=dossier, action="finish", actor=officer)
    assert not InboxMessage.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("action", ["submit", "receive", "request_supplement", "withdraw"])
def test_notices_are_rolled_back_with_a_transition_that_fails_after_writing_them(
    action, declared, officer, submit, django_capture_on_commit_callbacks
):
    from motcua.dossiers.services import core

    dossier = declared
    for earlier in NOTICES[action][0]:
        dossier = _run(earlier, dossier, officer, submit)
    state = Dossier.objects.get(pk=dossier.pk).state
    inbox_from, notifications_from = _last_id(InboxMessage), _last_id(Notification)

    def notify_then_crash(**kwargs):
        core_notify(**kwargs)
        assert InboxMessage.objects.filter(pk__gt=inbox_from).exists()  # written inside the transaction
        raise RuntimeError("lỗi sau khi ghi thông báo")

    core_notify = core.event_notify
    with (
        mock.patch.object(core, "event_notify", notify_then_crash),
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
    ):
        _run(action, dossier, officer, submit)

    assert _new_since(InboxMessage, inbox_from) == []
    assert _new_since(Notification, notifications_from) == []
    assert callbacks == []  # the deliveries registered for after commit went with the rollback
    assert Dossier.objects.get(pk=dossier.pk).state == state


def test_a_failed_submission_keeps_no_code_and_sends_nothing(declared, submit):
    from motcua.dossiers.services import core

    with (
        mock.patch.object(core, "event_notify", side_effect=RuntimeError("lỗi")),
        pytest.raises(RuntimeError),
    ):
        submit(declared)
    declared.refresh_from_db()
    assert (declared.state, declared.code, declared.submitted_at) == (State.DRAFT, None, None)
    assert not InboxMessage.objects.exists()
