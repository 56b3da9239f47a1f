"""“Thành phần hồ sơ”: the components of the chosen case, uploads (with a cap per request), "Xóa", and
"Chọn từ Kho dữ liệu cá nhân". With the page's script (``HX-Request``) the answer is the component's row.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.selectors import edata_item_get_for_owner, edata_items_for_owner
from motcua.catalogue.models import ComponentRequirement
from motcua.core.errors import DomainError, NotFound
from motcua.core.upload_limits import LimitedUploadHandler, upload_announced_too_large, upload_refused
from motcua.core.uploads import ACCEPTED_KINDS, accept_attribute, accepted_label
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.selectors import dossier_files_for_applicant
from motcua.dossiers.services import dossier_draft_reach, dossier_file_add, dossier_file_remove, dossier_file_reuse

from .wizard import COMPONENTS, TEMPLATES, action_of, after_save, draft_view, reached, step_url, wizard_context


@dataclass
class ComponentRow:
    """One component of the chosen case as the page shows it, with what just happened to it."""

    number: int
    component: ComponentRequirement
    files: list[DossierFile]
    errors: list[str] = field(default_factory=list)
    done: str = ""  # "Đã tải lên: …" / "Đã xóa …": announced in the row's status line

    @property
    def accept(self) -> str:
        return accept_attribute(self.component.accepted_types_list)

    @property
    def accepted(self) -> str:
        return accepted_label(self.component.accepted_types_list)


def component_rows(request: HttpRequest, draft: Dossier) -> list[ComponentRow]:
    if draft.case_id is None:
        return []
    files = list(dossier_files_for_applicant(user=request.user, dossier=draft))
    return [
        ComponentRow(number, component, [f for f in files if f.component_id == component.pk])
        for number, component in enumerate(draft.case.components.all(), start=1)
    ]


def _components_context(request: HttpRequest, draft: Dossier, rows: list[ComponentRow], **extra) -> dict:
    missing = [row.component for row in rows if row.component.required and not row.files]
    return wizard_context(request, draft, COMPONENTS, rows=rows, missing=missing, **extra)


def components_step(request: HttpRequest, draft: Dossier, steps: list[str]) -> HttpResponse:
    if request.method == "POST":
        action = action_of(request)
        try:
            draft = dossier_draft_reach(
                dossier=draft, actor=request.user, step=reached(COMPONENTS, steps, action, ok=True)
            )
        except DomainError as error:
            context = _components_context(request, draft, component_rows(request, draft))
            context["error_items"] = [(error.message, "")]
            return render(request, f"{TEMPLATES}/step_components.html", context, status=409)
        return after_save(draft, steps, COMPONENTS, action)
    context = _components_context(request, draft, component_rows(request, draft))
    return render(request, f"{TEMPLATES}/step_components.html", context)


def _row_or_404(rows: list[ComponentRow], component_id: int) -> ComponentRow:
    row = next((row for row in rows if row.component.pk == component_id), None)
    if row is None:
        raise Http404(_("Không tìm thấy thành phần hồ sơ này trong trường hợp đã chọn."))
    return row


def _row_response(request: HttpRequest, draft: Dossier, rows: list[ComponentRow], row: ComponentRow, status: int):
    """For the page's script: the component's row and, out of band, the "Còn thiếu" summary above the list."""
    context = _components_context(request, draft, rows, row=row, oob=True)
    template = f"{TEMPLATES}/step_components.html"
    html = render_to_string(f"{template}#component-row", context, request=request)
    html += render_to_string(f"{template}#missing-summary", context, request=request)
    return HttpResponse(html, status=status)


def _components_page(request: HttpRequest, draft: Dossier, rows: list[ComponentRow], row: ComponentRow, status: int):
    """Without JavaScript: the whole page, with the row's errors also listed at the top."""
    context = _components_context(request, draft, rows)
    context["error_items"] = [(message, f"#component-{row.component.pk}") for message in row.errors]
    return render(request, f"{TEMPLATES}/step_components.html", context, status=status)


def _upload_refusal(request: HttpRequest, draft: Dossier, component_id: int) -> HttpResponse:
    rows = component_rows(request, draft)
    row = _row_or_404(rows, component_id)
    row.errors.append(
        _(
            "Tệp vượt quá dung lượng cho phép (tối đa %(mb)s MB cho một lần tải lên). Vui lòng chọn ít tệp hơn "
            "hoặc giảm dung lượng tệp rồi tải lên lại."
        )
        % {"mb": settings.MOTCUA_UPLOAD_MAX_MB}
    )
    if request.htmx:
        return _row_response(request, draft, rows, row, status=413)
    return _components_page(request, draft, rows, row, status=413)


