"""The kept counts per organisation, Themenfeld and level (OzgLevelCount) equal a full
recount of the service states after any sequence of writes, and the installation-wide
figures read from them are those computed from the states themselves."""

import random
import threading
import time
from collections import Counter
from contextlib import suppress
from io import StringIO

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.services import organisation_revoke_verification
from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.ozg import services
from kommunalkompass.ozg.aggregates import installation_dashboard, installation_dashboard_by_scan
from kommunalkompass.ozg.counts import COLUMNS, LEVELS, recount
from kommunalkompass.ozg.levels import ONLINE_LEVEL
from kommunalkompass.ozg.models import OzgLeistung, OzgLevelCount, ServiceState, Themenfeld

from .factories import OzgLeistungFactory, ThemenfeldFactory

pytestmark = pytest.mark.django_db


def kept() -> dict:
    """The stored counts, rows that count nothing left out."""
    return {
        (row["organisation_id"], row["themenfeld_id"]): tuple(row[name] for name in COLUMNS)
        for row in OzgLevelCount.objects.values("organisation_id", "themenfeld_id", *COLUMNS)
        if any(row[name] for name in COLUMNS)
    }


def counted_from_states() -> dict:
    """The counts as the service states are, counted here in Python."""
    counter: Counter = Counter()
    for organisation_id, themenfeld_id, level in ServiceState.objects.filter(
        relevant=True
    ).values_list("organisation_id", "leistung__themenfeld_id", "level"):
        counter[(organisation_id, themenfeld_id, level)] += 1
    rows: dict = {}
    for (organisation_id, themenfeld_id, level), count in counter.items():
        row = rows.setdefault((organisation_id, themenfeld_id), [0] * len(LEVELS))
        row[LEVELS.index(level)] += count
    return {key: tuple(values) for key, values in rows.items()}


def assert_counts_right() -> None:
    expected = counted_from_states()
    assert kept() == expected
    # The repair gives the same rows.
    recount()
    assert kept() == expected
    assert installation_dashboard() == installation_dashboard_by_scan()


@pytest.fixture
def catalog():
    themen = [ThemenfeldFactory(name=f"Themenfeld {n}", position=n) for n in range(3)]
    leistungen = [
        OzgLeistungFactory(ozg_id=f"{40000 + n:05d}", themenfeld=themen[n % 3] if n % 7 else None)
        for n in range(14)
    ]
    return themen, leistungen


def sharing_organisation():
    organisation = OrganisationFactory(verified=True)
    services.ozg_settings_update(
        actor=None, organisation=organisation, model_version="1.1", share_for_aggregation=True
    )
    return organisation


