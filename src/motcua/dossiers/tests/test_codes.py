import re
import threading
from datetime import date

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend

from motcua.catalogue.models import Agency
from motcua.catalogue.tests.factories import AgencyFactory
from motcua.dossiers.models import DossierCodeCounter
from motcua.dossiers.services import dossier_code_allocate

DAY = date(2026, 1, 15)


def test_format_and_sequence(db):
    agency = AgencyFactory(code="000.00.16.H34")
    assert dossier_code_allocate(agency=agency, on=DAY) == "000.00.16.H34-260115-0001"
    assert dossier_code_allocate(agency=agency, on=DAY) == "000.00.16.H34-260115-0002"
    assert re.fullmatch(r"000\.00\.16\.H34-\d{6}-\d{4}", dossier_code_allocate(agency=agency, on=DAY))


def test_daily_reset_and_separate_units(db):
    first, second = AgencyFactory(code="000.00.16.H34"), AgencyFactory(code="000.00.04.G14")
    dossier_code_allocate(agency=first, on=DAY)
    dossier_code_allocate(agency=first, on=DAY)
    assert dossier_code_allocate(agency=second, on=DAY) == "000.00.04.G14-260115-0001"
    assert dossier_code_allocate(agency=first, on=date(2026, 1, 16)) == "000.00.16.H34-260116-0001"
    assert dossier_code_allocate(agency=first, on=DAY) == "000.00.16.H34-260115-0003"


def test_widens_past_9999(db):
    agency = AgencyFactory(code="000.00.16.H34")
    DossierCodeCounter.objects.create(unit_code=agency.code, day=DAY, last_number=9998)
    assert dossier_code_allocate(agency=agency, on=DAY).endswith("-9999")
    assert dossier_code_allocate(agency=agency, on=DAY).endswith("-10000")


def _file_sqlite(path):
    """A connection like the test one but to a file: an in-memory SQLite database cannot be shared with locks.

    Production SQLite is a WAL file too, where IMMEDIATE transactions wait for each other (busy timeout).
    """
    backend = load_backend(connection.settings_dict["ENGINE"])
    return backend.DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, DEFAULT_DB_ALIAS)


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_repeat(tmp_path):
    """20 threads, each on its own connection, all starting the day's counter for the same unit at once."""
    agency = Agency(code="000.00.16.H34")  # only its code is read
    on_file = connection.vendor == "sqlite"
    if on_file:
        with _file_sqlite(tmp_path / "codes.sqlite3").schema_editor() as editor:
            editor.create_model(DossierCodeCounter)
    threads_count = 20
    start = threading.Barrier(threads_count)
    codes: list[str] = []
    errors: list[BaseException] = []

    def allocate() -> None:
        if on_file:
            connections[DEFAULT_DB_ALIAS] = _file_sqlite(tmp_path / "codes.sqlite3")  # this thread only
        try:
            start.wait()
            codes.append(dossier_code_allocate(agency=agency, on=DAY))
        except BaseException as error:
            errors.append(error)
        finally:
            connections[DEFAULT_DB_ALIAS].close()

    threads = [threading.Thread(target=allocate) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(codes) == [f"000.00.16.H34-260115-{n:04d}" for n in range(1, threads_count + 1)]
