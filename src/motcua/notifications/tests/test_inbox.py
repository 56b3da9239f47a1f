import pytest
from django.contrib.auth import get_user_model

from motcua.notifications.models import InboxMessage, Notification
from motcua.notifications.selectors import inbox_for_user, inbox_unread_count
from motcua.notifications.services import inbox_mark_read, notify_person

pytestmark = pytest.mark.django_db


def _user(name: str, *, email: str = "", phone: str = ""):
    return get_user_model().objects.create(username=name, full_name=name.title(), email=email, phone=phone)


def _notify(user, **contacts) -> InboxMessage:
    return notify_person(
        user=user, subject="Hồ sơ đã được tiếp nhận", body="Bạn không cần làm gì thêm.", link="/ca-nhan/", **contacts
    )


def _sent():
    return set(Notification.objects.values_list("channel", "recipient"))


# --- notify_person ---------------------------------------------------------------------------------------
def test_notify_person_writes_the_in_app_notice_with_its_link(settings):
    user = _user("an", email="an@example.vn", phone="0912345678")
    message = _notify(user)
    assert (message.user, message.subject, message.body, message.link, message.read_at) == (
        user,
        "Hồ sơ đã được tiếp nhận",
        "Bạn không cần làm gì thêm.",
        "/ca-nhan/",
        None,
    )
    email = Notification.objects.get(channel=Notification.Channel.EMAIL)
    assert email.body == f"Bạn không cần làm gì thêm.\n\n{settings.MOTCUA_PUBLIC_URL}/ca-nhan/"
    assert email.status == Notification.Status.QUEUED


def test_notify_person_falls_back_to_the_accounts_contacts():
    user = _user("binh", email="binh@example.vn", phone="+84 987 654 321")
    _notify(user)
    assert _sent() == {("email", "binh@example.vn"), ("sms", "0987654321")}


def test_given_contacts_win_over_the_accounts():
    user = _user("chi", email="chi@example.vn", phone="0912345678")
    _notify(user, email="hoso@example.vn", phone="0388888888")
    assert _sent() == {("email", "hoso@example.vn"), ("sms", "0388888888")}


def test_each_missing_contact_falls_back_on_its_own():
    user = _user("dung", email="dung@example.vn", phone="0912345678")
    _notify(user, email="hoso@example.vn")
    assert _sent() == {("email", "hoso@example.vn"), ("sms", "0912345678")}


def test_without_any_contact_only_the_in_app_notice_is_kept():
    user = _user("em")
    _notify(user)
    assert InboxMessage.objects.filter(user=user).count() == 1
    assert not Notification.objects.exists()


def test_invalid_contacts_are_skipped_and_the_in_app_notice_stays():
    user = _user("giang", email="khong-hop-le", phone="12345")
    _notify(user)
    assert InboxMessage.objects.filter(user=user).count() == 1
    assert not Notification.objects.exists()


def test_a_long_subject_is_cut_to_fit():
    message = notify_person(user=_user("ha"), subject="Thông báo " * 40, body="Nội dung")
    assert len(message.subject) == 255
    assert message.link == ""


# --- The person's notices --------------------------------------------------------------------------------
@pytest.fixture
def two_people():
    first, second = _user("khanh"), _user("linh")
    mine = [_notify(first) for _ in range(3)]
    theirs = [_notify(second) for _ in range(2)]
    return first, second, mine, theirs


def test_unread_count_is_per_person(two_people):
    first, second, _, _ = two_people
    assert (inbox_unread_count(user=first), inbox_unread_count(user=second)) == (3, 2)


def test_mark_all_read_touches_only_that_persons_notices(two_people):
    first, second, _, theirs = two_people
    assert inbox_mark_read(user=first) == 3
    assert inbox_unread_count(user=first) == 0
    assert inbox_unread_count(user=second) == 2
    assert not InboxMessage.objects.filter(pk__in=[m.pk for m in theirs], read_at__isnull=False).exists()
    assert inbox_mark_read(user=first) == 0  # nothing left to mark


def test_mark_some_read_ignores_other_peoples_ids(two_people):
    first, second, mine, theirs = two_people
    assert inbox_mark_read(user=first, message_ids=[mine[0].pk, theirs[0].pk, theirs[1].pk]) == 1
    assert inbox_unread_count(user=first) == 2
    assert inbox_unread_count(user=second) == 2
    assert set(InboxMessage.objects.filter(read_at__isnull=False).values_list("pk", flat=True)) == {mine[0].pk}
    assert inbox_mark_read(user=first, message_ids=[]) == 0


def test_marking_again_keeps_the_first_reading_time(two_people):
    first, _, mine, _ = two_people
    inbox_mark_read(user=first, message_ids=[mine[0].pk])
    read_at = InboxMessage.objects.get(pk=mine[0].pk).read_at
    assert inbox_mark_read(user=first, message_ids=[mine[0].pk]) == 0
    assert InboxMessage.objects.get(pk=mine[0].pk).read_at == read_at


def test_inbox_lists_only_the_persons_notices_newest_first(two_people):
    first, _, mine, _ = two_people
    assert list(inbox_for_user(user=first)) == mine[::-1]
