"""The OZG demo: Musterstadt takes over the catalog as a town does, with a realistic spread."""

from pathlib import Path

import pytest
from django.utils import timezone, translation

from kommunalkompass.organisations import demo as organisations_demo
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.ozg import demo, selectors
from kommunalkompass.ozg.catalog import catalog_import
from kommunalkompass.ozg.execution import Group, default_levels, group_for
from kommunalkompass.ozg.models import DutyState, LegalDuty, ServiceState, Snapshot
from kommunalkompass.strategy.tests.factories import MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db

REAL_FILE = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ozg-catalog-2019.csv"
FEDERAL_NAMES = ("Arbeitslosengeld", "Insolvenzgeld", "Rentenfestsetzung", "Erbschein")


def test_demo_spreads_levels_and_statuses_and_keeps_18_months():
    organisations_demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")  # idempotent
    musterstadt = Organisation.objects.get(slug="musterstadt")
    states = ServiceState.objects.filter(organisation=musterstadt)
    assert states.count() >= 20
    assert set(states.values_list("status", flat=True)) == set(ServiceState.Status.values)
    assert len(set(states.exclude(level=None).values_list("level", flat=True))) == 5
    data = selectors.dashboard(organisation=musterstadt, today=timezone.localdate())
    assert 0 < data.compliant < data.online_national < data.relevant
    assert data.overdue and data.due
    assert Snapshot.objects.filter(organisation=musterstadt).count() == 18
    progress = selectors.progress(organisation=musterstadt)
    assert progress[0]["online"] < progress[-1]["online"] == data.online_national
    assert LegalDuty.objects.count() >= 10
    peers = Organisation.objects.exclude(slug="musterstadt").filter(ozg_servicestate__isnull=False)
    assert peers.distinct().count() >= 5


def assert_musterstadt_tracks_what_a_town_executes() -> None:
    musterstadt = Organisation.objects.get(slug="musterstadt")
    states = ServiceState.objects.filter(organisation=musterstadt).select_related(
        "leistung", "department"
    )
    relevant = [state for state in states if state.relevant]
    assert relevant
    assert not [s.leistung.name for s in relevant if s.leistung.jurisdiction in ("bund", "land")]
    assert not [
        s.leistung.name for s in relevant for name in FEDERAL_NAMES if name in s.leistung.name
    ]
    entries = default_levels()
    for state in relevant:
        group = group_for(
            ozg_id=state.leistung.ozg_id,
            jurisdiction=state.leistung.jurisdiction,
            kind=musterstadt.kind,
            entries=entries,
        )
        # Its own services, or one it offers though the list leaves the level open.
        assert group == Group.OWN or state.leistung.ozg_id in demo.ALSO_OFFERED, state.leistung
    department = {state.leistung.name: state.department.name for state in relevant}
    assert department["Wohnsitzmeldungen"] == "Bürgerdienste und Ordnung"
    assert department["Personalausweis"] == "Bürgerdienste und Ordnung"
    assert department["Grundsteuer"] == "Finanzen"
    assert department["Kindertagesbetreuung"] == "Bildung, Soziales und Kultur"
    assert "Bauvorbescheid und Baugenehmigung" not in department  # the Landratsamt's
    building = {name for name, unit in department.items() if unit == "Bauen und Umwelt"}
    assert building and building <= {
        "Negativzeugnis über gemeindliches Vorkaufsrecht",
        "Flächennutzungsplan",
        "Vorhaben- und Erschließungsplan",
        "Sondernutzung von Straßen und Verkehrsraumeinschränkung",
        "Mängel melden",
    }


def test_musterstadt_tracks_only_the_shipped_services_a_town_executes():
    organisations_demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")
    assert_musterstadt_tracks_what_a_town_executes()


def test_musterstadt_tracks_no_federal_service_of_the_full_catalog():
    if not REAL_FILE.is_file():
        pytest.skip(f"the real OZG catalog is not available at {REAL_FILE}")
    with translation.override("en"):
        catalog_import(path=REAL_FILE, skip_invalid=True)
    organisations_demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")
    assert_musterstadt_tracks_what_a_town_executes()
    musterstadt = Organisation.objects.get(slug="musterstadt")
    assert ServiceState.objects.filter(organisation=musterstadt).count() < 60


def test_musterstadt_has_duties_linked_to_measures_of_its_strategy():
    organisations_demo.load(password="demo-passwort")
    musterstadt = Organisation.objects.get(slug="musterstadt")
    strategy = StrategyFactory(organisation=musterstadt)  # as the strategy demo makes it
    for number, (title, status) in enumerate(
        [
            (demo.DUTY_MEASURES["e-rechnung-empfang"], "done"),
            (demo.DUTY_MEASURES["informationssicherheit"], "in_progress"),
        ],
        start=1,
    ):
        MeasureFactory(strategy=strategy, number=number, title=title, status=status)
    demo.load(password="demo-passwort")
    linked = DutyState.objects.filter(organisation=musterstadt, measure__isnull=False)
    status = {state.duty.key: (state.status, state.measure.status) for state in linked}
    assert status == {
        "e-rechnung-empfang": ("open", "done"),
        "informationssicherheit": ("open", "in_progress"),
    }
