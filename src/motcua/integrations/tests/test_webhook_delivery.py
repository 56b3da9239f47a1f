"""Webhook deliveries over real HTTP: written with the transition, signed, retried with backoff, logged; a receiver
that is slow or answers 500 holds up nothing but its own delivery, and never the dossier."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from motcua.dossiers import services
from motcua.integrations.models import DeliveryState, WebhookDelivery
from motcua.integrations.services import webhook_endpoint_create
from motcua.integrations.services.queueing import claim
from motcua.integrations.signing import signature_verify
from motcua.integrations.tasks import webhook_delivery_task

from .receivers import Plan

pytestmark = pytest.mark.django_db


def _endpoint(receiver, name="Hệ thống đối tác", **options):
    return webhook_endpoint_create(name=name, url=f"{receiver.url}/{name.split()[-1]}", **options)


def _deliver(delivery):
    return webhook_delivery_task.call(delivery.pk)


def test_a_transition_writes_one_delivery_per_endpoint_and_enqueues_it_after_commit(
    world, receiver, django_capture_on_commit_callbacks
):
    _endpoint(receiver, "Hệ thống A")
    _endpoint(receiver, "Hệ thống B")
    with django_capture_on_commit_callbacks(execute=True):
        dossier = world.submitted()
    deliveries = list(WebhookDelivery.objects.filter(dossier=dossier))
    assert len(deliveries) == 2 and deliveries[0].event_id == deliveries[1].event_id
    assert {d.event_type for d in deliveries} == {"dossier.submitted"}
    queued = DBTaskResult.objects.filter(task_path="motcua.integrations.tasks.webhook_delivery_task")
    assert sorted(row.args_kwargs["args"][0] for row in queued) == sorted(d.pk for d in deliveries)
    assert receiver.received == []  # nothing is sent by the request: the worker sends


def test_a_rolled_back_transition_leaves_no_delivery(world, receiver):
    _endpoint(receiver)
    dossier = world.submitted()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_receive(dossier=dossier, officer=world.reception)
        raise RuntimeError("the transition fails after the listener ran")
    assert list(WebhookDelivery.objects.values_list("event_type", flat=True)) == ["dossier.submitted"]


def test_the_receiver_verifies_the_signature_of_what_it_got(world, receiver):
    _endpoint_made, secret = _endpoint(receiver)
    dossier = world.received()
    delivery = WebhookDelivery.objects.get(event_type="dossier.received")
    assert _deliver(delivery) == DeliveryState.SUCCEEDED
    got = receiver.received[0]
    assert signature_verify(secret=secret, body=got.body, header=got.headers["X-Motcua-Signature"])
    assert got.headers["X-Motcua-Event"] == "dossier.received"
    assert got.headers["X-Motcua-Delivery"] == str(delivery.event_id)
    body = got.json()
    assert body["type"] == "dossier.received" and body["id"] == str(delivery.event_id)
    data = body["data"]
    assert data["dossier_code"] == dossier.code and data["status_code"] == 2 and data["status"] == "Được tiếp nhận"
    assert data["from_state"] == "submitted" and data["due_at"] and data["received_at"].endswith("+07:00")
    assert "applicant_name" not in data and dossier.applicant_id_number not in got.body.decode()
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status_code == 200 and delivery.finished_at is not None
    assert delivery.response_excerpt == '{"ok": true}'


def test_an_endpoint_of_one_agency_never_receives_another_agencys_events(world, receiver):
    other_world_dossier_agency = world.centre  # dossiers of this world belong to the department
    _endpoint(receiver, "Sở khác", agency_code=other_world_dossier_agency.code)
    _endpoint(receiver, "Sở này", agency_code=world.department.code)
    _endpoint(receiver, "Tỉnh")  # every agency
    world.received()
    names = set(WebhookDelivery.objects.values_list("endpoint__name", flat=True))
    assert names == {"Sở này", "Tỉnh"}


def test_an_endpoint_receives_only_the_event_types_it_chose(world, receiver):
    _endpoint(receiver, event_types=["dossier.received"])
    world.received()
    assert list(WebhookDelivery.objects.values_list("event_type", flat=True)) == ["dossier.received"]


def test_a_500_is_retried_with_backoff_then_given_up(world, receiver, settings):
    settings.MOTCUA_WEBHOOK_RETRY_MINUTES = [1, 5]
    receiver.default = Plan(status=500, body={"error": "boom"})
    _endpoint(receiver)
    world.submitted()
    delivery = WebhookDelivery.objects.get()
    before = timezone.now()
    assert _deliver(delivery) == DeliveryState.PENDING
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status_code == 500 and "HTTP 500" in delivery.last_error
    assert before + timedelta(seconds=54) <= delivery.next_try_at <= timezone.now() + timedelta(seconds=66)
    retry = DBTaskResult.objects.get(task_path="motcua.integrations.tasks.webhook_delivery_task")
    assert retry.run_after == delivery.next_try_at  # the retry is scheduled, not run now
    assert _deliver(delivery) == DeliveryState.PENDING  # not due yet: nothing sent
    assert len(receiver.received) == 1
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_try_at=timezone.now())
    assert _deliver(delivery) == DeliveryState.PENDING
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.next_try_at >= timezone.now() + timedelta(minutes=4, seconds=24)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_try_at=timezone.now())
    assert _deliver(delivery) == DeliveryState.GAVE_UP
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and delivery.finished_at is not None and len(receiver.received) == 3


def test_a_receiver_that_does_not_answer_in_time_costs_one_timeout_and_blocks_no_other_delivery(
    world, receiver, settings
):
    settings.MOTCUA_WEBHOOK_TIMEOUT_SECONDS = 0.5
    slow, _ = _endpoint(receiver, "Hệ thống chậm")
    _endpoint(receiver, "Hệ thống nhanh")
    receiver.answer(Plan(delay=3))  # the first request (the slow endpoint's) hangs for 3 s
    started = time.monotonic()
    world.submitted()  # the dossier's own flow: no HTTP at all
    assert time.monotonic() - started < 2
    slow_delivery = WebhookDelivery.objects.get(endpoint=slow)
    fast_delivery = WebhookDelivery.objects.exclude(endpoint=slow).get()
    started = time.monotonic()
    assert _deliver(slow_delivery) == DeliveryState.PENDING
    assert time.monotonic() - started < 2
    slow_delivery.refresh_from_db()
    assert "Hết thời gian chờ" in slow_delivery.last_error and slow_delivery.last_status_code is None
    assert _deliver(fast_delivery) == DeliveryState.SUCCEEDED


def test_a_disabled_endpoint_or_a_forbidden_address_fails_without_sending(world, receiver, settings):
    from motcua.integrations.services import webhook_endpoint_disable

    disabled, _ = _endpoint(receiver, "Hệ thống A")
    _endpoint(receiver, "Hệ thống B")
    world.submitted()
    webhook_endpoint_disable(endpoint_id=disabled.pk)
    settings.MOTCUA_WEBHOOK_ALLOW_PRIVATE = False  # the receiver is on 127.0.0.1: now refused at delivery time
    results = {d.endpoint.name: (_deliver(d), d) for d in WebhookDelivery.objects.select_related("endpoint")}
    assert results["Hệ thống A"][0] == DeliveryState.FAILED and results["Hệ thống B"][0] == DeliveryState.FAILED
    b = WebhookDelivery.objects.get(pk=results["Hệ thống B"][1].pk)
    assert "nội bộ" in b.last_error and b.attempts == 0
    assert "đã bị tắt" in WebhookDelivery.objects.get(pk=results["Hệ thống A"][1].pk).last_error
    assert receiver.received == []


def test_two_workers_never_send_the_same_delivery_at_once(world, receiver):
    _endpoint(receiver)
    world.submitted()
    delivery = WebhookDelivery.objects.get()
    now = timezone.now()
    assert claim(WebhookDelivery, delivery.pk, now=now, timeout=5)
    assert not claim(WebhookDelivery, delivery.pk, now=now, timeout=5)
    assert _deliver(delivery) == DeliveryState.PENDING and receiver.received == []  # held by the first worker
    later = now + timedelta(seconds=40)  # the first worker died: its lease runs out
    assert claim(WebhookDelivery, delivery.pk, now=later, timeout=5)
