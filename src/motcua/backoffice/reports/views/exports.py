"""Exports ("Xuất CSV", "Xuất Excel (XLSX)") of the report table or of the dossiers behind a number.

POST starts a background job (``reports.services.export_start``) and answers 303 to the job page, which shows the
progress (htmx asks for the status fragment every second until the file is ready) and then the download link.
A job is only ever shown to the officer who asked for it: anyone else gets a 404.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from motcua.core.errors import DomainError, NotFound
from motcua.reports.models import ExportJob
from motcua.reports.selectors import ReportScope
from motcua.reports.services import export_file_open, export_get_for_user, export_start

from ...http import HttpResponseSeeOther
from ..forms import ExportForm
from .common import filter_from, form_errors, statistics_required

FINAL = frozenset({"done", "failed"})


def _job_or_404(request: HttpRequest, public_id: object) -> ExportJob:
    try:
        return export_get_for_user(user=request.user, public_id=public_id)
    except (NotFound, ObjectDoesNotExist) as error:
        raise Http404(getattr(error, "message", "")) from None


def _job_context(job: ExportJob) -> dict:
    return {
        "job": job,
        "final": job.state in FINAL,
        "status_url": reverse("backoffice:statistics_export_status", args=[job.public_id]),
        "download_url": reverse("backoffice:statistics_export_download", args=[job.public_id]),
    }


@require_POST
@statistics_required
def export_create(request: HttpRequest, scope: ReportScope) -> HttpResponse:
    filtered = filter_from(request, scope, request.POST)
    form = ExportForm(request.POST)
    errors: list[str] = []
    if filtered.ok and form.is_valid():
        try:
            job = export_start(
                user=request.user,
                filters=filtered.filters,
                group_by=filtered.form.group_by,
                fmt=form.cleaned_data["fmt"],
                metric=form.cleaned_data["metric"] or None,
                key=form.cleaned_data["key"],
            )
        except DomainError as error:
            errors.append(error.message)
        else:
            return HttpResponseSeeOther(reverse("backoffice:statistics_export_job", args=[job.public_id]))
    errors += form_errors(filtered.form, form)
    back_url = reverse("backoffice:statistics") + (f"?{filtered.form.query()}" if filtered.ok else "")
    context = {"errors": errors, "back_url": back_url}
    return render(request, "backoffice/reports/export_refused.html", context, status=400)


@require_GET
@statistics_required
def export_job(request: HttpRequest, scope: ReportScope, public_id: object) -> HttpResponse:
    return render(request, "backoffice/reports/export_job.html", _job_context(_job_or_404(request, public_id)))


@require_GET
@statistics_required
def export_status(request: HttpRequest, scope: ReportScope, public_id: object) -> HttpResponse:
    """The status block alone, for htmx polling (it stops asking once the job is final)."""
    return render(request, "backoffice/reports/_export_status.html", _job_context(_job_or_404(request, public_id)))


@require_GET
@statistics_required
def export_download(request: HttpRequest, scope: ReportScope, public_id: object) -> HttpResponse:
    job = _job_or_404(request, public_id)
    if job.state != "done":
        return redirect("backoffice:statistics_export_job", public_id=job.public_id)
    try:
        file, filename, content_type = export_file_open(user=request.user, public_id=job.public_id)
    except (NotFound, ObjectDoesNotExist) as error:
        raise Http404(getattr(error, "message", "")) from None
    except DomainError:
        return redirect("backoffice:statistics_export_job", public_id=job.public_id)
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
