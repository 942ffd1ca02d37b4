import copy

import pytest
from django.db import connections


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.fixture
def unreachable_database(django_db_blocker):
    """Swap the default connection for a real one to a database that cannot be reached."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/kompass.sqlite3"
    else:
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", "1"
    broken = type(original)(settings_dict, alias="default")
    with django_db_blocker.unblock():
        connections["default"] = broken
        try:
            yield
        finally:
            broken.close()
            connections["default"] = original


def test_healthz_answers_503_when_the_database_does_not(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
