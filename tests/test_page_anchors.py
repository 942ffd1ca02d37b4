"""Guard: every in-page link (``href="#…"``, e.g. the navigation of a long page) leads to an
element of that page, on every page of the demo an admin of Stadt Musterstadt reaches."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from kommunalkompass.accounts.models import User
from tests.pages import crawl

pytestmark = pytest.mark.django_db

ANCHOR = re.compile(r'<a\b[^>]*\bhref="#([^"]+)"')
IDS = re.compile(r'\bid="([^"]+)"')


def test_every_in_page_link_has_its_target(client):
    call_command("demo", stdout=StringIO())
    client.force_login(User.objects.get(email="admin@musterstadt.example"))

    pages = crawl(client, "/o/musterstadt/", per_route=2)

    dead = []
    for path, html in pages.items():
        ids = set(IDS.findall(html))
        dead += [f"{path}#{target}" for target in ANCHOR.findall(html) if target not in ids]
    assert len(pages) > 20
    assert not dead, f"in-page links without a target: {dead}"
