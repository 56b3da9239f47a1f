"""Partner systems that call the API (the tax authority, the land registry …), each with its own key and scopes.

Only the SHA-256 of a key is stored; the key itself is shown once, when it is created (``api-key create`` or
the admin), and can only be replaced, never read back. ``prefix`` (its first characters) tells keys apart in logs.
"""

from django.db import models


class ApiClient(models.Model):
    name = models.CharField("tên hệ thống đối tác", max_length=200, unique=True)
    prefix = models.CharField("tiền tố khóa", max_length=16, editable=False)
    key_hash = models.CharField("mã băm SHA-256 của khóa", max_length=64, unique=True, editable=False)
    scopes = models.JSONField("phạm vi quyền", default=list, blank=True)
    active = models.BooleanField("đang hoạt động", default=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "hệ thống đối tác (khóa API)"
        verbose_name_plural = "hệ thống đối tác (khóa API)"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope: str) -> bool:
        return self.active and scope in (self.scopes or [])
