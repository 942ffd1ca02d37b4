"""Fixtures shared by every app's tests."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(autouse=True)
def _clean_state(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests assert the English source texts; test_i18n checks the German default itself.
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = [FAST_HASHER]
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    """Rate limits count in fixed windows (core/ratelimit.py): a test that happened to cross
    the end of a minute saw its count start over and flaked. Every test runs 30 seconds into
    one window of each length; a test that needs the clock to move patches it itself."""
    from types import SimpleNamespace

    from kommunalkompass.core import ratelimit

    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


@contextmanager
def shared_rows(django_db_blocker) -> Iterator[None]:
    """For a module-scoped fixture whose rows many tests read: the rows are made once, in a
    transaction rolled back after the module's last test, and each test (asking for ``db``)
    runs in a savepoint inside it, so what a test writes is undone as before. Made with the
    app tests' settings (English, fast password hashing)."""
    with (
        django_db_blocker.unblock(),
        override_settings(LANGUAGE_CODE="en", PASSWORD_HASHERS=[FAST_HASHER]),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)