class Writes:
    """Random writes through the services (and the admin, for the catalog)."""

    def __init__(self, rng: random.Random, catalog):
        self.rng = rng
        self.themen, self.leistungen = catalog
        self.organisations = [sharing_organisation() for _ in range(6)]

    def states(self, organisation=None):
        chosen = organisation or self.rng.choice(self.organisations)
        return list(ServiceState.objects.filter(organisation=chosen).order_by("pk"))

    def track(self):
        organisation = self.rng.choice(self.organisations)
        leistungen = self.rng.sample(self.leistungen, self.rng.randint(1, len(self.leistungen)))
        reasons = {leistung.pk: "Nicht zuständig" for leistung in leistungen[::3]}
        services.catalog_track(
            actor=None,
            organisation=organisation,
            leistungen=leistungen,
            not_relevant_because=reasons,
        )

    def change_level(self):
        states = self.states()
        if not states:
            return
        state = self.rng.choice(states)
        level = self.rng.choice([None, 0, 1, 2, 3, 4])
        status = "in_progress" if level is None or level < ONLINE_LEVEL else "online"
        values = {"level": level, "status": status}
        if self.rng.random() < 0.2:
            values = {"relevant": False, "relevance_reason": "Erledigt das Land"}
        elif not state.relevant and self.rng.random() < 0.5:
            values["relevant"] = True
        services.service_state_update(actor=None, state=state, **values)

    def rate(self):
        states = [s for s in self.states() if s.relevant]
        if not states:
            return
        answers = {
            criterion: self.rng.choice(["yes", "no", "na"])
            for criterion in ("information", "online_submission", "identification")
        }
        with suppress(ValidationError):  # a refused rating changes nothing
            services.service_criteria_rate(
                actor=None, state=self.rng.choice(states), answers=answers
            )

    def bulk(self):
        states = self.states()
        if not states:
            return
        chosen = self.rng.sample(states, self.rng.randint(1, len(states)))
        status = self.rng.choice(["planning", "not_relevant", "open"])
        # Refused when "not relevant" lacks a reason: all or nothing, the counts included.
        with suppress(ValidationError):
            services.service_states_bulk_update(
                actor=None, organisation=chosen[0].organisation, states=chosen, status=status
            )

    def opt(self):
        organisation = self.rng.choice(self.organisations)
        services.ozg_settings_update(
            actor=None,
            organisation=organisation,
            model_version="1.1",
            share_for_aggregation=self.rng.random() < 0.6,
        )

    def verification(self):
        organisation = self.rng.choice(self.organisations)
        if organisation.verified and self.rng.random() < 0.5:
            organisation_revoke_verification(actor=None, organisation=organisation)
        else:
            Organisation.objects.filter(pk=organisation.pk).update(verified=True)
        organisation.refresh_from_db()

    def delete_organisation(self):
        if len(self.organisations) > 3:
            gone = self.organisations.pop(self.rng.randrange(len(self.organisations)))
            gone.delete()
        self.organisations.append(sharing_organisation())

    def move_leistung(self):
        leistung = self.rng.choice(self.leistungen)
        leistung.themenfeld = self.rng.choice([*self.themen, None])
        site._registry[OzgLeistung].save_model(None, leistung, None, change=True)

    def delete_leistung(self):
        if len(self.leistungen) > 4:
            gone = self.leistungen.pop(self.rng.randrange(len(self.leistungen)))
            site._registry[OzgLeistung].delete_model(None, gone)

    def delete_themenfeld(self):
        if len(self.themen) > 1:
            gone = self.themen.pop(self.rng.randrange(len(self.themen)))
            site._registry[Themenfeld].delete_model(None, gone)
            for leistung in self.leistungen:
                leistung.refresh_from_db()

    def any(self):
        writes = [
            (self.track, 4),
            (self.change_level, 8),
            (self.rate, 2),
            (self.bulk, 3),
            (self.opt, 2),
            (self.verification, 1),
            (self.delete_organisation, 1),
            (self.move_leistung, 1),
            (self.delete_leistung, 1),
            (self.delete_themenfeld, 1),
        ]
        write = self.rng.choices([w for w, _ in writes], [weight for _, weight in writes])[0]
        write()
        return write.__name__


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_counts_equal_a_recount_after_random_writes(catalog, seed):
    writes = Writes(random.Random(seed), catalog)  # noqa: S311 - test data
    for _ in range(4):
        writes.track()
    done = []
    for _ in range(40):
        done.append(writes.any())
        assert kept() == counted_from_states(), done
        if len(done) % 10 == 0:
            assert_counts_right()
            subset = writes.organisations[: len(writes.organisations) - 1]
            assert installation_dashboard(organisations=subset) == (
                installation_dashboard_by_scan(organisations=subset)
            )
    assert_counts_right()
    assert kept(), "the writes counted something"


def test_the_figures_are_those_of_the_scan(catalog):
    """The installation dashboard reads the counts, and says what the scan of every state
    says: per Themenfeld, flächendeckend, and below five organisations nothing."""
    themen, leistungen = catalog
    organisations = [sharing_organisation() for _ in range(5)]
    for n, organisation in enumerate(organisations):
        services.catalog_track(actor=None, organisation=organisation, leistungen=leistungen)
        for m, state in enumerate(ServiceState.objects.filter(organisation=organisation)):
            level = (n + m) % 5 if m % 4 else 3  # every fourth Leistung online everywhere
            services.service_state_update(actor=None, state=state, level=level)
    figures = installation_dashboard()
    assert figures == installation_dashboard_by_scan()
    assert figures["shown"] and figures["totals"]["flaechendeckend"] >= 1
    services.ozg_settings_update(
        actor=None, organisation=organisations[0], model_version="1.1",
        share_for_aggregation=False,
    )  # fmt: skip
    assert installation_dashboard() == installation_dashboard_by_scan()
    assert not installation_dashboard()["shown"]


def test_a_state_not_relevant_is_not_counted_and_counts_again_when_relevant(catalog):
    _themen, leistungen = catalog
    organisation = sharing_organisation()
    services.catalog_track(actor=None, organisation=organisation, leistungen=leistungen[:2])
    state = ServiceState.objects.filter(organisation=organisation).first()
    services.service_state_update(actor=None, state=state, relevant=False, relevance_reason="x")
    assert kept() == counted_from_states()
    assert sum(sum(row) for row in kept().values()) == 1
    services.service_state_update(actor=None, state=state, relevant=True, level=2)
    assert kept() == counted_from_states()
    assert sum(sum(row) for row in kept().values()) == 2


