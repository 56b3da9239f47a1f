"""The dossier page's "Đồng bộ lại" (send the dossier's stopped national-portal sync again), with its URL.

Posted from ``backoffice/dossier/_national_sync.html``; ``integrations.services.national_sync_retry`` checks that
the officer works for the dossier's agency and that something is failing.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.errors import DomainError
from motcua.integrations.services import national_sync_retry

from .access import forbidden, officer_required
from .http import HttpResponseSeeOther, dossier_or_404


@require_POST
@officer_required
def retry(request: HttpRequest, code: str) -> HttpResponse:
    dossier = dossier_or_404(request, code)
    try:
        national_sync_retry(dossier=dossier, actor=request.user)
    except DomainError as error:
        if error.code == "forbidden":
            return forbidden(request, error.message)
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã đưa hồ sơ vào hàng đợi đồng bộ lại với Cổng Dịch vụ công quốc gia."))
    return HttpResponseSeeOther(reverse("backoffice:dossier", args=[code]) + "#dong-bo-quoc-gia")


urlpatterns = [path("ho-so/<str:code>/dong-bo-lai/", retry, name="national_sync_retry")]
