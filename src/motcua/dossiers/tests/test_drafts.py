from datetime import date

import pytest
from django.core.files.storage import default_storage

from motcua.accounts.models import AccountKind, Organisation
from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.models import ApplicantKind, Dossier, ResultDelivery
from motcua.dossiers.services import ApplicantData, PrincipalData, Problem
from motcua.dossiers.workflow import State

from .factories import (
    ComponentFactory,
    ProcedureCaseFactory,
    UserFactory,
    citizen,
    pdf_upload,
)

NEW_DATA = ApplicantData(
    name="Tên Khác",
    id_number="001099999999",
    date_of_birth=date(2000, 1, 1),
    address="  Số 5 Trần Phú, Kon Tum  ",
    phone=" 0987654321 ",
    email="moi@example.vn",
)


def _update(dossier, data=NEW_DATA, principal=None, actor=None, step=""):
    return services.dossier_draft_update_applicant(
        dossier=dossier, actor=actor or dossier.applicant, applicant=data, principal=principal, step=step
    )


def _add(dossier, component, upload=None):
    return services.dossier_file_add(
        dossier=dossier, actor=dossier.applicant, component_id=component.pk, upload=upload or pdf_upload()
    )


def _business(kind=AccountKind.BUSINESS):
    user = UserFactory(kind=kind, full_name="Nguyễn Văn An", phone="02603797799")
    Organisation.objects.create(
        user=user, name="Công ty TNHH Măng Đen", tax_code="6100123456", address="Thôn 1, xã Măng Đen"
    )
    return user


# --- Prefill and what the applicant may change ------------------------------------------------------------
def test_draft_from_a_vneid_citizen_is_prefilled_and_locks_the_e_id_data(procedure):
    user = citizen(date_of_birth=date(1990, 5, 17), address="Phường Duy Tân, Kon Tum")
    user.email = "tk@example.vn"
    user.save()
    draft = services.dossier_draft_create(applicant=user, procedure=procedure)
    assert (draft.applicant_kind, draft.applicant_name, draft.applicant_id_number) == (
        ApplicantKind.CITIZEN,
        user.full_name,
        user.citizen.id_number,
    )
    assert (draft.applicant_date_of_birth, draft.applicant_address) == (date(1990, 5, 17), "Phường Duy Tân, Kon Tum")
    assert (draft.applicant_phone, draft.applicant_email) == ("0912345678", "tk@example.vn")
    assert draft.wizard_step == "nguoi-nop"
    assert services.applicant_locked_fields(user=user) == {
        "applicant_name",
        "applicant_id_number",
        "applicant_date_of_birth",
    }


def test_vneid_data_cannot_be_changed_but_contacts_can(procedure):
    user = citizen(date_of_birth=date(1990, 5, 17))
    draft = services.dossier_draft_create(applicant=user, procedure=procedure)
    _update(draft)
    draft.refresh_from_db()
    assert (draft.applicant_name, draft.applicant_id_number, draft.applicant_date_of_birth) == (
        user.full_name,
        user.citizen.id_number,
        date(1990, 5, 17),
    )
    assert (draft.applicant_address, draft.applicant_phone, draft.applicant_email) == (
        "Số 5 Trần Phú, Kon Tum",
        "0987654321",
        "moi@example.vn",
    )


def test_a_missing_e_id_value_is_not_locked_so_it_can_be_typed(procedure):
    user = citizen()  # the e-ID gave no date of birth
    assert "applicant_date_of_birth" not in services.applicant_locked_fields(user=user)
    draft = services.dossier_draft_create(applicant=user, procedure=procedure)
    draft = _update(draft)
    assert draft.applicant_date_of_birth == date(2000, 1, 1)
    assert draft.applicant_id_number == user.citizen.id_number


def test_a_citizen_not_verified_by_vneid_may_edit_everything(procedure):
    user = citizen(verified_by_vneid=False, date_of_birth=date(1990, 5, 17))
    assert services.applicant_locked_fields(user=user) == frozenset()
    draft = _update(services.dossier_draft_create(applicant=user, procedure=procedure))
    draft.refresh_from_db()
    assert (draft.applicant_name, draft.applicant_id_number, draft.applicant_date_of_birth) == (
        "Tên Khác",
        "001099999999",
        date(2000, 1, 1),
    )


@pytest.mark.parametrize("kind", [AccountKind.BUSINESS, AccountKind.ORGANISATION])
def test_business_draft_is_prefilled_and_the_tax_code_is_locked(procedure, kind):
    user = _business(kind)
    draft = services.dossier_draft_create(applicant=user, procedure=procedure)
    assert (draft.applicant_kind, draft.applicant_name, draft.applicant_id_number, draft.applicant_address) == (
        ApplicantKind(kind),
        "Công ty TNHH Măng Đen",
        "6100123456",
        "Thôn 1, xã Măng Đen",
    )
    assert services.applicant_locked_fields(user=user) == {"applicant_id_number"}
    _update(draft)
    draft.refresh_from_db()
    assert draft.applicant_id_number == "6100123456"
    assert (draft.applicant_name, draft.applicant_address) == ("Tên Khác", "Số 5 Trần Phú, Kon Tum")


