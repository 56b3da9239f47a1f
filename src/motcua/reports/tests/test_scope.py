"""Who sees which statistics, and the report filter's checks: every bad input answers a Vietnamese message."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from motcua.accounts.models import StaffRole
from motcua.accounts.tests.factories import UserFactory
from motcua.catalogue.tests.factories import AgencyFactory, FieldFactory
from motcua.dossiers.tests.factories import citizen, officer_of
from motcua.reports.periods import Period, ReportFilterError
from motcua.reports.selectors import (
    ReportFilter,
    agencies_ranked,
    indicators_766,
    periodic_report,
    report_dossiers,
    report_filter_build,
    report_scope,
    report_series,
)

pytestmark = pytest.mark.django_db
OCTOBER = Period(dt.date(2025, 10, 1), dt.date(2025, 10, 31), "month")


def test_a_system_administrator_and_a_superuser_see_every_agency(world):
    admin = officer_of(AgencyFactory(name="Sở Thông tin"), StaffRole.SYSTEM_ADMIN)
    superuser = UserFactory(is_superuser=True)
    for user in (admin, superuser):
        scope = report_scope(user=user)
        assert scope.sees_all
        assert {world.a.agency.pk, world.b.agency.pk} <= {pk for pk, _ in scope.agencies}
        assert report_filter_build(user=user, period=OCTOBER, agency_id=None, field_id=None, procedure_id=None) == (
            ReportFilter(period=OCTOBER, agency_ids=None)
        )


def test_an_agency_leader_sees_their_agency_and_those_below_it(world):
    scope = report_scope(user=world.a.leader)
    assert not scope.sees_all
    assert [name for _, name in scope.agencies] == ["Sở Xây dựng", "UBND xã Đăk Hà"]
    built = report_filter_build(user=world.a.leader, period=OCTOBER, agency_id=None, field_id=None, procedure_id=None)
    assert built.agency_ids == {world.a.agency.pk, world.b.agency.pk}


@pytest.mark.parametrize("role", [StaffRole.DIVISION_HEAD, StaffRole.AGENCY_ADMIN])
def test_a_division_head_or_an_agency_administrator_sees_their_agency_only(world, role):
    scope = report_scope(user=officer_of(world.a.agency, role))
    assert [pk for pk, _ in scope.agencies] == [world.a.agency.pk]
    assert {f.pk for f in (world.f1, world.f2)} <= {pk for pk, _ in scope.fields}


@pytest.mark.parametrize("who", ["reception", "specialist", "citizen", "anonymous", "leader_of_inactive"])
def test_other_officers_citizens_and_strangers_see_nothing(world, who):
    user = {
        "reception": lambda: world.a.reception,
        "specialist": lambda: world.b.specialist,
        "citizen": citizen,
        "anonymous": AnonymousUser,
        "leader_of_inactive": lambda: officer_of(AgencyFactory(is_active=False), StaffRole.AGENCY_LEADER),
    }[who]()
    with pytest.raises(PermissionDenied):
        report_scope(user=user)
    with pytest.raises(PermissionDenied):
        periodic_report(user=user, filters=ReportFilter(period=OCTOBER, agency_ids=None))


def _build(world, user, **ids):
    options = {"agency_id": None, "field_id": None, "procedure_id": None, **ids}
    return report_filter_build(user=user, period=OCTOBER, **options)


@pytest.mark.parametrize(
    ("ids", "field", "message"),
    [
        (lambda w: {"agency_id": 999_999}, "agency", "Không tìm thấy cơ quan đã chọn."),
        (lambda w: {"field_id": 999_999}, "field", "Không tìm thấy lĩnh vực đã chọn."),
        (lambda w: {"procedure_id": 999_999}, "procedure", "Không tìm thấy thủ tục đã chọn."),
        (
            lambda w: {"field_id": w.f1.pk, "procedure_id": w.p3.pk},
            "procedure",
            "Thủ tục đã chọn không thuộc lĩnh vực đã chọn.",
        ),
    ],
)
def test_unknown_ids_are_refused(world, ids, field, message):
    with pytest.raises(ReportFilterError) as error:
        _build(world, world.a.leader, **ids(world))
    assert (error.value.field, error.value.message) == (field, message)


def test_another_agencys_statistics_are_refused(world):
    head = officer_of(world.b.agency, StaffRole.DIVISION_HEAD)  # the commune: the department is above it
    with pytest.raises(ReportFilterError) as error:
        _build(world, head, agency_id=world.a.agency.pk)
    assert (error.value.field, error.value.message) == (
        "agency",
        "Bạn không có quyền xem thống kê của cơ quan đã chọn.",
    )
    assert _build(world, head, agency_id=world.b.agency.pk).agency_ids == {world.b.agency.pk}


def test_a_filter_built_for_someone_else_is_refused_by_every_selector(world):
    theirs = _build(world, world.a.leader, agency_id=world.a.agency.pk)
    head = officer_of(world.b.agency, StaffRole.DIVISION_HEAD)
    province = ReportFilter(period=OCTOBER, agency_ids=None)
    calls = (
        lambda f: periodic_report(user=head, filters=f),
        lambda f: report_series(user=head, filters=f),
        lambda f: agencies_ranked(user=head, filters=f),
        lambda f: indicators_766(user=head, filters=f),
        lambda f: report_dossiers(user=head, filters=f, metric="received", group_by="agency", key=None),
    )
    for filters in (theirs, province):
        for call in calls:
            with pytest.raises(PermissionDenied):
                call(filters)


def test_an_unknown_metric_or_grouping_is_refused(world):
    filters = _build(world, world.a.leader)
    with pytest.raises(ReportFilterError) as error:
        report_dossiers(user=world.a.leader, filters=filters, metric="salary", group_by="agency", key=None)
    assert (error.value.field, error.value.message) == ("metric", "Chỉ tiêu không hợp lệ.")
    for call in (
        lambda: periodic_report(user=world.a.leader, filters=filters, group_by="officer"),
        lambda: report_dossiers(user=world.a.leader, filters=filters, metric="received", group_by="x", key=None),
    ):
        with pytest.raises(ReportFilterError) as error:
            call()
        assert (error.value.field, error.value.message) == ("group", "Cách nhóm số liệu không hợp lệ.")


def test_fields_offered_include_every_field(world):
    FieldFactory(name="Đất đai")
    assert "Đất đai" in [name for _, name in report_scope(user=world.a.leader).fields]
