"""``Authorization: Bearer <key>``: who is calling (401 if nobody we know) and whether they may (403)."""

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

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
