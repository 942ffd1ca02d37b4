"""REQUIRE_2FA_FOR_ADMINS: the organisations app tells accounts who administers an organisation."""

import pytest
from django.apps import apps

from kommunalkompass.accounts import two_factor
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.selectors import user_administers_an_organisation

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_of_any_organisation_must_use_two_factor(settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    admin = MembershipFactory(role=Role.ADMIN).user
    MembershipFactory(user=admin, role=Role.VIEWER)  # a viewer elsewhere is still an admin here
    editor = MembershipFactory(role=Role.EDITOR).user

    assert two_factor.two_factor_mandatory(admin)
    assert not two_factor.two_factor_mandatory(editor)


def test_the_policy_is_registered_once_however_often_the_app_is_ready():
    apps.get_app_config("organisations").ready()

    assert two_factor._policies.count(user_administers_an_organisation) == 1
