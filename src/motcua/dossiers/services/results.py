"""Results ("kết quả giải quyết"): uploaded by the officer, signed by the agency, returned to the applicant.

A result is a PDF. It gets the code ``<dossier code>-KQ<n>`` when uploaded; the signing step replaces the stored
file by the signed one (``documents.signing`` stamps the QR code of the public verification page and signs it with
the agency's certificate — that layer calls ``result_store_signed``). The SHA-256 kept is the signed file's: the
verification page compares it. Returned online, the result joins the applicant's "Kho dữ liệu cá nhân".
"""

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from motcua.accounts.models import EDataItem, User
from motcua.core.errors import DomainError
from motcua.core.uploads import inspect_upload

from ..access import officer_roles
from ..models import Dossier, DossierResult, ResultDelivery
from ..workflow import Action, State, transition_for
from .core import actor_role, apply, check_version, lock, officer_may_act, open_task, record

MB = 1024 * 1024
ROOT = "ket-qua"


def _result_name() -> str:
    return f"{ROOT}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


def _check_editable(dossier: Dossier, officer: User) -> None:
    if dossier.state not in (State.RECEIVED, State.PROCESSING):
        raise DomainError("Chỉ cập nhật kết quả khi hồ sơ đang được xử lý.", code="illegal_transition")
    task = open_task(dossier)
    if task is None or not officer_may_act(dossier=dossier, officer=officer):
        raise DomainError("Bạn không có quyền cập nhật kết quả của hồ sơ này.", code="forbidden")


def result_add(*, dossier: Dossier, officer: User, title: str, upload: UploadedFile | None) -> DossierResult:
    """Attach a result document (PDF) to a dossier being processed; it still has to be signed."""
    title = title.strip()[:300]
    if not title:
        raise DomainError("Vui lòng nhập tên văn bản kết quả.", code="title_required")
    if upload is None:
        raise DomainError("Vui lòng chọn tệp kết quả (PDF).", code="file_required")
    inspected = inspect_upload(
        upload, name=upload.name or "", accepted=["pdf"], max_bytes=settings.MOTCUA_UPLOAD_MAX_MB * MB
    )
    upload.seek(0)
    stored = default_storage.save(_result_name(), upload)
    try:
        with transaction.atomic():
            locked = lock(dossier)
            _check_editable(locked, officer)
            same = locked.results.filter(sha256=inspected.sha256, signed_at__isnull=True).first()
            if same is not None:  # the same file sent again (double click, retried upload): keep the one we have
                default_storage.delete(stored)
                return same
            number = (locked.results.aggregate(n=Max("number"))["n"] or 0) + 1
            result = DossierResult.objects.create(
                dossier=locked,
                number=number,
                code=f"{locked.code}-KQ{number}",
                title=title,
                file=stored,
                original_name=inspected.safe_name,
                size=inspected.size,
                sha256=inspected.sha256,
                uploaded_by_label=str(officer),
            )
            record(dossier=locked, action=Action.ADD_RESULT, actor=officer, note=f"{result.code}: {title}")
            return result
    except BaseException:
        default_storage.delete(stored)
        raise


def result_signing_check(*, result: DossierResult, officer: User) -> None:
    """DomainError unless ``officer`` may sign ``result`` now: they hold the signing step, it is not signed yet."""
    task = open_task(result.dossier)
    if result.signed_at is not None:
        raise DomainError(f"Kết quả {result.code} đã được ký số.", code="already_signed")
    if task is None or not task.signs_result:
        raise DomainError("Hồ sơ chưa đến bước ký duyệt kết quả.", code="not_signing_step")
    if (task.agency_id, task.role) not in officer_roles(officer=officer):
        raise DomainError("Chỉ người có thẩm quyền ở bước ký duyệt mới ký được kết quả.", code="forbidden")


def result_store_signed(*, result: DossierResult, officer: User, signed_pdf: bytes) -> DossierResult:
    """Replace the result's file by its signed version (written by ``documents.signing``)."""
    stored = default_storage.save(_result_name(), ContentFile(signed_pdf))
    try:
        with transaction.atomic():
            locked_dossier = lock(result.dossier)
            fresh = DossierResult.objects.select_for_update().get(pk=result.pk)
            result_signing_check(result=fresh, officer=officer)
            old_name = fresh.file.name
            fresh.file.name = stored
            fresh.size, fresh.sha256 = len(signed_pdf), hashlib.sha256(signed_pdf).hexdigest()
            fresh.signed_at, fresh.signed_by, fresh.signer_label = timezone.now(), officer, str(officer)
            fresh.save(update_fields=["file", "size", "sha256", "signed_at", "signed_by", "signer_label"])
            record(dossier=locked_dossier, action=Action.SIGN_RESULT, actor=officer, note=fresh.code)
            transaction.on_commit(lambda: default_storage.delete(old_name))
            return fresh
    except BaseException:
        default_storage.delete(stored)
        raise


def dossier_return_result(
    *, dossier: Dossier, officer: User, method: str, note: str = "", expected_version: int | None = None
) -> Dossier:
    """ "Trả kết quả": online (the applicant downloads it; it joins their data store), at the counter (who
    collected it) or by public post (the tracking number)."""
    note = note.strip()[:300]
    if method not in ResultDelivery.values:
        raise DomainError("Vui lòng chọn hình thức trả kết quả.", code="method")
    if method == ResultDelivery.COUNTER and not note:
        raise DomainError("Vui lòng ghi họ tên người nhận kết quả tại quầy.", code="note_required")
    if method == ResultDelivery.POST and not note:
        raise DomainError("Vui lòng nhập mã bưu gửi (số hiệu bưu gửi) của kết quả.", code="note_required")
    if method == ResultDelivery.ONLINE and dossier.applicant_id is None:
        raise DomainError(
            "Hồ sơ nộp tại quầy không có tài khoản: hãy trả kết quả tại quầy hoặc qua bưu chính.", code="method"
        )
    with transaction.atomic():
        locked = lock(dossier)
        check_version(locked, expected_version)
        transition = transition_for(action=Action.RETURN_RESULT, state=locked.state)
        actor_role(dossier=locked, actor=officer, transition=transition)
        locked.return_note = f"{ResultDelivery(method).label}" + (f": {note}" if note else "")
        locked.save(update_fields=["return_note", "updated_at"])
        if locked.applicant_id is not None:
            _results_to_data_store(locked)
        return apply(dossier=locked, transition=transition, actor=officer, note=locked.return_note)


def _results_to_data_store(dossier: Dossier) -> None:
    """Every signed result joins the applicant's "Kho dữ liệu cá nhân" (one item per distinct file)."""
    for result in dossier.results.exclude(signed_at=None):
        EDataItem.objects.get_or_create(
            owner_id=dossier.applicant_id,
            sha256=result.sha256,
            defaults={
                "title": result.title,
                "source": EDataItem.Source.RESULT,
                "source_code": dossier.code,
                "file": result.file.name,
                "original_name": f"{result.code}.pdf",
                "content_type": "application/pdf",
                "size": result.size,
            },
        )
