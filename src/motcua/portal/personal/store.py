"""Thông báo (the person's notices) and Kho dữ liệu cá nhân (their reusable documents)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.selectors import edata_item_get_for_owner, edata_items_for_owner
from motcua.accounts.services import edata_item_delete
from motcua.core.errors import NotFound
from motcua.notifications.selectors import inbox_for_user, inbox_unread_count
from motcua.notifications.services import inbox_mark_read

from ..personal_forms import KIND_LABELS
from .common import PER_PAGE, page_links, stream_file


def _safe_link(link: str) -> str:
    """Only links within the portal are shown (a notice's link is data)."""
    return link if link.startswith("/") and not link.startswith("//") and "\\" not in link else ""


# --- Thông báo ----------------------------------------------------------------------------------------------
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    """ "Thông báo": newest first. Reading the list marks nothing; "Đánh dấu đã đọc tất cả" does."""
    if request.method == "POST":
        changed = inbox_mark_read(user=request.user)
        if changed:
            messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
        return redirect("portal:inbox")
    page = Paginator(inbox_for_user(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    notices = [(notice, _safe_link(notice.link)) for notice in page]
    context = {"page": page, "notices": notices, "unread": inbox_unread_count(user=request.user), **page_links(page)}
    return render(request, "portal/personal/inbox.html", context)


# --- Kho dữ liệu cá nhân ------------------------------------------------------------------------------------
@never_cache
@login_required
@require_GET
def data_store(request: HttpRequest) -> HttpResponse:
    page = Paginator(edata_items_for_owner(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    items = [(item, KIND_LABELS.get(item.content_type, item.content_type)) for item in page]
    return render(request, "portal/personal/data_store.html", {"page": page, "items": items, **page_links(page)})


def _item_or_404(request: HttpRequest, item_id: str):
    try:
        return edata_item_get_for_owner(user=request.user, public_id=str(item_id))
    except NotFound as error:
        raise Http404(error.message) from None


@login_required
@require_GET
def data_item_download(request: HttpRequest, item_id: str) -> FileResponse:
    item = _item_or_404(request, item_id)
    return stream_file(request, item.file, name=item.original_name, content_type=item.content_type)


@login_required
@require_POST
def data_item_delete(request: HttpRequest, item_id: str) -> HttpResponse:
    item = _item_or_404(request, item_id)
    edata_item_delete(item=item, user=request.user)
    messages.success(
        request,
        _("Đã xóa “%(title)s” khỏi Kho dữ liệu cá nhân. Các hồ sơ đã nộp vẫn giữ bản của mình.")
        % {"title": item.title},
    )
    return redirect("portal:data_store")
