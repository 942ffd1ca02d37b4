import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kommunalkompass.accounts.models import ApiToken
from kommunalkompass.accounts.services import api_token_create
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

from .factories import (
    DEFAULT_PASSWORD,
    TOTPDeviceFactory,
    UserFactory,
    force_login_verified,
    totp_code,
)

pytestmark = pytest.mark.django_db

SETUP_URL = "/accounts/2fa/setup/"
VERIFY_URL = "/accounts/2fa/verify/"
DISABLE_URL = "/accounts/2fa/disable/"


def _password_login(client, email: str, next_url: str = ""):
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": email, "password": DEFAULT_PASSWORD})


def _wrong_code(device: TOTPDevice) -> str:
    right = {totp_code(device, steps_ahead=step) for step in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


# Set-up


def test_setup_page_shows_qr_code_inline_and_the_key(client):
    user = UserFactory(email="anna@example.org")
    client.force_login(user)

    response = client.get(SETUP_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<svg role="img"' in content
    assert "<title>QR code for your authenticator app</title>" in content
    assert not re.search(r'(src|href)="https?://', content), "nothing from another host"
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    key = response.context["secret_groups"]
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)
    assert key in content


def test_reloading_setup_keeps_the_same_key(client):
    client.force_login(UserFactory())

    first = client.get(SETUP_URL).context["secret_groups"]
    second = client.get(SETUP_URL).context["secret_groups"]

    assert first == second
    assert TOTPDevice.objects.count() == 1


def test_setup_with_the_right_code_switches_two_factor_on(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SETUP_URL, {"code": totp_code(device)}, follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/profile/"
    content = response.content.decode()
    assert "Two-factor authentication is now switched on." in content
    device.refresh_from_db()
    assert device.confirmed is True
    # The session counts as verified: other pages open without asking again.
    assert client.get("/o/").status_code == 200


def test_setup_with_a_wrong_code_confirms_nothing(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(SETUP_URL, {"code": _wrong_code(device)})

    assert response.status_code == 400
    assert "This code is not correct" in response.content.decode()
    assert response.context["form"].errors["code"]
    device.refresh_from_db()
    assert device.confirmed is False


def test_setup_explains_a_malformed_code(client):
    client.force_login(UserFactory())

    response = client.post(SETUP_URL, {"code": "12ab"})

    assert response.status_code == 400
    assert "The code has exactly six digits" in response.content.decode()


def test_setup_accepts_a_code_typed_with_a_space(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP_URL)
    code = totp_code(TOTPDevice.objects.get(user=user))

    client.post(SETUP_URL, {"code": f"{code[:3]} {code[3:]}"})

    assert TOTPDevice.objects.get(user=user).confirmed is True


def test_repeated_wrong_codes_are_throttled(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=user)
    client.post(SETUP_URL, {"code": _wrong_code(device)})

    # Right away, even the right code must wait.
    response = client.post(SETUP_URL, {"code": totp_code(device)})

    assert "Too many wrong codes. Please wait" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert device.throttling_failure_count == 1


def test_setup_with_two_factor_already_on_goes_to_the_profile(client):
    device = TOTPDeviceFactory()
    force_login_verified(client, device.user)

    response = client.get(SETUP_URL)

    assert response.status_code == 302
    assert response.url == "/accounts/profile/"
    assert TOTPDevice.objects.filter(user=device.user).count() == 1


# Verification after the password


def test_login_with_a_device_asks_for_the_code_then_goes_on(client):
    device = TOTPDeviceFactory(user__email="anna@example.org")

    response = _password_login(client, "anna@example.org", next_url="/o/")

    assert response.status_code == 302
    assert response.url == f"{VERIFY_URL}?next=%2Fo%2F"
    page = client.get(response.url)
    assert "Enter your code" in page.content.decode()

    response = client.post(response.url, {"code": totp_code(device)})

    assert response.status_code == 302
    assert response.url == "/o/"
    assert client.get("/o/").status_code == 200


def test_pages_wait_for_the_second_factor(client):
    TOTPDeviceFactory(user__email="anna@example.org")
    _password_login(client, "anna@example.org")

    for url in ("/o/", "/accounts/profile/", SETUP_URL, DISABLE_URL, "/accounts/password/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY_URL), url
    # Creating an API token would sidestep the second factor.
    response = client.post("/accounts/tokens/", {"name": "Script"})
    assert response.status_code == 302
    assert response.url == VERIFY_URL


def test_api_answers_401_until_the_second_factor(client):
    TOTPDeviceFactory(user__email="anna@example.org")
    _password_login(client, "anna@example.org")

    response = client.get("/api/v1/me")

    assert response.status_code == 401


def test_logout_and_password_reset_stay_open_before_the_second_factor(client):
    TOTPDeviceFactory(user__email="anna@example.org")
    _password_login(client, "anna@example.org")

    assert client.get("/accounts/password-reset/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_code_at_verification_keeps_the_door_shut(client):
    device = TOTPDeviceFactory(user__email="anna@example.org")
    _password_login(client, "anna@example.org")

    response = client.post(VERIFY_URL, {"code": _wrong_code(device)})

    assert response.status_code == 400
    assert "This code is not correct" in response.content.decode()
    assert client.get("/o/").status_code == 302


def test_a_used_code_cannot_be_used_again(client):
    device = TOTPDeviceFactory(user__email="anna@example.org")
    code = totp_code(device)
    _password_login(client, "anna@example.org")
    client.post(VERIFY_URL, {"code": code})
    client.post("/accounts/logout/")
    _password_login(client, "anna@example.org")

    response = client.post(VERIFY_URL, {"code": code})

    assert response.status_code == 400


def test_verification_ignores_a_next_on_another_site(client):
    device = TOTPDeviceFactory(user__email="anna@example.org")
    _password_login(client, "anna@example.org")

    response = client.post(
        f"{VERIFY_URL}?next=https://evil.example.com/", {"code": totp_code(device)}
    )

    assert response.status_code == 302
    assert "evil.example.com" not in response.url


def test_verify_page_without_a_device_just_goes_on(client):
    client.force_login(UserFactory())

    response = client.get(f"{VERIFY_URL}?next=/o/")

    assert response.status_code == 302
    assert response.url == "/o/"


# Switching off


def test_switching_off_needs_a_current_code(client):
    device = TOTPDeviceFactory()
    force_login_verified(client, device.user)

    wrong = client.post(DISABLE_URL, {"code": _wrong_code(device)})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(user=device.user).exists()

    device.throttling_failure_timestamp = timezone.now() - timedelta(minutes=5)
    device.save()
    response = client.post(DISABLE_URL, {"code": totp_code(device)}, follow=True)

    assert "Two-factor authentication is now switched off." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=device.user).exists()


# REQUIRE_2FA_FOR_ADMINS


def test_admins_must_set_up_two_factor_when_required(client, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    membership = MembershipFactory(role=Role.ADMIN, user__email="chef@example.org")

    response = _password_login(client, "chef@example.org")
    assert response.url.startswith(SETUP_URL)

    other = client.get(f"/o/{membership.organisation.slug}/")
    assert other.status_code == 302
    assert other.url.startswith(SETUP_URL)
    page = client.get(other.url)
    assert page.status_code == 200
    assert "requires two-factor authentication for administrators" in page.content.decode()
    assert client.get("/api/v1/me").status_code == 401

    device = TOTPDevice.objects.get(user=membership.user)
    client.post(other.url, {"code": totp_code(device)})
    assert client.get(f"/o/{membership.organisation.slug}/").status_code == 200


def test_editors_are_not_forced_to_set_up_two_factor(client, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)

    assert client.get(f"/o/{membership.organisation.slug}/").status_code == 200


def test_without_the_setting_admins_are_free(client, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    membership = MembershipFactory(role=Role.ADMIN)
    client.force_login(membership.user)

    assert client.get(f"/o/{membership.organisation.slug}/").status_code == 200


def test_admins_cannot_switch_off_required_two_factor(client, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    membership = MembershipFactory(role=Role.ADMIN)
    device = TOTPDeviceFactory(user=membership.user)
    force_login_verified(client, membership.user, device)

    page = client.get(DISABLE_URL)
    assert "cannot be switched off" in page.content.decode()
    assert 'name="code"' not in page.content.decode()
    profile = client.get("/accounts/profile/").content.decode()
    assert "cannot be switched off" in profile
    assert DISABLE_URL not in profile

    response = client.post(DISABLE_URL, {"code": totp_code(device)})

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=membership.user, confirmed=True).exists()


def test_htmx_requests_are_sent_to_verification_as_a_whole_page(client):
    TOTPDeviceFactory(user__email="anna@example.org")
    _password_login(client, "anna@example.org")

    response = client.get(
        "/o/", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/o/x/"}
    )

    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(VERIFY_URL)
    assert "next=http%3A%2F%2Ftestserver%2Fo%2Fx%2F" in response["HX-Redirect"]


# API tokens of accounts that must use two-factor (docs/security.md, "Two-factor and API
# tokens"): a token is a second way in, so it waits for the second factor like a session.


def test_a_token_made_before_the_requirement_works_only_once_two_factor_is_set_up(client, settings):
    membership = MembershipFactory(role=Role.ADMIN)
    _token, secret = api_token_create(user=membership.user, name="Script")
    settings.REQUIRE_2FA_FOR_ADMINS = True
    bearer = {"Authorization": f"Bearer {secret}"}

    refused = client.get("/api/v1/me", headers=bearer)
    assert refused.status_code == 401
    assert "Two-factor authentication is required for this account" in refused.json()["message"]
    write = client.patch(
        f"/api/v1/organisations/{membership.organisation.slug}",
        {"notes": "via token"},
        content_type="application/json",
        headers=bearer,
    )
    assert write.status_code == 401
    membership.organisation.refresh_from_db()
    assert membership.organisation.notes != "via token"

    TOTPDeviceFactory(user=membership.user)
    assert client.get("/api/v1/me", headers=bearer).status_code == 200


def test_tokens_of_accounts_without_the_requirement_keep_working(client, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    membership = MembershipFactory(role=Role.EDITOR)
    _token, secret = api_token_create(user=membership.user, name="Script")

    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )


def test_a_token_is_created_only_once_required_two_factor_is_set_up(settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    membership = MembershipFactory(role=Role.ADMIN, user__email="chef@example.org")

    with pytest.raises(ValidationError, match="Set up two-factor authentication first"):
        api_token_create(user=membership.user, name="Script")
    with pytest.raises(CommandError, match="Set up two-factor authentication first"):
        call_command("api_token", "chef@example.org", stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiToken.objects.exists()

    TOTPDeviceFactory(user=membership.user)
    _token, secret = api_token_create(user=membership.user, name="Script")
    assert secret
