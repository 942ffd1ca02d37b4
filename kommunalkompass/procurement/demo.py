"""Demo data of the procurement module: Musterstadt buys an E-Akte from the catalog; three
bidders answer through the real answer sheet (generated, filled as a bidder would, and
imported); the bids are scored, evaluated with the einfache Richtwertmethode and signed off
by the editor and the administrator. A draft for a Ratsinformationssystem is started too.
Idempotent: the demo procurements are made anew on each run."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from kommunalkompass.organisations.models import Organisation, Role
from kommunalkompass.strategy.models import Measure

from . import services, sheets
from .models import Procurement, Requirement

E_AKTE = "Einführung E-Akte (DMS) für die Kernverwaltung"
RIS = "Ratsinformationssystem mit Gremien-App"
E_AKTE_MEASURE = "E-Akte in allen Fachbereichen einführen"
RIS_MEASURE = "Ratsinformationssystem und papierlose Sitzungsarbeit"

# Bidders: price per lot (net euro), points per B requirement (by default ``base``), and
# what they leave unfulfilled. Anbieter B has the best performance, C the lowest price.
BIDS = (
    ("Aktenwerk GmbH", {1: "182.000,00", 2: "46.500,00"}, 6, {"EAK-04": 8, "SEC-02": 7}, {}),
    ("Beta Systemhaus AG", {1: "214.000,00", 2: "52.000,00"}, 8,
     {"EAK-06": 6, "OPS-02": 9, "BF-02": 7}, {}),
    ("Civitas Software eG", {1: "151.000,00", 2: "39.900,00"}, 5,
     {"EAK-02": 7, "EAK-08": 3}, {"EAK-06": "nein"}),
)  # fmt: skip


def _users(organisation):
    memberships = organisation.organisations_membership_set.select_related("user")
    admin = memberships.filter(role=Role.ADMIN).first()
    editor = memberships.filter(role=Role.EDITOR).first()
    return (admin.user if admin else None), (editor.user if editor else None)


def _measure(organisation, title):
    return Measure.objects.filter(
        organisation=organisation, strategy__is_current=True, title=title
    ).first()


@transaction.atomic
def _load(organisation) -> None:
    admin, editor = _users(organisation)
    Procurement.objects.filter(organisation=organisation, title__in=[E_AKTE, RIS]).delete()
    measure = _measure(organisation, E_AKTE_MEASURE)
    procurement = services.procurement_create(
        actor=editor, organisation=organisation, title=E_AKTE, catalog_key="e-akte",
        estimated_value=Decimal("480000"),
        subject="Lieferung, Einführung und Pflege eines Dokumentenmanagementsystems mit "
        "E-Akte für rund 180 Arbeitsplätze; Los 2: Scannen und Posteingang.",
        measures=[measure] if measure else [],
    )  # fmt: skip
    services.procurement_update(
        actor=editor, procurement=procurement, version=None,
        buyer_contributions="Der Auftraggeber stellt eine Projektleitung (0,5 Stellen), die "
        "Server-Infrastruktur im kommunalen Rechenzentrum und je Fachbereich eine "
        "Ansprechperson.",
        project_terms="Einführung in drei Wellen über 18 Monate; Abnahme je Welle nach "
        "Testprotokoll; Dokumentation in deutscher Sprache; Schulung von 12 Multiplikatorinnen "
        "und Multiplikatoren.",
    )  # fmt: skip
    draft = procurement.versions.get()
    services.lot_add(actor=editor, specification=draft, title="Scannen und Posteingang")
    services.requirement_add(
        actor=editor, specification=draft, key="EAK-09", group="Vorgangsbearbeitung",
        kind=Requirement.Kind.B, weight=6,
        text="Mobile Einsicht in Akten auf dienstlichen Tablets (Sitzungen, Außendienst).",
        evidence="Vorführung",
    )  # fmt: skip
    published = services.specification_publish(actor=editor, specification=draft)
    services.evaluation_configure(
        actor=editor, procurement=procurement, method="simple", parameters={}
    )
    evaluation = procurement.evaluation
    blank = sheets.build_answer_sheet(published)
    b_requirements = list(published.requirements.filter(kind=Requirement.Kind.B))
    for bidder, prices, base, points, unfulfilled in BIDS:
        filled = sheets.fill_answer_sheet(blank, bidder=bidder, prices=prices,
                                          fulfilled=unfulfilled)  # fmt: skip
        parsed = sheets.parse_answer_sheet(
            procurement=procurement, data=filled, filename=f"{bidder}.xlsx"
        )
        bid = services.bid_import(actor=editor, procurement=procurement, parsed=parsed)
        services.scores_update(
            actor=editor, evaluation=evaluation, bid=bid,
            points={r.pk: points.get(r.key, base) for r in b_requirements},
        )  # fmt: skip
    if editor is not None and admin is not None:
        services.evaluation_sign(actor=editor, evaluation=evaluation)
        services.evaluation_sign(actor=admin, evaluation=evaluation)
    ris_measure = _measure(organisation, RIS_MEASURE)
    services.procurement_create(
        actor=editor, organisation=organisation, title=RIS, catalog_key="ratsinformationssystem",
        estimated_value=Decimal("95000"),
        subject="Sitzungsdienst, Bürgerinformationssystem und App für 44 Ratsmitglieder.",
        measures=[ris_measure] if ris_measure else [],
    )  # fmt: skip


def load(*, password: str, stdout=None) -> list:
    organisation = Organisation.objects.filter(slug="musterstadt").first()
    if organisation is not None:
        _load(organisation)
    return []
