"""What the payment views share: who may open the finance pages, and a 404 for what the officer may not see."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from motcua.core.errors import NotFound
from motcua.payments.selectors.finance import accountant_agency_ids, finance_agency_ids

from ...access import forbidden, officer_required

View = Callable[..., HttpResponse]


def finance_required(view: View) -> View:
    """A signed-in officer (second factor passed) who is accountant or agency leader somewhere; else a 403 page."""

    @officer_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not finance_agency_ids(officer=request.user):
            return forbidden(request, _("Trang Kế toán chỉ dành cho kế toán và lãnh đạo cơ quan."))
        return view(request, *args, **kwargs)

    return wrapper


def accountant_required(view: View) -> View:
    """Like ``finance_required``, for what only an accountant does: import statements, resolve discrepancies."""

    @officer_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not accountant_agency_ids(officer=request.user):
            return forbidden(request, _("Chỉ kế toán mới nhập sao kê và xử lý sai lệch."))
        return view(request, *args, **kwargs)

    return wrapper


def found(read: Callable[[], Any]) -> Any:
    """``read()``, or a 404 carrying its Vietnamese message (never a hint that the thing exists)."""
    try:
        return read()
    except NotFound as error:
        raise Http404(error.message) from None
