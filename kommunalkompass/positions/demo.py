"""Demo data of the positions module: Musterstadt's job descriptions.

Three existing posts (the IT system administrator's description in two versions), two
planned posts for the roles the roadmap's measures need (information security officer,
e-file coordinator) and one role need no post is planned for yet (OZG coordination).
Idempotent: Musterstadt's posts and role needs are replaced.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from kommunalkompass.organisations.models import Department, Organisation, Role
from kommunalkompass.strategy.models import Measure

from . import selectors, services
from .models import Post, RoleNeed

OFFER = (
    "Einen sicheren Arbeitsplatz im öffentlichen Dienst nach dem TVöD\n"
    "Flexible Arbeitszeiten und die Möglichkeit, mobil zu arbeiten\n"
    "Fortbildungen, die zu Ihren Aufgaben passen\n"
    "Ein Team, das die Digitalisierung der Stadt gemeinsam voranbringt"
)

# Measure title (of the demo strategy) → (role template, FTE, needed from, post number or "")
NEEDS = {
    "Leitlinie zur Informationssicherheit und Informationssicherheitsbeauftragte/r": (
        "isb", Decimal("1"), datetime.date(2027, 7, 1), "10.20.10",
    ),
    "Einheitlicher Aktenplan und Regeln für die digitale Ablage": (
        "e-file-coordinator", Decimal("1"), datetime.date(2028, 1, 1), "10.01.20",
    ),
    "Anbindung an das BayernPortal und das Nutzerkonto": (
        "ozg-coordinator", Decimal("0.5"), datetime.date(2028, 4, 1), "",
    ),
}  # fmt: skip


@transaction.atomic
def load(*, password: str, stdout=None) -> list:
    organisation = Organisation.objects.filter(slug="musterstadt").first()
    if organisation is None:
        return []
    admin = organisation.organisations_membership_set.filter(role=Role.ADMIN).first()
    actor = admin.user if admin else None
    Post.objects.filter(organisation=organisation).delete()
    RoleNeed.objects.filter(organisation=organisation).delete()
    departments = {d.name: d for d in Department.objects.filter(organisation=organisation)}
    it = departments.get("IT und Digitalisierung")
    main = departments.get("Hauptamt")
    settings = selectors.position_settings(organisation=organisation)
    services.position_settings_update(
        actor=actor, organisation=organisation, version=settings.version if settings.pk else None,
        employer_offer=OFFER, full_time_hours=Decimal("39"), person_days_per_fte=200,
    )  # fmt: skip

    officer = services.post_create_from_template(
        actor=actor, organisation=organisation, role_key="digital-officer", number="10.01.01",
        department=main,
    )  # fmt: skip
    admin_post = services.post_create_from_template(
        actor=actor, organisation=organisation, role_key="sysadmin", number="10.20.01",
        department=it,
    )  # fmt: skip
    desk = services.post_create_from_template(
        actor=actor, organisation=organisation, role_key="service-desk", number="10.20.02",
        department=it,
    )  # fmt: skip
    # The administrator's description changes: the backups become a work process of their own.
    description = selectors.current_description(admin_post)
    processes = [
        services.ProcessInput(
            "Server und Netze betreiben", 40, "Updates und Überwachung", ("design-scope",)
        ),
        services.ProcessInput(
            "Datensicherung und Wiederherstellung verantworten",
            20,
            "Offline-Sicherung nach dem 3-2-1-Prinzip\nWiederherstellung regelmäßig testen",
            ("design-scope",),
        ),
        services.ProcessInput(
            "Störungen beheben", 25, "Fehleranalyse und Wiederherstellung", ("without-guidance",)
        ),
        services.ProcessInput(
            "Systeme planen und einführen", 15, "Konzepte und Beschaffungsvorschläge",
            ("design-scope",),
        ),
    ]  # fmt: skip
    services.post_update(
        actor=actor,
        organisation=organisation,
        post=admin_post,
        version=admin_post.version,
        fields={"reports_to": officer, "leads": "IT-Service-Desk (1 Stelle)"},
        description={name: getattr(description, name) for name in services.DESCRIPTION_FIELDS},
        processes=processes,
        note="Datensicherung als eigener Arbeitsvorgang (Maßnahme Schutz vor Ransomware)",
    )
    desk.refresh_from_db()
    services.post_update(
        actor=actor,
        organisation=organisation,
        post=desk,
        version=desk.version,
        fields={"reports_to": admin_post, "deputises_for": admin_post},
        description={
            name: getattr(selectors.current_description(desk), name)
            for name in services.DESCRIPTION_FIELDS
        },
        processes=[
            services.ProcessInput(p.title, p.share, p.tasks, tuple(p.features))
            for p in selectors.current_description(desk).processes.all()
        ],
    )

    for title, (role_key, fte, needed_from, number) in NEEDS.items():
        measure = Measure.objects.filter(
            organisation=organisation, strategy__is_current=True, title=title
        ).first()
        if measure is None:
            continue
        need = services.role_need_create(
            actor=actor, organisation=organisation, measure=measure, role_key=role_key,
            fte=fte, needed_from=needed_from,
        )  # fmt: skip
        if number:
            services.post_create_from_need(
                actor=actor, organisation=organisation, need=need, number=number
            )
    return []
