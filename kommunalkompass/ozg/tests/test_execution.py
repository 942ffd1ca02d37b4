"""Who executes an OZG-Leistung: the default list, the jurisdiction the import derives from
the catalog's LeiKa types, and "take over the catalog" by the organisation's kind."""

from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.core.content import ContentError
from kommunalkompass.organisations.models import Organisation, Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg import selectors, services
from kommunalkompass.ozg.catalog import catalog_apply, catalog_parse_file
from kommunalkompass.ozg.execution import (
    EXECUTION_FILE,
    KIND_LEVELS,
    Group,
    catalog_groups,
    default_levels,
    jurisdiction_from_leika_types,
    load_execution_list,
)
from kommunalkompass.ozg.models import OzgLeistung, ServiceState

from .factories import OzgLeistungFactory

REAL_FILE = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ozg-catalog-2019.csv"
FEDERAL_NAMES = ("Arbeitslosengeld", "Insolvenzgeld", "Rentenfestsetzung", "Erbschein")


# The default list.


def test_the_default_list_loads_with_its_source_and_stand():
    listed = load_execution_list()
    assert listed.stand.year >= 2026
    assert "LeiKa" in listed.source.de and "LeiKa" in listed.source.en
    entries = default_levels()
    assert entries["10124"].executed_by == ("gemeinde",)  # Wohnsitzmeldungen: Meldebehörde
    assert entries["10119"].authority.de == "Personalausweisbehörde"
    assert entries["10439"].executed_by == ("kreis",)  # Kfz-Zulassung: Zulassungsbehörde
    assert entries["10519"].executed_by == ("kreis",)  # Baugenehmigung: untere Bauaufsicht
    assert set(entries["10348"].executed_by) == {"gemeinde", "kreis"}


def test_every_kind_of_organisation_has_its_levels():
    assert set(KIND_LEVELS) == set(Organisation.Kind.values)
    assert KIND_LEVELS["kreisfreie_stadt"] == {"gemeinde", "kreis"}
    assert KIND_LEVELS["landkreis"] == {"kreis"}
    assert KIND_LEVELS["stadt"] == {"gemeinde"}


