"""Nghĩa vụ tài chính đất đai: tax notices sent by the tax authority per land dossier, paid like any fee order."""

from django.db import models

from .orders import FeeOrder


class TaxNotice(models.Model):
    class PayerKind(models.TextChoices):
        BUSINESS = "business", "Doanh nghiệp"
        HOUSEHOLD = "household", "Cá nhân, hộ gia đình"

    dossier_code = models.CharField("mã hồ sơ", max_length=60, db_index=True)
    tax_id = models.CharField("mã số thuế", max_length=14, db_index=True)
    notice_number = models.CharField("số thông báo", max_length=50, unique=True)
    notice_date = models.DateField("ngày thông báo")
    budget_subitem = models.CharField("tiểu mục ngân sách", max_length=10)
    description = models.CharField("nội dung khoản nộp", max_length=500)
    amount = models.PositiveBigIntegerField("số tiền (đồng)")
    payer_name = models.CharField("người nộp", max_length=300)
    payer_kind = models.CharField(max_length=10, choices=PayerKind.choices, default=PayerKind.HOUSEHOLD)
    due_date = models.DateField("hạn nộp", null=True, blank=True)
    order = models.OneToOneField(FeeOrder, on_delete=models.PROTECT, related_name="tax_notice")
    received_at = models.DateTimeField(auto_now_add=True)
    # Chứng từ nộp ngân sách nhà nước: stored once the payment is confirmed.
    voucher_number = models.CharField("số chứng từ", max_length=50, blank=True)
    voucher = models.FileField("chứng từ nộp tiền", upload_to="chung-tu/%Y/", blank=True)

    class Meta:
        verbose_name = "thông báo nghĩa vụ tài chính đất đai"
        verbose_name_plural = "thông báo nghĩa vụ tài chính đất đai"
        ordering = ["-notice_date", "-id"]

    def __str__(self) -> str:
        return self.notice_number
