"""Demo data of the OZG module: Musterstadt takes over the catalog as a town does (the
services a Stadt executes, and a few more it offers), assigned to its departments, with a
realistic spread of levels and statuses and 18 months of snapshots; the peer organisations
take it over too. Two legal duties are linked to measures of the demo strategy."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from kommunalkompass.organisations.demo import PEER_ORGANISATIONS
from kommunalkompass.organisations.models import Department, Organisation, Role
from kommunalkompass.strategy.models import Measure

from . import selectors, services
from .catalog import load_shipped_catalog
from .duties import sync_shipped_duties
from .models import DutyState, LegalDuty, OzgLeistung, OzgSettings, ServiceState, Snapshot

# Level shares of the relevant services (model 1.1, levels 0–4).
LEVELS = (0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4)

# Services the default list leaves undecided (their level differs between the states) that
# the demo towns and Gemeinden offer themselves, as Bavarian and NRW municipalities do.
ALSO_OFFERED = (
    "10019",  # Kindertagesbetreuung
    "10058",  # Bibliotheks- und Archivangebote
    "10136",  # Mängel melden
    "10349",  # Veranstaltungserlaubnis
    "10350",  # Wochen- und Spezialmärkte
)
# Taken over, but not offered here: a tax the demo organisations do not levy.
NOT_OFFERED = {"10377": "Eine Vergnügungsteuer wird hier nicht erhoben."}

# Which kind of office carries a service, by OZG-ID; each demo organisation names its
# department for each kind (below). Services not listed go to the central office.
CITIZEN, FINANCE, BUILDING, SOCIAL, CENTRAL = "citizen", "finance", "building", "social", "central"
OFFICE = {
    **dict.fromkeys(
        (
            "10124", "10559", "10111", "10119", "10177",  # Meldewesen, Ausweise, Pässe
            "10557", "10003", "10026", "10025", "10235", "10237",  # Standesamt
            "10294", "10564", "10244", "10227", "10349", "10350",  # Gewerbe, Ordnung
        ),
        CITIZEN,
    ),
    **dict.fromkeys(("10117", "10364", "10160", "10126", "10377"), FINANCE),
    **dict.fromkeys(("10108", "10528", "10548", "10348", "10136"), BUILDING),
    **dict.fromkeys(("10019", "10058"), SOCIAL),
    **dict.fromkeys(("10145", "10144"), CENTRAL),  # Wahlen
}  # fmt: skip
DEPARTMENTS = {
    "musterstadt": {
        CITIZEN: "Bürgerdienste und Ordnung",
        FINANCE: "Finanzen",
        BUILDING: "Bauen und Umwelt",
        SOCIAL: "Bildung, Soziales und Kultur",
        CENTRAL: "Hauptamt",
    },
    "beispielhausen": {
        CITIZEN: "Bürgerbüro",
        FINANCE: "Zentrale Dienste",
        BUILDING: "Bauamt",
        SOCIAL: "Zentrale Dienste",
        CENTRAL: "Zentrale Dienste",
    },
}
# Legal duties of Musterstadt linked to measures of its demo strategy (the duty's own
# status is left open, so that the page offers to take the measure's status over).
DUTY_MEASURES = {
    "e-rechnung-empfang": "Eingang elektronischer Rechnungen (XRechnung)",
    "informationssicherheit": "Informationssicherheitsmanagement nach ISIS12 aufbauen",
}


def _take_over(organisation, actor) -> None:
    """Take over the catalog as a municipality would: its own services, a few more it
    offers, and a tax it does not levy marked as not relevant."""
    services.catalog_take_over(actor=actor, organisation=organisation)
    services.catalog_track(
        actor=actor,
        organisation=organisation,
        leistungen=OzgLeistung.objects.filter(ozg_id__in=ALSO_OFFERED),
    )
    ServiceState.objects.filter(
        organisation=organisation, leistung__ozg_id__in=list(NOT_OFFERED)
    ).update(
        relevant=False,
        status=ServiceState.Status.NOT_RELEVANT,
        relevance_reason=next(iter(NOT_OFFERED.values())),
    )


def _spread(organisation, rng: random.Random, *, today: datetime.date, shift: float = 0) -> None:
    names = DEPARTMENTS.get(organisation.slug, {})
    departments = {
        department.name: department
        for department in Department.objects.filter(organisation=organisation)
    }
    states = list(
        ServiceState.objects.filter(organisation=organisation, relevant=True).select_related(
            "leistung"
        )
    )
    for state in states:
        level = min(4, max(0, rng.choice(LEVELS) + round(shift + rng.uniform(-0.4, 0.4))))
        state.level = level
        office = OFFICE.get(state.leistung.ozg_id, CENTRAL)
        state.department = departments.get(names.get(office, ""))
        state.responsible_person = rng.choice(
            ("OZG-Koordination", "Sachgebietsleitung", "Fachbereichsleitung")
        )
        if level >= 2 and rng.random() < 0.85:
            state.status = ServiceState.Status.ONLINE
            state.go_live = today - datetime.timedelta(days=rng.randint(30, 900))
            kind = rng.choice(("state_portal", "state_portal", "efa", "vendor", "own"))
            state.solution = kind
            state.solution_name = {
                "state_portal": "Onlinedienst im Portal des Landes",
                "efa": f"EfA-Dienst „{state.leistung.name}“",
                "vendor": "Online-Modul des Fachverfahrens",
                "own": "Eigenes Formular mit ePayment",
            }[kind]
            state.online_url = f"https://www.musterstadt.example/online/{state.leistung.ozg_id}"
        elif level >= 1:
            state.status = rng.choice(
                (ServiceState.Status.PLANNING, ServiceState.Status.IN_PROGRESS)
            )
        else:
            state.status = ServiceState.Status.OPEN
        if level < 3:
            state.target_level = 3
            state.target_date = rng.choice(
                (
                    datetime.date(today.year - 1, 12, 31),  # overdue
                    today + datetime.timedelta(days=rng.randint(20, 80)),  # due soon
                    datetime.date(today.year + 1, 12, 31),
                    datetime.date(today.year + 2, 6, 30),
                )
            )
    ServiceState.objects.bulk_update(
        states,
        [
            "level", "status", "department",
            "responsible_person", "go_live", "solution", "solution_name", "online_url",
            "target_level", "target_date",
        ],
        batch_size=500,
    )  # fmt: skip


def _history(organisation, today: datetime.date) -> None:
    """18 monthly snapshots leading up to today's figures, growing steadily."""
    Snapshot.objects.filter(organisation=organisation).delete()
    now = selectors.snapshot_figures(organisation=organisation)
    first = today.replace(day=1)
    snapshots = []
    for back in range(17, -1, -1):
        month = first
        for _ in range(back):
            month = (month - datetime.timedelta(days=1)).replace(day=1)
        share = 0.45 + 0.55 * (17 - back) / 17
        snapshots.append(
            Snapshot(
                organisation=organisation,
                month=month,
                figures={
                    "relevant": now["relevant"],
                    "online": round(now["online"] * share),
                    "compliant": round(now["compliant"] * share * share),
                    "levels": {},
                    "statuses": {},
                },
            )
        )
    snapshots[-1].figures = now
    Snapshot.objects.bulk_create(snapshots)


