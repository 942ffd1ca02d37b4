"""A usage count the column cannot hold is refused by the form, not by the database (a 500)."""

import pytest
from django.urls import reverse

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

from .factories import ServiceStateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", ["18446744073709551616", "2147483648"])
def test_a_usage_count_beyond_the_column_is_refused_with_a_message(client, count):
    editor = MembershipFactory(role=Role.EDITOR)
    client.force_login(editor.user)
    state = ServiceStateFactory(organisation=editor.organisation, level=3, status="online")
    url = reverse("ozg:service_usage", args=[editor.organisation.slug, state.pk])

    response = client.post(url, {"month": "2026-09", "count": count}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["usage_form"].errors["count"] == [
        "Ensure this value is less than or equal to 2147483647."
    ]
    assert "Ensure this value is less than or equal to 2147483647." in response.content.decode()
    assert not state.usage.exists()
