"""Demo data of the OZG module: Musterstadt tracks the catalog with a realistic spread of
levels and statuses and 18 months of snapshots; the peer organisations track it too."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from kommunalkompass.organisations.demo import PEER_ORGANISATIONS
from kommunalkompass.organisations.models import Department, Organisation, Role

from . import services
from .catalog import load_shipped_catalog
from .duties import sync_shipped_duties
from .models import OzgSettings, ServiceState, Snapshot

# Level shares of the relevant services (model 1.1, levels 0–4).
LEVELS = (0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4)
NOT_RELEVANT = (
    "Zuständig ist der Landkreis.",
    "Zuständig ist das Land.",
    "Wird in der Stadt nicht angeboten.",
)


def _spread(organisation, rng: random.Random, *, today: datetime.date, shift: float = 0) -> None:
    departments = list(Department.objects.filter(organisation=organisation))
    states = list(ServiceState.objects.filter(organisation=organisation).select_related("leistung"))
    for state in states:
        state.relevant = rng.random() > 0.1
        if not state.relevant:
            state.status = ServiceState.Status.NOT_RELEVANT
            state.relevance_reason = rng.choice(NOT_RELEVANT)
            continue
        level = min(4, max(0, rng.choice(LEVELS) + round(shift + rng.uniform(-0.4, 0.4))))
        state.level = level
        state.department = rng.choice(departments) if departments else None
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
            "relevant", "relevance_reason", "level", "status", "department",
            "responsible_person", "go_live", "solution", "solution_name", "online_url",
            "target_level", "target_date",
        ],
        batch_size=500,
    )  # fmt: skip


def _history(organisation, today: datetime.date) -> None:
    """18 monthly snapshots leading up to today's figures, growing steadily."""
    Snapshot.objects.filter(organisation=organisation).delete()
    now = services.snapshot_figures(organisation)
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
        services.track_catalog(actor=actor, organisation=organisation)
        shift = 0.0 if organisation.slug == "musterstadt" else rng.uniform(-0.8, 0.8)
        _spread(organisation, rng, today=today, shift=shift)
        _history(organisation, today)
    return []
