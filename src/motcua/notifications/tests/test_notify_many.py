"""notify_people_many: the rows and deliveries notify_person makes, for many people at once."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction

from motcua.notifications.models import InboxMessage, Notification
from motcua.notifications.services import PersonNotice, notify_people_many, notify_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _people() -> list:
    User = get_user_model()
    return [
        User.objects.create(username="a", email="a@example.vn", phone="0912345678"),
        User.objects.create(username="b"),  # no contact: the portal notice only
        User.objects.create(username="c", email="not-an-address", phone="12345"),  # bad contacts: skipped
    ]


def _notices(people: list) -> list[PersonNotice]:
    return [
        PersonNotice(user=people[0], subject="Đã thanh toán", body="Khoản PT1 đã thanh toán.", link="/ca-nhan/x/"),
        PersonNotice(user=people[1], subject="Đã thanh toán", body="Khoản PT2.", phone="+84 987 654 321"),
        PersonNotice(user=people[2], subject="Đã thanh toán", body="Khoản PT3."),
    ]


def _rows() -> tuple[list, list]:
    inbox = sorted(InboxMessage.objects.values_list("user__username", "subject", "body", "link"))
    outgoing = sorted(Notification.objects.values_list("channel", "recipient", "subject", "body", "status"))
    return inbox, outgoing


def test_the_same_rows_and_deliveries_as_one_by_one(django_capture_on_commit_callbacks):
    people = _people()
    with django_capture_on_commit_callbacks(execute=True):
        for notice in _notices(people):
            notify_person(
                user=notice.user,
                subject=notice.subject,
                body=notice.body,
                link=notice.link,
                email=notice.email,
                phone=notice.phone,
            )
    one_by_one, sent_before = _rows(), len(mail.outbox)
    InboxMessage.objects.all().delete()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        made = notify_people_many(notices=_notices(people), batch_size=2)
    assert _rows() == one_by_one
    assert len(made) == 3 and len(callbacks) == 1  # delivery enqueued once the transaction commits
    assert len(mail.outbox) == 2 * sent_before == 2
    statuses = set(Notification.objects.values_list("status", flat=True))
    assert statuses == {Notification.Status.SENT}  # e-mail and SMS both delivered, none dropped
    assert set(Notification.objects.values_list("recipient", flat=True)) == {"a@example.vn", "0912345678", "0987654321"}


def test_nothing_to_send_writes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify_people_many(notices=[]) == []
    assert not callbacks and not InboxMessage.objects.exists() and not Notification.objects.exists()


def test_nothing_is_delivered_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    people = _people()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify_people_many(notices=_notices(people))
        raise RuntimeError("rolled back")
    assert not callbacks and not InboxMessage.objects.exists() and not Notification.objects.exists()
    assert mail.outbox == []
