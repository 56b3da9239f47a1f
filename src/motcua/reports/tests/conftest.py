import pytest
from django.utils import timezone

from motcua.dossiers.tests.conftest import Clock

from .world import World, local, world_build


@pytest.fixture
def clock(monkeypatch):
    """A settable "now" (services, ``timezone.localdate``), starting on Wednesday 01/10/2025 at 08:00 in Vietnam."""
    clock = Clock(local(2025, 10, 1, 8, 0))
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def world(db, clock) -> World:
    return world_build(clock)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
