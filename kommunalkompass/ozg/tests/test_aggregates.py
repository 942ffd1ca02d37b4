"""Installation-wide OZG figures: only opted-in (verified and sharing) organisations, counted
per Themenfeld, and nothing below five of them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.ozg.aggregates import MIN_ORGANISATIONS, installation_dashboard
from kommunalkompass.ozg.models import OzgSettings

from .factories import OzgLeistungFactory, ServiceStateFactory, ThemenfeldFactory

pytestmark = pytest.mark.django_db


def organisation(*, shares: bool, verified: bool = True):
    created = OrganisationFactory(verified=verified)
    OzgSettings.objects.create(organisation=created, share_for_aggregation=shares)
    return created


def state(organisation, leistung, level, *, relevant=True):
    return ServiceStateFactory(
        organisation=organisation,
        leistung=leistung,
        level=level,
        relevant=relevant,
        relevance_reason="" if relevant else "Not ours",
        status="open" if relevant else "not_relevant",
    )


@pytest.fixture
def catalog():
    bauen = ThemenfeldFactory(name="Bauen & Wohnen", position=1)
    familie = ThemenfeldFactory(name="Familie & Kind", position=2)
    ThemenfeldFactory(name="Gesundheit", position=3)  # nobody tracks any of it
    return {
        "bauen": bauen,
        "familie": familie,
        "baugenehmigung": OzgLeistungFactory(ozg_id="10001", themenfeld=bauen),
        "wohngeld": OzgLeistungFactory(ozg_id="10002", themenfeld=bauen),
        "elterngeld": OzgLeistungFactory(ozg_id="20001", themenfeld=familie),
        "kita": OzgLeistungFactory(ozg_id="20002", themenfeld=familie),
    }


def quiet(count: int) -> list:
    """Organisations that share but track no service: they count towards the five that
    the figures need, and change no figure."""
    return [organisation(shares=True) for _ in range(count)]


@pytest.fixture
def installation(catalog):
    """Two organisations that share, one that does not (online everywhere, all ignored), and
    four that share and track nothing, so that six share: enough to show the figures."""
    a, b, hidden = organisation(shares=True), organisation(shares=True), organisation(shares=False)
    quiet(4)
    state(a, catalog["baugenehmigung"], 3)
    state(a, catalog["wohngeld"], 2)
    state(a, catalog["elterngeld"], 1)
    state(a, catalog["kita"], 4)
    state(b, catalog["baugenehmigung"], 2)
    state(b, catalog["wohngeld"], None)  # relevant without a level: counts as 0
    state(b, catalog["elterngeld"], 4)
    state(b, catalog["kita"], None, relevant=False)  # not relevant: does not hold Kita back
    for leistung in ("baugenehmigung", "wohngeld", "elterngeld", "kita"):
        state(hidden, catalog[leistung], 0)
    return a, b, hidden


def by_name(figures):
    return {row["name"]: row for row in figures["themenfelder"]}


def test_counts_per_themenfeld_over_the_opted_in_organisations(installation):
    figures = installation_dashboard()
    assert figures["organisations"] == 6 and figures["shown"]
    rows = by_name(figures)
    assert [row["name"] for row in figures["themenfelder"]] == [
        "Bauen & Wohnen",
        "Familie & Kind",
        "Gesundheit",
    ]
    bauen, familie = rows["Bauen & Wohnen"], rows["Familie & Kind"]
    assert (bauen["organisations"], bauen["relevant"], bauen["online"], bauen["compliant"]) == (
        2,
        4,
        3,
        1,
    )
    assert (
        familie["organisations"],
        familie["relevant"],
        familie["online"],
        familie["compliant"],
    ) == (2, 3, 2, 2)
    assert rows["Gesundheit"] == {
        "id": rows["Gesundheit"]["id"],
        "name": "Gesundheit",
        "organisations": 0,
        "relevant": 0,
        "online": 0,
        "compliant": 0,
        "flaechendeckend": 0,
        "flaechendeckend_ozg_ids": [],
    }
    assert figures["totals"] == {"relevant": 7, "online": 5, "compliant": 3, "flaechendeckend": 2}


def test_flaechendeckend_needs_online_wherever_relevant(installation):
    rows = by_name(installation_dashboard())
    # Baugenehmigung: 3 and 2, online in both. Wohngeld: b has no level yet.
    assert rows["Bauen & Wohnen"]["flaechendeckend_ozg_ids"] == ["10001"]
    assert rows["Bauen & Wohnen"]["flaechendeckend"] == 1
    # Elterngeld: level 1 in a. Kita: 4 in a and not relevant in b, so it does not block.
    assert rows["Familie & Kind"]["flaechendeckend_ozg_ids"] == ["20002"]


def test_opted_out_organisations_are_ignored(installation, catalog):
    a, b, hidden = installation
    OzgSettings.objects.filter(organisation=hidden).update(share_for_aggregation=True)
    rows = by_name(installation_dashboard())
    assert rows["Bauen & Wohnen"]["organisations"] == 3
    assert rows["Bauen & Wohnen"]["flaechendeckend_ozg_ids"] == []  # hidden is at level 0
    OzgSettings.objects.filter(organisation=hidden).update(share_for_aggregation=False)
    OzgSettings.objects.filter(organisation=a).delete()  # no settings: not opted in either
    figures = installation_dashboard()
    assert figures["organisations"] == 5
    rows = by_name(figures)
    assert rows["Bauen & Wohnen"]["relevant"] == 2
    # Only b is left: Kita is relevant nowhere, so it is not counted as flächendeckend.
    assert rows["Familie & Kind"]["flaechendeckend_ozg_ids"] == ["20001"]


def test_a_leistung_relevant_nowhere_is_not_flaechendeckend(catalog):
    a = organisation(shares=True)
    quiet(4)
    state(a, catalog["kita"], None, relevant=False)
    figures = installation_dashboard()
    assert figures["totals"] == {"relevant": 0, "online": 0, "compliant": 0, "flaechendeckend": 0}
    assert all(row["organisations"] == 0 for row in figures["themenfelder"])


def test_restricted_to_some_organisations(installation):
    a, b, hidden = installation
    others = list(Organisation.objects.exclude(pk__in=[a.pk, b.pk, hidden.pk]))
    figures = installation_dashboard(organisations=[b, hidden, *others])
    assert figures["organisations"] == 5
    rows = by_name(figures)
    assert rows["Bauen & Wohnen"]["relevant"] == 2
    assert rows["Bauen & Wohnen"]["flaechendeckend_ozg_ids"] == ["10001"]
    queryset = installation_dashboard(organisations=Organisation.objects.exclude(pk=b.pk))
    assert by_name(queryset)["Familie & Kind"]["flaechendeckend_ozg_ids"] == ["20002"]


def test_leistungen_without_themenfeld_have_their_own_row(installation):
    a, b, _hidden = installation
    loose = OzgLeistungFactory(ozg_id="30001", themenfeld=None)
    state(a, loose, 2)
    rows = by_name(installation_dashboard())
    assert rows[""]["relevant"] == 1
    assert rows[""]["flaechendeckend_ozg_ids"] == ["30001"]


def test_a_fixed_number_of_queries(installation):
    with CaptureQueriesContext(connection) as queries:
        installation_dashboard()
    # PostgreSQL: one more, to leave the JIT compiler off for the probes (in a transaction).
    statements = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == 4 + (connection.vendor == "postgresql")


def test_five_organisations_that_share_and_track_nothing(catalog):
    quiet(MIN_ORGANISATIONS)
    figures = installation_dashboard()
    assert figures["organisations"] == 5 and figures["shown"]
    assert figures["totals"]["relevant"] == 0
    assert [row["name"] for row in figures["themenfelder"]] == [
        "Bauen & Wohnen",
        "Familie & Kind",
        "Gesundheit",
    ]


def test_nothing_below_five_organisations(installation, catalog):
    """No figure that fewer than five organisations could be read from leaves the aggregate,
    whoever asks: the count of those that share, and nothing else."""
    a, b, hidden = installation
    four = [a, b, *list(Organisation.objects.exclude(pk__in=[a.pk, b.pk, hidden.pk]))[:2]]
    with CaptureQueriesContext(connection) as queries:
        figures = installation_dashboard(organisations=four)
    assert figures == {
        "organisations": 4,
        "shown": False,
        "min_organisations": 5,
        "themenfelder": [],
        "totals": None,
    }
    assert len(queries) == 1  # the service states are not read at all
    OzgSettings.objects.filter(organisation=hidden).update(share_for_aggregation=True)
    assert installation_dashboard(organisations=[*four, hidden])["shown"]


def test_no_organisation_shares(catalog):
    figures = installation_dashboard()
    assert (figures["organisations"], figures["shown"]) == (0, False)
    assert figures["themenfelder"] == [] and figures["totals"] is None


def test_made_up_organisations_do_not_count(installation, catalog):
    """Issue 14, finding 2: anyone signed in can create organisations; unverified ones that
    share count neither toward the five nor in any figure."""
    a, b, hidden = installation
    before = installation_dashboard()
    for _ in range(5):
        made_up = organisation(shares=True, verified=False)
        state(made_up, catalog["kita"], 0)
    assert installation_dashboard() == before
    # Four verified and any number of made-up organisations show nothing.
    four = [a, b, *quiet(2)]
    made_up = list(Organisation.objects.filter(verified=False))
    figures = installation_dashboard(organisations=[*four, *made_up])
    assert (figures["organisations"], figures["shown"]) == (4, False)
