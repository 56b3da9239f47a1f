"""The sandbox national portal: end to end over real HTTP (live server), its answers to bad input, its pages."""

import json
import time
import uuid

import pytest
from django.urls import reverse

from motcua.integrations.contrib.sandbox.adapter import national_secret
from motcua.integrations.contrib.sandbox.models import Behaviour, ReceivedMessage
from motcua.integrations.models import MessageState, NationalMessage
from motcua.integrations.signing import SIGNATURE_HEADER, signature_header
from motcua.integrations.tasks import national_sync_task

RECEIVE = "/sandbox/cong-dvc-quoc-gia/api/dong-bo/"
INDEX = "/sandbox/cong-dvc-quoc-gia/"


@pytest.fixture
def sandbox(live_server, settings):
    """The sandbox adapter pushing to the sandbox receiver of a real server (its default address and secret)."""
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_NATIONAL_ADAPTER = "sandbox"
    settings.MOTCUA_NATIONAL = {**settings.MOTCUA_NATIONAL, "URL": "", "SECRET": "", "TIMEOUT_SECONDS": 1}
    return live_server


def _states(dossier):
    return [m.state for m in NationalMessage.objects.filter(dossier=dossier).order_by("sequence")]


def test_received_dossiers_reach_the_sandbox_portal_in_order_and_are_shown_to_staff(world, sandbox, admin_client):
    dossier = world.received()
    assert national_sync_task.call(dossier.pk) == 2
    assert _states(dossier) == [MessageState.ACCEPTED, MessageState.ACCEPTED]
    got = list(ReceivedMessage.objects.filter(dossier_code=dossier.code).order_by("sequence"))
    assert [(m.sequence, m.status_code) for m in got] == [(1, 1), (2, 2)]
    head = NationalMessage.objects.get(dossier=dossier, sequence=2)
    assert head.response["ma_loi"] == "00" and head.accepted_at is not None
    page = admin_client.get(INDEX).content.decode()
    assert dossier.code in page and "2 — Được tiếp nhận" in page
    detail = admin_client.get(reverse("national_sandbox:dossier", args=[dossier.code])).content.decode()
    assert dossier.applicant_name in detail and "1 — Mới đăng ký" in detail and str(head.message_id) in detail


def test_a_portal_answering_500_then_working_gets_the_message_on_retry(world, sandbox):
    Behaviour.objects.create(pk=1, mode=Behaviour.Mode.ERROR, remaining=1)
    dossier = world.submitted()
    assert national_sync_task.call(dossier.pk) == 0
    message = NationalMessage.objects.get(dossier=dossier)
    assert message.state == MessageState.PENDING and "HTTP 500" in message.last_error
    assert Behaviour.objects.get().mode == Behaviour.Mode.NORMAL  # used up
    NationalMessage.objects.filter(pk=message.pk).update(next_try_at=message.created_at)
    assert national_sync_task.call(dossier.pk) == 1


def test_a_refusing_portal_stops_the_dossier_and_a_slow_one_times_out(world, sandbox):
    Behaviour.objects.create(pk=1, mode=Behaviour.Mode.REJECT, remaining=1)
    refused = world.submitted()
    national_sync_task.call(refused.pk)
    message = NationalMessage.objects.get(dossier=refused)
    assert message.state == MessageState.REJECTED and "chế độ từ chối" in message.last_error
    Behaviour.objects.filter(pk=1).update(mode=Behaviour.Mode.SLOW, remaining=1, slow_seconds=2)
    slow = world.submitted()
    national_sync_task.call(slow.pk)
    message = NationalMessage.objects.get(dossier=slow)
    assert message.state == MessageState.PENDING and "Hết thời gian chờ" in message.last_error
    deadline = time.monotonic() + 10  # the portal finishes the slow request after we stopped waiting …
    while not ReceivedMessage.objects.filter(dossier_code=slow.code).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    NationalMessage.objects.filter(pk=message.pk).update(next_try_at=message.created_at)
    assert national_sync_task.call(slow.pk) == 1  # … so the retry is answered "already received" (01): accepted
    message.refresh_from_db()
    assert message.response["ma_loi"] == "01" and ReceivedMessage.objects.filter(dossier_code=slow.code).count() == 1


