from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from motcua.catalogue.models import SupportContact
from motcua.notifications.selectors import inbox_unread_count

from .display import display_from_cookies


def _unread_notices(request: HttpRequest) -> int:
    """The signed-in applicant's unread notices ("Thông báo"); officers and visitors have none here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "is_officer", False):
        return 0
    return inbox_unread_count(user=user)


def portal(request: HttpRequest) -> dict:
    return {
        "portal_title": settings.MOTCUA_PORTAL_TITLE,
        "province_name": settings.MOTCUA_PROVINCE_NAME,
        "display": display_from_cookies(request.COOKIES),
        # Lazy: evaluated only by templates that show the footer.
        "footer_contacts": SupportContact.objects.filter(in_footer=True).order_by("position", "id"),
        # Lazy too: one indexed COUNT, only when a page shows the badge (signed-in pages; public ones skip it).
        "unread_notices": SimpleLazyObject(lambda: _unread_notices(request)),
    }
