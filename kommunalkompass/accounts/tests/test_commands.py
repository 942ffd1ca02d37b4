from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kommunalkompass.accounts.models import ApiToken
from kommunalkompass.accounts.services import api_token_authenticate

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _run(*args):
    stdout, stderr = StringIO(), StringIO()
    call_command("api_token", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_prints_only_the_token_which_works():
    user = UserFactory(email="anna@example.org")

    stdout, stderr = _run("Anna@Example.org", "--name", "Nightly export")

    secret = stdout.strip()
    assert stdout == secret + "\n"
    assert secret.startswith("kk_")
    assert api_token_authenticate(secret) == user
    token = ApiToken.objects.get(user=user)
    assert token.name == "Nightly export"
    assert "anna@example.org" in stderr
    assert secret not in stderr


def test_default_name():
    user = UserFactory()

    _run(user.email)

    assert ApiToken.objects.get(user=user).name == "Command line"


def test_unknown_address_is_an_error_and_creates_nothing():
    with pytest.raises(CommandError, match="no user with the e-mail address 'nobody@example.org'"):
        _run("nobody@example.org")

    assert not ApiToken.objects.exists()


def test_deactivated_user_is_an_error_and_creates_nothing():
    UserFactory(email="gone@example.org", is_active=False)

    with pytest.raises(CommandError, match="gone@example.org is deactivated"):
        _run("gone@example.org")

    assert not ApiToken.objects.exists()


def test_empty_name_is_an_error():
    user = UserFactory()

    with pytest.raises(CommandError, match="Give the token a name"):
        _run(user.email, "--name", " ")

    assert not ApiToken.objects.exists()
