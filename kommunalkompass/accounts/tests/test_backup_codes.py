"""Backup codes: each replaces the app's code once; shown once, stored hashed."""

import pytest

from kommunalkompass.accounts import services
from kommunalkompass.accounts.models import BackupCode

from .factories import DEFAULT_PASSWORD, TOTPDeviceFactory, UserFactory, force_login_verified

pytestmark = pytest.mark.django_db
VERIFY_URL = "/accounts/2fa/verify/"


def _password_login(client, email: str):
    return client.post("/accounts/login/", {"username": email, "password": DEFAULT_PASSWORD})


def test_codes_are_shown_once_and_stored_only_as_hashes(client):
    user = UserFactory()
    TOTPDeviceFactory(user=user)
    force_login_verified(client, user)
    response = client.post("/accounts/2fa/backup-codes/")
    assert response["Cache-Control"] == "private, no-store"
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(len(code) == 11 and code[5] == "-" for code in codes)
    stored = list(BackupCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert all(code.replace("-", "") not in stored for code in codes)
    assert "10 unused backup codes." in client.get("/accounts/profile/").content.decode()


def test_a_backup_code_logs_in_once(client):
    user = UserFactory()
    TOTPDeviceFactory(user=user)
    codes = services.backup_codes_create(user=user)
    _password_login(client, user.email)
    response = client.post(VERIFY_URL, {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    client.logout()
    _password_login(client, user.email)
    again = client.post(VERIFY_URL, {"code": codes[0]})
    assert again.status_code == 400
    assert "not correct or has been used already" in again.content.decode()
    assert BackupCode.objects.filter(user=user, used_at__isnull=False).count() == 1


def test_new_codes_replace_the_old_ones_and_need_two_factor(client):
    user = UserFactory()
    with pytest.raises(services.ValidationError):
        services.backup_codes_create(user=user)
    TOTPDeviceFactory(user=user)
    old = services.backup_codes_create(user=user)
    services.backup_codes_create(user=user)
    with pytest.raises(services.ValidationError):
        services.two_factor_verify(user=user, code=old[0].replace("-", ""))


def test_a_malformed_code_is_explained(client):
    user = UserFactory()
    TOTPDeviceFactory(user=user)
    _password_login(client, user.email)
    response = client.post(VERIFY_URL, {"code": "abc"})
    assert response.status_code == 400
    assert "or a backup code of ten letters and digits" in response.content.decode()