# --- The receiver's answers to bad input (test client: no network needed) ------------------------------
def _message(code="000.00.16.H34-261203-0001", sequence=1, **dossier):
    return {
        "message_id": str(uuid.uuid4()),
        "sequence": sequence,
        "dossier": {"dossier_code": code, "procedure_code": "1.008128", "agency_code": "000.00.16.H34",
                    "status_code": 1, "applicant": {"name": "Nguyễn Văn A"}} | dossier,
    }  # fmt: skip


def _post(client, message, *, secret=None, raw=None):
    body = raw if raw is not None else json.dumps(message).encode()
    header = signature_header(secret=secret or national_secret(), body=body)
    return client.post(RECEIVE, body, content_type="application/json", headers={SIGNATURE_HEADER: header})


@pytest.mark.django_db
def test_the_receiver_refuses_a_bad_signature(client):
    response = _post(client, _message(), secret="not-the-secret")
    assert response.status_code == 401 and response.json()["ma_loi"] == "97"
    unsigned = client.post(RECEIVE, json.dumps(_message()), content_type="application/json")
    assert unsigned.status_code == 401 and not ReceivedMessage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("message", "text"),
    [
        (None, "nội dung phải là một đối tượng JSON"),
        ({"message_id": "x", "sequence": 0, "dossier": {}}, "message_id phải là một UUID"),
        (_message(status_code=11), "status_code phải là mã trạng thái từ 1 đến 10"),
        (_message(dossier_code=""), "thiếu dossier_code"),
        (_message(applicant={}), "thiếu tên chủ hồ sơ"),
        (_message(sequence=True), "sequence phải là số nguyên từ 1"),
    ],
)
def test_the_receiver_refuses_an_invalid_message_in_vietnamese(client, message, text):
    response = _post(client, message, raw=b"not json" if message is None else None)
    assert response.status_code == 400 and response.json()["ma_loi"] == "02" and text in response.json()["mo_ta"]


@pytest.mark.django_db
def test_the_receiver_keeps_order_and_answers_a_duplicate_as_already_received(client):
    second = _message(sequence=2)
    response = _post(client, second)
    assert (
        response.status_code == 409 and response.json()["ma_loi"] == "03" and "sai thứ tự" in response.json()["mo_ta"]
    )
    first = _message(sequence=1)
    assert _post(client, first).json()["ma_loi"] == "00"
    assert _post(client, first).json()["ma_loi"] == "01"  # a retry after a lost answer: accepted, stored once
    assert _post(client, second).json()["ma_loi"] == "00"
    assert ReceivedMessage.objects.count() == 2


@pytest.mark.django_db
def test_the_pages_are_for_staff_only(client, world, sign_in):
    assert client.get(INDEX)["Location"].startswith("/quan-tri/login/")
    sign_in(client, world.reception)
    assert client.get(INDEX).status_code == 302  # an officer is not staff: sent to the admin login
    assert client.post(reverse("national_sandbox:behaviour"), {"mode": "error"}).status_code == 302


@pytest.mark.django_db
def test_staff_set_how_the_sandbox_answers_and_bad_values_are_explained(admin_client):
    url = reverse("national_sandbox:behaviour")
    response = admin_client.post(url, {"mode": "error", "remaining": "2", "slow_seconds": "15"})
    assert response.status_code == 303
    behaviour = Behaviour.objects.get()
    assert behaviour.mode == "error" and behaviour.remaining == 2
    page = admin_client.get(INDEX).content.decode()
    assert "Lỗi máy chủ (HTTP 500)" in page and "còn 2 bản tin" in page
    bad = admin_client.post(url, {"mode": "explode", "remaining": "0", "slow_seconds": "15"})
    assert bad.status_code == 400 and "Chưa đổi được chế độ" in bad.content.decode()
    assert admin_client.get(reverse("national_sandbox:dossier", args=["KHONG-CO"])).status_code == 404
