"""What every back-office view shares: the officer's dossier or a 404, 303 after a decision, a refusal's status."""

from django.http import Http404, HttpRequest, HttpResponseRedirect

from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_get_for_officer

# Domain errors that mean "not now, the dossier has moved on" (409) rather than "fix what you sent" (400).
CONFLICTS = frozenset({"stale", "illegal_transition", "not_draft"})


class HttpResponseSeeOther(HttpResponseRedirect):
    """303: the browser GETs the next page, and reloading it never posts the decision again."""

    status_code = 303


def status_for(error: DomainError) -> int:
    if error.code == "forbidden":
        return 403
    return 409 if error.code in CONFLICTS else 400


def dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    """The dossier ``code`` if this officer may see it; a 404 (never a hint that it exists) otherwise."""
    try:
        return dossier_get_for_officer(officer=request.user, code=code)
    except NotFound as error:
        raise Http404(error.message) from None
