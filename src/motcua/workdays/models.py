"""Administrator-maintained calendar data; public holidays come from the ``holidays`` package."""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models

from motcua.core.models import TimeStampedModel


class CalendarOverride(TimeStampedModel):
    """An extra day off or a make-up working day, province-wide (no agency) or for one agency."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Ngày nghỉ"
        WORKING_DAY = "working_day", "Ngày làm việc (làm bù)"

    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    reason = models.CharField("lý do", max_length=255)
    agency = models.ForeignKey(
        "catalogue.Agency",
        verbose_name="cơ quan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_overrides",
        help_text="Để trống nếu áp dụng cho toàn tỉnh.",
    )

    class Meta:
        verbose_name = "ngày nghỉ / làm bù"
        verbose_name_plural = "ngày nghỉ / làm bù"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["date", "agency"], name="workdays_override_unique_agency_date"),
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(agency__isnull=True), name="workdays_override_unique_province_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"


class OfficeHours(TimeStampedModel):
    """An agency's office hours when they differ from the default (07:00–11:30, 13:30–17:00, Monday–Friday)."""

    agency = models.OneToOneField(
        "catalogue.Agency", verbose_name="cơ quan", on_delete=models.CASCADE, related_name="office_hours"
    )
    morning_opens = models.TimeField("sáng từ", default=time(7, 0))
    morning_closes = models.TimeField("sáng đến", default=time(11, 30))
    afternoon_opens = models.TimeField("chiều từ", default=time(13, 30))
    afternoon_closes = models.TimeField("chiều đến", default=time(17, 0))
    works_saturday = models.BooleanField("làm việc thứ Bảy", default=False)

    class Meta:
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"

    def __str__(self) -> str:
        morning = f"{self.morning_opens:%H:%M}–{self.morning_closes:%H:%M}"
        return f"{morning}, {self.afternoon_opens:%H:%M}–{self.afternoon_closes:%H:%M}"

    def clean(self) -> None:
        bounds = [self.morning_opens, self.morning_closes, self.afternoon_opens, self.afternoon_closes]
        if None not in bounds and not (bounds[0] < bounds[1] <= bounds[2] < bounds[3]):
            raise ValidationError("Giờ làm việc phải theo thứ tự: sáng từ < sáng đến ≤ chiều từ < chiều đến.")
