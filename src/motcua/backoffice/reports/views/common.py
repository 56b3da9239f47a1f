"""What the statistics views share: who may open them, and the checked filter built from the request.

Who sees statistics, and which agencies, is the reports app's rule: ``report_scope`` raises PermissionDenied for
an officer without a leader or administrator role, and the page answers with the back-office "forbidden" page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.reports.selectors import ReportFilter, ReportFilterError, ReportScope, report_filter_build, report_scope

from ...access import forbidden, officer_required
from ..forms import ReportFilterForm

View = Callable[..., HttpResponse]


def statistics_required(view: View) -> View:
    """A signed-in officer (second factor passed) who may see statistics; the view gets the officer's scope."""

    @officer_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            scope = report_scope(user=request.user)
        except PermissionDenied:
            return forbidden(request, _("Trang Thống kê chỉ dành cho lãnh đạo và quản trị của cơ quan."))
        return view(request, scope, *args, **kwargs)

    return wrapper


def today() -> date:
    """Today in Asia/Ho_Chi_Minh: periods are whole local days."""
    return timezone.localdate()


def form_errors(*bound_forms: Any) -> list[str]:
    """Every message of these forms, for an error summary without fields to point at (hidden parameters)."""
    errors: list[str] = []
    for form in bound_forms:
        if form.is_bound:
            errors += [*form.non_field_errors(), *[error for field in form for error in field.errors]]
    return errors


@dataclass
class Filtered:
    """The bound filter form and, when it is valid and allowed, the checked filter."""

    form: ReportFilterForm
    filters: ReportFilter | None

    @property
    def ok(self) -> bool:
        return self.filters is not None


def filter_from(request: HttpRequest, scope: ReportScope, data: QueryDict, **options: Any) -> Filtered:
    form = ReportFilterForm(
        data,
        today=today(),
        agencies=scope.agencies,
        fields=scope.fields,
        **options,
    )
    if not form.is_valid() or form.period is None:
        return Filtered(form, None)
    try:
        filters = report_filter_build(
            user=request.user,
            period=form.period,
            agency_id=form.cleaned_data.get("agency"),
            field_id=form.cleaned_data.get("field"),
            procedure_id=form.cleaned_data.get("procedure"),
        )
    except ReportFilterError as error:
        form.add_filter_error(error)
        return Filtered(form, None)
    return Filtered(form, filters)
