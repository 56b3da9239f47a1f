"""Partner systems that call the API (the tax authority, the land registry …), each with its own key and scopes.

Only the SHA-256 of a key is stored; the key itself is shown once, when it is created (``api-key create`` or
the admin), and can only be replaced, never read back. ``prefix`` (its first characters) tells keys apart in logs.

A partner that works on dossiers belongs to one agency (``agency``): it reaches that agency's dossiers and no
other. It acts through its own service account (``account``: an officer account without a password, named after
the partner, holding the processing roles in that agency), so that the dossiers services check it like any officer
and every act it takes lands in the dossier's history and the audit log under the partner's name.
A key stops working when it expires (``expires_at``) or is revoked (``active`` off, ``revoked_at`` set).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiClient(models.Model):
    name = models.CharField("tên hệ thống đối tác", max_length=200, unique=True)
    prefix = models.CharField("tiền tố khóa", max_length=16, editable=False)
    key_hash = models.CharField("mã băm SHA-256 của khóa", max_length=64, unique=True, editable=False)
    scopes = models.JSONField("phạm vi quyền", default=list, blank=True)
    agency = models.ForeignKey(
        "catalogue.Agency",
        verbose_name="cơ quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Cơ quan có hồ sơ mà hệ thống đối tác được truy cập (bắt buộc với các quyền dossiers:*, results:*).",
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản hệ thống",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="api_client",
    )
    active = models.BooleanField("đang hoạt động", default=True)
    expires_at = models.DateTimeField("hết hạn lúc", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "hệ thống đối tác (khóa API)"
        verbose_name_plural = "hệ thống đối tác (khóa API)"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def usable(self) -> bool:
        """Active, not revoked and not expired: the key opens the API."""
        expired = self.expires_at is not None and self.expires_at <= timezone.now()
        return self.active and self.revoked_at is None and not expired

    def allows(self, scope: str) -> bool:
        return self.usable and scope in (self.scopes or [])
