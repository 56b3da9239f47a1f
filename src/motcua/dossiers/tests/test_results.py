"""Results: uploaded while the dossier is processed, signed at the signing step, required to finish, returned."""

import hashlib

import pytest
from django.core.files.storage import default_storage

from motcua.accounts.models import EDataItem, StaffRole
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.core.errors import NotFound
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier, DossierResult, ResultDelivery, TaskOutcome
from motcua.notifications.models import InboxMessage

from .factories import citizen, officer_of, pdf_upload, png_upload
from .office import OfficeWorld, office_world
from .test_processing import SIGNED, assert_refused, at_leader, result_ready, signed_result, version_of


@pytest.fixture
def world(db) -> OfficeWorld:
    return office_world()


def add(world: OfficeWorld, dossier: Dossier, title: str = "Giấy chứng nhận", **kwargs) -> DossierResult:
    options = {"officer": world.leader, "upload": pdf_upload(title)} | kwargs
    return services.result_add(dossier=dossier, title=title, **options)


# --- Adding a result ---------------------------------------------------------------------------------------------
def test_results_are_numbered_with_the_dossier_code(world):
    dossier = world.received()
    first = add(world, dossier, " Giấy chứng nhận ", officer=world.specialist)
    second = add(world, dossier, "Quyết định")
    assert [(r.code, r.number, r.title) for r in (first, second)] == [
        (f"{dossier.code}-KQ1", 1, "Giấy chứng nhận"),
        (f"{dossier.code}-KQ2", 2, "Quyết định"),
    ]
    assert (first.signed_at, first.uploaded_by_label, first.original_name) == (
        None,
        str(world.specialist),
        "don-de-nghi.pdf",
    )
    assert default_storage.exists(first.file.name)
    events = list(dossier.events.filter(action="add_result").values_list("note", flat=True))
    assert events == [f"{dossier.code}-KQ1: Giấy chứng nhận", f"{dossier.code}-KQ2: Quyết định"]


def test_the_same_file_sent_twice_is_kept_once(world, media_files):
    dossier = world.received()
    first = add(world, dossier)
    stored = media_files()
    assert add(world, dossier) == first  # a double click or a retried upload
    assert (dossier.results.count(), dossier.events.filter(action="add_result").count()) == (1, 1)
    assert media_files() == stored


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"title": "  "}, "title_required"),
        ({"upload": None}, "file_required"),
    ],
)
def test_a_result_needs_a_title_and_a_file(world, media_files, options, code):
    dossier = world.received()
    stored = media_files()
    assert_refused(code, dossier, lambda: add(world, dossier, **options))
    assert media_files() == stored


def test_a_result_must_be_a_pdf(world, media_files):
    dossier = world.received()
    stored = media_files()
    assert_refused("wrong_type", dossier, lambda: add(world, dossier, upload=png_upload("ket-qua.pdf")))
    assert media_files() == stored


@pytest.mark.parametrize("when", ["submitted", "result_ready", "stopped"])
def test_no_result_is_added_outside_processing_and_its_file_is_removed(world, media_files, when):
    if when == "submitted":
        dossier = world.submitted()
    elif when == "result_ready":
        dossier = result_ready(world)
    else:
        dossier = services.dossier_stop(dossier=world.received(), officer=world.specialist, reason="Dừng")
    stored = media_files()
    assert_refused("illegal_transition", dossier, lambda: add(world, dossier))
    assert media_files() == stored


def test_an_officer_of_another_agency_adds_no_result(world, media_files):
    dossier = world.received()
    stored = media_files()
    stranger = officer_of(AgencyFactory(), StaffRole.AGENCY_LEADER)
    assert_refused("forbidden", dossier, lambda: add(world, dossier, officer=stranger))
    assert media_files() == stored


