"""Citizen identity providers: one small interface, implementations registered by key.

An identity provider sends the browser away to be identified (``start``) and, when it comes back, turns the
answer into verified ``IdentityClaims`` (``finish``). What happens next (find or create the citizen, link, sign
in) is the same for every provider and lives in ``identity.services``. The OpenID Connect relying party is
registered as ``vneid``; ``check_config()`` of every provider is a Django system check (``identity.checks``).

The level of assurance of the *current sign-in* is kept in the session (``SESSION_LEVEL_KEY``): a procedure
that needs level 2 asks for it with ``identity_level_required(2)`` instead of trusting the stored profile.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError
from motcua.core.registry import Registry

# Session keys written when a citizen signs in through an identity provider.
SESSION_LEVEL_KEY = "motcua_identity_level"
SESSION_PROVIDER_KEY = "motcua_identity_provider"


class IdentityError(DomainError):
    """The sign-in could not be completed; ``message`` (Vietnamese) is shown on the login page."""


@dataclass(frozen=True)
class IdentityClaims:
    """What a provider vouched for, already checked and normalised (never raw, unvalidated input)."""

    subject: str
    id_number: str
    identity_level: int
    acr: str = ""
    full_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    nationality: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    account_type: str = ""
    # The provider's own claims (protocol fields removed), kept on the link for support and audits.
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SignInResult:
    claims: IdentityClaims
    next_url: str


class IdentityProvider:
    key = ""
    label = ""

    def check_config(self) -> list[str]:
        """Problems with the configuration, in plain words; empty when ready. Never touches the network."""
        return []

    def start(self, request: HttpRequest, *, next_url: str, level: int) -> str:
        """Remember the attempt in the session and return the address to send the browser to.

        ``level`` is the identity level the action needs; a provider must refuse to finish below it.
        """
        raise NotImplementedError

    def finish(self, request: HttpRequest) -> SignInResult:
        """Verify the provider's answer to the attempt started in this session, or raise ``IdentityError``."""
        raise NotImplementedError


identity_providers: Registry[type[IdentityProvider]] = Registry("identity provider")


def identity_provider(key: str) -> IdentityProvider:
    return identity_providers[key]()


def session_identity_level(request: HttpRequest) -> int:
    """The level of assurance the signed-in person proved in this session (0 when not through a provider)."""
    if not request.user.is_authenticated:
        return 0
    level = request.session.get(SESSION_LEVEL_KEY, 0)
    return level if isinstance(level, int) else 0


def identity_level_required(level: int, *, provider: str = "vneid") -> Callable:
    """View decorator: send the person through ``provider`` again when this session's level is below ``level``.

    Used by actions that need a given level (e.g. a procedure that requires a level-2 account).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if session_identity_level(request) >= level:
                return view(request, *args, **kwargs)
            if request.user.is_authenticated:
                messages.info(
                    request,
                    _("Việc này cần tài khoản định danh điện tử mức độ %(level)s. Vui lòng đăng nhập lại bằng VNeID.")
                    % {"level": level},
                )
            query = urlencode({"muc_do": level, "next": request.get_full_path()})
            return redirect(f"{reverse(f'{provider}:start')}?{query}")

        return wrapped

    return decorator
