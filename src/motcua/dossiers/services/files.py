"""Documents attached to dossiers: checked by content, hashed, streamed to storage, never lost, never orphaned.

Order of writes, so that a crash leaves neither a row without a file nor a silent orphan:
1. the upload is inspected (``core.uploads``: type by magic bytes, size, integrity, SHA-256) while Django holds it
   in a temporary file — memory does not grow with the file size;
2. it is streamed to storage under a fresh name (``ho-so/YYYY/MM/<uuid>.<ext>``), outside any transaction, so
   a slow upload never holds the database lock;
3. a short transaction locks the dossier, re-checks the rules and writes the row; if that fails, the stored file
   is deleted at once. If the process dies between 2 and 3, the file has no row: ``files_collect_garbage`` (a
   periodic task) deletes stored files that no row refers to once they are older than a grace period.
A stored file may be shared by a dossier file and an item of the personal data store (reuse never copies); it is
deleted only when no row of either kind refers to it.
"""

import uuid
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import EDataItem, User
from motcua.catalogue.models import DEFAULT_ACCEPTED_TYPES, ComponentRequirement, ProcedureCase
from motcua.core.errors import DomainError, NotFound
from motcua.core.uploads import InspectedFile, accepted_kinds, inspect_upload

from ..models import Dossier, DossierFile, DossierResult, SupplementRequest
from ..workflow import State
from .core import draft_lock, lock

MB = 1024 * 1024
ROOT = "ho-so"


# --- Storage --------------------------------------------------------------------------------------
def _store(upload: UploadedFile, inspected: InspectedFile) -> str:
    """Stream ``upload`` to storage under a new unguessable name; returns the name storage used."""
    now = timezone.now()
    name = f"{ROOT}/{now:%Y/%m}/{uuid.uuid4().hex}{inspected.kind.extension}"
    upload.seek(0)
    return default_storage.save(name, upload)  # copies chunk by chunk (File.chunks)


def _referenced(name: str) -> bool:
    return (
        DossierFile.objects.filter(file=name).exists()
        or EDataItem.objects.filter(file=name).exists()
        or DossierResult.objects.filter(file=name).exists()  # a result reused from the data store
    )


def _blob_delete_if_unreferenced(name: str) -> None:
    if name and not _referenced(name):
        default_storage.delete(name)


def files_forget(*, files: Iterable[DossierFile]) -> None:
    """Delete file rows; their stored files go after commit unless another row still refers to them."""
    names = []
    for item in files:
        names.append(item.file.name)
        item.delete()
    transaction.on_commit(lambda: [_blob_delete_if_unreferenced(name) for name in names])


def _walk(directory: str) -> Iterator[str]:
    try:
        folders, names = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in names:
        yield f"{directory}/{name}"
    for folder in folders:
        yield from _walk(f"{directory}/{folder}")


def files_collect_garbage(*, older_than: timedelta = timedelta(hours=6)) -> int:
    """Delete stored dossier files that no row refers to and that are older than ``older_than``; returns how many.

    The grace period covers uploads in flight (stored, row not yet committed).
    """
    cutoff = timezone.now() - older_than
    removed = 0
    for name in _walk(ROOT):
        if default_storage.get_modified_time(name) < cutoff and not _referenced(name):
            default_storage.delete(name)
            removed += 1
    return removed


# --- Rules ----------------------------------------------------------------------------------------
def _case_component(dossier: Dossier, component_id: int) -> ComponentRequirement:
    component = ComponentRequirement.objects.filter(pk=component_id, case_id=dossier.case_id).first()
    if dossier.case_id is None or component is None:
        raise NotFound("Không tìm thấy thành phần hồ sơ này trong trường hợp đã chọn.")
    return component


def _check_room(dossier: Dossier, *, component_id: int | None, supplement: SupplementRequest | None, size: int) -> None:
    siblings = DossierFile.objects.filter(dossier=dossier, component_id=component_id, supplement=supplement)
    if siblings.count() >= settings.MOTCUA_FILES_PER_COMPONENT:
        raise DomainError(
            f"Mỗi thành phần hồ sơ được đính kèm tối đa {settings.MOTCUA_FILES_PER_COMPONENT} tệp.", code="too_many"
        )
    used = sum(DossierFile.objects.filter(dossier=dossier).values_list("size", flat=True))
    if used + size > settings.MOTCUA_DOSSIER_MAX_MB * MB:
        raise DomainError(
            f"Tổng dung lượng các tệp của hồ sơ vượt quá {settings.MOTCUA_DOSSIER_MAX_MB} MB; "
            "vui lòng nén hoặc giảm độ phân giải tệp.",
            code="dossier_too_large",
        )


def _attach(
    *,
    dossier: Dossier,
    actor: User,
    upload: UploadedFile,
    accepted: list[str],
    max_mb: int,
    row: dict,
    relock,
) -> DossierFile:
    """Inspect, store, then write the row under the dossier's lock (``relock`` re-checks the state)."""
    inspected = inspect_upload(upload, name=upload.name or "", accepted=accepted, max_bytes=max_mb * MB)
    component_id = row["component"].pk if row.get("component") is not None else None
    stored = _store(upload, inspected)
    try:
        with transaction.atomic():
            locked = relock()
            # The same document sent again for the same place (a retried upload): keep the one we have.
            same = DossierFile.objects.filter(
                dossier=locked,
                component_id=component_id,
                supplement=row.get("supplement"),
                sha256=inspected.sha256,
            ).first()
            if same is not None:
                default_storage.delete(stored)
                return same
            _check_room(locked, component_id=component_id, supplement=row.get("supplement"), size=inspected.size)
            return DossierFile.objects.create(
                dossier=locked,
                file=stored,
                original_name=inspected.safe_name,
                content_type=inspected.kind.content_type,
                size=inspected.size,
                sha256=inspected.sha256,
                uploaded_by=actor,
                **row,
            )
    except BaseException:
        default_storage.delete(stored)
        raise


