"""The steps of the wizard that ask questions: "Thông tin người nộp", "Trường hợp", "Nhận kết quả", and the
"Kiểm tra" page ("Thành phần hồ sơ" is in ``files``). Each POST saves through one service, with ``step=``.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalogue.models import Channel, OnlineLevel
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    STEPS,
    ApplicantData,
    PrincipalData,
    applicant_locked_fields,
    dossier_draft_choose_case,
    dossier_draft_reach,
    dossier_draft_update_applicant,
    dossier_draft_update_delivery,
    online_channel,
    submission_problems,
)

from ..submission_forms import ApplicantForm, CaseForm, DeliveryForm, SubmitForm
from .files import component_rows, components_step
from .wizard import (
    APPLICANT,
    CASE,
    COMPONENTS,
    CONTINUE,
    DELIVERY,
    REVIEW,
    TEMPLATES,
    action_of,
    after_save,
    autosaved,
    draft_view,
    is_autosave,
    reached,
    step_error,
    step_labels,
    step_url,
    steps_for,
    wizard_context,
)


@draft_view
@require_http_methods(["GET", "POST"])
def draft_step(request: HttpRequest, draft: Dossier, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404(_("Không có bước này trong hồ sơ."))
    steps = steps_for(draft)
    if step not in steps:  # "Trường hợp" of a one-case procedure: skipped both ways
        return redirect(step_url(draft, COMPONENTS))
    return STEP_VIEWS[step](request, draft, steps)


def _applicant_initial(draft: Dossier) -> dict:
    principal = draft.principal or {}
    initial = {
        "name": draft.applicant_name,
        "id_number": draft.applicant_id_number,
        "date_of_birth": draft.applicant_date_of_birth,
        "address": draft.applicant_address,
        "phone": draft.applicant_phone,
        "email": draft.applicant_email,
        "acting_for": bool(principal),
    }
    for key in ("kind", "name", "id_number", "date_of_birth", "address", "phone", "email", "authorisation"):
        initial[f"principal_{key}"] = principal.get(key) or ""
    initial["principal_kind"] = initial["principal_kind"] or "citizen"
    return initial


def _stored_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _applicant_data(draft: Dossier, values: dict) -> tuple[ApplicantData, PrincipalData | None]:
    """What to save: the fields that parsed, the stored value for any that did not (the autosave loses nothing)."""
    applicant = ApplicantData(
        name=values.get("name", draft.applicant_name),
        id_number=values.get("id_number", draft.applicant_id_number),
        date_of_birth=values.get("date_of_birth", draft.applicant_date_of_birth),
        address=values.get("address", draft.applicant_address),
        phone=values.get("phone", draft.applicant_phone),
        email=values.get("email", draft.applicant_email),
    )
    if not values.get("acting_for"):
        return applicant, None
    stored = draft.principal or {}
    principal = PrincipalData(
        kind=values.get("principal_kind") or stored.get("kind") or "citizen",
        name=values.get("principal_name", stored.get("name", "")),
        id_number=values.get("principal_id_number", stored.get("id_number", "")),
        date_of_birth=values.get("principal_date_of_birth", _stored_date(stored.get("date_of_birth", ""))),
        address=values.get("principal_address", stored.get("address", "")),
        phone=values.get("principal_phone", stored.get("phone", "")),
        email=values.get("principal_email", stored.get("email", "")),
        authorisation=values.get("principal_authorisation", stored.get("authorisation", "")),
    )
    return applicant, principal


def _locked_values(draft: Dossier, form: ApplicantForm) -> list[tuple[str, str]]:
    labels = {
        "name": _("Họ và tên") if form.is_citizen else _("Tên tổ chức"),
        "id_number": _("Số định danh cá nhân") if form.is_citizen else _("Mã số thuế"),
        "date_of_birth": _("Ngày sinh"),
    }
    shown = []
    for name in ("name", "id_number", "date_of_birth"):
        if name in form.locked:
            value = getattr(draft, f"applicant_{name}")
            shown.append((labels[name], value.strftime("%d/%m/%Y") if isinstance(value, date) else value))
    return shown


def _applicant_step(request: HttpRequest, draft: Dossier, steps: list[str]) -> HttpResponse:
    options = {
        "applicant_kind": draft.applicant_kind,
        "locked": applicant_locked_fields(user=request.user),
        "initial": _applicant_initial(draft),
    }
    status = 200
    if request.method == "POST":
        action = action_of(request)
        form = ApplicantForm(request.POST, require=action == CONTINUE and not is_autosave(request), **options)
        ok = form.is_valid()
        applicant, principal = _applicant_data(draft, form.valid_values())
        try:
            draft = dossier_draft_update_applicant(
                dossier=draft,
                actor=request.user,
                applicant=applicant,
                principal=principal,
                step=reached(APPLICANT, steps, action, ok=ok and not is_autosave(request)),
            )
        except DomainError as error:
            return step_error(request, draft, APPLICANT, error, form=form, locked_values=_locked_values(draft, form))
        if is_autosave(request):
            return autosaved(request, draft, form)
        if ok:
            return after_save(draft, steps, APPLICANT, action)
        status = 400
    else:
        form = ApplicantForm(**options)
    context = wizard_context(request, draft, APPLICANT, form=form, locked_values=_locked_values(draft, form))
    return render(request, f"{TEMPLATES}/step_applicant.html", context, status=status)


@dataclass(frozen=True)
class CaseOption:
    case: object
    channel: Channel | None
    component_count: int
    checked: bool


def _case_step(request: HttpRequest, draft: Dossier, steps: list[str]) -> HttpResponse:
    cases = draft.procedure.cases.prefetch_related("components", "channels__fee_items")
    status = 200
    form = CaseForm(cases=cases, initial={"case": draft.case_id})
    if request.method == "POST":
        action = action_of(request)
        form = CaseForm(request.POST, cases=cases, require=action == CONTINUE)
        ok = form.is_valid()
        chosen = form.cleaned_data.get("case") if ok else None
        try:
            furthest = reached(CASE, steps, action, ok=ok)
            if chosen is not None:
                draft = dossier_draft_choose_case(dossier=draft, actor=request.user, case=chosen, step=furthest)
            else:
                draft = dossier_draft_reach(dossier=draft, actor=request.user, step=CASE)
        except DomainError as error:
            return step_error(request, draft, CASE, error, form=form, options=_case_options(cases, draft, form))
        if ok:
            return after_save(draft, steps, CASE, action)
        status = 400
    context = wizard_context(request, draft, CASE, form=form, options=_case_options(cases, draft, form))
    return render(request, f"{TEMPLATES}/step_case.html", context, status=status)


def _case_options(cases, draft: Dossier, form: CaseForm) -> list[CaseOption]:
    selected = str(form["case"].value() or "")
    return [
        CaseOption(case, online_channel(case), len(case.components.all()), checked=str(case.pk) == selected)
        for case in cases
    ]


# --- Nhận kết quả ---------------------------------------------------------------------------------------------
def _pickup_offered(draft: Dossier) -> bool:
    """ "Nộp hồ sơ tại nhà" only where paper still has to reach the agency: a postal channel, or một phần."""
    if draft.procedure.online_level == OnlineLevel.PARTIAL:
        return True
    cases = [draft.case] if draft.case_id else list(draft.procedure.cases.all())
    return any(channel.kind == Channel.Kind.POST for case in cases for channel in case.channels.all())


def _delivery_step(request: HttpRequest, draft: Dossier, steps: list[str]) -> HttpResponse:
    offered = _pickup_offered(draft)
    initial = {
        "result_delivery": draft.result_delivery,
        "result_address": draft.result_address or draft.applicant_address,
        "post_pickup": draft.post_pickup,
        "pickup_address": draft.pickup_address or draft.applicant_address,
    }
    form = DeliveryForm(initial=initial, pickup_offered=offered)
    status = 200
    if request.method == "POST":
        action = action_of(request)
        autosave = is_autosave(request)
        form = DeliveryForm(request.POST, pickup_offered=offered, require=action == CONTINUE and not autosave)
        ok = form.is_valid()
        values = form.valid_values()
        try:
            draft = dossier_draft_update_delivery(
                dossier=draft,
                actor=request.user,
                result_delivery=values.get("result_delivery") or draft.result_delivery,
                result_address=values.get("result_address", draft.result_address),
                post_pickup=bool(values.get("post_pickup")) if offered else False,
                pickup_address=values.get("pickup_address", draft.pickup_address),
                step=reached(DELIVERY, steps, action, ok=ok and not autosave),
            )
        except DomainError as error:
            return step_error(request, draft, DELIVERY, error, form=form, pickup_offered=offered)
        if autosave:
            return autosaved(request, draft, form)
        if ok:
            return after_save(draft, steps, DELIVERY, action)
        status = 400
    context = wizard_context(request, draft, DELIVERY, form=form, pickup_offered=offered)
    return render(request, f"{TEMPLATES}/step_delivery.html", context, status=status)


# --- Kiểm tra và nộp ------------------------------------------------------------------------------------------
def review_context(request: HttpRequest, draft: Dossier, form: SubmitForm, **extra) -> dict:
    labels = step_labels()
    problems = [
        (problem.message, step_url(draft, problem.step), labels.get(problem.step, ""))
        for problem in submission_problems(draft)
    ]
    return wizard_context(
        request,
        draft,
        REVIEW,
        rows=component_rows(request, draft),
        channel=online_channel(draft.case),
        problems=problems,
        submit_form=form,
        form=form,  # its errors (the captcha) go to the summary at the top
        many_cases=CASE in steps_for(draft),
        **extra,
    )


def _review_step(request: HttpRequest, draft: Dossier, steps: list[str]) -> HttpResponse:
    if request.method == "POST":  # the page's only form posts to draft_submit
        return redirect(step_url(draft, REVIEW))
    form = SubmitForm(initial={"idempotency_key": uuid.uuid4().hex})
    return render(request, f"{TEMPLATES}/step_review.html", review_context(request, draft, form))


STEP_VIEWS = {
    APPLICANT: _applicant_step,
    CASE: _case_step,
    COMPONENTS: components_step,
    DELIVERY: _delivery_step,
    REVIEW: _review_step,
}
