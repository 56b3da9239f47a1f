"""What every decision on a dossier does the same way: find it for this officer, check the form, call one service.

A decision is posted from the processing panel of the dossier page (``_panel.html``) or from its own page (the
same URL by GET: the form alone, with its error summary). Then:

- the form is incomplete, or the service refuses what was typed (no reason, not a PDF …) → the decision's page
  again, the error beside its field and in the summary at the top, what was typed kept;
- the service refuses the decision itself (someone acted first, a replayed form, not this officer's step) →
  back to the dossier page (303) with the service's message; nothing changed;
- done → back to the dossier page (303) with a message saying what happened and what comes next.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from motcua.backoffice.http import HttpResponseSeeOther, dossier_or_404
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier, DossierTask
from motcua.dossiers.selectors import dossier_open_task

from ..forms import DecisionForm

DECISION_TEMPLATE = "backoffice/processing/decision.html"


def dossier_url(dossier: Dossier) -> str:
    return reverse("backoffice:dossier", args=[dossier.code])


def back_to_dossier(dossier: Dossier) -> HttpResponse:
    """303 See Other: the browser GETs the dossier page, and a reload there never posts the decision again."""
    return HttpResponseSeeOther(dossier_url(dossier))


def current_task(dossier: Dossier) -> DossierTask | None:
    """The step ``dossier`` is at now (read after a decision, for the message saying where it went)."""
    return dossier_open_task(dossier=dossier)


def moment_text(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "H:i d/m/Y") if moment else ""


def step_text(task: DossierTask) -> str:
    """ "“Lãnh đạo phòng xem xét” (Lãnh đạo phòng, Sở …), hạn xử lý bước 10:30 14/03/2025" """
    due = moment_text(task.due_at)
    text = gettext("“%(step)s” (%(role)s, %(agency)s)") % {
        "step": task.name,
        "role": task.get_role_display(),
        "agency": task.agency.name,
    }
    return text + (gettext(", hạn xử lý bước %(due)s") % {"due": due} if due else "")


@dataclass(frozen=True)
class Decision:
    """One decision's page: its heading (also the button), what it does, and its form."""

    title: str
    lead: str
    form_class: type[DecisionForm]
    template: str = DECISION_TEMPLATE


Perform = Callable[[HttpRequest, Dossier, Any], str]


def decide(
    request: HttpRequest,
    code: str,
    decision: Decision,
    perform: Perform,
    *,
    form_kwargs: Callable[[Dossier], dict[str, Any]] | None = None,
) -> HttpResponse:
    """GET: the decision's page. POST: check the form, ``perform`` (one service call → the success message)."""
    dossier = dossier_or_404(request, code)
    extra = form_kwargs(dossier) if form_kwargs else {}
    posted = request.method == "POST"
    form = decision.form_class(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"version": dossier.version},
        **extra,
    )
    if posted and form.is_valid():
        try:
            message = perform(request, dossier, form)
        except DomainError as error:
            if not form.add_domain_error(error):
                messages.error(request, error.message)
                return back_to_dossier(dossier)
        else:
            messages.success(request, message)
            return back_to_dossier(dossier)
    context = {
        "dossier": dossier,
        "decision": decision,
        "form": form,
        "task": current_task(dossier),
        "action": request.path,
    }
    return render(request, decision.template, context)