# --- Signing -----------------------------------------------------------------------------------------------------
def test_signing_replaces_the_file_and_keeps_the_hash_of_the_signed_one(world, django_capture_on_commit_callbacks):
    dossier = at_leader(world)
    result = add(world, dossier)
    unsigned_name = result.file.name
    with django_capture_on_commit_callbacks(execute=True):
        signed = services.result_store_signed(result=result, officer=world.leader, signed_pdf=SIGNED)
    assert signed.file.name != unsigned_name
    assert not default_storage.exists(unsigned_name)  # the unsigned copy goes once the signature is committed
    with default_storage.open(signed.file.name) as stored:
        assert stored.read() == SIGNED
    assert (signed.sha256, signed.size, signed.signer_label) == (
        hashlib.sha256(SIGNED).hexdigest(),
        len(SIGNED),
        str(world.leader),
    )
    assert dossier.events.order_by("-id").first().action == "sign_result"


def test_signing_before_the_signing_step_is_refused(world, media_files):
    dossier = world.received()
    result = add(world, dossier)
    stored = media_files()
    assert_refused(
        "not_signing_step",
        dossier,
        lambda: services.result_store_signed(result=result, officer=world.leader, signed_pdf=SIGNED),
    )
    assert media_files() == stored


@pytest.mark.parametrize("who", ["specialist", "division_head", "reception", "leader_elsewhere"])
def test_only_the_holder_of_the_signing_step_signs(world, who):
    dossier = at_leader(world)
    result = add(world, dossier)
    officer = officer_of(AgencyFactory(), StaffRole.AGENCY_LEADER) if who == "leader_elsewhere" else getattr(world, who)
    assert_refused(
        "forbidden", dossier, lambda: services.result_store_signed(result=result, officer=officer, signed_pdf=SIGNED)
    )
    assert_refused("forbidden", dossier, lambda: services.result_signing_check(result=result, officer=officer))


def test_a_result_is_signed_once(world, media_files):
    dossier = at_leader(world)
    result = signed_result(world, dossier)
    stored = media_files()
    assert_refused(
        "already_signed",
        dossier,
        lambda: services.result_store_signed(result=result, officer=world.leader, signed_pdf=b"again"),
    )
    assert media_files() == stored


# --- Finishing ---------------------------------------------------------------------------------------------------
def test_finishing_needs_a_result(world):
    dossier = at_leader(world)
    assert_refused("no_result", dossier, lambda: services.dossier_finish(dossier=dossier, officer=world.leader))


def test_finishing_needs_every_result_signed(world):
    dossier = at_leader(world)
    signed_result(world, dossier)
    add(world, dossier, "Phụ lục")
    assert_refused("unsigned", dossier, lambda: services.dossier_finish(dossier=dossier, officer=world.leader))


def test_finishing_closes_the_last_step_and_tells_the_applicant(world):
    dossier = at_leader(world)
    signed_result(world, dossier)
    finished = services.dossier_finish(dossier=dossier, officer=world.leader, note="Ban hành")
    assert finished.state == "result_ready"
    last = finished.tasks.get(position=3)
    assert (last.outcome, last.finished_by, last.note) == (TaskOutcome.FINISHED, world.leader, "Ban hành")
    event = finished.events.order_by("-id").first()
    assert (event.action, event.from_state, event.to_state) == ("finish", "processing", "result_ready")
    assert InboxMessage.objects.filter(user=world.applicant, subject=f"Hồ sơ {finished.code} đã có kết quả").exists()


# --- Returning ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "note", "code"),
    [
        ("fax", "", "method"),
        (ResultDelivery.COUNTER, " ", "note_required"),
        (ResultDelivery.POST, "", "note_required"),
    ],
)
def test_returning_needs_a_method_and_who_or_where(world, method, note, code):
    dossier = result_ready(world)
    assert_refused(
        code,
        dossier,
        lambda: services.dossier_return_result(dossier=dossier, officer=world.reception, method=method, note=note),
    )


def test_returning_before_the_result_is_ready_or_twice_is_refused(world):
    processing = at_leader(world)
    online = ResultDelivery.ONLINE
    assert_refused(
        "illegal_transition",
        processing,
        lambda: services.dossier_return_result(dossier=processing, officer=world.reception, method=online),
    )
    ready = result_ready(world)
    services.dossier_return_result(dossier=ready, officer=world.reception, method=online)
    assert_refused(
        "illegal_transition",
        ready,
        lambda: services.dossier_return_result(dossier=ready, officer=world.reception, method=online),
    )


