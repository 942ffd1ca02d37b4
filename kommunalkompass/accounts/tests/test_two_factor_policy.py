"""Whose accounts must use two-factor is decided by registered policies, not by accounts."""

import pytest

from kommunalkompass.accounts import two_factor

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_policies(monkeypatch):
    monkeypatch.setattr(two_factor, "_policies", [])


def test_two_factor_is_mandatory_for_the_users_a_registered_policy_names(settings, no_policies):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    chosen = UserFactory(email="chosen@example.org")
    other = UserFactory(email="other@example.org")

    two_factor.register_two_factor_policy(lambda user: user.email == "chosen@example.org")

    assert two_factor.two_factor_mandatory(chosen)
    assert not two_factor.two_factor_mandatory(other)


def test_without_the_setting_no_policy_applies(settings, no_policies):
    settings.REQUIRE_2FA_FOR_ADMINS = False
    two_factor.register_two_factor_policy(lambda user: True)

    assert not two_factor.two_factor_mandatory(UserFactory())


def test_without_a_policy_nobody_must_use_two_factor(settings, no_policies):
    settings.REQUIRE_2FA_FOR_ADMINS = True

    assert not two_factor.two_factor_mandatory(UserFactory())


def test_a_policy_registered_twice_is_asked_once(settings, no_policies):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    asked = []

    def policy(user) -> bool:
        asked.append(user)
        return False

    two_factor.register_two_factor_policy(policy)
    two_factor.register_two_factor_policy(policy)
    two_factor.two_factor_mandatory(UserFactory())

    assert len(asked) == 1
