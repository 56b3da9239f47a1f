import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEED = "Cấp lại Giấy chứng nhận đủ điều kiện chăn nuôi đối với chăn nuôi trang trại quy mô lớn"
NAV = ["Trang chủ", "Tra cứu thủ tục", "Tra cứu hồ sơ", "Hướng dẫn", "Đăng nhập", "Đăng ký"]


def test_home_is_vietnamese_with_navigation_controls_and_footer_contacts(client, demo_catalogue):
    html = client.get("/").content.decode()
    assert '<html lang="vi"' in html
    assert "Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Kon Tum" in html
    for label in [*NAV, "A-", "A+", "Tăng tương phản", "Giảm tương phản"]:
        assert label in html, label
    assert "0260.3797799" in html and "1900.0368" in html


def test_footer_contacts_come_from_data(client, demo_catalogue):
    from motcua.catalogue.models import SupportContact

    SupportContact.objects.create(label="Đường dây mới", phone="0260.1234567", in_footer=True)
    assert "0260.1234567" in client.get("/").content.decode()


def test_pages_send_a_strict_content_security_policy_and_no_inline_script(client, demo_catalogue):
    response = client.get("/thu-tuc/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.content.decode()
    assert "<script>" not in html and "onclick" not in html and "style=" not in html


def test_search_page_finds_the_seed_procedure_first_without_diacritics(client, demo_catalogue):
    html = client.get("/thu-tuc/", {"q": "cap lai giay chung nhan chan nuoi"}).content.decode()
    first = html.index('class="result__title"')
    assert SEED in html[first : first + 400]
    assert "Xem chi tiết" in html


def test_search_htmx_request_returns_only_the_results_partial(client, demo_catalogue):
    response = client.get(
        "/thu-tuc/", {"q": "chăn nuôi"}, headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    html = response.content.decode()
    assert "<html" not in html and "result__title" in html


def test_suggestions_partial(client, demo_catalogue):
    html = client.get("/thu-tuc/goi-y/", {"q": "chan nuoi trang trai"}).content.decode()
    assert "<li>" in html and "<html" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "\"*NEAR'OR"},
        {"q": "🐄"},
        {"q": "\x00"},
        {"co_quan": "không-có", "linh_vuc": "x" * 500, "muc_do": "99"},
        {"page": "999999"},
        {"page": "-3"},
        {"page": "abc"},
        {"page": "1e9"},
    ],
)
def test_bad_search_input_gives_a_normal_page(client, demo_catalogue, params):
    response = client.get("/thu-tuc/", params)
    assert response.status_code == 200
    assert "Tìm thấy" in response.content.decode()


def test_procedure_page_shows_what_a_citizen_needs(client, demo_catalogue):
    from motcua.catalogue.models import Procedure

    procedure = Procedure.objects.get(name=SEED)
    html = client.get(reverse("portal:procedure_detail", args=[procedure.code])).content.decode()
    for text in [
        procedure.code,
        procedure.agency.name,
        "Cách thức thực hiện",
        "Thời hạn giải quyết",
        "Phí, lệ phí",
        "Thành phần hồ sơ",
        "Trình tự thực hiện",
        "Căn cứ pháp lý",
        "Nộp hồ sơ trực tuyến",
    ]:
        assert text in html, text
    assert 'class="badge' in html


def test_unknown_procedure_code_is_a_clear_404(client, demo_catalogue):
    response = client.get("/thu-tuc/9.999999/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_submit_button_asks_the_visitor_to_log_in(client, demo_catalogue):
    from motcua.catalogue.models import OnlineLevel, Procedure

    procedure = Procedure.objects.filter(online_level=OnlineLevel.FULL).first()
    response = client.get(reverse("portal:procedure_submit", args=[procedure.code]))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/tai-khoan/dang-nhap/?next=")


def test_display_controls_are_remembered_in_cookies(client, db):
    response = client.post("/hien-thi/", {"action": "font-larger", "next": "/thu-tuc/"})
    assert response.status_code == 302 and response.headers["Location"] == "/thu-tuc/"
    client.post("/hien-thi/", {"action": "contrast-more", "next": "/"})
    html = client.get("/").content.decode()
    assert 'class="font-step-1 high-contrast"' in html


def test_display_controls_refuse_to_redirect_off_site(client, db):
    response = client.post("/hien-thi/", {"action": "font-larger", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_bad_display_cookie_is_ignored(client, db):
    client.cookies["motcua_font"] = "<script>"
    assert 'class="font-step-0"' in client.get("/").content.decode()


def test_english_switch(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Look up procedures" in html


def test_static_pages(client, db):
    for url in [
        "/huong-dan/",
        "/tra-cuu-ho-so/",
        "/tai-khoan/dang-ky/",
        "/tai-khoan/dang-ky/vneid/",
        "/tai-khoan/dang-nhap/",
    ]:
        assert client.get(url).status_code == 200, url


def test_registration_page_guides_citizens_to_vneid(client, db):
    html = client.get("/tai-khoan/dang-ky/").content.decode()
    assert "VNeID của Bộ Công an" in html
    assert "Mức độ 2" in client.get("/tai-khoan/dang-ky/vneid/").content.decode().replace("mức độ 2", "Mức độ 2")


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_503_when_the_database_fails(client, db, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise connection.Database.OperationalError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


def test_browser_language_does_not_switch_the_portal_away_from_vietnamese(client, db):
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="vi"' in html and "Tra cứu thủ tục" in html


def test_unknown_language_cookie_falls_back_to_vietnamese(client, db):
    client.cookies["motcua_language"] = "xx"
    assert '<html lang="vi"' in client.get("/").content.decode()
