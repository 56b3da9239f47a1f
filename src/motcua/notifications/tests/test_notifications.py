import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from motcua.core.errors import DomainError
from motcua.notifications.base import SmsDeliveryError, sms_gateway
from motcua.notifications.models import Notification
from motcua.notifications.services import normalise_phone, notification_deliver, notification_send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_email_is_recorded_then_delivered_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(
            channel="email", to="dn@example.vn", subject="Xác nhận", body="Bấm vào đường link."
        )
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Xác nhận"]


def test_sms_to_the_outbox_gateway(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(channel="sms", to="+84 912 345 678", body="Mã OTP: 123456")
    notification.refresh_from_db()
    assert (notification.recipient, notification.status) == ("0912345678", Notification.Status.SENT)


@pytest.mark.parametrize("raw", ["0912.345.678", "84912345678", "+84912345678", "0912 345 678"])
def test_phone_numbers_are_normalised(raw):
    assert normalise_phone(raw) == "0912345678"


@pytest.mark.parametrize("raw", ["", "12345", "0112345678", "09123456789", "abc", "+1 202 555 0100"])
def test_bad_phone_numbers_are_refused_in_vietnamese(raw):
    with pytest.raises(DomainError, match="Số điện thoại di động không hợp lệ"):
        notification_send(channel="sms", to=raw, body="x")
    assert not Notification.objects.exists()


def test_bad_email_and_empty_body_are_refused():
    with pytest.raises(DomainError, match="thư điện tử không hợp lệ"):
        notification_send(channel="email", to="not-an-address", body="x")
    with pytest.raises(DomainError, match="không được để trống"):
        notification_send(channel="sms", to="0912345678", body="   ")


class _Gateway(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).received.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def http_gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Gateway.received, _Gateway.status = [], 200
    settings.MOTCUA_SMS_GATEWAY = "http"
    settings.MOTCUA_SMS_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.MOTCUA_SMS_TOKEN = "secret-token"
    yield _Gateway
    server.shutdown()


def test_http_gateway_posts_json_with_the_token(http_gateway):
    sms_gateway().send(to="0912345678", body="Mã OTP: 654321")
    assert http_gateway.received == [
        ("Bearer secret-token", {"to": "0912345678", "message": "Mã OTP: 654321", "sender": "DVC KONTUM"})
    ]


def test_failed_delivery_is_recorded_and_retried_up_to_five_times(http_gateway):
    http_gateway.status = 503
    notification = Notification.objects.create(channel="sms", recipient="0912345678", body="x")
    with pytest.raises(SmsDeliveryError):
        sms_gateway().send(to="0912345678", body="x")
    statuses = [notification_deliver(notification_id=notification.pk) for _ in range(6)]
    notification.refresh_from_db()
    assert statuses == ["queued"] * 4 + ["failed", "failed"]
    assert notification.attempts == 5 and "503" in notification.last_error


def test_http_gateway_configuration_is_checked(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.MOTCUA_SMS_GATEWAY = "http"
    settings.MOTCUA_SMS_URL = "http://gateway.example/send"
    settings.MOTCUA_SMS_TOKEN = ""
    with pytest.raises(SystemCheckError, match="MOTCUA_SMS_TOKEN is required"):
        call_command("check")


def test_outbox_page_lists_messages_and_is_off_when_disabled(client, settings):
    Notification.objects.create(channel="sms", recipient="0912345678", body="Mã OTP của bạn là 246810")
    assert "246810" in client.get("/hop-thu/").content.decode()
    settings.MOTCUA_OUTBOX_PAGE = False
    assert client.get("/hop-thu/").status_code == 404
