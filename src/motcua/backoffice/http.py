"""What every back-office view answers with: 303 after a decision, and the status of a refused one."""

from django.http import HttpResponseRedirect

from motcua.core.errors import DomainError

# Domain errors that mean "not now, the dossier has moved on" (409) rather than "fix what you sent" (400).
CONFLICTS = frozenset({"stale", "illegal_transition", "not_draft"})


class HttpResponseSeeOther(HttpResponseRedirect):
    """303: the browser GETs the next page, and reloading it never posts the decision again."""

    status_code = 303


def status_for(error: DomainError) -> int:
    if error.code == "forbidden":
        return 403
    return 409 if error.code in CONFLICTS else 400