@csrf_exempt  # the upload handlers must change before the body is read; CSRF is checked right after (below)
@draft_view
@require_POST
def draft_upload(request: HttpRequest, draft: Dossier, component_id: int) -> HttpResponse:
    """One or several files (field ``tep``) for one component; each is checked and kept, or refused by name."""
    if upload_announced_too_large(request):
        return _upload_refusal(request, draft, component_id)
    request.upload_handlers.insert(0, LimitedUploadHandler(request))
    return _draft_upload_checked(request, draft, component_id)


@csrf_protect
def _draft_upload_checked(request: HttpRequest, draft: Dossier, component_id: int) -> HttpResponse:
    uploads = request.FILES.getlist("tep")  # reads the body (unless the CSRF check already did)
    if upload_refused(request):
        return _upload_refusal(request, draft, component_id)
    rows = component_rows(request, draft)
    row = _row_or_404(rows, component_id)
    if not uploads:
        row.errors.append(_("Chưa chọn tệp nào để tải lên cho thành phần “%(name)s”.") % {"name": row.component.name})
    added = []
    for upload in uploads:
        try:
            added.append(dossier_file_add(dossier=draft, actor=request.user, component_id=component_id, upload=upload))
        except NotFound as error:
            raise Http404(error.message) from None
        except DomainError as error:
            row.errors.append(error.message)
    if added:
        names = ", ".join(f"“{item.original_name}”" for item in added)
        row.done = _("Đã tải lên: %(names)s.") % {"names": names}
        rows = component_rows(request, draft)
        fresh = _row_or_404(rows, component_id)
        fresh.errors, fresh.done = row.errors, row.done
        row = fresh
    status = 400 if row.errors else 200
    if request.htmx:
        return _row_response(request, draft, rows, row, status=status)
    if row.errors:
        return _components_page(request, draft, rows, row, status=status)
    messages.success(request, row.done)
    return redirect(f"{step_url(draft, COMPONENTS)}#component-{component_id}")


@draft_view
@require_POST
def draft_file_remove(request: HttpRequest, draft: Dossier, file_id) -> HttpResponse:
    """ "Xóa" one attached file of this draft (any other file: 404)."""
    attached = dossier_files_for_applicant(user=request.user, dossier=draft).filter(public_id=file_id).first()
    if attached is None:
        raise Http404(_("Không tìm thấy tệp."))
    error = None
    try:
        dossier_file_remove(dossier_file=attached, actor=request.user)
    except DomainError as refused:
        error = refused.message
    rows = component_rows(request, draft)
    row = next((row for row in rows if row.component.pk == attached.component_id), None)
    done = _("Đã xóa tệp “%(name)s”.") % {"name": attached.original_name}
    if row is not None and request.htmx:
        row.errors, row.done = ([error] if error else []), ("" if error else done)
        return _row_response(request, draft, rows, row, status=409 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    anchor = f"#component-{attached.component_id}" if row is not None else ""
    return redirect(f"{step_url(draft, COMPONENTS)}{anchor}")


@draft_view
@require_http_methods(["GET", "POST"])
def draft_reuse(request: HttpRequest, draft: Dossier, component_id: int) -> HttpResponse:
    """ "Chọn từ Kho dữ liệu cá nhân": documents the applicant already has that this component accepts."""
    row = _row_or_404(component_rows(request, draft), component_id)
    kinds = {
        ACCEPTED_KINDS[key].content_type
        for key in (k.strip().lower().lstrip(".") for k in row.component.accepted_types_list)
        if key in ACCEPTED_KINDS
    }
    error_items = []
    status = 200
    if request.method == "POST":
        try:
            item = edata_item_get_for_owner(user=request.user, public_id=request.POST.get("item", ""))
            dossier_file_reuse(dossier=draft, actor=request.user, component_id=component_id, item=item)
        except NotFound as error:
            raise Http404(error.message) from None
        except DomainError as error:
            error_items, status = [(error.message, "")], 409
        else:
            messages.success(request, _("Đã đính kèm “%(title)s” từ Kho dữ liệu cá nhân.") % {"title": item.title})
            return redirect(f"{step_url(draft, COMPONENTS)}#component-{component_id}")
    items = [item for item in edata_items_for_owner(user=request.user) if item.content_type in kinds]
    context = {
        "draft": draft,
        "procedure": draft.procedure,
        "row": row,
        "items": items,
        "error_items": error_items,
        "back_url": f"{step_url(draft, COMPONENTS)}#component-{component_id}",
    }
    return render(request, f"{TEMPLATES}/reuse.html", context, status=status)