@transaction.atomic
def load(*, password: str, stdout=None) -> list:
    load_shipped_catalog()
    sync_shipped_duties()
    today = timezone.localdate()
    rng = random.Random(20261127)  # noqa: S311 - demo data, not security
    slugs = ["musterstadt", "beispielhausen", *(peer[0] for peer in PEER_ORGANISATIONS)]
    for organisation in Organisation.objects.filter(slug__in=slugs).order_by("slug"):
        admin = organisation.organisations_membership_set.filter(role=Role.ADMIN).first()
        actor = admin.user if admin else None
        ServiceState.objects.filter(organisation=organisation).delete()
        OzgSettings.objects.update_or_create(
            organisation=organisation,
            defaults={"model_version": "1.1", "share_for_aggregation": True},
        )
        _take_over(organisation, actor)
        shift = 0.0 if organisation.slug == "musterstadt" else rng.uniform(-0.8, 0.8)
        _spread(organisation, rng, today=today, shift=shift)
        # The demo writes the states by hand (quicker than edit by edit): count them anew.
        services.level_counts_recount(organisations=[organisation])
        _history(organisation, today)
    musterstadt = Organisation.objects.filter(slug="musterstadt").first()
    if musterstadt is not None:
        _link_duties(musterstadt)
    return []


def _link_duties(organisation) -> None:
    for key, title in DUTY_MEASURES.items():
        duty = LegalDuty.objects.filter(key=key).first()
        measure = Measure.objects.filter(
            organisation=organisation, strategy__is_current=True, title=title
        ).first()
        if duty is None or measure is None:
            continue
        DutyState.objects.update_or_create(
            organisation=organisation,
            duty=duty,
            defaults={"measure": measure, "status": DutyState.Status.OPEN},
        )
