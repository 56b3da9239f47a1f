import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from motcua.accounts.models import AccountKind, Organisation
from motcua.catalogue.models import OnlineLevel
from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.models import ApplicantKind, Dossier, DossierEvent
from motcua.dossiers.workflow import State

from .factories import ProcedureCaseFactory, ProcedureFactory, UserFactory, citizen


def test_draft_is_prefilled_from_the_e_id(applicant, procedure):
    dossier = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    assert dossier.state == State.DRAFT
    assert dossier.code is None
    assert dossier.agency == procedure.agency
    assert dossier.applicant_kind == ApplicantKind.CITIZEN
    assert dossier.applicant_name == applicant.full_name
    assert dossier.applicant_id_number == applicant.citizen.id_number
    assert dossier.applicant_address == applicant.citizen.address


def test_draft_for_a_business_takes_the_tax_code(procedure):
    user = UserFactory(kind=AccountKind.BUSINESS)
    Organisation.objects.create(user=user, name="Công ty TNHH Măng Đen", tax_code="6100123456")
    dossier = services.dossier_draft_create(applicant=user, procedure=procedure)
    assert (dossier.applicant_kind, dossier.applicant_name, dossier.applicant_id_number) == (
        ApplicantKind.BUSINESS,
        "Công ty TNHH Măng Đen",
        "6100123456",
    )


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"is_active": False}, "procedure_inactive", "không còn áp dụng"),
        ({"online_level": OnlineLevel.NONE}, "procedure_not_online", "chưa cung cấp dịch vụ công trực tuyến"),
        ({"effective_to": timezone.localdate() - timedelta(days=1)}, "procedure_inactive", "không còn áp dụng"),
    ],
)
def test_draft_refused_for_closed_or_offline_procedures(applicant, changes, code, words):
    procedure = ProcedureFactory(**changes)
    with pytest.raises(DomainError) as error:
        services.dossier_draft_create(applicant=applicant, procedure=procedure)
    assert (error.value.code, words in error.value.message) == (code, True)
    assert not Dossier.objects.exists()


def test_partial_online_procedures_accept_drafts(applicant):
    procedure = ProcedureFactory(online_level=OnlineLevel.PARTIAL)
    assert services.dossier_draft_create(applicant=applicant, procedure=procedure).state == State.DRAFT


def test_case_must_belong_to_the_procedure(applicant, procedure):
    with pytest.raises(DomainError, match="không thuộc thủ tục"):
        services.dossier_draft_create(applicant=applicant, procedure=procedure, case=ProcedureCaseFactory())
    case = ProcedureCaseFactory(procedure=procedure)
    assert services.dossier_draft_create(applicant=applicant, procedure=procedure, case=case).case == case


def test_submit_gives_a_code_and_stamps(draft):
    dossier = services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="abc")
    today = timezone.localdate()
    assert re.fullmatch(rf"000\.00\.16\.H34-{today:%y%m%d}-0001", dossier.code)
    assert dossier.state == State.SUBMITTED
    assert dossier.submitted_at is not None
    assert dossier.verified_by_vneid is True
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        "submit",
        "draft",
        "submitted",
        draft.applicant,
    )


def test_submit_twice_with_the_same_key_is_one_submission(draft):
    first = services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="abc")
    again = services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="abc")
    assert again.pk == first.pk and again.code == first.code
    assert DossierEvent.objects.filter(dossier=draft).count() == 1
    other = services.dossier_draft_create(applicant=draft.applicant, procedure=draft.procedure)
    assert services.dossier_submit(dossier=other, actor=draft.applicant, idempotency_key="def").code.endswith("-0002")


def test_submit_again_with_another_key_is_refused(draft):
    services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="abc")
    with pytest.raises(DomainError) as error:
        services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="xyz")
    assert error.value.code == "illegal_transition"


def test_a_key_cannot_submit_another_draft(draft):
    services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="abc")
    other = services.dossier_draft_create(applicant=draft.applicant, procedure=draft.procedure)
    with pytest.raises(DomainError):
        services.dossier_submit(dossier=other, actor=draft.applicant, idempotency_key="abc")
    other.refresh_from_db()
    assert (other.state, other.code) == (State.DRAFT, None)


def test_only_the_applicant_submits(draft):
    with pytest.raises(DomainError) as error:
        services.dossier_submit(dossier=draft, actor=citizen(), idempotency_key="abc")
    assert error.value.code == "forbidden"
    draft.refresh_from_db()
    assert draft.code is None


def test_submit_refused_when_the_procedure_closed_meanwhile(draft):
    draft.procedure.is_active = False
    draft.procedure.save()
    with pytest.raises(DomainError, match="không còn áp dụng"):
        services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="abc")
    draft.refresh_from_db()
    assert (draft.state, draft.code) == (State.DRAFT, None)


@pytest.mark.django_db(transaction=True)
def test_double_click_from_two_requests_at_once_submits_once():
    if connection.vendor == "sqlite":
        pytest.skip("needs a database shared by several connections (PostgreSQL); SQLite serialises writes anyway")
    draft = services.dossier_draft_create(applicant=citizen(), procedure=ProcedureFactory())
    start = threading.Barrier(2)
    results: list[str] = []

    def submit() -> None:
        try:
            start.wait()
            results.append(services.dossier_submit(dossier=draft, actor=draft.applicant, idempotency_key="k").code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and results[0] == results[1]
    assert DossierEvent.objects.filter(dossier=draft).count() == 1
