"""Which dossiers an officer may see and act on — the one place that answers it for services and selectors.

An officer sees the dossiers of every agency they hold a role in. A reception officer also sees the dossiers of
the agencies their Bộ phận Một cửa serves (``Agency.served_by``: the provincial centre receives for the Sở).
An officer of another agency sees a dossier while it is, or was, at one of their steps (inter-agency, liên thông).
"""

from django.db.models import Exists, OuterRef, Q

from motcua.accounts.models import StaffRole, User
from motcua.accounts.selectors import officer_memberships
from motcua.catalogue.models import Agency

from .models import DossierTask


def reception_agency_ids(*, officer: User) -> set[int]:
    """The agencies whose dossiers ``officer`` receives: their own reception desks and the agencies those serve."""
    desks = {m.agency_id for m in officer_memberships(officer=officer) if m.role == StaffRole.RECEPTION}
    if not desks:
        return set()
    served = Agency.objects.filter(served_by_id__in=desks).values_list("id", flat=True)
    return desks | set(served)


def officer_agency_ids(*, officer: User) -> set[int]:
    """Every agency whose dossiers ``officer`` may open."""
    return {m.agency_id for m in officer_memberships(officer=officer)} | reception_agency_ids(officer=officer)


def officer_roles(*, officer: User) -> set[tuple[int, str]]:
    """(agency id, role) pairs ``officer`` holds: the tasks they may take."""
    return {(m.agency_id, m.role) for m in officer_memberships(officer=officer)}


def officer_dossier_filter(*, officer: User) -> Q:
    """A ``Q`` on ``Dossier`` selecting what ``officer`` may see (no join: the inter-agency part is an EXISTS)."""
    own = {m.agency_id for m in officer_memberships(officer=officer)}
    at_their_step = Exists(DossierTask.objects.filter(dossier=OuterRef("pk"), agency_id__in=own))
    return Q(agency_id__in=officer_agency_ids(officer=officer)) | Q(at_their_step)


def register_agencies_for_officer(*, officer: User) -> list[Agency]:
    """The agencies whose register (form 07) the officer may keep: theirs, and those their desk receives for."""
    ids = officer_agency_ids(officer=officer)
    return list(Agency.objects.filter(pk__in=ids, is_active=True).order_by("position", "name"))
