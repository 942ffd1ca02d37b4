"""Fixtures shared by the strategy app's tests."""

import pytest

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import services


@pytest.fixture
def editor(client):
    """An editor of a fresh organisation, logged in to ``client``."""
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def strategy(editor):
    """The editor's organisation's strategy "Digital 2031", from 2027."""
    return services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Digital 2031", start_year=2027
    )
