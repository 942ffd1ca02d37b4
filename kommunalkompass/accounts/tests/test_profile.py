import pytest
from django.utils import timezone

from kommunalkompass.accounts.models import ApiToken
from kommunalkompass.accounts.services import api_token_create
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

from .factories import TOTPDeviceFactory, UserFactory, force_login_verified

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profile/"


def test_profile_needs_a_login(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_profile_shows_the_account_memberships_and_two_factor_state(client):
    user = UserFactory(email="anna@example.org", full_name="Anna Schmidt")
    MembershipFactory(user=user, role=Role.ADMIN, organisation__name="Gemeinde Nordheim")
    MembershipFactory(user=user, role=Role.VIEWER, organisation__name="Landkreis Süd")
    client.force_login(user)

    response = client.get(PROFILE_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1>") == 1
    assert "anna@example.org" in content
    assert 'value="Anna Schmidt"' in content
    for membership in user.memberships.all():
        assert f'href="/o/{membership.organisation.slug}/"' in content
    assert "Gemeinde Nordheim" in content and "Administrator" in content
    assert "Landkreis Süd" in content and "Viewer" in content
    assert "Set up two-factor authentication" in content
    assert "/accounts/2fa/setup/" in content


def test_profile_of_a_user_with_two_factor_offers_to_switch_it_off(client):
    device = TOTPDeviceFactory()
    force_login_verified(client, device.user)

    content = client.get(PROFILE_URL).content.decode()

    assert "/accounts/2fa/disable/" in content
    assert "/accounts/2fa/setup/" not in content


def test_name_can_be_changed(client):
    user = UserFactory(full_name="Anna Schmidt")
    client.force_login(user)

    response = client.post(PROFILE_URL, {"full_name": "  Anna Schmidt-Berg "}, follow=True)

    assert "Your name has been saved." in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Anna Schmidt-Berg"


def test_too_long_name_is_refused(client):
    user = UserFactory(full_name="Anna")
    client.force_login(user)

    response = client.post(PROFILE_URL, {"full_name": "A" * 151})

    assert response.status_code == 400
    assert 'class="kern-error"' in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Anna"


def _create_token(client, name: str = "Monthly report"):
    return client.post("/accounts/tokens/", {"name": name})


def test_new_token_is_shown_once_and_works_on_the_api(client):
    user = UserFactory(email="anna@example.org")
    client.force_login(user)

    response = _create_token(client)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    content = response.content.decode()
    assert f'value="{secret}"' in content
    assert "It will not be shown again." in content
    profile = client.get(PROFILE_URL).content.decode()
    assert "Monthly report" in profile
    assert secret not in profile
    assert ApiToken.objects.get(user=user).prefix in profile

    api = client.__class__()
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})

    assert me.status_code == 200
    assert me.json()["email"] == "anna@example.org"
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_revoked_token_gets_401(client):
    user = UserFactory()
    client.force_login(user)
    secret = _create_token(client).context["secret"]
    token = ApiToken.objects.get(user=user)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)

    assert "has been revoked" in response.content.decode()
    assert "Revoked on" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = client.__class__()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_token_of_another_user_cannot_be_revoked(client):
    other_token, _secret = api_token_create(user=UserFactory(), name="Theirs")
    client.force_login(UserFactory())

    response = client.post(f"/accounts/tokens/{other_token.pk}/revoke/")

    assert response.status_code == 404
    other_token.refresh_from_db()
    assert other_token.revoked_at is None


def test_revoke_needs_post(client):
    user = UserFactory()
    token, _secret = api_token_create(user=user, name="Mine")
    client.force_login(user)

    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_needs_a_name(client):
    user = UserFactory()
    client.force_login(user)

    response = _create_token(client, name="   ")

    assert response.status_code == 400
    assert response.context["token_form"].errors["name"]
    assert not ApiToken.objects.filter(user=user).exists()


def test_token_of_a_deactivated_user_is_refused(client):
    user = UserFactory()
    secret = api_token_create(user=user, name="Script")[1]
    user.is_active = False
    user.save()

    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 401


def test_token_list_shows_last_use_and_revocation(client):
    user = UserFactory()
    used, _ = api_token_create(user=user, name="Used one")
    used.last_used_at = timezone.now()
    used.save()
    revoked, _ = api_token_create(user=user, name="Old one")
    revoked.revoked_at = timezone.now()
    revoked.save()
    client.force_login(user)

    content = client.get(PROFILE_URL).content.decode()

    assert "Used one" in content and "Old one" in content
    assert "Revoked on" in content
    assert content.count("Revoke<span") == 1
