"""``Authorization: Bearer <key>``: who is calling (401 if nobody we know) and whether they may (403).

A key that is unknown, revoked or expired is 401, alike: the answer does not say which.
"""

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from motcua.accounts.models import User
from motcua.catalogue.models import Agency

from .keys import api_client_authenticate
from .models import ApiClient


class ApiKey(HttpBearer):
    """A partner's key holding at least one of ``scopes``."""

    def __init__(self, *scopes: str) -> None:
        super().__init__()
        self.scopes = scopes

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        client = api_client_authenticate(key=token.strip())
        if client is None:
            return None
        if not any(client.allows(scope) for scope in self.scopes):
            raise AuthorizationError(
                message=f"Khóa API này không có quyền {' hoặc '.join(self.scopes)}; liên hệ quản trị hệ thống."
            )
        return client


_NO_AGENCY = "Khóa API này chưa gắn với cơ quan nào; liên hệ quản trị hệ thống."


def partner_agency(request: HttpRequest) -> Agency:
    """The agency whose dossiers the calling partner reaches (a key with a dossier scope always has one)."""
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    if client.agency is None:
        raise AuthorizationError(message=_NO_AGENCY)
    return client.agency


def partner_account(request: HttpRequest) -> User:
    """The service account the calling partner acts through."""
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    if client.agency is None or client.account is None or not client.account.is_active:
        raise AuthorizationError(message=_NO_AGENCY)
    return client.account
