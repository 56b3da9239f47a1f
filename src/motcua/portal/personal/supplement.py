"""Bổ sung hồ sơ: the one consolidated request, a file for each row, then "Gửi bổ sung"."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from motcua.catalogue.models import DEFAULT_ACCEPTED_TYPES
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierFile, SupplementRequest
from motcua.dossiers.selectors import dossier_file_get_for_applicant, dossier_files_for_applicant

from ..personal_forms import SupplementSendForm, accepted_hint
from .common import dossier_or_404, status_for

# What ``services.supplement_file_add`` accepts for a row that names no catalogue component.
_FREE_ITEM_TYPES, _FREE_ITEM_MB = DEFAULT_ACCEPTED_TYPES.split(","), 10


@dataclass
class SupplementItem:
    index: int
    name: str
    note: str
    files: list[DossierFile]
    accepted_label: str
    accept: str
    max_mb: int
    errors: list[str]


def _supplement_items(
    request: HttpRequest, dossier: Dossier, open_request: SupplementRequest, upload_errors: dict[int, list[str]]
) -> list[SupplementItem]:
    files = [
        f for f in dossier_files_for_applicant(user=request.user, dossier=dossier) if f.supplement_id == open_request.pk
    ]
    components = {c.pk: c for c in dossier.case.components.all()} if dossier.case_id else {}
    items = []
    for index, row in enumerate(open_request.items):
        component = components.get(row.get("component_id"))
        accepted = component.accepted_types_list if component else _FREE_ITEM_TYPES
        label, accept = accepted_hint(accepted)
        name = row.get("name", "")
        items.append(
            SupplementItem(
                index=index,
                name=name,
                note=row.get("note", ""),
                files=[f for f in files if f.component_name == name[:2000]],
                accepted_label=label,
                accept=accept,
                max_mb=component.max_size_mb if component else _FREE_ITEM_MB,
                errors=upload_errors.get(index, []),
            )
        )
    return items


def _supplement_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    form: SupplementSendForm | None = None,
    errors: list[str] | None = None,
    upload_errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        open_request = services.supplement_open(dossier)
    except DomainError as error:
        context = {"dossier": dossier, "open_request": None, "closed_message": error.message}
        return render(request, "portal/personal/supplement.html", context, status=409)
    upload_errors = upload_errors or {}
    return render(
        request,
        "portal/personal/supplement.html",
        {
            "dossier": dossier,
            "open_request": open_request,
            "items": _supplement_items(request, dossier, open_request, upload_errors),
            "form": form or SupplementSendForm(),
            "errors": errors or [],
            "upload_errors": upload_errors,
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """ "Bổ sung hồ sơ": the one consolidated request, a file for each row, then "Gửi bổ sung"."""
    dossier = dossier_or_404(request, code)
    if request.method != "POST":
        return _supplement_page(request, dossier)
    form = SupplementSendForm(request.POST)
    if not form.is_valid():
        return _supplement_page(request, dossier, form=form, status=400)
    try:
        services.dossier_supplement(dossier=dossier, actor=request.user, note=form.cleaned_data["note"])
    except DomainError as error:
        return _supplement_page(request, dossier, form=form, errors=[error.message], status=status_for(error))
    messages.success(request, _("Đã gửi bổ sung. Mã hồ sơ không thay đổi: %(code)s") % {"code": dossier.code})
    return redirect("portal:dossier_detail", code=dossier.code)


@login_required
@require_POST
def supplement_upload(request: HttpRequest, code: str, item_index: int) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    uploads = request.FILES.getlist("tep")
    if not uploads:
        errors = {item_index: [_("Vui lòng chọn tệp cần tải lên.")]}
        return _supplement_page(request, dossier, upload_errors=errors, status=400)
    added, problems, status = 0, [], 400
    for upload in uploads:
        try:
            services.supplement_file_add(dossier=dossier, actor=request.user, item_index=item_index, upload=upload)
        except NotFound as error:
            raise Http404(error.message) from None
        except DomainError as error:
            problems.append(error.message)
            status = status_for(error)
        else:
            added += 1
    if added:
        messages.success(
            request, ngettext("Đã tải lên %(count)d tệp.", "Đã tải lên %(count)d tệp.", added) % {"count": added}
        )
    if problems:
        return _supplement_page(request, dossier, upload_errors={item_index: problems}, status=status)
    return redirect(f"{reverse('portal:supplement', args=[dossier.code])}#giay-to-{item_index}")


@login_required
@require_POST
def supplement_file_remove(request: HttpRequest, code: str, file_id: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    try:
        found = dossier_file_get_for_applicant(user=request.user, public_id=str(file_id))
    except NotFound as error:
        raise Http404(error.message) from None
    if found.dossier_id != dossier.pk:
        raise Http404(_("Không tìm thấy tệp."))
    try:
        services.dossier_file_remove(dossier_file=found, actor=request.user)
    except DomainError as error:
        return _supplement_page(request, dossier, errors=[error.message], status=status_for(error))
    messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": found.original_name})
    return redirect("portal:supplement", code=dossier.code)
