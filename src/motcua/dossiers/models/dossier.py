"""Dossiers (hồ sơ), their append-only event history and the daily code counter.

Fields change only through ``services``; ``save()`` carries no rule (see ``workflow`` for the states).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel

from ..workflow import Action, State


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", "Công dân"
    BUSINESS = "business", "Doanh nghiệp"
    ORGANISATION = "organisation", "Tổ chức"


class ResultDelivery(models.TextChoices):
    ONLINE = "online", "Nhận kết quả trực tuyến"
    COUNTER = "counter", "Nhận kết quả tại Bộ phận Tiếp nhận và Trả kết quả"
    POST = "post", "Nhận kết quả tại nhà qua dịch vụ bưu chính công ích"


class Dossier(TimeStampedModel):
    # What URLs carry for drafts (which have no code yet): not guessable, and scoped to the applicant anyway.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Given at submission (``<unit code>-YYMMDD-NNNN``); a draft has none. Never changes afterwards.
    code = models.CharField("mã hồ sơ", max_length=60, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        "catalogue.Procedure", verbose_name="thủ tục", on_delete=models.PROTECT, related_name="dossiers"
    )
    case = models.ForeignKey(
        "catalogue.ProcedureCase",
        verbose_name="trường hợp",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    agency = models.ForeignKey(
        "catalogue.Agency", verbose_name="cơ quan tiếp nhận", on_delete=models.PROTECT, related_name="dossiers"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản nộp hồ sơ",
        null=True,  # a walk-in dossier entered at the counter for a person with no account on the portal
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )

    # Snapshot of the applicant (chủ hồ sơ) as declared on this dossier: later profile edits do not change it.
    applicant_kind = models.CharField(
        "loại chủ hồ sơ", max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    applicant_name = models.CharField("họ tên / tên tổ chức", max_length=300, blank=True)
    applicant_id_number = models.CharField(
        "số định danh cá nhân / mã số thuế", max_length=20, blank=True, db_index=True
    )
    applicant_date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=500, blank=True)
    applicant_phone = models.CharField("số điện thoại", max_length=20, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    # Nộp thay / ủy quyền: the person or organisation the applicant acts for
    # (keys: kind, name, id_number, date_of_birth, address, phone, email, authorisation); empty when acting for self.
    principal = models.JSONField("người ủy quyền / được nộp thay", default=dict, blank=True)

    # Nhận kết quả (result delivery) and "nộp hồ sơ tại nhà" (a postal worker picks the paper dossier up).
    result_delivery = models.CharField(
        "hình thức nhận kết quả", max_length=10, choices=ResultDelivery.choices, default=ResultDelivery.ONLINE
    )
    result_address = models.CharField("địa chỉ nhận kết quả", max_length=500, blank=True)
    post_pickup = models.BooleanField("nộp hồ sơ tại nhà (bưu chính thu gom)", default=False)
    pickup_address = models.CharField("địa chỉ thu gom hồ sơ", max_length=500, blank=True)
    # The furthest wizard step the applicant reached: "Tiếp tục" on a draft resumes there.
    wizard_step = models.CharField("bước đang soạn", max_length=20, blank=True)
    # Snapshots taken at submission from the online channel of the chosen case (the catalogue may change later).
    fee_total = models.PositiveBigIntegerField("tổng phí, lệ phí (đồng)", default=0)
    duration_value = models.DecimalField("thời hạn giải quyết", max_digits=6, decimal_places=1, null=True, blank=True)
    duration_unit = models.CharField("đơn vị thời hạn", max_length=20, blank=True)

    state = models.CharField("trạng thái", max_length=30, choices=State.choices, default=State.DRAFT, db_index=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    received_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    due_at = models.DateTimeField("ngày hẹn trả kết quả", null=True, blank=True)
    finished_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    # Feeds indicator 4.5: the submitting account was verified through VNeID at submission time.
    verified_by_vneid = models.BooleanField("tài khoản xác thực qua VNeID", default=False)
    # Sent by the submission form: a repeated submit (double click, retry) returns the same dossier.
    idempotency_key = models.CharField("khóa chống nộp trùng", max_length=64, blank=True, editable=False)
    # Bumped by every transition. A decision form carries the version it was shown with: a stale form (another
    # officer acted first, a replayed or double submit) is refused and changes nothing.
    version = models.PositiveIntegerField("phiên bản", default=0)
    # Form 04 "Văn bản xin lỗi và đề nghị gia hạn": at most once, before the due date; the first due date is kept.
    original_due_at = models.DateTimeField("ngày hẹn ban đầu", null=True, blank=True)
    apology_at = models.DateTimeField("xin lỗi, gia hạn lúc", null=True, blank=True)
    apology_reason = models.TextField("lý do chậm", blank=True)
    # Received at the counter (walk-in) rather than online: the officer entered the dossier (``entered_by``).
    received_at_counter = models.BooleanField("nộp trực tiếp tại quầy", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="cán bộ nhập hồ sơ tại quầy",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # How the result was handed over: who collected it at the counter, or the postal tracking number.
    return_note = models.CharField("thông tin trả kết quả", max_length=300, blank=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="dossier_idempotency_key_per_applicant",
            ),
        ]
        indexes = [
            models.Index(fields=["applicant", "-created_at"]),
            models.Index(fields=["agency", "state"]),
            # The reception queue: one agency's dossiers in one state, oldest first (keyset on submitted_at, id).
            models.Index(fields=["agency", "state", "submitted_at", "id"], name="dossier_queue"),
            # Results to hand over ("Trả kết quả"): few rows among millions, oldest result first.
            models.Index(
                fields=["agency", "finished_at", "id"],
                condition=Q(state="result_ready"),
                name="dossier_results_queue",
            ),
            # A partner system's changes feed (/api/v1/ho-so?updated_since=…): keyset on (updated_at, id).
            models.Index(fields=["agency", "updated_at", "id"], name="dossier_partner_feed"),
        ]

    def __str__(self) -> str:
        return self.code or f"Hồ sơ nháp #{self.pk}"


class DossierEvent(models.Model):
    """One step of a dossier's history. Append-only: written by ``services`` in the transaction of the change."""

    dossier = models.ForeignKey(Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("thao tác", max_length=30, choices=Action.choices)
    from_state = models.CharField("từ trạng thái", max_length=30, choices=State.choices)
    to_state = models.CharField("sang trạng thái", max_length=30, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossier_events",
    )
    # Kept as written: the history still reads right if the account is renamed or removed.
    actor_label = models.CharField("người thực hiện (tên)", max_length=300)
    note = models.TextField("ghi chú", blank=True)
    at = models.DateTimeField("thời điểm", db_index=True)

    class Meta:
        verbose_name = "lịch sử hồ sơ"
        verbose_name_plural = "lịch sử hồ sơ"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["dossier", "action", "-id"])]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.get_action_display()} ({self.at:%d/%m/%Y %H:%M})"