def dossier_file_add(*, dossier: Dossier, actor: User, component_id: int, upload: UploadedFile) -> DossierFile:
    """Attach one uploaded file to one component of a draft ("Thành phần hồ sơ")."""
    if dossier.applicant_id != actor.pk:
        raise DomainError("Bạn không có quyền sửa hồ sơ này.", code="forbidden")
    if dossier.state != State.DRAFT:
        raise DomainError("Hồ sơ đã được nộp, không thể thay đổi tệp đính kèm.", code="not_draft")
    component = _case_component(dossier, component_id)
    return _attach(
        dossier=dossier,
        actor=actor,
        upload=upload,
        accepted=component.accepted_types_list,
        max_mb=component.max_size_mb,
        row={"component": component, "component_name": component.name},
        relock=lambda: _draft_relock(dossier, actor, component_id),
    )


def _draft_relock(dossier: Dossier, actor: User, component_id: int) -> Dossier:
    """The draft locked again after the slow store: the case may have changed meanwhile."""
    locked = draft_lock(dossier=dossier, actor=actor)
    _case_component(locked, component_id)
    return locked


def supplement_open(dossier: Dossier) -> SupplementRequest:
    """The supplement request the applicant is answering; DomainError when none is open."""
    request = dossier.supplement_requests.filter(answered_at__isnull=True).order_by("-requested_at", "-id").first()
    if dossier.state != State.SUPPLEMENT_REQUESTED or request is None:
        raise DomainError("Hồ sơ hiện không có yêu cầu bổ sung nào đang chờ.", code="no_supplement")
    return request


def _supplement_lock(dossier: Dossier, actor: User, request: SupplementRequest | None = None) -> Dossier:
    locked = lock(dossier)
    if locked.applicant_id != actor.pk:
        raise DomainError("Bạn không có quyền bổ sung hồ sơ này.", code="forbidden")
    if request is not None and supplement_open(locked).pk != request.pk:
        raise DomainError("Yêu cầu bổ sung đã thay đổi, vui lòng tải lại trang.", code="stale")
    supplement_open(locked)
    return locked


def supplement_file_add(*, dossier: Dossier, actor: User, item_index: int, upload: UploadedFile) -> DossierFile:
    """Attach one file answering row ``item_index`` of the open supplement request."""
    request = supplement_open(dossier)
    if dossier.applicant_id != actor.pk:
        raise DomainError("Bạn không có quyền bổ sung hồ sơ này.", code="forbidden")
    if not 0 <= item_index < len(request.items):
        raise NotFound("Không tìm thấy giấy tờ này trong yêu cầu bổ sung.")
    item = request.items[item_index]
    component = ComponentRequirement.objects.filter(pk=item.get("component_id"), case_id=dossier.case_id).first()
    accepted = component.accepted_types_list if component else DEFAULT_ACCEPTED_TYPES.split(",")
    return _attach(
        dossier=dossier,
        actor=actor,
        upload=upload,
        accepted=accepted,
        max_mb=component.max_size_mb if component else 10,
        row={"component": component, "component_name": item.get("name", "")[:2000], "supplement": request},
        relock=lambda: _supplement_lock(dossier, actor, request),
    )


def dossier_file_reuse(*, dossier: Dossier, actor: User, component_id: int, item: EDataItem) -> DossierFile:
    """Attach a document from the applicant's "Kho dữ liệu cá nhân" to a component, without uploading it again."""
    with transaction.atomic():
        draft = draft_lock(dossier=dossier, actor=actor)
        if item.owner_id != actor.pk:
            raise NotFound("Không tìm thấy giấy tờ trong kho dữ liệu của bạn.")
        component = _case_component(draft, component_id)
        if item.content_type not in {
            kind.content_type for kind in accepted_kinds(component.accepted_types_list).values()
        }:
            raise DomainError("Định dạng của giấy tờ này không được chấp nhận cho thành phần hồ sơ.", code="wrong_type")
        if item.size > component.max_size_mb * MB:
            raise DomainError(f"Giấy tờ vượt quá dung lượng tối đa {component.max_size_mb} MB.", code="too_large")
        same = DossierFile.objects.filter(dossier=draft, component=component, sha256=item.sha256).first()
        if same is not None:
            return same
        _check_room(draft, component_id=component.pk, supplement=None, size=item.size)
        return DossierFile.objects.create(
            dossier=draft,
            component=component,
            component_name=component.name,
            file=item.file.name,
            original_name=item.original_name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            reused_from=item,
            uploaded_by=actor,
        )


def dossier_file_remove(*, dossier_file: DossierFile, actor: User) -> None:
    """Remove an attachment while it can still change: from a draft, or from an unanswered supplement."""
    with transaction.atomic():
        if dossier_file.supplement_id is None:
            draft_lock(dossier=dossier_file.dossier, actor=actor)
        else:
            locked = _supplement_lock(dossier_file.dossier, actor)
            if supplement_open(locked).pk != dossier_file.supplement_id:
                raise DomainError("Tệp này thuộc lần bổ sung đã gửi, không thể xóa.", code="not_draft")
        files_forget(files=[dossier_file])


def draft_files_detach_other_cases(*, dossier: Dossier, case: ProcedureCase) -> None:
    """When the applicant changes the case, files of the old case's components leave the draft."""
    files_forget(files=list(DossierFile.objects.filter(dossier=dossier).exclude(component__case=case)))
