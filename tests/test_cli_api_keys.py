"""``motcua api-key create | revoke | list``: a partner of an agency, valid through a day, revoked at once; every
refusal on stderr with exit code 1. In process (the commands' functions, on the test database)."""

from argparse import Namespace
from datetime import datetime

import pytest

from motcua.api.keys import api_client_authenticate, api_client_create
from motcua.api.models import ApiClient
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.cli.api import cmd_api_key_create, cmd_api_key_list, cmd_api_key_revoke
from motcua.workdays.calendar import VIETNAM


@pytest.fixture
def agency(db):
    return AgencyFactory(code="000.00.16.H34")


@pytest.fixture
def partner(agency):
    return api_client_create(name="Phần mềm chuyên ngành", scopes=["dossiers:read"], agency=agency)


def create(name, *scopes, agency="", expires=""):
    return cmd_api_key_create(Namespace(name=name, scope=list(scopes), agency=agency, expires=expires))


def test_cli_creates_a_partner_of_an_agency_valid_through_a_day(capsys, agency):
    assert create("Hệ thống xã", "dossiers:read", agency=agency.code, expires="2099-01-31") == 0
    captured = capsys.readouterr()
    client = api_client_authenticate(key=captured.out.strip())
    assert client.agency == agency
    assert client.expires_at == datetime(2099, 2, 1, tzinfo=VIETNAM)
    assert "hiệu lực đến hết ngày 2099-01-31" in captured.err


@pytest.mark.parametrize(
    ("code", "expires", "scopes", "words"),
    [
        ("KHONG-CO", "", ["dossiers:read"], "Không có cơ quan đang hoạt động mã “KHONG-CO”"),
        ("{agency}", "31/01/2099", ["dossiers:read"], "ngày hết hạn “31/01/2099” không hợp lệ"),
        ("{agency}", "2020-01-31", ["dossiers:read"], "Thời hạn của khóa phải ở tương lai"),
        ("", "", ["dossiers:read"], "cần chọn cơ quan"),
    ],
)
def test_cli_refuses_with_a_reason_and_creates_nothing(capsys, agency, code, expires, scopes, words):
    assert create("Hệ thống xã", *scopes, agency=code.format(agency=agency.code), expires=expires) == 1
    captured = capsys.readouterr()
    assert words in captured.err and captured.out == ""
    assert not ApiClient.objects.exists()


def test_cli_revokes_and_lists(capsys, partner):
    client, key = partner
    assert cmd_api_key_list(Namespace()) == 0
    assert f"{client.name}\t{client.prefix}…\tđang hoạt động" in capsys.readouterr().out
    assert cmd_api_key_revoke(Namespace(name=client.name)) == 0
    assert api_client_authenticate(key=key) is None
    capsys.readouterr()
    cmd_api_key_list(Namespace())
    assert "\tđã thu hồi\t" in capsys.readouterr().out
    assert cmd_api_key_revoke(Namespace(name="Không có")) == 1
    assert "Không có hệ thống đối tác tên" in capsys.readouterr().err
