"""The national portal's queue: one message per status change with its code 1–10, sent in order per dossier,
retried with backoff, stopped on refusal and restarted by an officer or the CLI."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.audit.models import AuditEntry
from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.services import ApplicantData
from motcua.dossiers.tests.factories import pdf_upload
from motcua.integrations.models import MessageState, NationalMessage
from motcua.integrations.services import integrations_retry_due, national_sync_retry
from motcua.integrations.signing import signature_verify
from motcua.integrations.tasks import national_sync_task

from .receivers import Plan

pytestmark = pytest.mark.django_db


def _messages(dossier):
    return list(NationalMessage.objects.filter(dossier=dossier).order_by("sequence"))


def _push(dossier):
    return national_sync_task.call(dossier.pk)


def test_an_online_dossier_is_pushed_as_submitted_1_then_received_2_with_the_fields_of_the_national_sync(world, portal):
    dossier = world.received()
    first, second = _messages(dossier)
    assert (first.sequence, first.status_code, first.action) == (1, 1, "submit")
    assert (second.sequence, second.status_code, second.action) == (2, 2, "receive")
    assert _push(dossier) == 2
    assert [m.state for m in _messages(dossier)] == [MessageState.ACCEPTED] * 2
    sent = [r.json() for r in portal.received]
    assert [m["sequence"] for m in sent] == [1, 2]
    body = sent[1]["dossier"]
    dossier.refresh_from_db()
    assert body["dossier_code"] == dossier.code and body["procedure_code"] == world.procedure.code
    assert body["agency_code"] == world.department.code and body["status_code"] == 2 and body["channel"] == "online"
    assert body["applicant"]["name"] == dossier.applicant_name
    assert body["applicant"]["id_number"] == dossier.applicant_id_number and body["applicant"]["kind"] == "citizen"
    assert body["submitted_at"] and body["received_at"] and body["due_at"] and body["finished_at"] is None


def test_the_push_is_signed_with_the_national_secret(world, portal):
    from motcua.integrations.contrib.sandbox.adapter import national_secret

    dossier = world.submitted()
    _push(dossier)
    got = portal.received[0]
    assert signature_verify(secret=national_secret(), body=got.body, header=got.headers["X-Motcua-Signature"])


def test_a_counter_dossier_is_pushed_once_as_received(world, portal):
    draft = services.dossier_counter_start(officer=world.reception, procedure=world.procedure)
    applicant = ApplicantData(name="Nguyễn Văn Quầy", id_number="062090000001", address="Kon Tum", phone="0912345678")
    services.dossier_counter_update(
        dossier=draft, officer=world.reception, applicant=applicant, case_id=None, result_delivery="counter"
    )
    component = world.procedure.cases.get().components.get()
    services.counter_file_add(dossier=draft, officer=world.reception, component_id=component.pk, upload=pdf_upload())
    dossier = services.dossier_counter_receive(dossier=draft, officer=world.reception)
    assert [(m.sequence, m.status_code) for m in _messages(dossier)] == [(1, 2)]
    _push(dossier)
    body = portal.received[0].json()["dossier"]
    assert body["channel"] == "counter" and body["applicant"]["name"] == "Nguyễn Văn Quầy"


def test_with_the_none_adapter_nothing_is_queued(world, settings):
    settings.MOTCUA_NATIONAL_ADAPTER = "none"
    dossier = world.received()
    assert _messages(dossier) == [] and _push(dossier) == 0


def test_a_later_status_never_overtakes_an_earlier_one(world, portal):
    dossier = world.received()
    portal.answer(Plan(status=503, body={"ma_loi": "99", "mo_ta": "Bảo trì"}))
    assert _push(dossier) == 0
    first, second = _messages(dossier)
    assert first.state == MessageState.PENDING and first.attempts == 1 and "HTTP 503" in first.last_error
    assert second.state == MessageState.PENDING and second.attempts == 0  # waits behind the first
    assert len(portal.received) == 1
    NationalMessage.objects.filter(pk=first.pk).update(next_try_at=timezone.now())
    assert _push(dossier) == 2
    assert [r.json()["sequence"] for r in portal.received] == [1, 1, 2]


def test_transient_failures_are_retried_with_backoff_then_given_up(world, portal, settings):
    settings.MOTCUA_NATIONAL_RETRY_MINUTES = [1]
    portal.default = Plan(status=500, body={"ma_loi": "99"})
    dossier = world.submitted()
    before = timezone.now()
    _push(dossier)
    message = _messages(dossier)[0]
    assert before + timedelta(seconds=54) <= message.next_try_at <= timezone.now() + timedelta(seconds=66)
    retry = DBTaskResult.objects.get(task_path="motcua.integrations.tasks.national_sync_task")
    assert retry.run_after == message.next_try_at and retry.args_kwargs["args"] == [dossier.pk]
    NationalMessage.objects.filter(pk=message.pk).update(next_try_at=timezone.now())
    _push(dossier)
    message.refresh_from_db()
    assert message.state == MessageState.GAVE_UP and message.attempts == 2


def test_a_timeout_is_a_transient_failure(world, portal):
    portal.answer(Plan(delay=3, body={"ma_loi": "00"}))
    dossier = world.submitted()
    _push(dossier)
    message = _messages(dossier)[0]
    assert message.state == MessageState.PENDING and "Hết thời gian chờ" in message.last_error


def test_a_refused_message_stops_the_dossiers_queue_until_it_is_retried(world, portal):
    dossier = world.received()
    portal.answer(Plan(status=400, body={"ma_loi": "02", "mo_ta": "Thiếu mã thủ tục"}))
    _push(dossier)
    first, _second = _messages(dossier)
    assert first.state == MessageState.REJECTED and "Thiếu mã thủ tục" in first.last_error
    assert first.response == {"ma_loi": "02", "mo_ta": "Thiếu mã thủ tục"}
    assert _push(dossier) == 0 and len(portal.received) == 1  # stopped: the second waits
    assert integrations_retry_due() == 0  # the sweep leaves a stopped queue alone
    national_sync_retry(dossier=dossier, actor=world.specialist)
    first.refresh_from_db()
    assert first.state == MessageState.PENDING and first.attempts == 0
    assert AuditEntry.objects.filter(subject_type="national_message", action="retry").count() == 1
    assert _push(dossier) == 2


def test_only_an_officer_of_the_agency_may_retry_and_only_what_is_failing(world, portal):
    from motcua.catalogue.tests.factories import AgencyFactory
    from motcua.dossiers.tests.factories import officer_of

    dossier = world.submitted()
    with pytest.raises(DomainError, match="không có bản tin đồng bộ nào đang lỗi"):
        national_sync_retry(dossier=dossier, actor=world.specialist)
    portal.answer(Plan(status=400, body={"ma_loi": "02", "mo_ta": "Sai"}))
    _push(dossier)
    with pytest.raises(DomainError, match="Chỉ cán bộ của cơ quan giải quyết") as refused:
        national_sync_retry(dossier=dossier, actor=officer_of(AgencyFactory()))
    assert refused.value.code == "forbidden"


def test_the_sweep_enqueues_what_lost_its_task_but_not_what_is_being_sent(world, portal):
    dossier = world.submitted()
    NationalMessage.objects.update(next_try_at=timezone.now() - timedelta(minutes=5))
    DBTaskResult.objects.all().delete()
    assert integrations_retry_due() == 1
    assert DBTaskResult.objects.get().args_kwargs["args"] == [dossier.pk]
    NationalMessage.objects.update(locked_until=timezone.now() + timedelta(seconds=30))
    assert integrations_retry_due() == 0


def test_the_periodic_task_sweeps_then_runs_again_in_a_minute_and_skips_a_sync_turned_off(world, portal, settings):
    from motcua.integrations.tasks import integrations_retry_task

    world.submitted()
    NationalMessage.objects.update(next_try_at=timezone.now() - timedelta(minutes=5))
    DBTaskResult.objects.all().delete()
    assert integrations_retry_task.call() == 1
    again = DBTaskResult.objects.get(task_path="motcua.integrations.tasks.integrations_retry_task")
    assert timedelta(seconds=50) < again.run_after - timezone.now() <= timedelta(minutes=1)
    settings.MOTCUA_NATIONAL_ADAPTER = "none"
    assert integrations_retry_due() == 0
