"""Sending messages: record first, deliver in the background, retry what failed."""

import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError

from .base import SmsDeliveryError, sms_gateway
from .models import InboxMessage, Notification

MAX_ATTEMPTS = 5
DELIVERY_BATCH = 200  # messages per delivery task of notify_people_many
VN_MOBILE = re.compile(r"^0[35789]\d{8}$")


def normalise_phone(raw: str) -> str:
    """``+84 912 345 678`` / ``84912345678`` / ``0912.345.678`` → ``0912345678``, or DomainError."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not VN_MOBILE.match(digits):
        raise DomainError("Số điện thoại di động không hợp lệ (ví dụ đúng: 0912345678).", code="phone")
    return digits


def notification_send(*, channel: str, to: str, body: str, subject: str = "") -> Notification:
    """Record one message and deliver it after the surrounding transaction commits."""
    if channel == Notification.Channel.SMS:
        to = normalise_phone(to)
    elif channel == Notification.Channel.EMAIL:
        try:
            validate_email(to)
        except ValidationError:
            raise DomainError("Địa chỉ thư điện tử không hợp lệ.", code="email") from None
    else:
        raise DomainError(f"Kênh thông báo không hỗ trợ: {channel}")
    if not body.strip():
        raise DomainError("Nội dung thông báo không được để trống.")
    notification = Notification.objects.create(channel=channel, recipient=to, subject=subject[:255], body=body)
    from .tasks import notification_deliver_task

    transaction.on_commit(lambda: notification_deliver_task.enqueue(notification.pk))
    return notification


def _retry_later(notification: Notification) -> None:
    """Back off 1, 2, 4, 8 minutes (on backends that can defer; the others leave it queued for a resend)."""
    from .tasks import notification_deliver_task

    if not notification_deliver_task.get_backend().supports_defer:
        return
    run_after = timezone.now() + dt.timedelta(minutes=2 ** (notification.attempts - 1))
    transaction.on_commit(lambda: notification_deliver_task.using(run_after=run_after).enqueue(notification.pk))


@transaction.atomic
def notification_deliver(*, notification_id: int) -> str:
    """Deliver one queued message once; a failure is recorded, and retried by the next call (≤ 5 attempts)."""
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    if notification.status == Notification.Status.SENT or notification.attempts >= MAX_ATTEMPTS:
        return notification.status
    notification.attempts += 1
    try:
        if notification.channel == Notification.Channel.EMAIL:
            send_mail(notification.subject, notification.body, settings.DEFAULT_FROM_EMAIL, [notification.recipient])
        else:
            sms_gateway().send(to=notification.recipient, body=notification.body)
    except (SmsDeliveryError, OSError) as error:
        notification.last_error = str(error)[:500]
        if notification.attempts >= MAX_ATTEMPTS:
            notification.status = Notification.Status.FAILED
        else:
            _retry_later(notification)
    else:
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
    notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return notification.status


def notify_person(*, user, subject: str, body: str, link: str = "", email: str = "", phone: str = "") -> InboxMessage:
    """Tell one person something: always in their list on the portal, and by e-mail and SMS where we can.

    ``email`` / ``phone`` are the contacts to use (the ones declared on the dossier); the account's own are the
    fallback. A contact that is not valid is skipped — the in-app notice is the record that always exists.
    Call inside the transaction of the change: the rows commit with it, delivery runs after.
    """
    message = InboxMessage.objects.create(user=user, subject=subject[:255], body=body, link=link)
    url = f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}{link}" if link else ""
    email = email or getattr(user, "email", "")
    phone = phone or getattr(user, "phone", "")
    if email:
        with contextlib.suppress(DomainError):
            notification_send(
                channel=Notification.Channel.EMAIL,
                to=email,
                subject=subject,
                body=f"{body}\n\n{url}".strip(),
            )
    if phone:
        with contextlib.suppress(DomainError):
            notification_send(channel=Notification.Channel.SMS, to=phone, body=f"{subject}. {url}".strip())
    return message


@dataclass(frozen=True)
class PersonNotice:
    """One notice for ``notify_people_many``: the arguments ``notify_person`` takes."""

    user: Any
    subject: str
    body: str
    link: str = ""
    email: str = ""
    phone: str = ""


def notify_people_many(*, notices: Iterable[PersonNotice], batch_size: int = 1000) -> list[InboxMessage]:
    """``notify_person`` for many people at once: the same rows (bulk inserted) and the same deliveries.

    Every notice gets its portal message; e-mail and SMS go to the valid contacts (the others are skipped, as
    ``notify_person`` does). Delivery is enqueued after the surrounding transaction commits, one task per
    message as ``notification_deliver_task`` takes them — nothing is dropped.
    """
    notices = list(notices)
    if not notices:
        return []
    messages = InboxMessage.objects.bulk_create(
        [InboxMessage(user=n.user, subject=n.subject[:255], body=n.body, link=n.link) for n in notices],
        batch_size=batch_size,
    )
    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    outgoing: list[Notification] = []
    for notice in notices:
        url = f"{base}{notice.link}" if notice.link else ""
        email = notice.email or getattr(notice.user, "email", "")
        phone = notice.phone or getattr(notice.user, "phone", "")
        mail_body, sms_body = f"{notice.body}\n\n{url}".strip(), f"{notice.subject}. {url}".strip()
        if email and mail_body and _email_valid(email):
            outgoing.append(
                Notification(
                    channel=Notification.Channel.EMAIL, recipient=email, subject=notice.subject[:255], body=mail_body
                )
            )
        if phone and sms_body:
            with contextlib.suppress(DomainError):
                outgoing.append(
                    Notification(channel=Notification.Channel.SMS, recipient=normalise_phone(phone), body=sms_body)
                )
    created = Notification.objects.bulk_create(outgoing, batch_size=batch_size)
    ids = [n.pk for n in created]
    if ids:

        def enqueue() -> None:
            from .tasks import notifications_deliver_task

            for start in range(0, len(ids), DELIVERY_BATCH):
                notifications_deliver_task.enqueue(ids[start : start + DELIVERY_BATCH])

        transaction.on_commit(enqueue)
    return messages


def _email_valid(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def inbox_mark_read(*, user, message_ids: list[int] | None = None) -> int:
    """Mark ``user``'s notices read (all unread ones when ``message_ids`` is None); returns how many changed."""
    unread = InboxMessage.objects.filter(user=user, read_at__isnull=True)
    if message_ids is not None:
        unread = unread.filter(pk__in=message_ids)
    return unread.update(read_at=timezone.now())
