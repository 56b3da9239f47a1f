"""Partner systems in the domain: their service account, a dossier sent in whole (all or nothing, once per key), and
the agency-scoped reads."""

import pytest

from motcua.accounts.models import StaffMembership
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services.drafts import ApplicantData
from motcua.dossiers.services.partner import PARTNER_ROLES

from .factories import ProcedureFactory, citizen, pdf_upload, png_upload


@pytest.fixture
def account(procedure):
    return services.partner_account_ensure(username="api-doi-tac-1", name="Phần mềm xã", agency=procedure.agency)


def submission(procedure, **overrides):
    applicant = ApplicantData(name="Trần Thị Bình", id_number="062190004321", phone="0912345678")
    return services.PartnerSubmission(procedure=procedure, case_id=None, applicant=applicant, **overrides)


def create(account, procedure, component, key="k-1", uploads=None, **overrides):
    uploads = uploads if uploads is not None else [services.PartnerUpload(component.pk, pdf_upload())]
    return services.dossier_partner_create(
        officer=account, submission=submission(procedure, **overrides), uploads=uploads, idempotency_key=key
    )


def test_the_service_account_follows_its_agency_and_cannot_sign_in(account, procedure):
    assert not account.has_usable_password() and account.full_name == "Phần mềm xã (hệ thống đối tác)"
    other = AgencyFactory()
    moved = services.partner_account_ensure(username="x", name="Phần mềm mới", agency=other, account=account)
    assert moved.pk == account.pk and moved.full_name == "Phần mềm mới (hệ thống đối tác)"
    assert set(StaffMembership.objects.filter(user=account).values_list("agency", "role")) == {
        (other.pk, role) for role in PARTNER_ROLES
    }
    services.partner_account_disable(account=account)
    account.refresh_from_db()
    assert account.is_active is False


def test_a_dossier_is_created_submitted_and_attributed_to_the_partner(account, procedure, component):
    dossier, created = create(account, procedure, component, note="Từ phần mềm xã")
    assert created and dossier.state == "submitted" and dossier.code.startswith("000.00.16.H34-")
    assert (dossier.entered_by, dossier.received_at_counter, dossier.applicant) == (account, False, None)
    [event] = DossierEvent.objects.filter(dossier=dossier)
    assert (event.action, event.actor_label, event.note) == (
        "submit",
        "Phần mềm xã (hệ thống đối tác)",
        "Từ phần mềm xã",
    )
    assert dossier.files.get().component == component


def test_one_key_one_dossier_per_partner(account, procedure, component):
    first, _ = create(account, procedure, component, key="lan-1")
    again, created = create(account, procedure, component, key="lan-1")
    assert (again.pk, created) == (first.pk, False)
    assert services.dossier_partner_find(officer=account, idempotency_key="lan-1") == first
    other = services.partner_account_ensure(username="api-doi-tac-2", name="Khác", agency=procedure.agency)
    theirs, created = create(other, procedure, component, key="lan-1")
    assert created and theirs.pk != first.pk


def test_a_bad_file_keeps_nothing(account, procedure, component, media_files):
    bad = services.PartnerUpload(component.pk, png_upload(name="anh.png"))
    component.accepted_types = "pdf"
    component.save()
    with pytest.raises(DomainError):
        create(account, procedure, component, uploads=[services.PartnerUpload(component.pk, pdf_upload()), bad])
    assert not Dossier.objects.exists() and media_files() == []


def test_an_incomplete_dossier_is_rolled_back_with_its_stored_files(account, procedure, component, media_files):
    with pytest.raises(DomainError) as refused:
        create(account, procedure, component, applicant_kind="citizen", result_delivery="post")
    assert refused.value.code == "incomplete" and "bưu chính" in refused.value.message
    assert not Dossier.objects.exists() and media_files() == []


@pytest.mark.parametrize(
    ("overrides", "code"),
    [({"result_delivery": "online"}, "result_delivery"), ({"applicant_kind": "robot"}, "applicant_kind")],
)
def test_refusals_name_their_reason(account, procedure, component, overrides, code):
    with pytest.raises(DomainError) as refused:
        create(account, procedure, component, **overrides)
    assert refused.value.code == code


def test_online_delivery_links_the_applicants_account(account, procedure, component):
    person = citizen(id_number="062190004321")
    dossier, _ = create(account, procedure, component, result_delivery="online")
    assert dossier.applicant == person


def test_another_agencys_procedure_is_refused(account, component):
    with pytest.raises(DomainError) as refused:
        create(account, ProcedureFactory(agency__code="000.00.99.H34"), component)
    assert refused.value.code == "procedure_agency"


# --- Reads --------------------------------------------------------------------------------------------------------
def test_reads_stay_inside_the_agency(account, procedure, component, draft):
    mine, _ = create(account, procedure, component)
    other_agency = AgencyFactory()
    assert selectors.dossier_get_for_partner(agency=procedure.agency, code=mine.code) == mine
    with pytest.raises(NotFound):
        selectors.dossier_get_for_partner(agency=other_agency, code=mine.code)
    page = selectors.dossier_list_for_partner(agency=procedure.agency)
    assert page.rows == [mine] and page.next_cursor == ""  # the draft is not listed
    assert selectors.dossier_list_for_partner(agency=other_agency).rows == []


def test_the_cursor_pages_in_change_order(account, procedure, component):
    made = [create(account, procedure, component, key=f"k{n}")[0] for n in range(3)]
    first = selectors.dossier_list_for_partner(agency=procedure.agency, limit=2)
    rest = selectors.dossier_list_for_partner(agency=procedure.agency, limit=2, cursor=first.next_cursor)
    assert first.rows + rest.rows == made and rest.next_cursor == ""
    assert [selectors.partner_cursor_parse(bad) for bad in ("", "x_1", "20260101T000000.000000Z_0", "a_b_c")] == [
        None
    ] * 4
