"""The register type-ahead on the 'add an organisation' page: /register/search/?q=…"""

import json
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from kommunalkompass.accounts.models import User
from kommunalkompass.organisations.models import RegisterEntry

SEARCH_URL = reverse("organisations:register_search")


def register_entry(record_type: int, key: str, name: str, text_code: str, **fields) -> None:
    ars = {40: key, 50: key, 60: key}.get(record_type, "")
    RegisterEntry.objects.create(
        record_type=record_type,
        key=key,
        ars=ars,
        name=name,
        text_code=text_code,
        state=key[:2],
        district_key=key[:5] if record_type >= 40 else "",
        **fields,
    )


@pytest.fixture
def register(db):
    """A slice of Schleswig-Holstein, with the duplicate records the register really has."""
    register_entry(10, "01", "Schleswig-Holstein", "")
    # Flensburg three times: as Kreis, as verbandsfreie Gemeinde and as Gemeinde.
    register_entry(40, "01001", "Flensburg, Stadt", "41", ags="01001000")
    register_entry(50, "010010000", "Flensburg, Stadt", "50")
    register_entry(60, "010010000000", "Flensburg, Stadt", "61", ags="01001000", population=90164)
    register_entry(40, "01051", "Dithmarschen", "43", ags="01051000")
    register_entry(50, "010515163", "Burg-St. Michaelisdonn", "51")
    register_entry(50, "010510044", "Heide, Stadt", "50")
    register_entry(60, "010510044044", "Heide, Stadt", "63", ags="01051044", population=21852)
    register_entry(60, "010510011011", "Brunsbüttel, Stadt", "63", ags="01051011", population=12380)


@pytest.fixture
def user_client(client, db):
    user = User.objects.create_user(email="cdo@heide.example", password="correct horse 42")
    client.force_login(user)
    return client


class RegisterResults(HTMLParser):
    """The entries of a results partial: the JSON each button carries."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.entries: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "data-register-entry" in attributes:
            self.entries.append(json.loads(attributes["data-register-entry"]))


def search(client, query: str) -> tuple[list[dict], str]:
    response = client.get(SEARCH_URL, {"q": query}, headers={"accept-language": "en"})
    assert response.status_code == 200
    html = response.content.decode()
    return RegisterResults(html).entries, html


def test_search_by_name_finds_one_entry_per_municipality(user_client, register):
    entries, _html = search(user_client, "flensb")
    # Not the Kreis record of the kreisfreie Stadt, not its verbandsfreie-Gemeinde record.
    assert entries == [
        {
            "name": "Flensburg, Stadt",
            "ags": "01001000",
            "kind": "kreisfreie_stadt",
            "state": "01",
            "population": 90164,
        }
    ]


def test_search_by_name_ignores_case_and_finds_districts_and_amter(user_client, register):
    assert [entry["name"] for entry in search(user_client, "DITHMAR")[0]] == ["Dithmarschen"]
    assert search(user_client, "michaelisdonn")[0] == [
        {
            "name": "Burg-St. Michaelisdonn",
            "ags": "",
            "kind": "amt",
            "state": "01",
            "population": None,
        }
    ]


def test_search_by_ags_prefix(user_client, register):
    entries, _html = search(user_client, "01051")
    assert {(entry["name"], entry["ags"]) for entry in entries} == {
        ("Dithmarschen", "01051000"),
        ("Heide, Stadt", "01051044"),
        ("Brunsbüttel, Stadt", "01051011"),
        # An Amt has no AGS; its ARS (010515163) starts with the district's digits.
        ("Burg-St. Michaelisdonn", ""),
    }
    assert [entry["name"] for entry in search(user_client, "01051044")[0]] == ["Heide, Stadt"]


def test_search_results_fill_the_organisation_form(user_client, register):
    entries, html = search(user_client, "Heide")
    assert entries == [
        {
            "name": "Heide, Stadt",
            "ags": "01051044",
            "kind": "stadt",
            "state": "01",
            "population": 21852,
        }
    ]
    assert "Heide, Stadt chosen; the form has been filled in." in html


def test_state_records_are_not_offered(user_client, register):
    assert search(user_client, "Schleswig")[0] == []


@pytest.mark.parametrize("query", ["", " ", "F", "0", " H "])
def test_fewer_than_two_characters_find_nothing(user_client, register, query):
    entries, html = search(user_client, query)
    assert entries == []
    assert "No entry in the register matches" not in html


def test_no_match_says_so(user_client, register):
    entries, html = search(user_client, "Atlantis")
    assert entries == []
    assert "No entry in the register matches" in html


def test_search_requires_login(client, register):
    response = client.get(SEARCH_URL, {"q": "Heide"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("extra_entries", [0, 40])
def test_search_query_count_does_not_grow_with_the_register(
    user_client, register, django_assert_max_num_queries, extra_entries
):
    for number in range(extra_entries):
        register_entry(
            60,
            f"01051{5000 + number:04d}{number:03d}",
            f"Heidedorf {number}",
            "64",
            ags=f"01051{number:03d}",
            population=number,
        )
    # Session, user, the user's confirmed OTP devices (two-factor middleware), the search.
    with django_assert_max_num_queries(4):
        entries, _html = search(user_client, "Heide")
    # Heide and the Heidedörfer, at most ten of them.
    assert len(entries) == min(10, 1 + extra_entries)


@pytest.mark.django_db
def test_search_ignores_the_case_of_umlauts(client):
    from kommunalkompass.accounts.models import User

    RegisterEntry.objects.create(
        record_type=60,
        key="091620000000",
        ags="09162000",
        ars="091620000000",
        name="München, Landeshauptstadt",
        text_code="61",
        state="09",
        population=1484226,
    )
    client.force_login(User.objects.create_user(email="a@example.org", password="x"))
    response = client.get(reverse("organisations:register_search"), {"q": "MÜNCHEN"})
    assert "München, Landeshauptstadt" in response.content.decode()
