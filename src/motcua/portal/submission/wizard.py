"""The wizard's frame, shared by its pages: guards (own draft, open procedure, e-ID level), the steps and the
step list, what "Tiếp tục" / "Lưu nháp" / the autosave do after a save.
"""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.catalogue.models import Procedure
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_draft_get_for_applicant
from motcua.dossiers.services import STEPS, procedure_check_open
from motcua.identity.base import session_identity_level
from motcua.identity.selectors import identity_level_missing

APPLICANT, CASE, COMPONENTS, DELIVERY, REVIEW = STEPS
TEMPLATES = "portal/submission"
CONTINUE, SAVE = "tiep-tuc", "luu-nhap"  # the two buttons of every step (name="action")
SAVED_FLAG = "da-luu"  # ?da-luu=1 after "Lưu nháp": the page says when the draft was saved


def step_labels() -> dict[str, str]:
    return {
        APPLICANT: _("Thông tin người nộp"),
        CASE: _("Trường hợp"),
        COMPONENTS: _("Thành phần hồ sơ"),
        DELIVERY: _("Nhận kết quả"),
        REVIEW: _("Kiểm tra và nộp"),
    }


# --- Guards shared by every page of the wizard --------------------------------------------------------------
def identity_refusal(request: HttpRequest, procedure: Procedure, *, next_url: str) -> HttpResponse | None:
    """The e-ID level check, before ANY wizard page: a level-2 procedure needs a level-2 sign-in for citizens."""
    level = procedure.required_identity_level
    if not identity_level_missing(
        user=request.user, required_level=level, proven_level=session_identity_level(request)
    ):
        return None
    query = urlencode({"muc_do": level, "next": next_url})
    context = {"procedure": procedure, "level": level, "vneid_url": f"{reverse('vneid:start')}?{query}"}
    return render(request, "portal/identity_level_required.html", context, status=403)


def closed_page(request: HttpRequest, procedure: Procedure, error: DomainError, *, draft: Dossier | None = None):
    """The procedure cannot take online dossiers (closed, not online) or this account may not submit."""
    status = 403 if error.code == "forbidden" else 409
    return render(
        request, f"{TEMPLATES}/closed.html", {"procedure": procedure, "error": error, "draft": draft}, status=status
    )


def draft_view(view=None, *, require_open: bool = True):
    """Signed in; the applicant's own draft (anything else: 404); the e-ID level met; the procedure still open
    (``require_open=False`` for "Xóa bản nháp": a draft of a procedure closed since can still be thrown away).
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request: HttpRequest, public_id, *args, **kwargs) -> HttpResponse:
            try:
                draft = dossier_draft_get_for_applicant(user=request.user, public_id=str(public_id))
            except NotFound as error:
                raise Http404(error.message) from None
            next_url = request.get_full_path() if request.method == "GET" else resume_url(draft)
            refusal = identity_refusal(request, draft.procedure, next_url=next_url)
            if refusal is not None:
                return refusal
            if require_open:
                try:
                    procedure_check_open(draft.procedure)
                except DomainError as error:
                    return closed_page(request, draft.procedure, error, draft=draft)
            return view(request, draft, *args, **kwargs)

        return login_required(wrapped)

    return decorate(view) if view is not None else decorate


# --- Navigation -------------------------------------------------------------------------------------------
def steps_for(draft: Dossier) -> list[str]:
    """The steps this draft goes through: "Trường hợp" only when the procedure has more than one case."""
    many_cases = len(draft.procedure.cases.all()[:2]) > 1
    return [step for step in STEPS if step != CASE or many_cases]


def step_url(draft: Dossier, step: str) -> str:
    return reverse("portal:draft_step", args=[draft.public_id, step])


def resume_url(draft: Dossier) -> str:
    return reverse("portal:draft_resume", args=[draft.public_id])


def neighbour(steps: list[str], step: str, offset: int) -> str | None:
    position = steps.index(step) + offset
    return steps[position] if 0 <= position < len(steps) else None


@dataclass(frozen=True)
class StepLink:
    slug: str
    number: int
    label: str
    url: str
    current: bool
    done: bool


def wizard_context(request: HttpRequest, draft: Dossier, step: str, **extra) -> dict:
    steps = steps_for(draft)
    labels = step_labels()
    reached = STEPS.index(draft.wizard_step) if draft.wizard_step in STEPS else 0
    previous = neighbour(steps, step, -1)
    return {
        "draft": draft,
        "procedure": draft.procedure,
        "step": step,
        "step_label": labels[step],
        "step_number": steps.index(step) + 1,
        "step_count": len(steps),
        "step_links": [
            StepLink(
                slug,
                number,
                labels[slug],
                step_url(draft, slug),
                current=slug == step,
                done=STEPS.index(slug) < reached and slug != step,
            )
            for number, slug in enumerate(steps, start=1)
        ],
        "back_url": step_url(draft, previous)
        if previous
        else reverse("portal:procedure_submit", args=[draft.procedure.code]),
        "saved": request.GET.get(SAVED_FLAG) == "1",
        "error_items": [],
        **extra,
    }


def action_of(request: HttpRequest) -> str:
    return CONTINUE if request.POST.get("action") == CONTINUE else SAVE


def is_autosave(request: HttpRequest) -> bool:
    return bool(request.htmx) and request.POST.get("_autosave") == "1"


def after_save(draft: Dossier, steps: list[str], step: str, action: str) -> HttpResponse:
    """ "Tiếp tục" goes to the next step; "Lưu nháp" stays and says when the draft was saved."""
    following = neighbour(steps, step, 1)
    if action == CONTINUE and following:
        return redirect(step_url(draft, following))
    return redirect(f"{step_url(draft, step)}?{SAVED_FLAG}=1")


def autosaved(request: HttpRequest, draft: Dossier, form) -> HttpResponse:
    """The live region's new text: when the draft was saved, and which fields were left as they were."""
    unsaved = [form[name].label for name in form.errors if name in form.fields]
    return render(request, f"{TEMPLATES}/_autosave.html", {"saved_at": draft.updated_at, "unsaved": unsaved})


def reached(step: str, steps: list[str], action: str, *, ok: bool) -> str:
    """What the service records as the furthest step: the next one only when "Tiếp tục" went through."""
    following = neighbour(steps, step, 1)
    return following if action == CONTINUE and ok and following else step


def step_error(request: HttpRequest, draft: Dossier, step: str, error: DomainError, **extra) -> HttpResponse:
    """A service refused the save: the same page again, the message at the top (nothing typed is lost)."""
    if is_autosave(request):
        return render(request, f"{TEMPLATES}/_autosave.html", {"error": error.message}, status=409)
    context = wizard_context(request, draft, step, **extra)
    context["error_items"] = [(error.message, "")]
    template = {APPLICANT: "step_applicant", CASE: "step_case", DELIVERY: "step_delivery"}.get(step, "step_review")
    return render(request, f"{TEMPLATES}/{template}.html", context, status=409)
