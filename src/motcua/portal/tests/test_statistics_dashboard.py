"""The public statistics page "Thống kê" (/thong-ke/): "Đánh giá chất lượng phục vụ" per agency — received this
month and this year, on-time rate, online rate, satisfaction — public figures without any personal data."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.office import office_world
from motcua.reports.services.refresh import rollup_refresh

pytestmark = pytest.mark.django_db

URL = "/thong-ke/"


@pytest.fixture
def world():
    """Two dossiers received online at the department this month, one waiting for reception."""
    world = office_world()
    world.received()
    world.received()
    world.submitted()
    rollup_refresh(today=timezone.localdate())
    return world


def _row(html: str, name: str) -> str:
    start = html.index(f'<th scope="row">{name}</th>')
    return html[start : html.index("</tr>", start)]


def test_the_page_shows_each_agencys_figures_under_its_heading(client, world):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Thống kê</h1>" in html
    assert '<h2 id="danh-gia">Đánh giá chất lượng phục vụ</h2>' in html
    row = _row(html, world.department.name)
    assert row.count("<td>2</td>") == 2  # received this month, received this year
    assert "<td>100,0%</td>" in row  # online rate: both came in online
    assert "<td>—</td>" in row  # nothing finished yet: no on-time rate, no satisfaction
    assert "Toàn tỉnh" in html


def test_the_page_holds_no_personal_data(client, world):
    html = client.get(URL).content.decode()
    assert world.applicant.full_name not in html
    assert world.applicant.username not in html
    assert not [code for code in Dossier.objects.values_list("code", flat=True) if code and code in html]


def test_the_figures_are_computed_at_most_every_five_minutes(client, world):
    first = _row(client.get(URL).content.decode(), world.department.name)
    world.received()
    rollup_refresh(today=timezone.localdate())
    assert _row(client.get(URL).content.decode(), world.department.name) == first  # still the cached figures
    cache.clear()  # five minutes later
    assert "<td>3</td>" in _row(client.get(URL).content.decode(), world.department.name)


def test_an_empty_year_says_so(client):
    html = client.get(URL).content.decode()
    assert "Chưa có hồ sơ nào được tiếp nhận trong năm nay." in html


def test_the_page_is_linked_from_the_main_navigation(client):
    html = client.get("/").content.decode()
    assert f'<a href="{URL}">Thống kê</a>' in html


def test_only_get_is_answered(client):
    assert client.post(URL).status_code == 405
