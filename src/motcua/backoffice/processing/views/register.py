"""Form 07 "Sổ theo dõi hồ sơ": the dossiers one agency received in a period, on the page, as PDF and as CSV.

The page is a GET form (agency, từ ngày, đến ngày; this month by default), so a register is a link that can be
bookmarked or shared with a colleague who may see it too. ``?dinh_dang=pdf`` / ``csv`` downloads the same register.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from motcua.core.errors import NotFound
from motcua.documents.register import register_csv, register_pdf, register_rows
from motcua.dossiers.selectors import register_for_officer

from ...access import officer_required
from ..forms import RegisterForm, register_agencies

FORMATS = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


def _download(content: bytes, form: RegisterForm, kind: str) -> HttpResponse:
    data = form.cleaned_data
    name = f"so-theo-doi-ho-so-{form.agency.code}-{data['tu_ngay']:%Y%m%d}-{data['den_ngay']:%Y%m%d}.{kind}"
    response = HttpResponse(content, content_type=FORMATS[kind])
    response["Content-Disposition"] = content_disposition_header(kind == "csv", name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@officer_required
def register(request: HttpRequest) -> HttpResponse:
    agencies = register_agencies(request.user)
    form = RegisterForm(request.GET, agencies=agencies)
    rows, query = None, ""
    if agencies and form.is_valid():
        start, end = form.period()
        try:
            dossiers = register_for_officer(officer=request.user, agency_id=form.agency.pk, start=start, end=end)
        except NotFound as error:
            raise Http404(error.message) from None
        rows = register_rows(dossiers)
        kind = request.GET.get("dinh_dang", "")
        if kind == "pdf":
            data = form.cleaned_data
            pdf = register_pdf(agency=form.agency, start=data["tu_ngay"], end=data["den_ngay"], rows=rows)
            return _download(pdf, form, "pdf")
        if kind == "csv":
            return _download(register_csv(rows), form, "csv")
        query = urlencode(
            {
                "co_quan": form.agency.pk,
                "tu_ngay": form.cleaned_data["tu_ngay"].isoformat(),
                "den_ngay": form.cleaned_data["den_ngay"].isoformat(),
            }
        )
    context = {"form": form, "agencies": agencies, "rows": rows, "query": query}
    return render(request, "backoffice/processing/register.html", context)
