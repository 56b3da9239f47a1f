import pytest
from django.test import Client

from motcua.catalogue.models import Procedure
from motcua.catalogue.services import procedures_import
from motcua.catalogue.tests.factories import national_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure():
    procedures_import(records=[national_record("1.000700", "Cấp giấy phép hoạt động bến thủy nội địa")])
    return Procedure.objects.get(code="1.000700")


def test_second_anonymous_visit_is_served_without_touching_the_database(client, procedure, django_assert_num_queries):
    first = client.get("/thu-tuc/", {"q": "ben thuy"})
    with django_assert_num_queries(0):
        second = client.get("/thu-tuc/", {"q": "ben thuy"})
    assert second.content == first.content
    assert "Content-Security-Policy" in second.headers


def test_a_catalogue_change_is_visible_at_once(client, procedure, django_capture_on_commit_callbacks):
    assert "bến thủy nội địa" in client.get(f"/thu-tuc/{procedure.code}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        procedures_import(records=[national_record("1.000700", "Cấp giấy phép hoạt động cảng cá")])
    assert "cảng cá" in client.get(f"/thu-tuc/{procedure.code}/").content.decode()


def test_display_settings_and_language_get_their_own_cached_page(client, procedure):
    client.get("/")
    client.cookies["motcua_contrast"] = "1"
    assert 'class="font-step-0 high-contrast"' in client.get("/").content.decode()
    client.cookies["motcua_language"] = "en"
    assert '<html lang="en"' in client.get("/").content.decode()


def test_signed_in_people_always_get_a_fresh_page(admin_client, procedure):
    admin_client.get("/")
    html = admin_client.get("/").content.decode()
    assert "Đăng xuất" in html and "csrfmiddlewaretoken" in html


def test_public_pages_carry_no_per_visitor_token(client, procedure):
    for url in ("/", "/thu-tuc/", f"/thu-tuc/{procedure.code}/"):
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "csrftoken" not in response.cookies


def test_toolbar_forms_work_without_a_csrf_token(procedure):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/hien-thi/", {"action": "font-larger", "next": "/"}).status_code == 302
    assert strict.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert strict.cookies["motcua_language"].value == "en"


@pytest.mark.parametrize("cookie", ["messages", "sessionid"])
def test_a_visitor_with_a_session_or_flash_messages_is_never_served_a_shared_page(client, procedure, cookie):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/thu-tuc/", {"q": "ben thuy"})  # now cached for everyone
    client.cookies[cookie] = "anything"
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/thu-tuc/", {"q": "ben thuy"}).status_code == 200
    assert len(queries) > 0  # rendered for this visitor, not the shared copy