def test_writes_in_one_organisation_write_its_counts_only(catalog):
    _themen, leistungen = catalog
    one, other = sharing_organisation(), sharing_organisation()
    services.catalog_track(actor=None, organisation=other, leistungen=leistungen)
    before = {key: row for key, row in kept().items() if key[0] == other.pk}
    services.catalog_track(actor=None, organisation=one, leistungen=leistungen)
    state = ServiceState.objects.filter(organisation=one, relevant=True).first()
    services.service_state_update(actor=None, state=state, level=4)
    assert {key: row for key, row in kept().items() if key[0] == other.pk} == before


def test_a_change_writes_one_count_statement(catalog):
    _themen, leistungen = catalog
    organisation = sharing_organisation()
    services.catalog_track(actor=None, organisation=organisation, leistungen=leistungen)
    state = ServiceState.objects.filter(organisation=organisation, relevant=True).first()
    with CaptureQueriesContext(connection) as queries:
        services.service_state_update(actor=None, state=state, level=1)
    upserts = [q for q in queries if "ozg_ozglevelcount" in q["sql"]]
    assert len(upserts) == 1 and "ON CONFLICT" in upserts[0]["sql"]


def test_the_demo_is_counted():
    call_command("demo", stdout=StringIO())
    assert kept() and kept() == counted_from_states()


def test_ozg_recount_repairs_counts(catalog):
    _themen, leistungen = catalog
    organisation = sharing_organisation()
    services.catalog_track(actor=None, organisation=organisation, leistungen=leistungen)
    expected = counted_from_states()
    OzgLevelCount.objects.update(level_5=7)  # broken by hand
    ServiceState.objects.filter(organisation=organisation).update(level=1)  # bypassing
    out = StringIO()
    call_command("ozg_recount", organisation=[organisation.slug], stdout=out)
    assert kept() == counted_from_states() != expected
    assert "count rows written" in out.getvalue()
    OzgLevelCount.objects.all().delete()
    call_command("ozg_recount", stdout=StringIO())
    assert kept() == counted_from_states()


def test_catalog_import_moves_counts_with_the_leistung(catalog, tmp_path):
    from kommunalkompass.ozg.catalog import catalog_import

    themen, leistungen = catalog
    organisation = sharing_organisation()
    services.catalog_track(actor=None, organisation=organisation, leistungen=leistungen)
    loose = next(leistung for leistung in leistungen if leistung.themenfeld_id is None)
    path = tmp_path / "catalog.csv"
    path.write_text(
        "themenfeld,lebenslage,ozg_id,ozg_leistung,leika_key,leistung,leika_typ,rechtsgrundlage\n"
        f"{themen[1].name},,{loose.ozg_id},{loose.name},99000000000001,Leistung X,1,\n",
        encoding="utf-8",
    )
    catalog_import(path=path, skip_invalid=True)
    loose.refresh_from_db()
    assert loose.themenfeld_id == themen[1].pk
    assert kept() == counted_from_states()


def test_the_below_online_index_matches_the_counting_rule():
    """The partial index that answers "flächendeckend" is written for level 2."""
    index = next(i for i in ServiceState._meta.indexes if i.name == "service_state_below_online")
    assert ("level__lt", ONLINE_LEVEL) in index.condition.children[1].children


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent transactions")
def test_concurrent_changes_in_one_themenfeld_all_count():
    """Transactions that change services of one organisation and Themenfeld at once wait
    for each other on the count row and each adds its change: none is lost."""
    themenfeld = ThemenfeldFactory(name="Themenfeld zugleich")
    leistungen = [
        OzgLeistungFactory(ozg_id=f"{41000 + n:05d}", themenfeld=themenfeld) for n in range(8)
    ]
    organisation = sharing_organisation()
    services.catalog_track(actor=None, organisation=organisation, leistungen=leistungen)
    states = list(ServiceState.objects.filter(organisation=organisation).order_by("pk"))
    barrier = threading.Barrier(len(states))
    errors = []

    def change(state, level):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                services.service_state_update(actor=None, state=state, level=level)
                time.sleep(0.05)  # hold the count row while the others wait for it
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=change, args=(state, n % 5)) for n, state in enumerate(states)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert kept() == counted_from_states()
    assert kept()[(organisation.pk, themenfeld.pk)] == (0, 2, 2, 2, 1, 1, 0, 0, 0)