def write_list(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(EXECUTION_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "execution-levels.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _duplicate(data):
    data["services"].append(dict(data["services"][0]))


def _unknown_level(data):
    data["services"][0]["executed_by"] = ["landkreis"]


def _no_english(data):
    del data["services"][1]["authority"]["en"]


def _bad_id(data):
    data["services"][2]["ozg_id"] = "1011"


def _bad_stand(data):
    data["stand"] = "Dezember 2026"


@pytest.mark.parametrize(
    ("change", "entry", "fault"),
    [
        (_duplicate, "services", "OZG-IDs must be unique: 10124"),
        (_unknown_level, "services › OZG-ID 10124 › executed_by › item 1", "'kreis'"),
        (_no_english, "services › OZG-ID 10559 › authority › en", "Field required"),
        (_bad_id, "services › OZG-ID 1011 › ozg_id", "should match pattern"),
        (_bad_stand, "stand", "valid date"),
    ],
)
def test_a_broken_default_list_names_file_entry_and_fault(tmp_path, change, entry, fault):
    path = write_list(tmp_path, change)
    with pytest.raises(ContentError) as raised:
        load_execution_list(path)
    message = str(raised.value)
    assert message.startswith(f"execution-levels.yaml: {entry}: ")
    assert fault in message


def test_leika_types_decide_only_when_they_all_say_the_same():
    assert jurisdiction_from_leika_types({"1"}) == "bund"
    assert jurisdiction_from_leika_types({"5"}) == "kommune"
    assert jurisdiction_from_leika_types({"1", "2", "3"}) == ""  # federal and Land/Kommune
    assert jurisdiction_from_leika_types({"4"}) == ""  # Land law: state or municipality
    assert jurisdiction_from_leika_types(set()) == ""


# The real 2019 catalog.


@pytest.fixture(scope="module")
def real_parse():
    if not REAL_FILE.is_file():
        pytest.skip(f"the real OZG catalog is not available at {REAL_FILE}")
    with translation.override("en"):
        return catalog_parse_file(path=REAL_FILE)


def test_every_listed_service_is_in_the_real_catalog_by_name_and_none_is_federal(real_parse):
    for ozg_id, entry in default_levels().items():
        record = real_parse.leistungen[ozg_id]
        assert record.name == entry.name, ozg_id
        assert record.leika_types != {"1"}, f"{ozg_id} is federal by its LeiKa types"


@pytest.fixture
def real_catalog(real_parse):
    with translation.override("en"):
        return catalog_apply(parsed=real_parse, skip_invalid=True)


@pytest.mark.django_db
def test_importing_the_real_catalog_makes_type_1_services_federal(real_catalog):
    jurisdiction = dict(OzgLeistung.objects.values_list("ozg_id", "jurisdiction"))
    assert jurisdiction["10073"] == "bund"  # Arbeitslosengeld: every service LeiKa type 1
    assert jurisdiction["10075"] == "bund"  # Insolvenzgeld
    assert jurisdiction["10105"] == "kommune"  # Seniorenpass: type 5 only
    assert jurisdiction["10124"] == "kommune"  # Wohnsitzmeldungen: the default list
    # Types 2/3 do not say whether the state or a municipality executes: left open.
    assert jurisdiction["10104"] == jurisdiction["10095"] == ""  # Rente, Erbschein
    assert list(jurisdiction.values()).count("bund") == 95
    assert list(jurisdiction.values()).count("kommune") == 5 + len(default_levels())
    text = real_catalog.as_text()
    assert "95 federal and 5 municipal from the LeiKa types" in text
    assert f"{len(default_levels())} municipal from the default list" in text


@pytest.mark.django_db
def test_a_stadt_takes_over_only_its_own_services_and_learns_what_was_left_out(
    real_catalog, client
):
    membership = MembershipFactory(role=Role.EDITOR, organisation__kind="stadt")
    organisation = membership.organisation
    client.force_login(membership.user)
    page = client.get(reverse("ozg:services", args=[organisation.slug])).content.decode()
    offer = selectors.take_over_offer(organisation=organisation)
    own_ids = {e.ozg_id for e in default_levels().values() if "gemeinde" in e.executed_by}
    assert offer.own == len(own_ids)
    assert offer.non_municipal == 95  # the federal ones
    assert offer.untracked == 557
    assert f"{offer.own} services that organisations of the kind" in page
    assert f"{offer.undecided} services whose level neither the catalog" in page
    assert "95 services the state or the federation executes" in page

    response = client.post(reverse("ozg:track", args=[organisation.slug]), follow=True)
    tracked = ServiceState.objects.filter(organisation=organisation).select_related("leistung")
    assert {s.leistung.ozg_id for s in tracked} == own_ids
    assert all(s.relevant for s in tracked)
    assert not tracked.filter(leistung__jurisdiction="bund").exists()
    assert not any(name in s.leistung.name for s in tracked for name in FEDERAL_NAMES)
    assert not tracked.filter(leistung__ozg_id="10519").exists()  # Baugenehmigung: Kreis
    left_out = 557 - len(own_ids)
    text = response.content.decode()
    assert f"{len(own_ids)} services of the catalog are now tracked." in text
    assert f"{left_out} services of other levels or of unknown level were not taken over" in text
    event = AuditEvent.objects.get(organisation=organisation)
    assert event.changes == {"tracked_services": [None, len(own_ids)]}


@pytest.mark.django_db
def test_on_request_federal_services_are_tracked_as_not_relevant(real_catalog):
    membership = MembershipFactory(role=Role.EDITOR, organisation__kind="stadt")
    organisation = membership.organisation
    result = services.catalog_take_over(
        actor=membership.user, organisation=organisation, non_municipal=True
    )
    assert result.non_municipal == 95
    federal = ServiceState.objects.filter(organisation=organisation, leistung__ozg_id="10073")
    state = federal.get()
    assert (state.relevant, state.status) == (False, "not_relevant")
    assert "federal" in state.relevance_reason or "Bund" in state.relevance_reason
    assert not ServiceState.objects.filter(
        organisation=organisation, leistung__jurisdiction="bund", relevant=True
    ).exists()


# Small catalogs: the groups per kind.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "own", "other"),
    [
        ("stadt", {"10124"}, {"10519"}),
        ("gemeinde", {"10124"}, {"10519"}),
        ("verwaltungsgemeinschaft", {"10124"}, {"10519"}),
        ("landkreis", {"10519"}, {"10124"}),
        ("kreisfreie_stadt", {"10124", "10519"}, set()),
        ("other", set(), {"10124", "10519"}),
    ],
)
def test_each_kind_takes_over_the_services_of_its_level(kind, own, other):
    for ozg_id in ("10124", "10519", "99999"):
        OzgLeistungFactory(ozg_id=ozg_id)
    OzgLeistungFactory(ozg_id="10073", jurisdiction="bund")
    membership = MembershipFactory(role=Role.EDITOR, organisation__kind=kind)
    groups = catalog_groups(organisation=membership.organisation)
    assert {leistung.ozg_id for leistung in groups[Group.OWN]} == own
    assert {leistung.ozg_id for leistung in groups[Group.OTHER_MUNICIPAL]} == other
    assert [leistung.ozg_id for leistung in groups[Group.UNDECIDED]] == ["99999"]
    assert [leistung.ozg_id for leistung in groups[Group.NON_MUNICIPAL]] == ["10073"]
    result = services.catalog_take_over(
        actor=membership.user, organisation=membership.organisation, undecided=True
    )
    assert (result.own, result.undecided, result.non_municipal) == (len(own), 1, 0)
    assert result.left_out == {Group.OTHER_MUNICIPAL: len(other), Group.NON_MUNICIPAL: 1}
    # A second take-over offers only what is still untracked.
    offer = selectors.take_over_offer(organisation=membership.organisation)
    assert (offer.own, offer.undecided, offer.untracked) == (0, 0, len(other) + 1)