def test_principal_is_saved_as_json_with_an_iso_date(draft):
    principal = PrincipalData(
        kind=ApplicantKind.CITIZEN,
        name="Trần Thị Bình",
        id_number="062190000123",
        date_of_birth=date(1960, 1, 2),
        address="Xã Đăk Hring",
        authorisation="Giấy ủy quyền số 12/UQ ngày 01/03/2025",
    )
    _update(draft, principal=principal)
    draft.refresh_from_db()
    assert draft.principal == {
        "kind": "citizen",
        "name": "Trần Thị Bình",
        "id_number": "062190000123",
        "date_of_birth": "1960-01-02",
        "address": "Xã Đăk Hring",
        "phone": "",
        "email": "",
        "authorisation": "Giấy ủy quyền số 12/UQ ngày 01/03/2025",
    }
    _update(draft, principal=PrincipalData(name="Không rõ ngày sinh", id_number="1"))
    draft.refresh_from_db()
    assert draft.principal["date_of_birth"] == ""
    _update(draft, principal=None)
    draft.refresh_from_db()
    assert draft.principal == {}


# --- Case ---------------------------------------------------------------------------------------------------
def test_a_procedure_with_one_case_sets_it(draft, procedure):
    assert draft.case == procedure.cases.get()


def test_a_procedure_with_several_cases_leaves_the_choice_to_the_applicant(applicant, procedure):
    other = ProcedureCaseFactory(procedure=procedure, name="Cấp lại")
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    assert draft.case is None
    draft = services.dossier_draft_choose_case(dossier=draft, actor=applicant, case=other, step="truong-hop")
    draft.refresh_from_db()
    assert (draft.case, draft.wizard_step) == (other, "truong-hop")


def test_choosing_a_case_of_another_procedure_is_refused(draft):
    with pytest.raises(DomainError) as error:
        services.dossier_draft_choose_case(dossier=draft, actor=draft.applicant, case=ProcedureCaseFactory())
    assert error.value.code == "case_mismatch"
    assert Dossier.objects.get(pk=draft.pk).case == draft.case


def test_choosing_another_case_detaches_the_old_cases_files(applicant, procedure, django_capture_on_commit_callbacks):
    first_case = procedure.cases.get()
    second_case = ProcedureCaseFactory(procedure=procedure, name="Cấp lại")
    old_component, new_component = ComponentFactory(case=first_case), ComponentFactory(case=second_case)
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure, case=first_case)
    old = _add(draft, old_component, pdf_upload("cu"))

    services.dossier_draft_choose_case(dossier=draft, actor=applicant, case=first_case)  # same case: kept
    assert list(draft.files.all()) == [old]

    with django_capture_on_commit_callbacks(execute=True):
        draft = services.dossier_draft_choose_case(dossier=draft, actor=applicant, case=second_case)
    assert not draft.files.exists()
    assert not default_storage.exists(old.file.name)
    new = _add(draft, new_component, pdf_upload("moi"))
    assert list(draft.files.all()) == [new]


# --- Delivery -------------------------------------------------------------------------------------------------
def test_delivery_by_post_keeps_the_address_other_ways_drop_it(draft):
    draft = services.dossier_draft_update_delivery(
        dossier=draft,
        actor=draft.applicant,
        result_delivery=ResultDelivery.POST,
        result_address="  Số 5 Trần Phú  ",
        post_pickup=True,
        pickup_address=" Thôn 2 ",
        step="nhan-ket-qua",
    )
    draft.refresh_from_db()
    assert (draft.result_delivery, draft.result_address, draft.post_pickup, draft.pickup_address) == (
        "post",
        "Số 5 Trần Phú",
        True,
        "Thôn 2",
    )
    assert draft.wizard_step == "nhan-ket-qua"
    services.dossier_draft_update_delivery(
        dossier=draft,
        actor=draft.applicant,
        result_delivery=ResultDelivery.COUNTER,
        result_address="Số 5 Trần Phú",
        pickup_address="Thôn 2",
    )
    draft.refresh_from_db()
    assert (draft.result_delivery, draft.result_address, draft.post_pickup, draft.pickup_address) == (
        "counter",
        "",
        False,
        "",
    )


def test_an_unknown_delivery_is_refused(draft):
    with pytest.raises(DomainError) as error:
        services.dossier_draft_update_delivery(dossier=draft, actor=draft.applicant, result_delivery="drone")
    assert error.value.code == "delivery"


def test_post_without_an_address_and_pickup_without_an_address_stop_submission(draft, submit):
    services.dossier_draft_update_delivery(
        dossier=draft, actor=draft.applicant, result_delivery=ResultDelivery.POST, post_pickup=True
    )
    draft.refresh_from_db()
    assert services.submission_problems(draft) == [
        Problem("nhan-ket-qua", "Chưa nhập địa chỉ nhận kết quả qua bưu chính."),
        Problem("nhan-ket-qua", "Chưa nhập địa chỉ để bưu điện đến nhận hồ sơ."),
    ]
    with pytest.raises(DomainError) as error:
        submit(draft)
    assert error.value.code == "incomplete"
    assert "bưu chính" in error.value.message
    services.dossier_draft_update_delivery(
        dossier=draft,
        actor=draft.applicant,
        result_delivery=ResultDelivery.POST,
        result_address="Số 5 Trần Phú",
        post_pickup=True,
        pickup_address="Thôn 2",
    )
    draft.refresh_from_db()
    assert services.submission_problems(draft) == []
    assert submit(draft).state == State.SUBMITTED


def test_a_landline_on_the_account_is_not_prefilled_as_the_mobile_for_notices(procedure):
    applicant = citizen()
    applicant.phone = "02603797799"
    applicant.save(update_fields=["phone"])
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    assert draft.applicant_phone == ""
    applicant.phone = "+84 905 123 456"
    applicant.save(update_fields=["phone"])
    assert services.dossier_draft_create(applicant=applicant, procedure=procedure).applicant_phone == "0905123456"
