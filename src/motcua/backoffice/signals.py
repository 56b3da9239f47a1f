"""Authentication bookkeeping only (no business rule): the code that activates TOTP proves the second factor.

An officer who has just typed a valid code to activate their authenticator has passed MFA in this session;
without this, the back office would ask for a second code seconds later.
"""

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


def totp_activated(
    sender: Any, *, request: HttpRequest, user: Any, authenticator: Authenticator, **kwargs: Any
) -> None:
    if authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
