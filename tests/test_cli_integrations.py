"""``motcua webhook add|list|disable`` and ``motcua national-sync status|retry``: the secret printed once on stdout,
messages on stderr, exit codes, no traceback. In process, on the test database (as ``test_cli_payments.py``)."""

from argparse import Namespace

import pytest

from motcua.catalogue.tests.factories import AgencyFactory
from motcua.cli.integrations import (
    cmd_national_retry,
    cmd_national_status,
    cmd_webhook_add,
    cmd_webhook_disable,
    cmd_webhook_list,
)
from motcua.dossiers.tests.office import office_world
from motcua.integrations.models import MessageState, NationalMessage, WebhookEndpoint
from motcua.integrations.tasks import national_sync_task
from motcua.integrations.tests import receivers

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(settings):
    server = receivers.start()
    server.default = receivers.Plan(body={"ma_loi": "00", "mo_ta": "Đã tiếp nhận"})
    settings.MOTCUA_NATIONAL_ADAPTER = "sandbox"
    settings.MOTCUA_NATIONAL = {**settings.MOTCUA_NATIONAL, "URL": f"{server.url}/dong-bo", "TIMEOUT_SECONDS": 1}
    yield server
    server.shutdown()
    server.server_close()


def test_webhook_add_prints_the_secret_once_then_list_and_disable(capsys):
    agency = AgencyFactory(code="000.00.16.H34")
    args = Namespace(name="Cổng tỉnh", url="https://cong.example/hook", agency=agency.code, event=["dossier.received"])
    assert cmd_webhook_add(args) == 0
    out, err = capsys.readouterr()
    endpoint = WebhookEndpoint.objects.get()
    assert out.strip() == endpoint.secret and "chỉ hiển thị một lần" in err and "000.00.16.H34" in err
    assert cmd_webhook_list(Namespace()) == 0
    listed = capsys.readouterr().out
    assert "Cổng tỉnh" in listed and "đang hoạt động" in listed and endpoint.secret not in listed
    assert cmd_webhook_disable(Namespace(id=endpoint.pk)) == 0
    assert "đã tắt" in capsys.readouterr().out
    assert not WebhookEndpoint.objects.get().is_active


def test_webhook_commands_explain_bad_input_in_vietnamese(capsys):
    assert cmd_webhook_add(Namespace(name="X", url="ftp://x.example/", agency=None, event=None)) == 1
    assert "bắt đầu bằng https://" in capsys.readouterr().err
    assert cmd_webhook_add(Namespace(name="X", url="https://x.example/", agency=None, event=["dossier.x"])) == 1
    assert "Loại sự kiện không tồn tại: dossier.x" in capsys.readouterr().err
    assert cmd_webhook_disable(Namespace(id=999)) == 1
    assert "Không có điểm nhận webhook số 999" in capsys.readouterr().err
    assert not WebhookEndpoint.objects.exists()


def test_national_sync_status_and_retry_restart_stopped_queues(portal, capsys):
    dossier = office_world().submitted()
    NationalMessage.objects.update(state=MessageState.GAVE_UP, attempts=7)
    assert cmd_national_status(Namespace()) == 0
    out = capsys.readouterr().out
    assert "gave_up" in out and "hồ sơ đang dừng đồng bộ: 1" in out
    assert cmd_national_retry(Namespace(dossier="KHONG-CO")) == 0
    assert "đã đưa 0 hồ sơ" in capsys.readouterr().out
    assert cmd_national_retry(Namespace(dossier=None)) == 0
    assert "đã đưa 1 hồ sơ" in capsys.readouterr().out
    assert national_sync_task.call(dossier.pk) == 1
    assert NationalMessage.objects.get().state == MessageState.ACCEPTED
