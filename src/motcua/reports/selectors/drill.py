"""The dossiers behind one number of the periodic report (drill-down): the same rules, read on the facts."""

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier

from .. import rules
from ..models import DossierFact
from ..periods import ReportFilterError
from .scope import filter_check
from .sums import GROUP_FIELDS
from .types import DRILLABLE, GROUP_BY, ReportFilter


def metric_q(metric: str, start: dt.date, end: dt.date, *, today: dt.date) -> Q:
    """A Q on ``DossierFact`` selecting the dossiers counted in ``metric`` for [start, end]."""
    at = min(end, today)
    if metric == "carried_over":
        return rules.open_q(start - dt.timedelta(days=1))
    if metric == "in_progress":
        return rules.open_q(at)
    if metric == "in_progress_overdue":
        return rules.overdue_q(at)
    if metric == "in_progress_within":
        return rules.open_q(at) & (Q(overdue_day__isnull=True) | Q(overdue_day__gt=at))
    return rules.flow_q(metric, start, end)


def _facts(filters: ReportFilter) -> QuerySet:
    facts = DossierFact.objects.all()
    if filters.agency_ids is not None:
        facts = facts.filter(agency_id__in=filters.agency_ids)
    if filters.procedure_id is not None:
        facts = facts.filter(procedure_id=filters.procedure_id)
    if filters.field_id is not None:
        facts = facts.filter(procedure__fields=filters.field_id)
    return facts


def report_dossiers(*, user, filters: ReportFilter, metric: str, group_by: str, key: int | None) -> QuerySet[Dossier]:
    """The dossiers counted in ``metric`` for the row ``key`` of the report grouped by ``group_by`` (None: the
    total row), newest reception first. The count is the number shown in the report."""
    if metric not in DRILLABLE:
        raise ReportFilterError(_("Chỉ tiêu không hợp lệ."), field="metric")
    if group_by not in GROUP_BY:
        raise ReportFilterError(_("Cách nhóm số liệu không hợp lệ."), field="group")
    filter_check(user=user, filters=filters)
    period = filters.period
    facts = _facts(filters).filter(metric_q(metric, period.start, period.end, today=timezone.localdate()))
    if key is not None:
        facts = facts.filter(**{GROUP_FIELDS[group_by]: key})
    return (
        Dossier.objects.filter(pk__in=facts.values("dossier_id"))
        .select_related("procedure", "agency")
        .order_by(F("received_at").desc(nulls_last=True), "-submitted_at", "-id")
    )
