"""The statistics pages with real dossiers: the periodic report, its charts, the dossiers behind a number and the
indicators of Decision 766 — every number read through the reports app from dossiers moved by the services."""

import re
from html import unescape
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.services import dossier_finish
from motcua.reports.services.refresh import rollup_refresh

pytest_plugins = ["motcua.backoffice.tests.processing_fixtures"]
pytestmark = pytest.mark.django_db

STATISTICS = reverse("backoffice:statistics")
DOSSIERS = reverse("backoffice:statistics_dossiers")


@pytest.fixture
def stats(office, at_step, signed_result):
    """At the department this year: three dossiers received online, one of them finished (early); one more
    submitted and still waiting for reception (not received: counted nowhere in "Tiếp nhận")."""
    waiting = [office.received(), office.received()]
    done = dossier_finish(dossier=signed_result(office, at_step(office, 3)), officer=office.leader)
    submitted = office.submitted()
    rollup_refresh(today=timezone.localdate())
    return SimpleNamespace(received=[*waiting, done], finished=done, submitted=submitted)


def _link(html: str, metric: str, key: int | None) -> tuple[str, str]:
    """The drill-down link of one number of the table: (href, text)."""
    tail = f"&amp;metric={metric}" + (f"&amp;key={key}" if key else "")
    match = re.search(rf'<a href="({re.escape(DOSSIERS)}\?[^"]*{re.escape(tail)})">([^<]+)</a>', html)
    assert match, f"no link for {metric}/{key}"
    return unescape(match.group(1)), match.group(2)


def test_the_report_counts_the_agencys_dossiers_and_each_number_opens_them(office, desk, stats):
    leader = desk(office.leader)
    html = leader.get(STATISTICS).content.decode()
    assert office.department.name in html
    href, text = _link(html, "received", office.department.pk)
    assert text == "3"
    listing = leader.get(href)
    page = listing.content.decode()
    assert listing.status_code == 200
    assert "3 hồ sơ" in page
    for dossier in stats.received:
        assert f'href="{reverse("backoffice:dossier", args=[dossier.code])}"' in page
    assert stats.submitted.code not in page


def test_the_finished_and_early_columns_lead_to_the_finished_dossier(office, desk, stats):
    leader = desk(office.leader)
    html = leader.get(STATISTICS).content.decode()
    for metric in ("finished", "finished_early"):
        href, text = _link(html, metric, office.department.pk)
        assert text == "1"
        page = leader.get(href).content.decode()
        assert stats.finished.code in page
        assert "1 hồ sơ" in page


def test_the_total_row_drills_down_to_every_dossier_of_the_scope(office, desk, stats):
    leader = desk(office.leader)
    href, text = _link(leader.get(STATISTICS).content.decode(), "in_progress", None)
    assert text == "2"
    page = leader.get(href).content.decode()
    assert all(dossier.code in page for dossier in stats.received if dossier != stats.finished)
    assert "Tổng cộng" in page


def test_the_table_has_the_grouped_header_of_the_periodic_report(office, desk, stats):
    html = desk(office.leader).get(STATISTICS).content.decode()
    for group in ("Tiếp nhận", "Đã giải quyết", "Đang giải quyết", "Tỷ lệ, thời gian"):
        assert re.search(rf'<th scope="colgroup" colspan="\d+" class="st-table__group">{group}</th>', html)
    for column in ("Trực tuyến", "Trực tiếp", "Trước hạn", "Đúng hạn", "Trong hạn", "Tỷ lệ đúng hạn (%)"):
        assert f'<th scope="col">{column}</th>' in html
    assert "100,0%" in html  # the on-time rate of the department: 1 of 1 finished


def test_the_charts_are_inline_svg_with_a_summary_and_the_same_numbers_as_a_table(office, desk, stats):
    html = desk(office.leader).get(STATISTICS).content.decode()
    for chart in ("chart-on-time", "chart-online", "chart-rank"):
        assert f'role="img" aria-labelledby="{chart}-title {chart}-desc"' in html
        assert (
            f'<table class="table bo-table st-table st-table--small">\n        <caption id="{chart}-table-caption">'
            in html
        )
    assert "<circle" in html and "<rect" in html  # a point of the on-time line, a column of the online share
    assert "Số liệu của biểu đồ" in html
    assert ' style="' not in html  # the CSP forbids inline styles: presentation attributes and classes only


def test_the_report_grouped_by_procedure_narrows_to_one_procedure_from_its_row(office, desk, stats):
    leader = desk(office.leader)
    html = leader.get(STATISTICS, {"group": "procedure"}).content.decode()
    name = office.procedure.name
    row = re.search(rf'<th scope="row"><a href="([^"]+)">{name}<span class="visually-hidden">', html)
    assert row, "the procedure's row label narrows the report to it"
    href, text = _link(html, "received", office.procedure.pk)
    assert text == "3"
    assert "3 hồ sơ" in leader.get(href).content.decode()
    narrowed = leader.get(unescape(row.group(1)))
    page = narrowed.content.decode()
    assert narrowed.status_code == 200
    assert f'<input type="hidden" name="procedure" value="{office.procedure.pk}"' in page
    assert f"Thủ tục: <strong>{name}</strong>" in page
    assert "Bỏ lọc theo thủ tục" in page


def test_a_long_list_of_dossiers_is_shown_page_by_page(office, desk, stats, monkeypatch):
    monkeypatch.setattr("motcua.backoffice.reports.views.drill.PAGE_SIZE", 2)
    leader = desk(office.leader)
    first = leader.get(DOSSIERS, {"metric": "received"}).content.decode()
    assert "Trang 1/2" in first
    next_href = unescape(re.search(r'<a href="\?([^"]+)" rel="next">', first).group(1))
    assert "metric=received" in next_href
    second = leader.get(f"{DOSSIERS}?{next_href}").content.decode()
    assert "Trang 2/2" in second


def test_the_766_page_shows_each_group_and_the_total_out_of_100(office, desk, stats):
    response = desk(office.leader).get(reverse("backoffice:statistics_766"), {"agency": office.department.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "/ 100" in html
    assert office.department.name in html
    for heading in ("Tử số", "Mẫu số", "Kết quả", "Mục tiêu", "Điểm"):
        assert f'<th scope="col">{heading}</th>' in html
    assert html.count('<section aria-labelledby="nhom-') >= 5  # five groups of Decision 766