def test_returning_on_a_stale_page_or_by_another_agency_is_refused(world):
    ready = result_ready(world)
    seen = version_of(ready) - 1
    online = ResultDelivery.ONLINE
    assert_refused(
        "stale",
        ready,
        lambda: services.dossier_return_result(
            dossier=ready, officer=world.reception, method=online, expected_version=seen
        ),
    )
    stranger = office_world().reception
    assert_refused(
        "forbidden",
        ready,
        lambda: services.dossier_return_result(dossier=ready, officer=stranger, method=online),
    )


def test_a_walk_in_dossier_is_returned_at_the_counter_not_online(world):
    ready = result_ready(world)
    Dossier.objects.filter(pk=ready.pk).update(applicant=None, received_at_counter=True)
    ready.refresh_from_db()
    assert_refused(
        "method",
        ready,
        lambda: services.dossier_return_result(dossier=ready, officer=world.reception, method=ResultDelivery.ONLINE),
    )
    notices = InboxMessage.objects.count()
    returned = services.dossier_return_result(
        dossier=ready, officer=world.reception, method=ResultDelivery.COUNTER, note=" Nguyễn Văn An "
    )
    assert returned.state == "returned"
    assert returned.return_note == "Nhận kết quả tại Bộ phận Tiếp nhận và Trả kết quả: Nguyễn Văn An"
    assert not EDataItem.objects.filter(source=EDataItem.Source.RESULT).exists()
    assert InboxMessage.objects.count() == notices


def test_returned_by_post_the_result_is_in_the_data_store_with_the_tracking_number(world):
    ready = result_ready(world)
    returned = services.dossier_return_result(
        dossier=ready, officer=world.reception, method=ResultDelivery.POST, note="EE123456789VN"
    )
    assert returned.return_note.endswith(": EE123456789VN")
    assert EDataItem.objects.get(owner=world.applicant, source=EDataItem.Source.RESULT).source_code == returned.code


def test_every_signed_result_joins_the_data_store_once_per_distinct_file(world):
    dossier = at_leader(world)
    signed_result(world, dossier, signed=b"%PDF signed 1")
    signed_result(world, dossier, signed=b"%PDF signed 2")
    services.dossier_finish(dossier=dossier, officer=world.leader)
    services.dossier_return_result(dossier=dossier, officer=world.reception, method=ResultDelivery.ONLINE)
    items = EDataItem.objects.filter(owner=world.applicant, source=EDataItem.Source.RESULT).order_by("original_name")
    assert [i.original_name for i in items] == [f"{dossier.code}-KQ1.pdf", f"{dossier.code}-KQ2.pdf"]


# --- What the applicant sees ---------------------------------------------------------------------------------------
def test_the_applicant_sees_the_results_once_returned_and_nobody_else_does(world):
    ready = result_ready(world)
    result = ready.results.get()
    assert not selectors.dossier_results_for_applicant(user=world.applicant, dossier=ready).exists()
    with pytest.raises(NotFound):
        selectors.dossier_result_get_for_applicant(user=world.applicant, dossier=ready, public_id=str(result.public_id))
    services.dossier_return_result(dossier=ready, officer=world.reception, method=ResultDelivery.ONLINE)
    assert list(selectors.dossier_results_for_applicant(user=world.applicant, dossier=ready)) == [result]
    found = selectors.dossier_result_get_for_applicant(
        user=world.applicant, dossier=ready, public_id=str(result.public_id)
    )
    assert found == result
    stranger = citizen()
    assert not selectors.dossier_results_for_applicant(user=stranger, dossier=ready).exists()
    for user, public_id in ((stranger, str(result.public_id)), (world.applicant, "not-a-uuid"), (world.applicant, "")):
        with pytest.raises(NotFound):
            selectors.dossier_result_get_for_applicant(user=user, dossier=ready, public_id=public_id)
