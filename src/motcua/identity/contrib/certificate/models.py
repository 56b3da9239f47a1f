from django.db import models


class LoginChallenge(models.Model):
    """A one-time text for a unit to sign with its certificate; valid 5 minutes, for the session that asked."""

    text = models.CharField("chuỗi xác thực", max_length=200, unique=True)
    # SHA-256 of a secret kept only in the asking session: the challenge is worthless anywhere else.
    session_binding = models.CharField("gắn với phiên", max_length=64)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)
    signer_tax_code = models.CharField("mã số thuế người ký", max_length=14, blank=True)
    signer_subject = models.CharField("chủ thể chứng thư số", max_length=500, blank=True)

    class Meta:
        verbose_name = "chuỗi xác thực chữ ký số"
        verbose_name_plural = "chuỗi xác thực chữ ký số"
        indexes = [models.Index(fields=["expires_at"], name="cert_challenge_expires")]

    def __str__(self) -> str:
        return self.text
