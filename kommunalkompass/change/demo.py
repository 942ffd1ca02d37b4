"""Demo data of the change module: Musterstadt's E-Akte roll-out as a change initiative with
twelve stakeholders assessed twice, two readiness pulses (a department below the anonymity
threshold, so that suppression shows), a communication plan and three coaching sessions."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from kommunalkompass.assessments.models import Assessment
from kommunalkompass.organisations.models import Department, Organisation, Role
from kommunalkompass.strategy.models import Measure

from . import services
from .models import CoachingSession, CommunicationItem, Initiative, Pulse, Stakeholder
from .responses import add_responses

TITLE = "Einführung der E-Akte"
ADKAR = "adkar-1.0"

# name, kind, role, (power, interest, attitude) then and now, quadrant wanted, strategy
STAKEHOLDERS = [
    ("Bürgermeisterin", "person", "Verwaltungsspitze", (5, 3, "supportive"), (5, 4, "supportive"),
     "manage_closely", "Monatlicher Bericht im Verwaltungsvorstand; Schirmherrschaft."),
    ("Personalrat", "group", "Beschäftigtenvertretung", (4, 5, "resistant"), (4, 5, "neutral"),
     "manage_closely", "Frühe Beteiligung, Dienstvereinbarung E-Akte gemeinsam erarbeiten."),
    ("Fachbereichsleitung Bürgerdienste", "person", "FB 3", (4, 3, "neutral"),
     (4, 4, "supportive"), "manage_closely", "Pilotbereich; Erfolge sichtbar machen."),
    ("Fachbereichsleitung Finanzen", "person", "FB 2", (4, 2, "resistant"), (4, 3, "neutral"),
     "keep_satisfied", "Nutzen für Rechnungsworkflow zeigen; Aufwand begrenzen."),
    ("Sachbearbeitung Bauen", "group", "FB 4", (2, 4, "resistant"), (2, 4, "resistant"),
     "keep_informed", "Große Pläne digital: Scanner und Bildschirme klären."),
    ("Poststelle", "group", "Hauptamt", (2, 5, "neutral"), (3, 5, "supportive"),
     "keep_informed", "Posteingang scannen: Schulung und neue Abläufe zuerst."),
    ("Digitallotsinnen und -lotsen", "group", "alle Fachbereiche", (2, 4, "supportive"),
     (3, 5, "supportive"), "keep_informed", "Als Multiplikatoren schulen und einbinden."),
    ("IT-Dienstleister", "group", "extern", (3, 3, "neutral"), (3, 3, "supportive"),
     "keep_satisfied", "Technische Abnahme und Betrieb; feste Ansprechperson."),
    ("Datenschutzbeauftragte", "person", "Stabsstelle", (3, 3, "neutral"), (3, 4, "neutral"),
     "keep_satisfied", "Löschkonzept und Berechtigungen früh abstimmen."),
    ("Gleichstellungsbeauftragte", "person", "Stabsstelle", (2, 2, "neutral"),
     (2, 3, "neutral"), "monitor", "Informieren über Telearbeit und Barrierefreiheit."),
    ("Hauptausschuss", "group", "Stadtrat", (5, 2, "neutral"), (5, 2, "supportive"),
     "keep_satisfied", "Halbjährlicher Sachstand; Kosten und Nutzen klar darstellen."),
    ("Archiv", "person", "Hauptamt", (2, 3, "neutral"), (2, 4, "supportive"),
     "keep_informed", "Aussonderung und digitale Archivierung gemeinsam regeln."),
]  # fmt: skip

COMMUNICATIONS = [
    (-60, "Alle Beschäftigten", "Warum wir die E-Akte einführen: Auftakt mit der Bürgermeisterin",
     "staff_meeting", "done"),
    (-40, "Personalrat", "Entwurf der Dienstvereinbarung E-Akte", "meeting", "done"),
    (-20, "Fachbereich Bürgerdienste", "Start des Pilotbetriebs und Schulungstermine",
     "email", "done"),
    (7, "Alle Beschäftigten", "Erste Erfolge aus dem Pilot: weniger Suchzeiten", "intranet",
     "planned"),
    (21, "Digitallotsinnen und -lotsen", "Schulung „E-Akte für Multiplikatoren“", "workshop",
     "planned"),
    (45, "Hauptausschuss", "Sachstand E-Akte und Zeitplan der weiteren Fachbereiche",
     "meeting", "planned"),
]  # fmt: skip


def _clear(organisation: Organisation) -> None:
    for pulse in Pulse.objects.filter(organisation=organisation):
        Assessment.objects.filter(pk=pulse.assessment_id).delete()
    Initiative.objects.filter(organisation=organisation).delete()
    Stakeholder.objects.filter(organisation=organisation).delete()
    CommunicationItem.objects.filter(organisation=organisation).delete()
    CoachingSession.objects.filter(organisation=organisation).delete()


def _users(organisation: Organisation) -> dict:
    return {
        m.role: m.user for m in organisation.organisations_membership_set.select_related("user")
    }


def _pulse(organisation, initiative, actor, *, title, days_ago, closed, respondents, means, rng):
    pulse = services.pulse_create(
        actor=actor,
        organisation=organisation,
        title=title,
        model_ident=ADKAR,
        initiative=initiative,
    )
    services.pulse_open(actor=actor, pulse=pulse)
    add_responses(pulse.assessment, len(respondents), rng=rng, departments=respondents, means=means)
    if closed:
        services.pulse_close(actor=actor, pulse=pulse)
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Pulse.objects.filter(pk=pulse.pk).update(created_at=when)
    Assessment.objects.filter(pk=pulse.assessment_id).update(
        created_at=when,
        opened_at=when,
        closed_at=when + datetime.timedelta(days=14) if closed else None,
    )
    return pulse


@transaction.atomic
def load(*, password: str, stdout=None) -> list:
    organisation = Organisation.objects.filter(slug="musterstadt").first()
    if organisation is None:
        return []
    _clear(organisation)
    users = _users(organisation)
    admin, editor, viewer = users[Role.ADMIN], users[Role.EDITOR], users[Role.VIEWER]
    today = timezone.localdate()
    rng = random.Random(20270115)  # noqa: S311 - demo data, not security
    measures = list(Measure.objects.filter(organisation=organisation, title__contains="E-Akte"))

    initiative = services.initiative_create(
        actor=admin,
        organisation=organisation,
        title=TITLE,
        description=(
            "Die E-Akte wird nach dem Pilot in den Bürgerdiensten schrittweise in allen "
            "Fachbereichen eingeführt. Die Initiative begleitet die Beschäftigten dabei."
        ),
        status=Initiative.Status.ACTIVE,
        owner=admin,
        start=today - datetime.timedelta(days=90),
        end=today + datetime.timedelta(days=365),
        measures=measures,
    )
    evidence = {
        1: "Bürgermeisterin erklärt im Auftakt die Folgen des Papierbetriebs.",
        2: "Lenkungskreis mit Personalrat, FB-Leitungen und IT gebildet.",
        3: "Zielbild „Papierarm bis 2028“ im Verwaltungsvorstand beschlossen.",
        4: "Auftaktveranstaltung und Intranetseite „Warum E-Akte?“",
    }
    for step in initiative.steps.filter(step__in=evidence):
        services.initiative_step_update(
            actor=admin,
            step=step,
            done=True,
            evidence=evidence[step.step],
            done_on=today - datetime.timedelta(days=90 - 15 * step.step),
        )
    services.risk_create(
        actor=admin, initiative=initiative, kind="resistance", owner=editor,
        title="Sorge vor Leistungskontrolle durch Protokolldaten",
        response="Dienstvereinbarung schließt Leistungskontrolle aus; Personalrat beteiligt.",
    )  # fmt: skip
    services.risk_create(
        actor=admin, initiative=initiative, owner=admin,
        title="Zu wenige Scanner für großformatige Bauakten",
        response="Bedarf erheben; Großformatscanner über den IT-Dienstleister beschaffen.",
    )  # fmt: skip

    departments = {d.short_name: d for d in Department.objects.filter(organisation=organisation)}
    for name, kind, role, before, after, wanted, strategy in STAKEHOLDERS:
        person = services.stakeholder_create(
            actor=admin,
            organisation=organisation,
            name=name,
            kind=kind,
            role=role,
            department=departments.get(role),
            initiative=initiative,
            power=before[0],
            interest=before[1],
            attitude=before[2],
            wanted_quadrant=wanted,
            engagement=strategy,
            owner=editor,
            measures=measures,
            assessed_on=today - datetime.timedelta(days=90),
        )
        services.stakeholder_assess(
            actor=editor,
            stakeholder=person,
            power=after[0],
            interest=after[1],
            attitude=after[2],
            assessed_on=today - datetime.timedelta(days=14),
        )

    # Both pulses are closed: the demo's one open survey is the assessments' Quick-Check
    # (the project's browser guards answer "the" open survey of Musterstadt).
    # Pulse 1: FB 2 and FB 4 answer with fewer than 5 people: their cells are hidden.
    first = [departments.get("FB 1")] * 6 + [departments.get("FB 3")] * 7
    first += [departments.get("FB 2")] * 3 + [departments.get("FB 4")] * 2
    _pulse(
        organisation, initiative, admin, title="Puls E-Akte: Start", days_ago=60, closed=True,
        respondents=first, rng=rng,
        means={"awareness": 3.4, "desire": 2.6, "knowledge": 2.2, "ability": 2.0,
               "reinforcement": 2.4},
    )  # fmt: skip
    second = [departments.get("FB 1")] * 7 + [departments.get("FB 3")] * 8
    second += [departments.get("FB 2")] * 6 + [departments.get("FB 4")] * 2
    _pulse(
        organisation, initiative, admin, title="Puls E-Akte: nach dem Pilot", days_ago=20,
        closed=True, respondents=second, rng=rng,
        means={"awareness": 3.9, "desire": 3.3, "knowledge": 3.0, "ability": 2.5,
               "reinforcement": 2.9},
    )  # fmt: skip

    for offset, audience, message, channel, status in COMMUNICATIONS:
        services.communication_create(
            actor=admin, organisation=organisation, initiative=initiative,
            audience=audience, message=message, channel=channel, status=status,
            date=today + datetime.timedelta(days=offset), owner=editor,
        )  # fmt: skip

    sessions = [
        (-50, viewer, "Rolle als Digitallotsin im Fachbereich Finanzen",
         "Zwei Sprechstunden pro Monat; Rückmeldungen sammeln.",
         [("Sprechstunden im Kalender anlegen", viewer, -35, "done"),
          ("Fragenliste der Kolleginnen und Kollegen zusammenstellen", viewer, -3, "open")]),
        (-20, viewer, "Widerstände im Team: Umgang mit Sorgen",
         "Sorgen ernst nehmen und an den Lenkungskreis geben.",
         [("Sorgen aus dem Team an den Lenkungskreis melden", editor, 5, "open")]),
        (-7, admin, "Steuerung der Einführung und Kommunikation mit dem Personalrat",
         "Monatlicher Jour fixe mit dem Personalrat.",
         [("Jour fixe mit dem Personalrat terminieren", admin, 10, "open"),
          ("Erfolgsgeschichte aus dem Pilot für das Intranet", editor, 14, "open")]),
    ]  # fmt: skip
    for offset, coachee, topics, agreements, actions in sessions:
        session = services.coaching_session_create(
            actor=editor, organisation=organisation, date=today + datetime.timedelta(days=offset),
            coach=editor, coachee=coachee, topics=topics, agreements=agreements,
            initiative=initiative,
        )  # fmt: skip
        services.coaching_notes_update(
            actor=editor,
            session=session,
            notes="Vertrauliche Notiz (Demo): nur Coach und Coachee lesen sie.",
        )
        for title, owner, due, status in actions:
            services.action_item_create(
                actor=editor, session=session, title=title, owner=owner,
                due=today + datetime.timedelta(days=due), status=status,
            )  # fmt: skip
    if stdout is not None:
        stdout.write("Change: E-Akte initiative, 12 stakeholders, 2 pulses, 3 coaching sessions.")
    return []
