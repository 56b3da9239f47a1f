"""The audit log: one row per event, each row sealed to the one before it.

Why a chain: a log that anyone with database access can quietly edit proves nothing. Every entry stores
``prev_hash`` (the ``hash`` of the entry before it, 64 zeros for the first) and its own ``hash`` = SHA-256 of
``prev_hash`` followed by the canonical JSON of its content (``services.entry_digest``). Changing a note,
removing a row or inserting one in the middle breaks a link that ``selectors.audit_verify`` names.

The id is not part of the content (it is only known after the insert): the chain is on content, and the id is
the order in which the chain is walked. Ids may have gaps (a rolled-back insert consumes a sequence value).

``AuditHead`` (one row, pk=1) remembers the last entry. It serves two purposes: writers lock it, so two
transactions can never both chain onto the same entry; and it catches a truncated tail, which the links alone
cannot (after deleting the last rows, the remaining chain is still consistent with itself).

Rows are never updated or deleted: the migration installs database triggers that refuse both, the admin is
read-only, and ``save()`` carries no rule (writes happen only in ``services.audit_record``).
"""

from django.conf import settings
from django.db import models

GENESIS_HASH = "0" * 64
SYSTEM_ACTOR_LABEL = "Hệ thống"


class AuditEntry(models.Model):
    """One event of the log: who did what to which subject, when, and from which state to which."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField("thời điểm")
    # PROTECT, not SET_NULL: nulling the column would be an UPDATE (refused by the trigger) and would change the
    # hashed content. Accounts that acted are deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    # Kept as written: the log still reads right if the account is renamed.
    actor_label = models.CharField("người thực hiện (tên)", max_length=300)
    subject_type = models.CharField("loại đối tượng", max_length=40)
    subject_id = models.CharField("mã đối tượng", max_length=100)
    action = models.CharField("thao tác", max_length=40)
    from_state = models.CharField("từ trạng thái", max_length=40, blank=True)
    to_state = models.CharField("sang trạng thái", max_length=40, blank=True)
    note = models.TextField("ghi chú", blank=True)
    # Extra facts of the event (amounts in integer đồng, reference codes …). No floats: see services.
    data = models.JSONField("dữ liệu bổ sung", default=dict, blank=True)
    prev_hash = models.CharField("mã băm bản ghi trước", max_length=64)
    hash = models.CharField("mã băm", max_length=64, unique=True)

    class Meta:
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký hệ thống"
        ordering = ["id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "id"], name="audit_subject_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject_type} {self.subject_id} — {self.action} ({self.at:%d/%m/%Y %H:%M})"


class AuditHead(models.Model):
    """The end of the chain (always pk=1): locked by every writer, compared with the last entry by verify."""

    last_hash = models.CharField("mã băm bản ghi cuối", max_length=64, default=GENESIS_HASH)
    last_id = models.BigIntegerField("số thứ tự bản ghi cuối", default=0)

    class Meta:
        verbose_name = "điểm cuối nhật ký"
        verbose_name_plural = "điểm cuối nhật ký"

    def __str__(self) -> str:
        return f"#{self.last_id} {self.last_hash[:12]}…"
