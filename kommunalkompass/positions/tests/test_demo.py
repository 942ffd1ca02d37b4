"""The positions demo: Musterstadt has five posts, two planned from the roadmap, one twice."""

from io import StringIO

import pytest
from django.core.management import call_command

from kommunalkompass.organisations.models import Organisation
from kommunalkompass.positions import demo, selectors

pytestmark = pytest.mark.django_db


def test_musterstadt_has_five_posts_two_planned_from_measures_and_one_with_two_versions():
    call_command("demo", stdout=StringIO())
    demo.load(password="demo-passwort")  # idempotent
    musterstadt = Organisation.objects.get(slug="musterstadt")
    rows = selectors.post_rows(organisation=musterstadt, language="de")
    assert len(rows) == 5
    planned = [row for row in rows if row.post.status == "planned"]
    assert len(planned) == 2 and all(row.post.need.measure for row in planned)
    assert sorted(row.description.number for row in rows) == [1, 1, 1, 1, 2]
    assert all(row.hint.grade for row in rows)
    assert [need.role_key for need in selectors.open_needs(organisation=musterstadt)] == [
        "ozg-coordinator"
    ]
