"""Registering webhook endpoints: a secret shown once, bad addresses refused in Vietnamese, every change audited."""

import pytest

from motcua.audit.models import AuditEntry
from motcua.core.errors import DomainError
from motcua.integrations.models import WebhookEndpoint
from motcua.integrations.services import webhook_endpoint_create, webhook_endpoint_disable, webhook_secret_renew

pytestmark = pytest.mark.django_db


def test_a_new_endpoint_gets_a_random_secret_and_the_creation_is_audited():
    first, secret = webhook_endpoint_create(name="Hệ thống A", url="https://a.example/hook")
    _second, other = webhook_endpoint_create(name="Hệ thống B", url="https://b.example/hook")
    assert secret.startswith("whsec_") and len(secret) > 40 and secret != other
    assert WebhookEndpoint.objects.get(pk=first.pk).secret == secret  # kept: every delivery is signed with it
    entry = AuditEntry.objects.get(subject_type="webhook_endpoint", subject_id=str(first.pk))
    assert entry.action == "create" and entry.data["url"] == "https://a.example/hook" and secret not in str(entry.data)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://a.example/hook", "bắt đầu bằng https://"),
        ("a.example/hook", "bắt đầu bằng https://"),
        ("https://", "bắt đầu bằng https://"),
        ("https://user:pass@a.example/hook", "không được chứa tên đăng nhập hoặc mật khẩu"),
        ("https://a.example:99999/hook", "không hợp lệ"),
    ],
)
def test_addresses_that_are_not_web_addresses_are_refused(url, message):
    with pytest.raises(DomainError) as refused:
        webhook_endpoint_create(name="Hệ thống A", url=url)
    assert message in refused.value.message
    assert not WebhookEndpoint.objects.exists()


def test_production_refuses_plain_http(settings):
    settings.PRODUCTION = True
    with pytest.raises(DomainError, match="phải dùng https://"):
        webhook_endpoint_create(name="Hệ thống A", url="http://a.example/hook")


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://192.168.1.10/hook",
        "https://169.254.169.254/latest/meta-data/",  # the cloud metadata service
        "https://[::1]/hook",
        "https://100.64.0.1/hook",
        "https://localhost/hook",
        "https://may-chu.internal/hook",
    ],
)
def test_private_and_loopback_addresses_are_refused_unless_allowed(settings, url):
    settings.MOTCUA_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(DomainError) as refused:
        webhook_endpoint_create(name="Hệ thống nội bộ", url=url)
    assert "nội bộ" in refused.value.message
    settings.MOTCUA_WEBHOOK_ALLOW_PRIVATE = True
    assert webhook_endpoint_create(name="Hệ thống nội bộ", url=url)[0].pk


def test_a_name_that_does_not_resolve_is_refused_when_addresses_are_checked(settings):
    settings.MOTCUA_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(DomainError, match="không phân giải được"):
        webhook_endpoint_create(name="Hệ thống A", url="https://khong-ton-tai.invalid/hook")


def test_unknown_event_types_and_an_empty_name_are_refused():
    with pytest.raises(DomainError, match=r"Loại sự kiện không tồn tại: dossier\.deleted"):
        webhook_endpoint_create(name="A", url="https://a.example/hook", event_types=["dossier.deleted"])
    with pytest.raises(DomainError, match="Hãy nhập tên"):
        webhook_endpoint_create(name="  ", url="https://a.example/hook")
    with pytest.raises(DomainError, match=r"Không có cơ quan nào mang mã định danh “000\.00\.99\.H34”"):
        webhook_endpoint_create(name="A", url="https://a.example/hook", agency_code="000.00.99.H34")


def test_disabling_and_renewing_the_secret_are_audited():
    endpoint, secret = webhook_endpoint_create(name="A", url="https://a.example/hook")
    renewed = webhook_secret_renew(endpoint_id=endpoint.pk)
    assert renewed != secret and WebhookEndpoint.objects.get(pk=endpoint.pk).secret == renewed
    assert not webhook_endpoint_disable(endpoint_id=endpoint.pk).is_active
    actions = list(AuditEntry.objects.filter(subject_type="webhook_endpoint").values_list("action", flat=True))
    assert actions == ["create", "renew_secret", "disable"]
    with pytest.raises(DomainError, match="Không có điểm nhận webhook số 999"):
        webhook_endpoint_disable(endpoint_id=999)


def test_the_admin_shows_the_secret_once_and_never_on_the_change_page(admin_client):
    response = admin_client.post(
        "/quan-tri/integrations/webhookendpoint/add/",
        {"name": "Hệ thống A", "url": "https://a.example/hook", "is_active": "on", "event_types": ["dossier.received"]},
        follow=True,
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.event_types == ["dossier.received"]
    assert endpoint.secret in response.content.decode()  # the message after creation, once
    change = admin_client.get(f"/quan-tri/integrations/webhookendpoint/{endpoint.pk}/change/").content.decode()
    assert endpoint.secret not in change
    refused = admin_client.post(
        "/quan-tri/integrations/webhookendpoint/add/", {"name": "B", "url": "ftp://b.example/", "is_active": "on"}
    )
    assert refused.status_code == 200 and WebhookEndpoint.objects.count() == 1
    assert "bắt đầu bằng https://" in refused.content.decode()
