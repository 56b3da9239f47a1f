import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from motcua.accounts.models import AccountKind, EDataItem, Organisation
from motcua.catalogue.models import Channel, FeeItem
from motcua.core.errors import DomainError
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierFile, ResultDelivery
from motcua.dossiers.services import ApplicantData, PrincipalData, Problem
from motcua.dossiers.workflow import State

from .factories import (
    ComponentFactory,
    ProcedureCaseFactory,
    ProcedureFactory,
    UserFactory,
    citizen,
    fee,
    officer_of,
    pdf_bytes,
    pdf_upload,
    png_upload,
    upload_of,
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


# --- What stops submission -------------------------------------------------------------------------------
def test_submission_problems_list_each_missing_thing_with_its_step(procedure):
    ProcedureCaseFactory(procedure=procedure, name="Cấp lại")  # two cases: none chosen yet
    user = UserFactory(full_name="")  # no e-ID profile, no contact
    draft = services.dossier_draft_create(applicant=user, procedure=procedure)
    _update(draft, data=ApplicantData(), principal=PrincipalData(name="Trần Thị Bình"))
    services.dossier_draft_update_delivery(
        dossier=draft, actor=user, result_delivery=ResultDelivery.POST, post_pickup=True
    )
    draft.refresh_from_db()
    problems = services.submission_problems(draft)
    assert [problem.step for problem in problems] == [
        "nguoi-nop",
        "nguoi-nop",
        "nguoi-nop",
        "nguoi-nop",
        "truong-hop",
        "nhan-ket-qua",
        "nhan-ket-qua",
    ]
    messages = " ".join(problem.message for problem in problems)
    for words in ("họ tên", "số định danh", "số điện thoại hoặc thư điện tử", "người được nộp thay", "trường hợp"):
        assert words in messages
    assert {problem.step for problem in problems} <= set(services.STEPS)


def test_submission_problems_name_each_missing_required_component(draft, procedure):
    required = ComponentFactory(procedure=procedure, name="Tờ khai đề nghị")
    also_required = ComponentFactory(procedure=procedure, name="Bản sao giấy phép cũ")
    ComponentFactory(procedure=procedure, name="Giấy tờ khác", required=False)
    assert services.submission_problems(draft) == [
        Problem("thanh-phan", "Chưa đính kèm thành phần hồ sơ bắt buộc: Tờ khai đề nghị"),
        Problem("thanh-phan", "Chưa đính kèm thành phần hồ sơ bắt buộc: Bản sao giấy phép cũ"),
    ]
    _add(draft, required)
    assert [p.message for p in services.submission_problems(draft)] == [
        "Chưa đính kèm thành phần hồ sơ bắt buộc: Bản sao giấy phép cũ"
    ]
    _add(draft, also_required, pdf_upload("giay phep"))
    assert services.submission_problems(draft) == []


def test_submit_is_refused_while_a_required_component_is_missing(draft, procedure, submit):
    ComponentFactory(procedure=procedure, name="Tờ khai đề nghị")
    with pytest.raises(DomainError) as error:
        submit(draft)
    assert error.value.code == "incomplete"
    assert "Tờ khai đề nghị" in error.value.message
    draft.refresh_from_db()
    assert (draft.state, draft.code, draft.submitted_at) == (State.DRAFT, None, None)
    assert not draft.events.exists()


def test_submit_snapshots_the_fees_and_duration_of_the_online_channel(draft, procedure, submit):
    fee(procedure, 50_000)
    fee(procedure, 20_000, FeeItem.Kind.CHARGE)
    in_person = Channel.objects.create(
        case=procedure.cases.get(), kind=Channel.Kind.IN_PERSON, duration_value=Decimal(10), position=0
    )
    FeeItem.objects.create(channel=in_person, kind=FeeItem.Kind.FEE, amount=999_000)
    dossier = submit(draft)
    assert (dossier.fee_total, dossier.duration_value, dossier.duration_unit) == (70_000, Decimal(5), "working_days")
    # Later catalogue changes do not touch a submitted dossier.
    Channel.objects.filter(kind=Channel.Kind.ONLINE).update(duration_value=Decimal(2), duration_unit="days")
    FeeItem.objects.all().update(amount=1)
    dossier.refresh_from_db()
    assert (dossier.fee_total, dossier.duration_value, dossier.duration_unit) == (70_000, Decimal(5), "working_days")


def test_submitted_uploads_join_the_applicants_data_store_once_per_file(applicant, procedure, submit):
    first, second = ComponentFactory(procedure=procedure), ComponentFactory(procedure=procedure)
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    content = pdf_bytes("ban sao")
    pdf_row = _add(draft, first, upload_of(content, "ban-sao.pdf"))
    _add(draft, second, upload_of(content, "ban-sao.pdf"))  # the same document for another component
    png_row = _add(draft, second, png_upload())
    assert not EDataItem.objects.exists()  # a draft does not fill the store

    dossier = submit(draft)
    items = {item.sha256: item for item in EDataItem.objects.filter(owner=applicant)}
    assert set(items) == {hashlib.sha256(content).hexdigest(), png_row.sha256}
    item = items[pdf_row.sha256]
    assert (item.file.name, item.source, item.source_code, item.title) == (
        pdf_row.file.name,  # the same stored file, no copy
        EDataItem.Source.UPLOAD,
        dossier.code,
        first.name,
    )
    assert (item.size, item.content_type, item.original_name) == (len(content), "application/pdf", "ban-sao.pdf")

    # A later dossier with the same document adds nothing new.
    later = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    _add(later, first, upload_of(content, "ban-sao.pdf"))
    _add(later, second, png_upload())
    submit(later)
    assert EDataItem.objects.filter(owner=applicant).count() == 2


def test_submit_with_a_reused_document_adds_no_store_item(applicant, procedure, component, submit):
    first = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    _add(first, component)
    submit(first)
    item = EDataItem.objects.get()
    later = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    services.dossier_file_reuse(dossier=later, actor=applicant, component_id=component.pk, item=item)
    submit(later)
    assert list(EDataItem.objects.all()) == [item]


# --- Steps, discard, permissions ------------------------------------------------------------------------
def test_reaching_a_step_only_moves_forward(draft):
    assert services.dossier_draft_reach(dossier=draft, actor=draft.applicant, step="thanh-phan").wizard_step == (
        "thanh-phan"
    )
    for step in ("nguoi-nop", "truong-hop", "khong-co-buoc-nay", ""):
        services.dossier_draft_reach(dossier=draft, actor=draft.applicant, step=step)
        assert Dossier.objects.get(pk=draft.pk).wizard_step == "thanh-phan"
    _update(draft, step="nguoi-nop")  # saving an earlier step does not move the resume point back
    assert Dossier.objects.get(pk=draft.pk).wizard_step == "thanh-phan"
    services.dossier_draft_reach(dossier=draft, actor=draft.applicant, step="kiem-tra")
    assert Dossier.objects.get(pk=draft.pk).wizard_step == "kiem-tra"


def test_discarding_a_draft_deletes_it_its_files_and_then_the_stored_file(
    draft, component, django_capture_on_commit_callbacks
):
    row = _add(draft, component)
    with django_capture_on_commit_callbacks() as callbacks:
        services.dossier_draft_discard(dossier=draft, actor=draft.applicant)
    assert not Dossier.objects.filter(pk=draft.pk).exists()
    assert not DossierFile.objects.exists()
    assert default_storage.exists(row.file.name)  # still there until the commit
    for callback in callbacks:
        callback()
    assert not default_storage.exists(row.file.name)


def test_discarding_a_draft_keeps_files_of_the_data_store(
    applicant, procedure, component, submit, django_capture_on_commit_callbacks
):
    first = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    _add(first, component)
    submit(first)
    item = EDataItem.objects.get()
    later = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    services.dossier_file_reuse(dossier=later, actor=applicant, component_id=component.pk, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_draft_discard(dossier=later, actor=applicant)
    assert default_storage.exists(item.file.name)


def _edits(dossier, actor):
    case = dossier.procedure.cases.first()
    return {
        "update_applicant": lambda: _update(dossier, actor=actor),
        "choose_case": lambda: services.dossier_draft_choose_case(dossier=dossier, actor=actor, case=case),
        "update_delivery": lambda: services.dossier_draft_update_delivery(
            dossier=dossier, actor=actor, result_delivery=ResultDelivery.COUNTER
        ),
        "reach": lambda: services.dossier_draft_reach(dossier=dossier, actor=actor, step="kiem-tra"),
        "discard": lambda: services.dossier_draft_discard(dossier=dossier, actor=actor),
    }


EDITS = ["update_applicant", "choose_case", "update_delivery", "reach", "discard"]


@pytest.mark.parametrize("edit", EDITS)
def test_only_the_applicant_edits_a_draft(draft, edit):
    before = Dossier.objects.filter(pk=draft.pk).values().get()
    for stranger in (citizen(), officer_of(draft.agency)):
        with pytest.raises(DomainError) as error:
            _edits(draft, stranger)[edit]()
        assert error.value.code == "forbidden"
    assert Dossier.objects.filter(pk=draft.pk).values().get() == before


@pytest.mark.parametrize("edit", EDITS)
def test_a_submitted_dossier_is_no_longer_an_editable_draft(submitted, edit):
    before = Dossier.objects.filter(pk=submitted.pk).values().get()
    with pytest.raises(DomainError) as error:
        _edits(submitted, submitted.applicant)[edit]()
    assert error.value.code == "not_draft"
    assert Dossier.objects.filter(pk=submitted.pk).values().get() == before


def test_officers_cannot_create_drafts(procedure):
    officer = officer_of(procedure.agency)
    with pytest.raises(DomainError) as error:
        services.dossier_draft_create(applicant=officer, procedure=procedure)
    assert error.value.code == "forbidden"
    assert not Dossier.objects.exists()


def test_a_procedure_without_cases_gives_a_draft_that_cannot_be_submitted(applicant, submit):
    procedure = ProcedureFactory(with_case=False)
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    assert draft.case is None
    assert [p.step for p in services.submission_problems(draft)] == ["truong-hop"]
    with pytest.raises(DomainError) as error:
        submit(draft)
    assert error.value.code == "incomplete"
