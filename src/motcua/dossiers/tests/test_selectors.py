import pytest

from motcua.core.errors import NotFound
from motcua.dossiers import selectors, services
from motcua.dossiers.models import Dossier

from .factories import citizen


def test_list_is_only_the_users_own(submitted, procedure):
    other = services.dossier_draft_create(applicant=citizen(), procedure=procedure)
    assert list(selectors.dossier_list_for_applicant(user=submitted.applicant)) == [submitted]
    assert list(selectors.dossier_list_for_applicant(user=other.applicant)) == [other]


def test_get_by_code_or_number(submitted):
    user = submitted.applicant
    assert selectors.dossier_get_for_applicant(user=user, code_or_pk=submitted.code) == submitted
    assert selectors.dossier_get_for_applicant(user=user, code_or_pk=str(submitted.pk)) == submitted
    assert selectors.dossier_get_for_applicant(user=user, code_or_pk=submitted.pk) == submitted


@pytest.mark.parametrize("by", ["code", "pk"])
def test_another_users_dossier_is_not_found(submitted, by):
    with pytest.raises(NotFound) as error:
        selectors.dossier_get_for_applicant(user=citizen(), code_or_pk=getattr(submitted, by))
    assert error.value.message == "Không tìm thấy hồ sơ."


def test_events_are_scoped(submitted):
    assert selectors.dossier_events_for_applicant(user=submitted.applicant, dossier=submitted).count() == 1
    assert selectors.dossier_events_for_applicant(user=citizen(), dossier=submitted).count() == 0


def test_public_status_needs_code_and_id_number(submitted):
    status = selectors.dossier_public_status(code=submitted.code, id_number=submitted.applicant_id_number)
    assert (status.code, status.state_label, status.national_code, status.due_at) == (
        submitted.code,
        "Mới đăng ký",
        1,
        None,
    )
    for code, id_number in [
        (submitted.code, "001099000000"),
        ("000.00.16.H34-260101-0001", submitted.applicant_id_number),
        (submitted.code, ""),
        ("", submitted.applicant_id_number),
    ]:
        with pytest.raises(NotFound):
            selectors.dossier_public_status(code=code, id_number=id_number)


def test_public_status_accepts_the_principals_id_number(submitted):
    Dossier.objects.filter(pk=submitted.pk).update(principal={"name": "Nguyễn Văn A", "id_number": "062099000111"})
    assert selectors.dossier_public_status(code=submitted.code, id_number="062099000111").national_code == 1


def test_drafts_are_never_public(draft):
    Dossier.objects.filter(pk=draft.pk).update(code="000.00.16.H34-260101-0009")
    with pytest.raises(NotFound):
        selectors.dossier_public_status(code="000.00.16.H34-260101-0009", id_number=draft.applicant_id_number)
