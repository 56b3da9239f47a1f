""" "Nghĩa vụ tài chính đất đai": the public lookup, paying a notice and downloading its payment voucher.

Knowing the keys (dossier code + tax ID or notice number) is the right to see and pay a notice, as at a bank
counter. What a lookup found is kept in the session (the notices' ids), and paying or downloading accepts only
those: an id guessed or copied from somewhere else is a 404.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.downloads import pdf_response
from motcua.core.errors import DomainError, NotFound
from motcua.core.money import amount_in_words
from motcua.core.throttle import throttle_allows
from motcua.payments.models import OrderState, TaxNotice
from motcua.payments.receipt_pdf import voucher_pdf
from motcua.payments.selectors.payer import collection_account_of, tax_notice_get_bound
from motcua.payments.services.land import tax_notices_lookup

from ..payments.choice import payment_choose
from .forms import LandLookupForm

SESSION_NOTICES = "land_notices"
SESSION_QUERY = "land_lookup_query"
_KEEP_NOTICES = 50


def _bound_ids(request: HttpRequest) -> list[int]:
    return [int(value) for value in request.session.get(SESSION_NOTICES, []) if str(value).isdigit()]


def _bind(request: HttpRequest, notices: list[TaxNotice], query: dict[str, str]) -> None:
    """Remember what this lookup found (with the earlier ones of the session), and how to show it again."""
    found = [notice.pk for notice in notices]
    kept = [pk for pk in _bound_ids(request) if pk not in found]
    request.session[SESSION_NOTICES] = [*kept, *found][-_KEEP_NOTICES:]
    request.session[SESSION_QUERY] = urlencode(query)


def _bound_or_404(request: HttpRequest, notice_id: int) -> TaxNotice:
    try:
        return tax_notice_get_bound(notice_ids=_bound_ids(request), notice_id=notice_id)
    except NotFound as error:
        raise Http404(error.message) from None


def _lookup_url(request: HttpRequest) -> str:
    query = request.session.get(SESSION_QUERY, "")
    return reverse("portal:land_lookup") + (f"?{query}" if query else "")


@never_cache
@require_GET
def land_lookup(request: HttpRequest) -> HttpResponse:
    """Public lookup: "Mã hồ sơ" + ("Mã số thuế" or "Số thông báo") → the notices with their state."""
    submitted = "ma_so_thue" in request.GET or "so_thong_bao" in request.GET
    form = LandLookupForm(request.GET if submitted else None, initial={"ma_ho_so": request.GET.get("ma_ho_so", "")})
    context: dict[str, object] = {"form": form, "searched": False}
    if not submitted:
        return render(request, "portal/land/lookup.html", context)
    if not form.is_valid():
        return render(request, "portal/land/lookup.html", context, status=400)
    if not throttle_allows(request, action="land_lookup", per_minute=settings.MOTCUA_LOOKUP_PER_MINUTE):
        return render(request, "429.html", status=429)
    data = form.cleaned_data
    notices = tax_notices_lookup(
        dossier_code=data["ma_ho_so"], tax_id=data["ma_so_thue"], notice_number=data["so_thong_bao"]
    )
    _bind(request, notices, {key: data[key] for key in ("ma_ho_so", "ma_so_thue", "so_thong_bao") if data[key]})
    context |= {"searched": True, "notices": notices, "dossier_code": data["ma_ho_so"]}
    return render(request, "portal/land/lookup.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def land_pay(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Choose a bank or e-wallet for one notice found by a lookup; signed in or not."""
    notice = _bound_or_404(request, notice_id)
    order = notice.order
    return payment_choose(
        request,
        order=order,
        payer=request.user if request.user.is_authenticated else None,
        template="portal/land/pay.html",
        context={
            "notice": notice,
            "account": collection_account_of(order),
            "words": amount_in_words(order.amount),
            "lookup_url": _lookup_url(request),
        },
    )


@never_cache
@require_GET
def land_voucher(request: HttpRequest, notice_id: int) -> HttpResponse:
    """ "Tải chứng từ nộp tiền" of a paid notice found by a lookup."""
    notice = _bound_or_404(request, notice_id)
    if notice.order.state != OrderState.PAID:
        raise Http404(_("Khoản này chưa được thanh toán nên chưa có chứng từ nộp tiền."))
    try:
        content = voucher_pdf(notice)
    except DomainError as error:
        raise Http404(error.message) from None
    return pdf_response(content, filename=f"chung-tu-nop-tien-{notice.notice_number}.pdf")
