"""Who sees which agencies' statistics, and the checked filter built from a report form.

- Superusers and system administrators (``StaffRole.SYSTEM_ADMIN`` anywhere): every agency.
- An agency leader: their agency and every agency below it in the agency tree (``Agency.parent``).
- A division head or an agency administrator: their agency.
- Anyone else (other officers, citizens, anonymous): nothing — ``PermissionDenied``.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from motcua.accounts.models import StaffRole
from motcua.accounts.selectors import officer_memberships
from motcua.catalogue.models import Agency, Field, Procedure

from ..periods import Period, ReportFilterError
from .types import ReportFilter, ReportScope

_OWN_AGENCY_ROLES = frozenset({StaffRole.AGENCY_LEADER, StaffRole.DIVISION_HEAD, StaffRole.AGENCY_ADMIN})
_SEEING_ROLES = _OWN_AGENCY_ROLES | {StaffRole.SYSTEM_ADMIN}  # any of these in an active agency: some statistics


def _descendants(roots: set[int]) -> set[int]:
    """``roots`` and every agency below them (the tree is shallow: province → department/district → commune)."""
    seen, frontier = set(roots), set(roots)
    while frontier:
        frontier = set(Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - seen
        seen |= frontier
    return seen


def scope_agency_ids(*, user) -> set[int] | None:
    """The agencies whose statistics ``user`` may see; None = every agency. PermissionDenied if none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("Bạn không có quyền xem thống kê, báo cáo."))
    if user.is_superuser:
        return None
    memberships = officer_memberships(officer=user)
    if any(m.role == StaffRole.SYSTEM_ADMIN for m in memberships):
        return None
    leaders = {m.agency_id for m in memberships if m.role == StaffRole.AGENCY_LEADER}
    own = {m.agency_id for m in memberships if m.role in _OWN_AGENCY_ROLES}
    ids = own | _descendants(leaders)
    if not ids:
        raise PermissionDenied(_("Bạn không có quyền xem thống kê, báo cáo."))
    return ids


def statistics_allowed(*, user) -> bool:
    """Whether ``user`` may open the statistics pages at all (the back-office menu asks on every page): the roles
    ``scope_agency_ids`` grants, without walking the agency tree."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(m.role in _SEEING_ROLES for m in officer_memberships(officer=user))


def report_scope(*, user) -> ReportScope:
    """The agencies and fields the report form offers ``user``; PermissionDenied if they may see no statistics."""
    ids = scope_agency_ids(user=user)
    agencies = Agency.objects.order_by("position", "name")
    if ids is not None:
        agencies = agencies.filter(pk__in=ids)
    return ReportScope(
        agencies=list(agencies.values_list("id", "name")),
        fields=list(Field.objects.order_by("name").values_list("id", "name")),
        sees_all=ids is None,
    )


def report_filter_build(
    *, user, period: Period, agency_id: int | None, field_id: int | None, procedure_id: int | None
) -> ReportFilter:
    """A filter ``user`` may use; unknown ids or an agency outside their scope → ``ReportFilterError``."""
    ids = scope_agency_ids(user=user)
    if agency_id is not None:
        if not Agency.objects.filter(pk=agency_id).exists():
            raise ReportFilterError(_("Không tìm thấy cơ quan đã chọn."), field="agency")
        if ids is not None and agency_id not in ids:
            raise ReportFilterError(_("Bạn không có quyền xem thống kê của cơ quan đã chọn."), field="agency")
        agency_ids: frozenset[int] | None = frozenset({agency_id})
    else:
        agency_ids = None if ids is None else frozenset(ids)
    if field_id is not None and not Field.objects.filter(pk=field_id).exists():
        raise ReportFilterError(_("Không tìm thấy lĩnh vực đã chọn."), field="field")
    if procedure_id is not None:
        procedure = Procedure.objects.filter(pk=procedure_id).first()
        if procedure is None:
            raise ReportFilterError(_("Không tìm thấy thủ tục đã chọn."), field="procedure")
        if field_id is not None and not procedure.fields.filter(pk=field_id).exists():
            raise ReportFilterError(_("Thủ tục đã chọn không thuộc lĩnh vực đã chọn."), field="procedure")
    return ReportFilter(period=period, agency_ids=agency_ids, field_id=field_id, procedure_id=procedure_id)


def filter_check(*, user, filters: ReportFilter) -> None:
    """A filter built earlier (an export run later, a URL kept) is still within ``user``'s scope."""
    ids = scope_agency_ids(user=user)
    if ids is None:
        return
    if filters.agency_ids is None or not filters.agency_ids <= ids:
        raise PermissionDenied(_("Bạn không có quyền xem thống kê của cơ quan này."))
