"""Organisation accounts: the registration service, the certificate-login lookup, allauth's adapter."""

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.adapter import AccountAdapter
from motcua.accounts.forms import normalise_org_phone, normalise_tax_code
from motcua.accounts.models import AccountKind, Organisation, User
from motcua.accounts.services import organisation_certificate_login, organisation_register
from motcua.core.errors import DomainError
from motcua.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _register(**overrides) -> User:
    data = {
        "kind": AccountKind.ORGANISATION,
        "name": "Hợp tác xã Sâm Ngọc Linh",
        "tax_code": "6100123456",
        "address": "Tu Mơ Rông, Kon Tum",
        "representative": "A Thịnh",
        "phone": "0912345678",
        "email": "htx@samngoclinh.vn",
        "username": "htxsam",
        "password": "Mat-khau-du-dai-1",
    }
    data.update(overrides)
    return organisation_register(**data)


@pytest.mark.parametrize(("raw", "expected"), [("6100123456", "6100123456"), (" 6100123456 - 001 ", "6100123456-001")])
def test_tax_codes_are_ten_digits_or_ten_dash_three(raw, expected):
    assert normalise_tax_code(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "123", "61001234567", "6100123456-1", "6100123456-0011", "MST6100123456", "６１００１２３４５６"]
)
def test_other_tax_codes_are_refused_in_vietnamese(raw):
    with pytest.raises(ValidationError, match="Mã số thuế gồm 10 chữ số"):
        normalise_tax_code(raw)


@pytest.mark.parametrize(("raw", "expected"), [("(0260) 3797799", "02603797799"), ("+84 912 345 678", "0912345678")])
def test_phones_are_normalised(raw, expected):
    assert normalise_org_phone(raw) == expected


def test_phone_refusal_is_vietnamese():
    with pytest.raises(ValidationError, match="Số điện thoại không hợp lệ"):
        normalise_org_phone("12345")


def test_register_creates_the_account_and_its_organisation_together():
    user = _register()
    assert user.kind == AccountKind.ORGANISATION and user.check_password("Mat-khau-du-dai-1")
    assert Organisation.objects.get(user=user).name == "Hợp tác xã Sâm Ngọc Linh"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"username": "khac", "email": "khac@x.vn"}, "tax_code"),
        ({"tax_code": "6100999999", "username": "khac", "email": "HTX@samngoclinh.vn"}, "email"),
        ({"tax_code": "6100999999", "email": "khac@x.vn", "username": "HTXSAM"}, "username"),
    ],
)
def test_duplicates_are_refused_and_nothing_is_created(overrides, code):
    _register()
    with pytest.raises(DomainError) as raised:
        _register(**overrides)
    assert raised.value.code == code
    assert User.objects.count() == 1 and Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [({"kind": AccountKind.OFFICER}, "kind"), ({"tax_code": "12"}, "tax_code"), ({"name": "  "}, "organisation_name")],
)
def test_bad_input_is_refused(overrides, code):
    with pytest.raises(DomainError) as raised:
        _register(**overrides)
    assert raised.value.code == code and not User.objects.exists()


def test_certificate_login_finds_the_organisations_account_and_confirms_its_tax_code():
    user = _register()
    assert user.organisation.certificate_confirmed_at is None  # typed at sign-up: only a claim
    assert organisation_certificate_login(tax_code="6100123456", subject="CN=Công ty, UID=MST:6100123456") == user
    user.organisation.refresh_from_db()
    assert user.organisation.certificate_confirmed_at is not None
    assert user.organisation.certificate_subject == "CN=Công ty, UID=MST:6100123456"


def test_certificate_login_refuses_an_unknown_tax_code_a_locked_account_and_staff():
    with pytest.raises(DomainError, match="Chưa có tài khoản tổ chức, doanh nghiệp nào mang mã số thuế 0101234567"):
        organisation_certificate_login(tax_code="0101234567")
    user = _register()
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(DomainError, match="đang bị khóa"):
        organisation_certificate_login(tax_code="6100123456")
    user.organisation.refresh_from_db()
    assert user.organisation.certificate_confirmed_at is None  # a refused login confirms nothing
    User.objects.filter(pk=user.pk).update(is_active=True, kind=AccountKind.OFFICER)
    with pytest.raises(DomainError, match="không phải tài khoản tổ chức"):
        organisation_certificate_login(tax_code="6100123456")


def test_allauth_mail_goes_through_the_notifications_outbox(rf, settings):
    import copy
    from pathlib import Path

    from allauth.core.context import request_context

    templates = copy.deepcopy(settings.TEMPLATES)  # the portal's account/email/* before allauth's own
    templates[0]["DIRS"] = [Path(__file__).resolve().parents[2] / "portal" / "templates"]
    settings.TEMPLATES = templates

    request = rf.get("/")
    with request_context(request):
        AccountAdapter(request).send_mail(
            "account/email/unknown_account", "ai@do.vn", {"signup_url": "http://testserver/dang-ky/"}
        )
    mail = Notification.objects.get()
    assert mail.channel == "email" and mail.recipient == "ai@do.vn"
    assert mail.subject == "Yêu cầu đặt lại mật khẩu trên Cổng Dịch vụ công"
    assert "http://testserver/dang-ky/" in mail.body and "Kính gửi" in mail.body


def test_a_spent_confirmation_link_is_told_apart_from_a_broken_one(rf):
    from allauth.account import app_settings
    from allauth.account.models import EmailAddress
    from django.core import signing

    user = _register()
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    adapter = AccountAdapter(rf.get("/"))
    key = signing.dumps(address.pk, salt=app_settings.SALT)
    assert adapter.email_confirmation_link_state(key) == "expired"
    EmailAddress.objects.filter(pk=address.pk).update(verified=True)
    assert adapter.email_confirmation_link_state(key) == "used"
    assert adapter.email_confirmation_link_state("rubbish") == "invalid"
