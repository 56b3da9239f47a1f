"""Background exports of a report table or of the dossiers behind a number, to CSV or XLSX."""

import uuid

from django.conf import settings
from django.db import models


class ExportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang tạo tệp"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Lỗi"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", on_delete=models.CASCADE, related_name="+"
    )
    # What to export, as the checked filter (period, agencies, field, procedure) and the table asked for.
    params = models.JSONField("tham số")
    fmt = models.CharField("định dạng", max_length=10)
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    rows_done = models.PositiveIntegerField("số dòng đã ghi", default=0)
    rows_total = models.PositiveIntegerField("tổng số dòng", default=0)
    file = models.FileField("tệp", upload_to="bao-cao/", max_length=300, blank=True)
    filename = models.CharField("tên tệp", max_length=200, blank=True)
    error = models.TextField("lỗi", blank=True)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "tệp xuất báo cáo"
        verbose_name_plural = "tệp xuất báo cáo"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return self.filename or str(self.public_id)
