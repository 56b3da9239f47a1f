import hashlib
import os
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from motcua.accounts.models import EDataItem
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.tasks import GC_EVERY, files_collect_garbage_task

from .factories import (
    ComponentFactory,
    ProcedureCaseFactory,
    ProcedureFactory,
    citizen,
    pdf_bytes,
    pdf_upload,
    png_bytes,
    png_upload,
    upload_of,
)

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240 + b"This program cannot be run"


def _add(draft, component, upload):
    return services.dossier_file_add(dossier=draft, actor=draft.applicant, component_id=component.pk, upload=upload)


def _make_old(name: str, age: timedelta) -> None:
    moment = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(name), (moment, moment))


def _store_item(owner, content: bytes, *, content_type: str, name: str = "kho-du-lieu/giay-to.bin") -> EDataItem:
    """An item of ``owner``'s data store with its own stored file."""
    stored = default_storage.save(name, ContentFile(content))
    return EDataItem.objects.create(
        owner=owner,
        title="Giấy tờ đã lưu",
        file=stored,
        original_name="giay-to",
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


# --- Adding an upload ---------------------------------------------------------------------------------------
def test_added_pdf_is_hashed_named_safely_and_stored_byte_for_byte(draft, component, media_files):
    content = pdf_bytes("Don de nghi")
    row = _add(draft, component, upload_of(content, "C:\\Hồ sơ\\Đơn đề nghị (bản ký)\u202e.PDF"))

    assert row.sha256 == hashlib.sha256(content).hexdigest()
    assert row.size == len(content)
    assert row.original_name == "Đơn đề nghị (bản ký).pdf"
    assert row.content_type == "application/pdf"
    assert (row.component, row.component_name, row.supplement, row.reused_from) == (
        component,
        component.name,
        None,
        None,
    )
    assert row.uploaded_by == draft.applicant
    assert re.fullmatch(rf"ho-so/{timezone.now():%Y/%m}/[0-9a-f]{{32}}\.pdf", row.file.name)
    assert media_files() == [row.file.name]
    with default_storage.open(row.file.name, "rb") as stored:
        assert stored.read() == content


def test_an_image_is_stored_with_the_extension_of_its_content(draft, component):
    row = _add(draft, component, png_upload(name="anh-chup.jpg"))
    assert (row.content_type, row.original_name) == ("image/png", "anh-chup.png")
    assert row.file.name.endswith(".png")


def test_an_executable_named_pdf_is_refused_and_nothing_is_stored(draft, component, media_files):
    with pytest.raises(DomainError) as error:
        _add(draft, component, upload_of(EXE, "don-de-nghi.pdf"))
    assert error.value.code == "wrong_type"
    assert "don-de-nghi.pdf" in error.value.message
    assert media_files() == []
    assert not DossierFile.objects.exists()


def test_a_type_the_component_does_not_accept_is_refused(draft, procedure, media_files):
    pdf_only = ComponentFactory(procedure=procedure, accepted_types="pdf")
    with pytest.raises(DomainError) as error:
        _add(draft, pdf_only, png_upload())
    assert error.value.code == "wrong_type"
    assert "PDF" in error.value.message
    assert media_files() == []


def test_a_file_over_the_component_limit_is_refused_before_storing(draft, procedure, media_files):
    small = ComponentFactory(procedure=procedure, max_size_mb=1)
    with pytest.raises(DomainError) as error:
        _add(draft, small, png_upload(size=(700, 700), noise=True))  # about 1.4 MB
    assert error.value.code == "too_large"
    assert "1 MB" in error.value.message
    assert media_files() == []
    assert not DossierFile.objects.exists()


def test_the_dossier_total_limit_refuses_the_file_and_deletes_what_was_stored(settings, draft, procedure, media_files):
    settings.MOTCUA_DOSSIER_MAX_MB = 1
    first_component, second_component = ComponentFactory(procedure=procedure), ComponentFactory(procedure=procedure)
    first = _add(draft, first_component, png_upload(size=(450, 450), noise=True))  # about 0.6 MB each
    with pytest.raises(DomainError) as error:
        _add(draft, second_component, png_upload(size=(450, 450), noise=True))
    assert error.value.code == "dossier_too_large"
    assert "1 MB" in error.value.message
    assert media_files() == [first.file.name]
    assert list(DossierFile.objects.all()) == [first]


def test_files_per_component_limit_refuses_the_extra_file_and_deletes_it(settings, draft, component, media_files):
    settings.MOTCUA_FILES_PER_COMPONENT = 2
    kept = [_add(draft, component, pdf_upload(f"trang {n}")) for n in (1, 2)]
    with pytest.raises(DomainError) as error:
        _add(draft, component, pdf_upload("trang 3"))
    assert error.value.code == "too_many"
    assert "tối đa 2 tệp" in error.value.message
    assert media_files() == sorted(row.file.name for row in kept)
    assert DossierFile.objects.count() == 2


def test_files_per_component_limit_applies_to_files_without_a_component(settings, submitted, officer, media_files):
    """What the limit does count today: the rows of a supplement item that names no catalogue component."""
    settings.MOTCUA_FILES_PER_COMPONENT = 1
    received = services.dossier_receive(dossier=submitted, officer=officer)
    services.dossier_request_supplement(
        dossier=received, officer=officer, reason="Thiếu giấy tờ", items=[{"name": "Bản sao sổ hộ khẩu"}]
    )
    received.refresh_from_db()
    kept = services.supplement_file_add(
        dossier=received, actor=received.applicant, item_index=0, upload=pdf_upload("trang 1")
    )
    with pytest.raises(DomainError) as error:
        services.supplement_file_add(dossier=received, actor=received.applicant, item_index=0, upload=pdf_upload("2"))
    assert error.value.code == "too_many"
    assert media_files() == [kept.file.name]


def test_the_same_file_sent_twice_for_a_component_is_kept_once(draft, component, media_files):
    content = pdf_bytes("gui lai")
    first = _add(draft, component, upload_of(content, "don.pdf"))
    again = _add(draft, component, upload_of(content, "don (1).pdf"))
    assert again.pk == first.pk
    assert DossierFile.objects.count() == 1
    assert media_files() == [first.file.name]


def test_the_same_file_for_two_components_is_two_attachments(draft, procedure):
    content = pdf_bytes("dung chung")
    first = _add(draft, ComponentFactory(procedure=procedure), upload_of(content, "a.pdf"))
    second = _add(draft, ComponentFactory(procedure=procedure), upload_of(content, "a.pdf"))
    assert first.pk != second.pk and first.sha256 == second.sha256


@pytest.mark.parametrize("where", ["another_procedure", "another_case_of_the_procedure"])
def test_a_component_outside_the_chosen_case_is_not_found(draft, procedure, where, media_files):
    if where == "another_procedure":
        foreign = ComponentFactory(procedure=ProcedureFactory())
    else:
        foreign = ComponentFactory(case=ProcedureCaseFactory(procedure=procedure))
    with pytest.raises(NotFound):
        _add(draft, foreign, pdf_upload())
    assert media_files() == []


def test_a_component_is_not_found_while_no_case_is_chosen(applicant, procedure):
    ProcedureCaseFactory(procedure=procedure)  # two cases: the draft starts without one
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    component = ComponentFactory(case=procedure.cases.first())
    with pytest.raises(NotFound):
        _add(draft, component, pdf_upload())


def test_a_component_of_the_old_case_is_refused_when_the_case_changed_during_the_upload(applicant, procedure):
    old_case, new_case = procedure.cases.get(), ProcedureCaseFactory(procedure=procedure)
    old_component = ComponentFactory(case=old_case)
    draft = services.dossier_draft_create(applicant=applicant, procedure=procedure, case=old_case)
    read_by_the_upload_request = Dossier.objects.get(pk=draft.pk)
    services.dossier_draft_choose_case(dossier=draft, actor=applicant, case=new_case)  # meanwhile, in another tab
    with pytest.raises(NotFound):
        services.dossier_file_add(
            dossier=read_by_the_upload_request, actor=applicant, component_id=old_component.pk, upload=pdf_upload()
        )
    assert not DossierFile.objects.exists()


def test_only_the_applicant_adds_files_and_only_to_a_draft(draft, component, submit, media_files):
    with pytest.raises(DomainError) as error:
        services.dossier_file_add(dossier=draft, actor=citizen(), component_id=component.pk, upload=pdf_upload())
    assert error.value.code == "forbidden"
    _add(draft, component, pdf_upload())
    submitted = submit(draft)
    with pytest.raises(DomainError) as error:
        _add(submitted, component, pdf_upload("sau khi nop"))
    assert error.value.code == "not_draft"
    assert len(media_files()) == 1


def test_a_crash_between_storing_and_the_row_leaves_no_file(draft, component, media_files):
    with (
        mock.patch.object(DossierFile.objects, "create", side_effect=RuntimeError("máy chủ dừng đột ngột")),
        pytest.raises(RuntimeError),
    ):
        _add(draft, component, pdf_upload())
    assert media_files() == []
    assert not DossierFile.objects.exists()


# --- Reuse from the personal data store ------------------------------------------------------------------
def test_reuse_from_the_data_store_shares_the_stored_file(applicant, procedure, component, submit, media_files):
    first = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    uploaded = _add(first, component, pdf_upload("giay to cu"))
    submit(first)
    item = EDataItem.objects.get(owner=applicant)

    second = services.dossier_draft_create(applicant=applicant, procedure=procedure)
    reused = services.dossier_file_reuse(dossier=second, actor=applicant, component_id=component.pk, item=item)

    assert reused.reused_from == item
    assert reused.file.name == item.file.name == uploaded.file.name
    assert (reused.sha256, reused.size, reused.content_type) == (item.sha256, item.size, item.content_type)
    assert (reused.component, reused.dossier) == (component, second)
    assert media_files() == [uploaded.file.name]  # no copy


def test_reusing_the_same_item_twice_for_a_component_is_kept_once(draft, component):
    item = _store_item(draft.applicant, pdf_bytes(), content_type="application/pdf")
    first = services.dossier_file_reuse(dossier=draft, actor=draft.applicant, component_id=component.pk, item=item)
    again = services.dossier_file_reuse(dossier=draft, actor=draft.applicant, component_id=component.pk, item=item)
    assert again.pk == first.pk
    assert DossierFile.objects.count() == 1


def test_reusing_another_persons_item_is_not_found(draft, component):
    item = _store_item(citizen(), pdf_bytes(), content_type="application/pdf")
    with pytest.raises(NotFound):
        services.dossier_file_reuse(dossier=draft, actor=draft.applicant, component_id=component.pk, item=item)
    assert not DossierFile.objects.exists()


def test_reusing_an_item_of_a_type_the_component_refuses(draft, procedure):
    pdf_only = ComponentFactory(procedure=procedure, accepted_types="pdf")
    item = _store_item(draft.applicant, png_bytes(), content_type="image/png")
    with pytest.raises(DomainError) as error:
        services.dossier_file_reuse(dossier=draft, actor=draft.applicant, component_id=pdf_only.pk, item=item)
    assert error.value.code == "wrong_type"
    assert not DossierFile.objects.exists()


def test_reusing_an_item_over_the_component_limit(draft, procedure):
    small = ComponentFactory(procedure=procedure, max_size_mb=1)
    item = _store_item(draft.applicant, pdf_bytes(), content_type="application/pdf")
    EDataItem.objects.filter(pk=item.pk).update(size=2 * 1024 * 1024)
    item.refresh_from_db()
    with pytest.raises(DomainError) as error:
        services.dossier_file_reuse(dossier=draft, actor=draft.applicant, component_id=small.pk, item=item)
    assert error.value.code == "too_large"


def test_reuse_reads_accepted_types_like_uploads_do(draft, procedure):
    component = ComponentFactory(procedure=procedure, accepted_types="PDF, .Png")
    _add(draft, component, pdf_upload("tai len"))  # the upload path accepts "PDF"
    item = _store_item(draft.applicant, pdf_bytes("trong kho"), content_type="application/pdf")
    reused = services.dossier_file_reuse(dossier=draft, actor=draft.applicant, component_id=component.pk, item=item)
    assert reused.reused_from == item


# --- Removing -----------------------------------------------------------------------------------------------
def test_removing_an_upload_deletes_its_file_after_commit(draft, component, django_capture_on_commit_callbacks):
    row = _add(draft, component, pdf_upload())
    with django_capture_on_commit_callbacks() as callbacks:
        services.dossier_file_remove(dossier_file=row, actor=draft.applicant)
    assert not DossierFile.objects.exists()
    assert default_storage.exists(row.file.name)  # not before the commit
    for callback in callbacks:
        callback()
    assert not default_storage.exists(row.file.name)


def test_removing_a_reused_file_keeps_the_data_store_copy(draft, component, django_capture_on_commit_callbacks):
    item = _store_item(draft.applicant, pdf_bytes(), content_type="application/pdf")
    row = services.dossier_file_reuse(dossier=draft, actor=draft.applicant, component_id=component.pk, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_file_remove(dossier_file=row, actor=draft.applicant)
    assert not DossierFile.objects.exists()
    assert default_storage.exists(item.file.name)


def test_only_the_applicant_removes_a_draft_file_and_not_after_submission(draft, component, submit):
    row = _add(draft, component, pdf_upload())
    with pytest.raises(DomainError) as error:
        services.dossier_file_remove(dossier_file=row, actor=citizen())
    assert error.value.code == "forbidden"
    submit(draft)
    row.refresh_from_db()
    with pytest.raises(DomainError) as error:
        services.dossier_file_remove(dossier_file=row, actor=draft.applicant)
    assert error.value.code == "not_draft"
    assert DossierFile.objects.filter(pk=row.pk).exists()
    assert default_storage.exists(row.file.name)


# --- Collecting orphans -----------------------------------------------------------------------------------
@pytest.fixture
def stored_kinds(draft, component):
    """Stored files of every kind the collector meets; returns their names by kind."""
    referenced = _add(draft, component, pdf_upload("dang dung")).file.name
    in_data_store = _store_item(
        draft.applicant, pdf_bytes("trong kho"), content_type="application/pdf", name="ho-so/2025/01/kho.pdf"
    ).file.name
    orphan = default_storage.save("ho-so/2025/01/mo-coi.pdf", ContentFile(pdf_bytes("mo coi")))
    outside = default_storage.save("catalogue/templates/mau.pdf", ContentFile(pdf_bytes("mau")))
    for name in (referenced, in_data_store, orphan, outside):
        _make_old(name, GC_EVERY + timedelta(hours=1))
    fresh = default_storage.save("ho-so/2025/01/dang-tai.pdf", ContentFile(pdf_bytes("dang tai")))
    return {"referenced": referenced, "in_data_store": in_data_store, "orphan": orphan, "outside": outside} | {
        "fresh": fresh
    }


def test_collector_deletes_only_old_unreferenced_dossier_files(stored_kinds, media_files):
    assert services.files_collect_garbage(older_than=GC_EVERY) == 1
    assert not default_storage.exists(stored_kinds["orphan"])
    kept = {kind: name for kind, name in stored_kinds.items() if kind != "orphan"}
    assert media_files() == sorted(kept.values())


def test_collector_with_nothing_stored_yet(db):
    assert services.files_collect_garbage() == 0


def test_collector_task_returns_the_count_and_schedules_its_next_run(stored_kinds):
    from django_tasks_db.models import DBTaskResult

    before = timezone.now()
    assert files_collect_garbage_task.call() == 1
    assert not default_storage.exists(stored_kinds["orphan"])
    (scheduled,) = DBTaskResult.objects.all()
    assert scheduled.task_path.endswith("files_collect_garbage_task")
    assert scheduled.run_after >= before + GC_EVERY
