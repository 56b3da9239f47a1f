from django.conf import settings
from django.http import HttpRequest

from motcua.catalogue.models import SupportContact

from .display import display_from_cookies


def portal(request: HttpRequest) -> dict:
    return {
        "portal_title": settings.MOTCUA_PORTAL_TITLE,
        "province_name": settings.MOTCUA_PROVINCE_NAME,
        "display": display_from_cookies(request.COOKIES),
        # Lazy: evaluated only by templates that show the footer.
        "footer_contacts": SupportContact.objects.filter(in_footer=True).order_by("position", "id"),
    }
