"""The day report ("Báo cáo ngày"): per provider and per agency, payments, collected, refunded, net; CSV."""

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.payments.selectors.finance import DailyReport, daily_report

from ..forms import DayForm
from .common import finance_required


def report_csv(report: DailyReport) -> bytes:
    """The report as CSV (UTF-8 with BOM so spreadsheet programs read Vietnamese), amounts in integer đồng."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Ngày"), report.day.strftime("%d/%m/%Y")])
    header = [_("Số giao dịch thu"), _("Số tiền thu (đồng)"), _("Số tiền hoàn (đồng)"), _("Thực thu (đồng)")]
    for title, rows in ((_("Kênh thanh toán"), report.by_provider), (_("Cơ quan"), report.by_agency)):
        writer.writerow([])
        writer.writerow([title, *header])
        for row in [*rows, report.total]:
            writer.writerow([row.label, row.payments, row.collected, row.refunded, row.net])
    writer.writerow([])
    writer.writerow([_("Sai lệch phát sinh"), report.discrepancies_opened])
    writer.writerow([_("Sai lệch đã xử lý"), report.discrepancies_resolved])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@require_GET
@finance_required
def daily(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "backoffice/payments/report.html", {"form": form, "report": None}, status=400)
    day = form.day() if request.GET else DayForm().day()
    report = daily_report(officer=request.user, day=day)
    if request.GET.get("dinh_dang") == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"bao-cao-thu-{day:%Y%m%d}.csv")
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return render(request, "backoffice/payments/report.html", {"form": form, "report": report, "day": day})
