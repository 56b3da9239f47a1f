from django.conf import settings
from django.db import models


class ExternalIdentity(models.Model):
    """The link between an account here and a person at an identity provider (VNeID's ``sub``).

    Found again by (provider, subject) at each sign-in, so that a changed name or address at VNeID updates
    the same account instead of creating a second one.
    """

    provider = models.CharField("nhà cung cấp định danh", max_length=40)
    subject = models.CharField("mã định danh tại nhà cung cấp", max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities")
    last_acr = models.CharField("mức bảo đảm lần đăng nhập gần nhất", max_length=100, blank=True)
    last_claims = models.JSONField("thông tin nhận được lần gần nhất", default=dict, blank=True)
    created_at = models.DateTimeField("liên kết lúc", auto_now_add=True)
    last_login_at = models.DateTimeField("đăng nhập gần nhất", null=True, blank=True)

    class Meta:
        verbose_name = "liên kết định danh điện tử"
        verbose_name_plural = "liên kết định danh điện tử"
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique_subject"),
            # One account per person at a provider: a second VNeID subject never silently joins an account.
            models.UniqueConstraint(fields=["provider", "user"], name="external_identity_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject} → {self.user}"
