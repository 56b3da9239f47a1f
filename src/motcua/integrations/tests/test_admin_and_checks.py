"""The delivery log and the sync queue in the admin (read-only), and the national adapter's configuration check."""

import pytest
from django.core.checks import run_checks

from motcua.integrations.models import NationalMessage, WebhookDelivery
from motcua.integrations.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db


def test_the_logs_are_readable_and_read_only_in_the_admin(admin_client, world, portal):
    webhook_endpoint_create(name="Hệ thống A", url=f"{portal.url}/hook")
    world.submitted()
    delivery, message = WebhookDelivery.objects.get(), NationalMessage.objects.get()
    for model, row in (("webhookdelivery", delivery), ("nationalmessage", message)):
        assert admin_client.get(f"/quan-tri/integrations/{model}/").status_code == 200
        page = admin_client.get(f"/quan-tri/integrations/{model}/{row.pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert admin_client.get(f"/quan-tri/integrations/{model}/add/").status_code == 403
    assert admin_client.get("/quan-tri/integrations_sandbox/receivedmessage/").status_code == 200


def _errors(ids_prefix="motcua.integrations"):
    return [error for error in run_checks(tags=["integrations"]) if error.id.startswith(ids_prefix)]


def test_the_check_names_an_unknown_adapter_and_a_sandbox_adapter_without_its_receiver(settings):
    assert _errors() == []
    settings.MOTCUA_NATIONAL_ADAPTER = "cong-quoc-gia-that"
    assert [e.id for e in _errors()] == ["motcua.integrations.E001"]
    settings.MOTCUA_NATIONAL_ADAPTER = "sandbox"
    settings.MOTCUA_NATIONAL_SANDBOX = False
    settings.MOTCUA_NATIONAL = {"URL": "", "SECRET": "", "TIMEOUT_SECONDS": 10}
    messages = [e.msg for e in _errors()]
    assert any("MOTCUA_NATIONAL_URL is required" in m for m in messages)
    assert any("MOTCUA_NATIONAL_SECRET is required" in m for m in messages)
    settings.PRODUCTION = True
    settings.MOTCUA_NATIONAL = {"URL": "http://portal.example/", "SECRET": "s", "TIMEOUT_SECONDS": 10}
    assert [e.msg for e in _errors()] == [
        "national adapter 'sandbox': MOTCUA_NATIONAL_URL must use https:// in production"
    ]
