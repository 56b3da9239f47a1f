"""Nothing under /api/v1/ answers HTML: unknown paths, wrong methods and unexpected failures are JSON too."""

import pytest

from motcua.api import catalogue


@pytest.mark.parametrize(
    "path",
    ["/api/v1/khong-co", "/api/v1/ho-so/A/B/C", "/api/v1/thu-tuc/", "/api/v1/", "/api/v1/khong\nco"],
)
def test_an_unknown_path_is_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy địa chỉ này trong API (xem /api/v1/docs)."}


@pytest.mark.parametrize(
    ("method", "path"), [("put", "/api/v1/ho-so"), ("delete", "/api/v1/thu-tuc"), ("post", "/api/v1/tra-cuu-ho-so")]
)
def test_a_wrong_method_is_a_json_405_with_allow(client, db, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response.json()["detail"].startswith(f"Phương thức {method.upper()} không được hỗ trợ")
    assert "GET" in response["Allow"]


def test_an_unexpected_failure_is_a_json_500_and_logged(client, db, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(catalogue, "procedure_search", broken)
    response = client.get("/api/v1/thu-tuc")
    assert response.status_code == 500
    assert response.json() == {"detail": "Lỗi hệ thống; sự cố đã được ghi lại. Vui lòng thử lại sau."}
    assert "boom" in caplog.text
