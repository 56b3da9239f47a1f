"""The demo's year of history as the statistics see it: marked for refresh when it is written, so the first refresh
gives the province and the demo leader real figures without waiting for the nightly rebuild — and the rebuild,
recomputing everything from the dossiers, gives the same."""

from dataclasses import asdict
from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.accounts.demo import accounts_load_demo
from motcua.accounts.models import User
from motcua.dossiers.demo_history import KEY, dossiers_load_demo_history
from motcua.dossiers.models import Dossier
from motcua.reports.models import RollupMark
from motcua.reports.periods import Period
from motcua.reports.selectors import periodic_report, report_filter_build
from motcua.reports.services import rollup_rebuild, rollup_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(demo_catalogue, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    accounts_load_demo()
    today = timezone.localdate()
    assert dossiers_load_demo_history(today=today) == 600
    return today


def last_12_months(username: str, today):
    """The periodic report over the last 12 months, as ``username`` sees it (every agency they may see)."""
    user = User.objects.get(username=username)
    period = Period(today - timedelta(days=364), today)
    filters = report_filter_build(user=user, period=period, agency_id=None, field_id=None, procedure_id=None)
    return periodic_report(user=user, filters=filters)


def test_the_history_is_marked_and_the_first_refresh_gives_real_figures(today):
    history = set(Dossier.objects.filter(idempotency_key__startswith=f"{KEY}-").values_list("id", flat=True))
    assert history <= set(RollupMark.objects.values_list("dossier_id", flat=True))

    rollup_refresh(today=today)

    province = last_12_months("quantri", today).total  # the system administrator sees the whole province
    counts, rates = province.counts, province.rates
    assert counts["finished_early"] > 0 and counts["finished_on_time"] > 0 and counts["finished_late"] > 0
    assert counts["refused"] > 0 and counts["withdrawn"] > 0 and counts["supplement_requested"] > 0
    assert 40 <= rates["online_rate"] <= 80
    assert 80 <= rates["on_time_rate"] < 100
    assert rates["satisfaction_rate"] is not None and 70 <= rates["satisfaction_rate"] < 100
    leader = last_12_months("giamdoc", today).total  # the demo leader: his Sở only
    assert leader.counts["finished"] >= 50 and leader.rates["on_time_rate"] is not None


def test_the_nightly_rebuild_gives_the_same_figures_as_the_refresh(today):
    rollup_refresh(today=today)
    refreshed = [asdict(last_12_months(name, today)) for name in ("quantri", "giamdoc")]
    rollup_rebuild(today=today)
    assert [asdict(last_12_months(name, today)) for name in ("quantri", "giamdoc")] == refreshed
