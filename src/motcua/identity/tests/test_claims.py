"""Reading the provider's claims defensively: national SSO names, standard names, configured names."""

from datetime import date

import pytest

from motcua.identity.base import IdentityError
from motcua.identity.contrib.oidc.claims import identity_claims_from
from motcua.identity.contrib.oidc.config import oidc_settings


def read(settings, claims: dict, **vneid):
    settings.MOTCUA_VNEID = {**settings.MOTCUA_VNEID, **vneid}
    return identity_claims_from(oidc_settings(), {"sub": "s-1", **claims}, level=2, acr="LoA2")


def test_national_sso_names(settings):
    claims = read(
        settings,
        {
            "SoDinhDanh": " 001099012345 ",
            "HoVaTen": "  Nguyễn   Thị  Hoa ",
            "NgayThangNamSinh": "19851231",
            "GioiTinh": "Nữ",
            "QuocTich": "Việt Nam",
            "DiaChiThuongTru": "Thôn 1, xã Đăk Hà",
            "LoaiTaiKhoan": "1",
            "nonce": "n",
            "at_hash": "h",
        },
    )
    assert claims.id_number == "001099012345"
    assert claims.full_name == "Nguyễn Thị Hoa"
    assert claims.date_of_birth == date(1985, 12, 31)
    assert (claims.sex, claims.nationality, claims.account_type) == ("Nữ", "Việt Nam", "1")
    assert claims.address == "Thôn 1, xã Đăk Hà"
    assert claims.identity_level == 2 and claims.acr == "LoA2"
    assert "nonce" not in claims.raw and "at_hash" not in claims.raw and claims.raw["LoaiTaiKhoan"] == "1"


def test_standard_oidc_names(settings):
    claims = read(
        settings,
        {
            "SoDinhDanh": "001099012345",
            "name": "Lê Văn Nam",
            "birthdate": "2001-02-03",
            "gender": "male",
            "email": "nam@example.vn",
            "phone_number": "+84 912 345 678",
            "address": {"formatted": "12 Trần Phú, Kon Tum"},
        },
    )
    assert claims.full_name == "Lê Văn Nam"
    assert claims.date_of_birth == date(2001, 2, 3)
    assert claims.sex == "Nam"
    assert claims.email == "nam@example.vn"
    assert claims.phone == "0912345678"
    assert claims.address == "12 Trần Phú, Kon Tum"


def test_the_national_name_wins_over_the_standard_one(settings):
    claims = read(settings, {"SoDinhDanh": "001099012345", "HoVaTen": "Tên VNeID", "name": "Other"})
    assert claims.full_name == "Tên VNeID"


def test_configured_names_are_tried_first(settings):
    claims = read(
        settings,
        {"CCCD": "079200001234", "SoDinhDanh": "001099012345", "hoten": "Tên cấu hình"},
        CLAIMS='{"id_number": ["CCCD"], "full_name": "hoten"}',
    )
    assert claims.id_number == "079200001234"
    assert claims.full_name == "Tên cấu hình"


def test_malformed_contact_details_are_left_out_not_refused(settings):
    claims = read(
        settings, {"SoDinhDanh": "001099012345", "email": "not an email", "phone_number": "12345", "gender": "x"}
    )
    assert (claims.email, claims.phone, claims.sex) == ("", "", "")


@pytest.mark.parametrize(
    "claims",
    [
        {"SoDinhDanh": "001099012345", "sub": ""},
        {"SoDinhDanh": "001099012345", "sub": 42},
        {"SoDinhDanh": "001099012345", "NgayThangNamSinh": "1990-02-30"},
        {"SoDinhDanh": "001099012345", "NgayThangNamSinh": "18991231"},
        {"SoDinhDanh": "001099012345", "NgayThangNamSinh": "1990115"},
        {"SoDinhDanh": "001099012345", "HoVaTen": "x" * 201},
        {"SoDinhDanh": "001099012345", "DiaChiThuongTru": ["a", "b"]},
        {"SoDinhDanh": "0010990123456"},
        {"SoDinhDanh": "０01099012345"},  # full-width digit
    ],
)
def test_malformed_identity_data_is_refused(settings, claims):
    with pytest.raises(IdentityError) as raised:
        read(settings, claims)
    assert raised.value.code == "bad_claim"
    assert "1900.0368" in raised.value.message
