"""identity_level_required: an action needing level 2 sends a level-1 session back through VNeID."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from motcua.accounts.models import User
from motcua.identity.base import SESSION_LEVEL_KEY, identity_level_required, session_identity_level

pytestmark = pytest.mark.django_db


@identity_level_required(2)
def level_2_view(request):
    return HttpResponse("ok")


def request_with(level, *, user):
    request = RequestFactory().get("/thu-tuc/1.0001/nop-ho-so/?b=1")
    request.session = SessionStore()
    if level is not None:
        request.session[SESSION_LEVEL_KEY] = level
    request.user = user
    request._messages = FallbackStorage(request)
    return request


def test_level_2_session_passes():
    user = User.objects.create_user(username="an")
    assert level_2_view(request_with(2, user=user)).content == b"ok"


@pytest.mark.parametrize("level", [None, 1, "2"])
def test_lower_or_missing_level_goes_through_vneid_again(level):
    user = User.objects.create_user(username="an")
    request = request_with(level, user=user)
    response = level_2_view(request)
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/tai-khoan/vneid/dang-nhap/"
    assert parse_qs(url.query) == {"muc_do": ["2"], "next": ["/thu-tuc/1.0001/nop-ho-so/?b=1"]}
    assert "mức độ 2" in str(next(iter(get_messages(request))))


def test_anonymous_has_level_0():
    request = request_with(2, user=AnonymousUser())
    assert session_identity_level(request) == 0
    assert level_2_view(request).status_code == 302
