"""API keys: created and replaced here (shown once), checked on every call by their SHA-256."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from motcua.core.errors import DomainError

from .models import ApiClient

KEY_PREFIX = "motcua_"
MAX_KEY_LENGTH = 200
# Each scope a partner may be given: what it lets them do.
SCOPES = {
    "tax_notices:write": "Gửi thông báo nghĩa vụ tài chính đất đai",
    "tax_notices:read": "Xem tình trạng thông báo nghĩa vụ tài chính đất đai",
}
_TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is a hint, not a log: at most one write a minute


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def _check_scopes(scopes: list[str]) -> list[str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise DomainError(f"Phạm vi quyền không tồn tại: {', '.join(unknown)}. Có: {', '.join(SCOPES)}.", code="scope")
    return sorted(set(scopes))


def api_client_create(*, name: str, scopes: list[str]) -> tuple[ApiClient, str]:
    """A new partner and its key (returned once: only its hash is kept)."""
    name = " ".join(name.split())[:200]
    if not name:
        raise DomainError("Vui lòng nhập tên hệ thống đối tác.", code="name")
    scopes = _check_scopes(scopes)
    key = _new_key()
    with transaction.atomic():
        if ApiClient.objects.filter(name=name).exists():
            raise DomainError(f"Đã có hệ thống đối tác tên “{name}”.", code="duplicate")
        client = ApiClient.objects.create(
            name=name, prefix=key[: len(KEY_PREFIX) + 6], key_hash=key_hash(key), scopes=scopes
        )
    return client, key


def api_client_key_assign(*, client: ApiClient) -> str:
    """Give ``client`` a new key (the old one stops working at once) and return it, once."""
    key = _new_key()
    client.prefix, client.key_hash = key[: len(KEY_PREFIX) + 6], key_hash(key)
    if client.pk is not None:
        client.save(update_fields=["prefix", "key_hash"])
    return key


def api_client_authenticate(*, key: str) -> ApiClient | None:
    """The active partner holding ``key``, or None."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.startswith(KEY_PREFIX):
        return None
    client = ApiClient.objects.filter(key_hash=key_hash(key), active=True).first()
    if client is None:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > _TOUCH_EVERY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
