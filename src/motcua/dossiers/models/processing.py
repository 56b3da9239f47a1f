"""Inside the agency: the internal workflow of a case, the hand-overs a dossier goes through, and its results.

A case's ``WorkflowStep`` rows are the approved internal process (thẩm định → lãnh đạo phòng → lãnh đạo ký …),
edited by administrators without code. Each time a dossier reaches a step a ``DossierTask`` is opened with its own
due time (the step's budget in working hours); handing the dossier on closes it. Form 06 "Phiếu kiểm soát quá
trình giải quyết hồ sơ" is these rows. Whether a task or a dossier is late is derived, never stored.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from motcua.accounts.models import StaffRole
from motcua.catalogue.models import ProcedureCase

from .dossier import Dossier


class WorkflowStep(models.Model):
    """One step of a case's internal process: who holds the dossier and for how many working hours."""

    case = models.ForeignKey(
        "catalogue.ProcedureCase",
        verbose_name="trường hợp",
        on_delete=models.CASCADE,
        related_name="workflow_steps",
    )
    position = models.PositiveIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=200)
    role = models.CharField("vai trò xử lý", max_length=20, choices=StaffRole.choices)
    # Empty: the dossier's own agency. Another agency: an inter-agency step (liên thông), e.g. the tax office.
    agency = models.ForeignKey(
        "catalogue.Agency",
        verbose_name="đơn vị xử lý",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Để trống nếu là cơ quan giải quyết hồ sơ; chọn cơ quan khác cho bước liên thông.",
    )
    budget_hours = models.DecimalField("thời gian (giờ làm việc)", max_digits=6, decimal_places=1)
    signs_result = models.BooleanField(
        "bước ký số kết quả", default=False, help_text="Người xử lý bước này ký số văn bản kết quả."
    )

    class Meta:
        verbose_name = "bước quy trình nội bộ"
        verbose_name_plural = "quy trình nội bộ"
        ordering = ["case", "position"]
        constraints = [models.UniqueConstraint(fields=["case", "position"], name="workflow_step_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class TaskOutcome(models.TextChoices):
    FORWARDED = "forwarded", "Chuyển bước tiếp theo"
    SENT_BACK = "sent_back", "Trả lại bước trước"
    FINISHED = "finished", "Hoàn thành xử lý"
    CLOSED = "closed", "Kết thúc (dừng, rút hoặc bổ sung)"


class DossierTask(models.Model):
    """The dossier held by one step (agency + role) from ``started_at`` until it is handed on (``finished_at``)."""

    dossier = models.ForeignKey(Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(
        WorkflowStep, verbose_name="bước", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    position = models.PositiveIntegerField("thứ tự bước")
    name = models.CharField("tên bước", max_length=200)
    agency = models.ForeignKey(
        "catalogue.Agency", verbose_name="đơn vị xử lý", on_delete=models.PROTECT, related_name="dossier_tasks"
    )
    role = models.CharField("vai trò xử lý", max_length=20, choices=StaffRole.choices)
    signs_result = models.BooleanField("bước ký số kết quả", default=False)
    handed_by_label = models.CharField("người chuyển", max_length=300)
    handed_note = models.TextField("ý kiến khi chuyển", blank=True)
    started_at = models.DateTimeField("nhận lúc")
    due_at = models.DateTimeField("hạn xử lý bước", null=True, blank=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_by_label = models.CharField("người xử lý", max_length=300, blank=True)
    outcome = models.CharField("kết quả bước", max_length=20, choices=TaskOutcome.choices, blank=True)
    note = models.TextField("ý kiến xử lý", blank=True)
    reminded_at = models.DateTimeField("đã nhắc hạn lúc", null=True, blank=True)

    class Meta:
        verbose_name = "bước xử lý hồ sơ"
        verbose_name_plural = "bước xử lý hồ sơ"
        ordering = ["started_at", "id"]
        constraints = [
            # At most one open task per dossier: the dossier is in one place at a time.
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(finished_at__isnull=True), name="dossier_task_one_open"
            ),
        ]
        indexes = [
            # "Việc của tôi": the open tasks of one agency and role, most urgent first (keyset on due_at, id).
            models.Index(
                fields=["agency", "role", "due_at", "id"],
                condition=Q(finished_at__isnull=True),
                name="dossier_task_open_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} — {self.name}"


def _result_path(instance: "DossierResult", filename: str) -> str:
    return filename  # services choose the storage name (ket-qua/YYYY/MM/<uuid>.pdf)


class DossierResult(models.Model):
    """A result document ("kết quả giải quyết"), code ``<dossier code>-KQ<n>``, digitally signed by the agency."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, verbose_name="hồ sơ", on_delete=models.CASCADE, related_name="results")
    number = models.PositiveIntegerField("số thứ tự")
    code = models.CharField("mã kết quả", max_length=80, unique=True)
    title = models.CharField("tên văn bản kết quả", max_length=300)
    file = models.FileField("tệp kết quả", upload_to=_result_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveBigIntegerField("dung lượng (byte)")
    sha256 = models.CharField("mã băm SHA-256 của tệp đã ký", max_length=64)
    uploaded_by_label = models.CharField("người tải lên", max_length=300)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    signed_at = models.DateTimeField("ký số lúc", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_label = models.CharField("người ký", max_length=300, blank=True)

    class Meta:
        verbose_name = "kết quả giải quyết"
        verbose_name_plural = "kết quả giải quyết"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="dossier_result_number_unique")]

    def __str__(self) -> str:
        return self.code


class CaseWorkflow(ProcedureCase):
    """A case seen as its internal process: the admin page where administrators edit the steps, without code."""

    class Meta:
        proxy = True
        verbose_name = "quy trình nội bộ của trường hợp"
        verbose_name_plural = "quy trình nội bộ (theo trường hợp)"
