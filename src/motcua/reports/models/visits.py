"""The portal's visit counter: a number per site and day, nothing about the visitor."""

from django.db import models


class VisitDay(models.Model):
    site = models.CharField("trang", max_length=20)
    day = models.DateField("ngày")
    count = models.BigIntegerField("số lượt truy cập", default=0)

    class Meta:
        verbose_name = "lượt truy cập"
        verbose_name_plural = "lượt truy cập"
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="visitday_unique")]

    def __str__(self) -> str:
        return f"{self.site} {self.day:%d/%m/%Y}: {self.count}"
