"""Too many requests: allauth's rate limits answer with our Vietnamese 429 page, not Django's English one."""

import pytest

pytestmark = pytest.mark.django_db


def test_too_many_password_reset_requests_get_the_vietnamese_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    settings.ALTCHA_TEST_MODE = True
    data = {"email": "khongco@example.vn", "altcha": "test"}
    client.post("/tai-khoan/quen-mat-khau/", data)
    response = client.post("/tai-khoan/quen-mat-khau/", data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Quá nhiều yêu cầu" in html
    assert "Too Many" not in html
