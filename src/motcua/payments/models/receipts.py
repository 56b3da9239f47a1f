"""Biên lai điện tử (protocols.md §6): structured data kept for the export to the tax authority, and its PDF."""

from django.db import models

from .orders import CollectionAccount, FeeOrder


class Receipt(models.Model):
    order = models.OneToOneField(FeeOrder, on_delete=models.PROTECT, related_name="receipt")
    collector = models.ForeignKey(CollectionAccount, on_delete=models.PROTECT, related_name="receipts")
    collector_name = models.CharField(max_length=300)
    collector_tax_code = models.CharField(max_length=14)
    template_symbol = models.CharField("ký hiệu mẫu", max_length=10)
    series = models.CharField("ký hiệu biên lai", max_length=10)  # YY + "T" + two letters, e.g. 26TAA
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField("số biên lai")  # restarts at 1 each 1 January, ≤ 8 digits
    issued_at = models.DateTimeField("ngày lập")
    payer_name = models.CharField(max_length=300)
    payer_id_number = models.CharField(max_length=20, blank=True)
    payer_address = models.CharField(max_length=500, blank=True)
    dossier_code = models.CharField(max_length=60)
    # [{"kind": "le_phi", "label": "Lệ phí", "description": …, "amount": 50000, "words": "Năm mươi nghìn đồng"}]
    lines = models.JSONField(default=list)
    total = models.PositiveBigIntegerField()
    total_in_words = models.CharField(max_length=500)
    payment_method = models.CharField(max_length=100)
    pdf = models.FileField(upload_to="bien-lai/%Y/", blank=True)

    class Meta:
        verbose_name = "biên lai điện tử"
        verbose_name_plural = "biên lai điện tử"
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["collector", "series", "year", "number"], name="receipt_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.number:07d}"


class ReceiptCounter(models.Model):
    collector = models.ForeignKey(CollectionAccount, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["collector", "year"], name="receipt_counter_once")]

    def __str__(self) -> str:
        return f"{self.collector_id}/{self.year}: {self.last_number}"
