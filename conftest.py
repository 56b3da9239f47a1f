"""Shared pytest fixtures. App tests live in ``src/motcua/<app>/tests``; cross-app tests in ``tests/``."""

import pytest


@pytest.fixture
def demo_catalogue(db):
    """The Kon Tum demo catalogue, loaded exactly as ``motcua demo`` loads it."""
    from motcua.catalogue.demo import catalogue_load_demo

    report = catalogue_load_demo(with_templates=False)  # printable forms: see test_demo_templates_are_real_pdfs
    assert report.ok, report.errors
    return report


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached catalogue reads must not leak between tests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 costs ~0.1 s a hash by design; tests hash thousands of passwords. Production keeps Argon2, and so do
    the tests marked ``production_hashing`` (those that prove how passwords are stored)."""
    if request.node.get_closest_marker("production_hashing"):
        return
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploaded files in a temporary folder; static files straight from the apps (no collectstatic)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _audit_log_flushable(request):
    """Transactional tests on SQLite: empty the append-only audit log before pytest-django's flush.

    The log refuses DELETE by a trigger (that is the point); PostgreSQL's flush uses TRUNCATE, which it allows.
    """
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so this teardown runs before its flush
    yield
    from importlib import import_module

    from django.db import connection

    if connection.vendor == "sqlite":
        sqlite_create = import_module("motcua.audit.migrations.0001_initial").SQLITE_CREATE
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER audit_auditentry_no_delete")
            cursor.execute("DELETE FROM audit_auditentry")
            cursor.execute(sqlite_create[1])
