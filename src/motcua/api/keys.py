"""API keys: created and replaced here (shown once), revoked, checked on every call by their SHA-256.

A partner with a dossier scope belongs to one agency and gets a service account there
(``dossiers.services.partner_account_ensure``) through which it acts; revoking the key disables that account.
"""

import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from motcua.catalogue.models import Agency
from motcua.core.errors import DomainError
from motcua.dossiers.services import partner_account_disable, partner_account_ensure

from .models import ApiClient

KEY_PREFIX = "motcua_"
MAX_KEY_LENGTH = 200
# Each scope a partner may be given: what it lets them do.
SCOPES = {
    "tax_notices:write": "Gửi thông báo nghĩa vụ tài chính đất đai",
    "tax_notices:read": "Xem tình trạng thông báo nghĩa vụ tài chính đất đai",
    "dossiers:read": "Xem hồ sơ của cơ quan (danh sách, chi tiết, lịch sử)",
    "dossiers:write": "Gửi hồ sơ mới từ hệ thống đối tác, kèm tệp",
    "dossiers:transition": "Chuyển trạng thái hồ sơ theo quy trình (tiếp nhận, chuyển bước, trả kết quả …)",
    "results:write": "Đính kèm và ký số kết quả giải quyết",
}
# Scopes that reach an agency's dossiers: a key holding any of them must name its agency.
AGENCY_SCOPES = frozenset({"dossiers:read", "dossiers:write", "dossiers:transition", "results:write"})
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


PARTNER_SCOPES_NEED_AGENCY_MESSAGE = (
    "Các quyền dossiers:* và results:write cần chọn cơ quan có hồ sơ mà hệ thống đối tác được truy cập."
)


def _check_agency(scopes: list[str], agency: Agency | None) -> None:
    if agency is None and AGENCY_SCOPES & set(scopes):
        raise DomainError(PARTNER_SCOPES_NEED_AGENCY_MESSAGE, code="agency")


def api_client_agency(*, code: str) -> Agency:
    """The active agency a partner's key is for, by its code (``--agency`` of ``motcua api-key create``)."""
    agency = Agency.objects.filter(code=code.strip(), is_active=True).first()
    if agency is None:
        raise DomainError(f"Không có cơ quan đang hoạt động mã “{code.strip()[:40]}”.", code="agency")
    return agency


def expiry_from_date(day: date) -> datetime:
    """A key valid "until ``day``" works through that whole day in Vietnam: it expires at the next midnight."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _check_expiry(expires_at: datetime | None) -> None:
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError("Thời hạn của khóa phải ở tương lai.", code="expires")


def _account_sync(client: ApiClient) -> None:
    """The partner's service account follows its agency and name; none without an agency."""
    if client.agency_id is None:
        if client.account is not None:
            partner_account_disable(account=client.account)
        return
    account = partner_account_ensure(
        username=f"api-doi-tac-{client.pk}", name=client.name, agency=client.agency, account=client.account
    )
    if not client.usable:
        partner_account_disable(account=account)
    if client.account_id != account.pk:
        client.account = account
        ApiClient.objects.filter(pk=client.pk).update(account=account)


def api_client_create(
    *, name: str, scopes: list[str], agency: Agency | None = None, expires_at: datetime | None = None
) -> tuple[ApiClient, str]:
    """A new partner and its key (returned once: only its hash is kept)."""
    name = " ".join(name.split())[:200]
    if not name:
        raise DomainError("Vui lòng nhập tên hệ thống đối tác.", code="name")
    scopes = _check_scopes(scopes)
    _check_agency(scopes, agency)
    _check_expiry(expires_at)
    key = _new_key()
    with transaction.atomic():
        if ApiClient.objects.filter(name=name).exists():
            raise DomainError(f"Đã có hệ thống đối tác tên “{name}”.", code="duplicate")
        client = ApiClient.objects.create(
            name=name,
            prefix=key[: len(KEY_PREFIX) + 6],
            key_hash=key_hash(key),
            scopes=scopes,
            agency=agency,
            expires_at=expires_at,
        )
        _account_sync(client)
    return client, key


def api_client_saved(*, client: ApiClient) -> None:
    """After the admin saved ``client``: check its agency, stamp a revocation, bring its account in line."""
    _check_agency(client.scopes or [], client.agency)
    with transaction.atomic():
        if not client.active and client.revoked_at is None:
            client.revoked_at = timezone.now()
            ApiClient.objects.filter(pk=client.pk).update(revoked_at=client.revoked_at)
        elif client.active and client.revoked_at is not None:  # switched on again by an administrator
            client.revoked_at = None
            ApiClient.objects.filter(pk=client.pk).update(revoked_at=None)
        _account_sync(client)


def api_client_check(*, scopes: list[str], agency: Agency | None) -> None:
    """DomainError if these scopes need an agency and none is given (the admin form asks before saving)."""
    _check_agency(_check_scopes(scopes), agency)


def api_client_key_assign(*, client: ApiClient) -> str:
    """Give ``client`` a new key (the old one stops working at once) and return it, once."""
    key = _new_key()
    client.prefix, client.key_hash = key[: len(KEY_PREFIX) + 6], key_hash(key)
    if client.pk is not None:
        client.save(update_fields=["prefix", "key_hash"])
    return key


def api_client_revoke(*, name: str) -> ApiClient:
    """Revoke the key of partner ``name`` at once (it answers 401 from now on); its service account is disabled."""
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().filter(name=" ".join(name.split())).first()
        if client is None:
            raise DomainError(f"Không có hệ thống đối tác tên “{name}”.", code="not_found")
        if client.revoked_at is None:
            client.active, client.revoked_at = False, timezone.now()
            client.save(update_fields=["active", "revoked_at"])
        if client.account is not None:
            partner_account_disable(account=client.account)
    return client


def api_client_list() -> list[ApiClient]:
    return list(ApiClient.objects.select_related("agency").order_by("name"))


def api_client_authenticate(*, key: str) -> ApiClient | None:
    """The usable partner holding ``key`` (active, not revoked, not expired), or None."""
    if not key or len(key) > MAX_KEY_LENGTH or not key.startswith(KEY_PREFIX):
        return None
    client = (
        ApiClient.objects.filter(key_hash=key_hash(key), active=True, revoked_at=None)
        .select_related("agency", "account")
        .first()
    )
    if client is None or not client.usable:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > _TOUCH_EVERY:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
