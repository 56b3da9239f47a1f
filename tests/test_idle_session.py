"""Signed-in sessions end after a quiet spell: 15 minutes for citizens by default, officers their own."""

import time

import pytest

from motcua.accounts.models import AccountKind, User
from motcua.conf.middleware import IdleSessionMiddleware

pytestmark = pytest.mark.django_db


def _signed_in(client, *, kind=AccountKind.CITIZEN, quiet_seconds=0):
    user = User.objects.create_user(username=f"u-{kind}", password="x", kind=kind)
    client.force_login(user)
    session = client.session
    session[IdleSessionMiddleware.KEY] = int(time.time()) - quiet_seconds
    session.save()
    return user


def test_a_citizen_quiet_for_longer_than_the_limit_is_signed_out_with_a_vietnamese_notice(client, settings):
    settings.MOTCUA_SESSION_IDLE_MINUTES = 15
    _signed_in(client, quiet_seconds=16 * 60)
    response = client.get("/huong-dan/")
    assert "_auth_user_id" not in client.session
    assert "Phiên làm việc đã kết thúc vì không thao tác trong 15 phút" in response.content.decode()


def test_a_citizen_within_the_limit_stays_signed_in_and_the_clock_restarts(client, settings):
    settings.MOTCUA_SESSION_IDLE_MINUTES = 15
    _signed_in(client, quiet_seconds=14 * 60)
    client.get("/huong-dan/")
    assert "_auth_user_id" in client.session
    assert time.time() - client.session[IdleSessionMiddleware.KEY] < 5


def test_officers_have_their_own_limit(client, settings):
    settings.MOTCUA_SESSION_IDLE_MINUTES = 15
    settings.MOTCUA_OFFICER_SESSION_IDLE_MINUTES = 30
    _signed_in(client, kind=AccountKind.OFFICER, quiet_seconds=20 * 60)
    client.get("/huong-dan/")
    assert "_auth_user_id" in client.session


def test_the_limit_is_configurable(client, settings):
    settings.MOTCUA_SESSION_IDLE_MINUTES = 1
    _signed_in(client, quiet_seconds=90)
    client.get("/huong-dan/")
    assert "_auth_user_id" not in client.session
