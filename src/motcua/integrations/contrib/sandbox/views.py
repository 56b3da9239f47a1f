"""The sandbox national portal's HTTP side: the receiving API (machine to machine) and its pages (staff only).

The pages list what the portal received — applicant names and ID numbers included — so they are for staff
accounts (the Django administration's users), even in the demo; officers see each dossier's sync state on its
back-office page instead. The API is CSRF-exempt: it is authenticated by the HMAC signature of every request.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from motcua.integrations.signing import SIGNATURE_HEADER

from .forms import BehaviourForm, SearchForm
from .receiver import behaviour_current, behaviour_set, message_receive
from .selectors import STATUS_LABELS, received_dossiers, received_messages

MAX_BODY = 256 * 1024


def _sandbox_on() -> None:
    if not settings.MOTCUA_NATIONAL_SANDBOX:
        raise Http404


@csrf_exempt
@require_POST
def receive(request: HttpRequest) -> JsonResponse:
    """POST /sandbox/cong-dvc-quoc-gia/api/dong-bo/ — one sync message (JSON), signed."""
    _sandbox_on()
    body = request.body[: MAX_BODY + 1]
    if len(body) > MAX_BODY:
        return JsonResponse({"ma_loi": "02", "mo_ta": "Bản tin quá lớn."}, status=413)
    try:
        message = json.loads(body)
    except ValueError:
        message = None
    answer = message_receive(body=body, signature=request.headers.get(SIGNATURE_HEADER, ""), message=message)
    return JsonResponse(answer.as_json(), status=answer.status, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
@staff_member_required
def index(request: HttpRequest) -> HttpResponse:
    _sandbox_on()
    search = SearchForm(request.GET or None)
    code = search.cleaned_data["ma"] if search.is_valid() else ""
    behaviour = behaviour_current()
    context = {
        "dossiers": received_dossiers(code=code),
        "search": search,
        "code": code,
        "behaviour": behaviour,
        "form": BehaviourForm(
            initial={"mode": behaviour.mode, "remaining": behaviour.remaining, "slow_seconds": behaviour.slow_seconds}
        ),
    }
    return render(request, "national_sandbox/index.html", context)


@never_cache
@require_GET
@staff_member_required
def dossier(request: HttpRequest, code: str) -> HttpResponse:
    _sandbox_on()
    rows = received_messages(dossier_code=code)
    if not rows:
        raise Http404(_("Cổng thử nghiệm chưa nhận bản tin nào của hồ sơ này."))
    return render(
        request,
        "national_sandbox/dossier.html",
        {"code": code, "rows": rows, "latest": rows[-1], "labels": STATUS_LABELS},
    )


@require_POST
@staff_member_required
def behaviour(request: HttpRequest) -> HttpResponse:
    _sandbox_on()
    form = BehaviourForm(request.POST)
    if not form.is_valid():
        context = {"dossiers": received_dossiers(), "search": SearchForm(), "code": "", "form": form,
                   "behaviour": behaviour_current()}  # fmt: skip
        return render(request, "national_sandbox/index.html", context, status=400)
    data = form.cleaned_data
    behaviour_set(mode=data["mode"], remaining=data["remaining"], slow_seconds=data["slow_seconds"])
    messages.success(request, _("Đã đổi cách cổng thử nghiệm trả lời các bản tin tiếp theo."))
    return HttpResponseRedirect(reverse("national_sandbox:index"), status=303)
