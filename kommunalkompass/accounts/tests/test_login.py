import pytest
from django.urls import reverse

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def test_login_page_offers_password_reset(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'type="email"' in content
    assert reverse("accounts:password_reset") in content


def test_login_by_email_ignores_case(client):
    user = UserFactory(email="anna.schmidt@example.org")

    response = client.post(
        LOGIN_URL, {"username": "  Anna.Schmidt@EXAMPLE.org ", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_next_on_this_site_only(client):
    UserFactory(email="anna@example.org")

    response = client.post(
        LOGIN_URL + "?next=/accounts/profile/",
        {"username": "anna@example.org", "password": DEFAULT_PASSWORD},
    )
    assert response.url == "/accounts/profile/"

    client.logout()
    response = client.post(
        LOGIN_URL + "?next=https://evil.example.com/",
        {"username": "anna@example.org", "password": DEFAULT_PASSWORD},
    )
    assert "evil.example.com" not in response.url


def test_wrong_password_says_what_to_check(client):
    UserFactory(email="anna@example.org")

    response = client.post(LOGIN_URL, {"username": "anna@example.org", "password": "wrong"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "The e-mail address or the password is not correct" in response.content.decode()


def test_deactivated_user_cannot_log_in(client):
    UserFactory(email="gone@example.org", is_active=False)

    response = client.post(
        LOGIN_URL, {"username": "gone@example.org", "password": DEFAULT_PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert "not correct" in response.content.decode()


def test_logout_needs_post_and_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)

    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def _fail(client, email: str, times: int):
    response = None
    for _ in range(times):
        response = client.post(LOGIN_URL, {"username": email, "password": "wrong"})
    return response


def test_fifth_failure_locks_the_login_with_a_clear_page(client):
    UserFactory(email="anna@example.org")

    assert _fail(client, "anna@example.org", 4).status_code == 200
    response = _fail(client, "anna@example.org", 1)

    assert response.status_code == 429
    content = response.content.decode()
    assert "Log-in temporarily locked" in content
    assert "5 failed log-in attempts" in content
    assert "locked for 15 minutes" in content
    assert reverse("accounts:password_reset") in content


def test_locked_login_refuses_even_the_right_password(client):
    UserFactory(email="anna@example.org")
    _fail(client, "anna@example.org", 5)

    response = client.post(
        LOGIN_URL, {"username": "anna@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_counts_all_spellings_of_an_address(client):
    UserFactory(email="anna@example.org")
    _fail(client, "Anna@Example.org", 2)
    _fail(client, "ANNA@example.org", 2)

    response = _fail(client, "anna@example.org", 1)

    assert response.status_code == 429


def test_lock_is_per_address(client):
    UserFactory(email="anna@example.org")
    UserFactory(email="bert@example.org")
    _fail(client, "anna@example.org", 5)

    response = client.post(
        LOGIN_URL, {"username": "bert@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302


def test_successful_login_resets_the_failure_count(client):
    UserFactory(email="anna@example.org")
    _fail(client, "anna@example.org", 4)
    client.post(LOGIN_URL, {"username": "anna@example.org", "password": DEFAULT_PASSWORD})
    client.post("/accounts/logout/")

    response = _fail(client, "anna@example.org", 4)

    assert response.status_code == 200


def test_admin_login_shares_the_lock_with_the_axes_username_callable(client, settings):
    settings.AXES_USERNAME_CALLABLE = "kommunalkompass.accounts.auth.axes_username"
    UserFactory(email="anna@example.org", is_staff=True)
    for spelling in (
        "Anna@example.org",
        "ANNA@EXAMPLE.ORG",
        "anna@Example.org",
        "Anna@Example.Org",
    ):
        client.post("/admin/login/", {"username": spelling, "password": "wrong"})

    response = _fail(client, "anna@example.org", 1)

    assert response.status_code == 429
