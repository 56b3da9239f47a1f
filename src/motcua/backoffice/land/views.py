"""``/mot-cua/nghia-vu-tai-chinh/``: the notices received for the officer's agencies, and the CSV upload.

An upload is read and imported in one go: any bad row and nothing is imported; the page comes back (400) with
every error in the summary at the top, each with its line number. A good upload redirects (303) to the list
with the counts. Reception officers and specialists only (403 page otherwise).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua.backoffice.http import HttpResponseSeeOther
from motcua.payments.selectors.land import officer_may_import_tax_notices, tax_notices_for_officer
from motcua.payments.services.land import (
    HEADER_LABELS,
    RowError,
    TaxNoticeErrors,
    tax_notices_import,
    tax_notices_parse_csv,
)

from ..access import forbidden, officer_required
from .forms import TaxNoticeUploadForm

ONLY_OFFICERS = gettext_lazy(
    "Chỉ cán bộ tiếp nhận và chuyên viên xử lý hồ sơ mới nhận thông báo nghĩa vụ tài chính đất đai."
)
FILTERS = {"chua-nop": False, "da-nop": True}
SHOWN = 100


def _page(
    request: HttpRequest,
    form: TaxNoticeUploadForm,
    errors: list[RowError] | None = None,
    status: int = 200,
) -> HttpResponse:
    shown = request.GET.get("tinh-trang", "")
    paid = FILTERS.get(shown)
    context = {
        "form": form,
        "row_errors": errors or [],
        "headers": HEADER_LABELS,
        "notices": tax_notices_for_officer(officer=request.user, limit=SHOWN, paid=paid),
        "shown": shown if shown in FILTERS else "",
    }
    return render(request, "backoffice/land/notices.html", context, status=status)


def _upload(request: HttpRequest) -> HttpResponse:
    form = TaxNoticeUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        notices = tax_notices_parse_csv(upload.read())
    except TaxNoticeErrors as error:
        return _page(request, form, error.errors, status=400)
    result = tax_notices_import(notices=notices, source=f"csv:{upload.name[:80]}", actor=request.user)
    if result.errors:
        return _page(request, form, result.errors, status=400)
    messages.success(
        request,
        _("Đã nhận %(created)s thông báo mới; %(unchanged)s thông báo đã có từ trước (không thay đổi).")
        % {"created": result.created, "unchanged": result.unchanged},
    )
    return HttpResponseSeeOther(reverse("backoffice:tax_notices"))


@require_http_methods(["GET", "POST"])
@officer_required
def tax_notices_page(request: HttpRequest) -> HttpResponse:
    if not officer_may_import_tax_notices(officer=request.user):
        return forbidden(request, str(ONLY_OFFICERS))
    if request.method == "POST":
        return _upload(request)
    return _page(request, TaxNoticeUploadForm())
