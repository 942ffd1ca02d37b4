"""The positions API: list, detail with the hint, create from a template, a new version."""

import pytest

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.positions.models import Post

from .factories import described_post

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations/musterort/positions"


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR, organisation__slug="musterort")
    client.force_login(membership.user)
    return membership


def test_create_from_a_template_list_and_detail_with_the_hint(client, editor):
    created = client.post(
        URL, {"role_key": "isb", "number": "IT-1"}, content_type="application/json"
    )
    assert created.status_code == 200, created.content
    body = created.json()
    assert body["hint"]["grade"] == "11" and "not a decision" in body["hint"]["notice"]
    assert sum(p["share"] for p in body["description"]["processes"]) == 100
    listing = client.get(URL).json()
    assert listing["count"] == 1 and listing["items"][0]["grade_hint"] == "11"
    detail = client.get(f"{URL}/{body['id']}").json()
    assert detail["description"]["number"] == 1


def test_a_new_version_and_bad_shares_named(client, editor):
    post = described_post(editor.organisation)
    url = f"{URL}/{post.pk}/description"
    ok = client.put(
        url,
        {"version": 1, "processes": [
            {"title": "Betrieb", "share": 70, "features": ["design-scope"]},
            {"title": "Planung", "share": 30, "tasks": ["Konzepte"]},
        ]},
        content_type="application/json",
    )  # fmt: skip
    assert ok.status_code == 200, ok.content
    assert ok.json()["description"]["number"] == 2
    bad = client.put(
        url, {"processes": [{"title": "Betrieb", "share": 70}]}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["field"] == "processes" and "70 %, not 100 %" in bad.json()["message"]
    assert Post.objects.get(pk=post.pk).versions.count() == 2


def test_another_organisations_post_is_404(client, editor):
    other = described_post()
    assert client.get(f"{URL}/{other.pk}").status_code == 404