class DossierCodeCounter(models.Model):
    """The last number given for one unit on one day; the next code takes ``last_number + 1``."""

    unit_code = models.CharField("mã đơn vị", max_length=40)
    day = models.DateField("ngày")
    last_number = models.PositiveIntegerField("số cuối đã cấp", default=0)

    class Meta:
        verbose_name = "bộ đếm mã hồ sơ"
        verbose_name_plural = "bộ đếm mã hồ sơ"
        constraints = [models.UniqueConstraint(fields=["unit_code", "day"], name="dossier_code_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.day:%d/%m/%Y}: {self.last_number}"


class SupplementRequest(models.Model):
    """ONE consolidated "yêu cầu bổ sung, hoàn thiện hồ sơ": everything missing, with the reason, at once."""

    dossier = models.ForeignKey(
        Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="supplement_requests"
    )
    # [{"component_id": int | None, "name": str, "note": str}] — what to supply and why, one row per document.
    items = models.JSONField("giấy tờ cần bổ sung", default=list)
    reason = models.TextField("lý do")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_label = models.CharField("cán bộ yêu cầu", max_length=300)
    contact = models.CharField("cán bộ hướng dẫn, liên hệ", max_length=300, blank=True)
    requested_at = models.DateTimeField("yêu cầu lúc")
    answered_at = models.DateTimeField("bổ sung lúc", null=True, blank=True)
    answer_note = models.TextField("ghi chú của người nộp", blank=True)

    class Meta:
        verbose_name = "yêu cầu bổ sung hồ sơ"
        verbose_name_plural = "yêu cầu bổ sung hồ sơ"
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} — yêu cầu bổ sung {self.requested_at:%d/%m/%Y}"


def _dossier_file_path(instance: "DossierFile", filename: str) -> str:
    return filename  # services choose the full storage name (ho-so/YYYY/MM/<uuid>.<ext>) before saving


class DossierFile(models.Model):
    """One uploaded (or reused) document of one component of a dossier. Written only by ``services.files``."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(
        "catalogue.ComponentRequirement",
        verbose_name="thành phần hồ sơ",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    component_name = models.TextField("tên thành phần hồ sơ")
    # Set when the file answers a supplement request (it then joins the dossier; the code never changes).
    supplement = models.ForeignKey(
        SupplementRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="files"
    )
    file = models.FileField("tệp", upload_to=_dossier_file_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("định dạng", max_length=100)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256", max_length=64)
    # Picked from the personal data store instead of uploaded again (feeds the data-reuse indicator).
    reused_from = models.ForeignKey(
        "accounts.EDataItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="reuses"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["dossier", "component"])]

    def __str__(self) -> str:
        return self.original_name


class SatisfactionSurvey(models.Model):
    """The survey at result return (``domain.md`` §9): 9 criteria scored 2/1/0, convenience and overall rating."""

    class Rating(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
        SATISFIED = "satisfied", _("Hài lòng")
        DISSATISFIED = "dissatisfied", _("Không hài lòng")

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="survey")
    scores = models.JSONField("điểm theo tiêu chí")  # {criterion key: 0 | 1 | 2}
    convenience = models.CharField("mức độ thuận tiện", max_length=20, choices=Rating.choices)
    overall = models.CharField("mức độ hài lòng chung", max_length=20, choices=Rating.choices)
    comment = models.TextField("góp ý", blank=True)
    created_at = models.DateTimeField("đánh giá lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đánh giá mức độ hài lòng"
        verbose_name_plural = "đánh giá mức độ hài lòng"

    def __str__(self) -> str:
        return f"{self.dossier} — {self.get_overall_display()}"
