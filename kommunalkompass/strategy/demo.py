"""Demo data of the strategy app: Musterstadt's agreed digital strategy, Beispielhausen's draft.

The content is written as data (strategy, fields, goals with indicators, measures) and loaded
through the services, so it passes the same checks as anything a user enters. Measures refer
to fields, goals and earlier measures by key; a measure can depend on earlier measures only.
The roadmap (``planned_quarter``) is left to the scheduler.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from kommunalkompass.assessments.models import Assessment
from kommunalkompass.organisations.models import Department, Membership, Organisation, Role

from . import services
from .models import Measure, Strategy

# Departments of Musterstadt (organisations/demo.py).
HAUPTAMT = "Hauptamt"
FINANZEN = "Finanzen"
BUERGERDIENSTE = "Bürgerdienste und Ordnung"
BAUEN = "Bauen und Umwelt"
BILDUNG = "Bildung, Soziales und Kultur"
IT = "IT und Digitalisierung"

DONE, IN_PROGRESS, PLANNED, IDEA, DROPPED = (
    Measure.Status.DONE,
    Measure.Status.IN_PROGRESS,
    Measure.Status.PLANNED,
    Measure.Status.IDEA,
    Measure.Status.DROPPED,
)

# Musterstadt ---------------------------------------------------------------------------------

MUSTERSTADT_AGREED_ON = datetime.date(2026, 11, 19)

MUSTERSTADT = {
    "organisation": "musterstadt",
    "roadmap": True,
    "title": "Digitalstrategie Musterstadt 2027–2031",
    "start_year": 2027,
    "horizon_years": 5,
    "assessment": "Reifegradanalyse 2026",
    "vision": (
        "Musterstadt ist 2031 eine Stadtverwaltung, deren Leistungen Bürgerinnen, Bürger und "
        "Unternehmen jederzeit einfach, sicher und ohne unnötige Wege in Anspruch nehmen "
        "können – online ebenso wie persönlich im Rathaus. Die Beschäftigten arbeiten mit "
        "durchgängig digitalen Akten und Abläufen, verfügen über die dafür nötigen "
        "Kompetenzen und gewinnen Zeit für Beratung und schwierige Fälle. Daten der "
        "Verwaltung werden verantwortungsvoll genutzt, wo möglich offen bereitgestellt und "
        "geben dem Stadtrat eine verlässliche Grundlage für seine Entscheidungen. Rathaus, "
        "Außenstellen und Schulen verfügen über eine leistungsfähige, sichere und gut "
        "betreute IT."
    ),
    "principles": [
        "Nutzen vor Technik: Jede Maßnahme muss Bürgerinnen, Bürgern, Unternehmen oder "
        "Beschäftigten erkennbar nützen.",
        "Erst den Ablauf vereinfachen, dann digitalisieren.",
        "Nachnutzen vor Selbermachen: Lösungen des Freistaats, kommunaler IT-Dienstleister "
        "und anderer Kommunen haben Vorrang vor Eigenentwicklungen.",
        "Digital, aber nicht ausschließlich: Wer nicht online gehen kann oder will, wird "
        "weiterhin persönlich, telefonisch und schriftlich bedient.",
        "Informationssicherheit, Datenschutz und Barrierefreiheit sind von Beginn an Teil "
        "jeder Lösung.",
        "Beschäftigte und Personalrat werden früh beteiligt; Veränderungen werden erklärt, "
        "geschult und begleitet.",
        "Wir messen den Fortschritt offen und berichten dem Stadtrat einmal im Jahr.",
    ],
    "foreword": (
        "Liebe Bürgerinnen und Bürger, liebe Kolleginnen und Kollegen,\n\n"
        "die Digitalisierung verändert, wie Menschen mit ihrer Stadtverwaltung in Kontakt "
        "treten und wie wir im Rathaus arbeiten. Viele erwarten zu Recht, einen Antrag auch "
        "abends von zu Hause aus stellen oder einen Termin im Bürgerbüro online buchen zu "
        "können. Zugleich gehen in den kommenden Jahren viele erfahrene Kolleginnen und "
        "Kollegen in den Ruhestand; gute digitale Abläufe helfen uns, unsere Aufgaben auch "
        "mit weniger Personal verlässlich zu erfüllen.\n\n"
        "Diese Digitalstrategie beruht auf einer ehrlichen Bestandsaufnahme: An der "
        "Reifegradanalyse im Herbst 2026 haben sich mehr als 70 Beschäftigte beteiligt. Sie "
        "zeigt, wo wir gut aufgestellt sind, etwa bei der technischen Infrastruktur, und wo "
        "wir aufholen müssen – bei den Onlinediensten, bei durchgängig digitalen Abläufen und "
        "bei der Nutzung unserer Daten. Der Stadtrat hat die Strategie am 19. November 2026 "
        "beschlossen. Ich danke allen, die daran mitgewirkt haben, und lade Sie ein, die "
        "Umsetzung kritisch und konstruktiv zu begleiten.\n\n"
        "Ihre Oberbürgermeisterin"
    ),
    "status": Strategy.Status.AGREED,
    "agreed_on": MUSTERSTADT_AGREED_ON,
    "agreed_by": "Stadtrat, Beschluss Nr. 2026/118",
    # Euro per year (strings) and staff capacity in person-days per year.
    "budgets": {
        "2027": "850000",
        "2028": "920000",
        "2029": "880000",
        "2030": "760000",
        "2031": "700000",
    },
    "capacities": {"2027": 900, "2028": 950, "2029": 950, "2030": 900, "2031": 850},
}

# (key, name, maturity dimensions, description)
MUSTERSTADT_FIELDS = [
    (
        "verwaltung",
        "Verwaltung & Services",
        ["services", "organisation", "data"],
        "Leistungen der Stadt werden online angeboten und die Abläufe dahinter vom Antrag bis "
        "zum Bescheid durchgängig digital bearbeitet.",
    ),
    (
        "mitarbeitende",
        "Mitarbeitende & Kultur",
        ["people", "strategy"],
        "Die Beschäftigten werden befähigt und beteiligt, damit sie digitale Werkzeuge sicher "
        "nutzen und den Wandel mitgestalten.",
    ),
    (
        "infrastruktur",
        "Infrastruktur & Sicherheit",
        ["infrastructure", "security"],
        "Eine leistungsfähige, sichere und verlässlich betriebene IT ist die Grundlage aller "
        "anderen Handlungsfelder.",
    ),
    (
        "beteiligung",
        "Beteiligung",
        ["collaboration", "services", "data"],
        "Bürgerschaft und Stadtrat werden digital informiert und beteiligt; Daten der "
        "Verwaltung werden offen und nachnutzbar bereitgestellt.",
    ),
    (
        "bildung",
        "Bildung",
        ["infrastructure", "collaboration"],
        "Als Sachaufwandsträger sorgt die Stadt für zeitgemäß ausgestattete, gut angebundene "
        "und verlässlich betreute Schulen.",
    ),
]

# Two goals per field, each with one indicator and the values measured in 2026.
# Values: (measured on, value[, source]); the source defaults to the indicator's.
MUSTERSTADT_GOALS = [
    {
        "key": "online",
        "field": "verwaltung",
        "title": "Die 30 meistgenutzten Verwaltungsleistungen sind vollständig online nutzbar",
        "description": (
            "Antrag, Nachweise, Bezahlung und Bescheid ohne Papier und ohne Behördengang; die "
            "persönliche Vorsprache bleibt möglich."
        ),
        "indicator": {
            "name": "Meistgenutzte Leistungen mit vollständig digitalem Antragsweg (von 30)",
            "unit": "Leistungen",
            "direction": "increase",
            "baseline": ("2026-01-31", "7"),
            "target": ("2030-12-31", "30"),
            "source": "OZG-Dashboard, eigene Auswertung",
            "values": [("2026-03-31", "8"), ("2026-06-30", "10"), ("2026-09-30", "11")],
        },
    },
    {
        "key": "medienbruchfrei",
        "field": "verwaltung",
        "title": "Vorgänge werden elektronisch und ohne Medienbrüche bearbeitet",
        "description": (
            "Akten, Rechnungen und Anträge liegen digital vor und werden digital geprüft, "
            "freigegeben und archiviert."
        ),
        "indicator": {
            "name": "Anteil elektronisch eingehender Rechnungen (XRechnung, ZUGFeRD)",
            "unit": "%",
            "direction": "increase",
            "baseline": ("2026-01-31", "38"),
            "target": ("2030-12-31", "95"),
            "source": "Finanzsoftware, Auswertung Rechnungseingang",
            "values": [
                ("2026-04-30", "44"),
                ("2026-07-31", "51"),
                ("2026-10-31", "55"),
            ],
        },
    },
    {
        "key": "kompetenz",
        "field": "mitarbeitende",
        "title": "Alle Beschäftigten verfügen über die digitalen Kompetenzen ihrer Aufgaben",
        "description": (
            "Alle Beschäftigten haben die Basisschulung abgeschlossen; Führungskräfte sind für "
            "das Führen in der digitalen Verwaltung qualifiziert."
        ),
        "indicator": {
            "name": "Anteil der Beschäftigten mit abgeschlossener Basisschulung Digitalkompetenz",
            "unit": "%",
            "direction": "increase",
            "baseline": ("2026-01-31", "0"),
            "target": ("2030-06-30", "90"),
            "source": "Fortbildungsstatistik der Personalentwicklung",
            "values": [("2026-04-30", "8"), ("2026-07-31", "21"), ("2026-10-31", "37")],
        },
    },
    {
        "key": "akzeptanz",
        "field": "mitarbeitende",
        "title": "Die Beschäftigten erleben digitale Werkzeuge als Unterstützung ihrer Arbeit",
        "description": (
            "Veränderungen werden gemeinsam mit den Beschäftigten gestaltet; die Zufriedenheit "
            "mit den Werkzeugen und das Vertrauen in den Wandel steigen."
        ),
        "indicator": {
            "name": "Zustimmung zur Aussage „Die digitalen Werkzeuge erleichtern meine Arbeit“",
            "unit": "% Zustimmung",
            "direction": "increase",
            "baseline": ("2026-03-31", "41"),
            "target": ("2030-10-31", "70"),
            "source": "Mitarbeitendenbefragung",
            "values": [
                ("2026-03-31", "41", "Mitarbeitendenbefragung 2026"),
                ("2026-10-15", "46", "Pulsbefragung Herbst 2026"),
            ],
        },
    },
    {
        "key": "sicherheit",
        "field": "infrastruktur",
        "title": "Die Stadtverwaltung ist wirksam gegen Cyberangriffe geschützt",
        "description": (
            "Ein zertifiziertes Informationssicherheitsmanagement sorgt dafür, dass Risiken "
            "bekannt und die nötigen Schutzmaßnahmen umgesetzt sind."
        ),
        "indicator": {
            "name": "Erfüllungsgrad der Anforderungen aus dem ISIS12-Katalog",
            "unit": "%",
            "direction": "increase",
            "baseline": ("2026-03-31", "46"),
            "target": ("2030-06-30", "100"),
            "source": "ISMS-Bericht der/des Informationssicherheitsbeauftragten",
            "values": [("2026-03-31", "46"), ("2026-06-30", "51"), ("2026-09-30", "58")],
        },
    },
    {
        "key": "stabilitaet",
        "field": "infrastruktur",
        "title": "IT-Störungen beeinträchtigen den Dienstbetrieb kaum noch",
        "description": (
            "Fachverfahren, Netz und Telefonie stehen verlässlich zur Verfügung; Störungen "
            "werden schnell behoben."
        ),
        "indicator": {
            "name": "Ungeplante Ausfallzeit zentraler Fachverfahren je Quartal",
            "unit": "Stunden",
            "direction": "decrease",
            "baseline": ("2026-03-31", "38"),
            "target": ("2030-12-31", "8"),
            "source": "IT-Servicedesk, Ticketauswertung",
            "values": [("2026-03-31", "38"), ("2026-06-30", "31"), ("2026-09-30", "34")],
        },
    },
    {
        "key": "beteiligung",
        "field": "beteiligung",
        "title": "Bürgerinnen und Bürger können sich einfach digital informieren und beteiligen",
        "description": (
            "Vorhaben der Stadt und Beratungen des Stadtrats sind online nachvollziehbar; zu "
            "wichtigen Vorhaben gibt es eine digitale Beteiligung."
        ),
        "indicator": {
            "name": "Vorhaben mit Online-Beteiligung im laufenden Jahr",
            "unit": "Vorhaben",
            "direction": "increase",
            "baseline": ("2026-01-31", "1"),
            "target": ("2030-12-31", "8"),
            "source": "Stadtplanung und Öffentlichkeitsarbeit",
            "values": [("2026-06-30", "1"), ("2026-10-31", "2")],
        },
    },
    {
        "key": "daten",
        "field": "beteiligung",
        "title": "Die Daten der Verwaltung sind erschlossen und, wo möglich, offen verfügbar",
        "description": (
            "Die Verwaltung kennt ihre Datenbestände und deren Verantwortliche; Daten ohne "
            "Personenbezug werden maschinenlesbar und unter offener Lizenz veröffentlicht."
        ),
        "indicator": {
            "name": "Veröffentlichte offene Datensätze",
            "unit": "Datensätze",
            "direction": "increase",
            "baseline": ("2026-01-31", "0"),
            "target": ("2030-12-31", "50"),
            "source": "Open-Data-Portal Bayern",
            "values": [("2026-04-30", "2"), ("2026-09-30", "4")],
        },
    },
    {
        "key": "schulausstattung",
        "field": "bildung",
        "title": "Die städtischen Schulen sind zeitgemäß ausgestattet und schnell angebunden",
        "description": (
            "Jeder Unterrichtsraum hat WLAN und digitale Präsentationstechnik, jede Schule "
            "einen Glasfaseranschluss."
        ),
        "indicator": {
            "name": "Anteil der Unterrichtsräume mit WLAN und digitaler Präsentationstechnik",
            "unit": "%",
            "direction": "increase",
            "baseline": ("2026-01-31", "52"),
            "target": ("2030-09-30", "100"),
            "source": "Bestandserfassung der Schulverwaltung",
            "values": [("2026-03-31", "55"), ("2026-07-31", "58"), ("2026-10-31", "71")],
        },
    },
    {
        "key": "schulsupport",
        "field": "bildung",
        "title": "Technische Störungen an den Schulen werden schnell behoben",
        "description": (
            "Lehrkräfte müssen sich nicht selbst um die Technik kümmern; Störungen werden "
            "innerhalb fester Fristen behoben."
        ),
        "indicator": {
            "name": "Durchschnittliche Lösungszeit von Störungsmeldungen aus Schulen",
            "unit": "Arbeitstage",
            "direction": "decrease",
            "baseline": ("2026-03-31", "6.5"),
            "target": ("2030-07-31", "2"),
            "source": "Störungsmeldungen der Schulen, ab Mai 2026 Ticketsystem",
            "values": [("2026-03-31", "6.5"), ("2026-06-30", "6.1"), ("2026-09-30", "4.2")],
        },
    },
]

# The measures, in the order they are numbered. Keys of a measure:
#   key            how later measures refer to it ("after": the measures it depends on)
#   cost           (one-time, annual) in euro
#   benefit        scores 0–5: (citizens and businesses, staff, efficiency, legal, goals)
#   duration       in quarters; person_days per year
#   reports        status reports (date, status, progress, spent or None, comment); the last
#                  one must match the measure's status and progress
#   adopt          key of an assessment recommendation: the measure is adopted from the
#                  assessment and then completed; "note" is added to the adopted description
# fmt: off
MUSTERSTADT_MEASURES = [
    # Completed ------------------------------------------------------------------------------
    {
        "key": "lenkungskreis",
        "title": "Lenkungskreis Digitalisierung und Stelle der/des Digitalisierungsbeauftragten",
        "description": (
            "Ein Lenkungskreis aus Oberbürgermeisterin, Fachbereichsleitungen, IT-Leitung und "
            "Personalrat steuert die Digitalisierung fachbereichsübergreifend und entscheidet "
            "über Prioritäten. Die neu geschaffene Stelle der/des Digitalisierungsbeauftragten "
            "koordiniert die Vorhaben und ist Ansprechstelle für Fachbereiche und Stadtrat. "
            "Entscheidungen fallen schneller, Doppelarbeit wird vermieden."
        ),
        "fields": ["mitarbeitende"],
        "goals": ["akzeptanz"],
        "lead": HAUPTAMT,
        "lead_person": "Leitung Hauptamt",
        "participants": (
            "Oberbürgermeisterin, alle Fachbereichsleitungen, IT und Digitalisierung, Personalrat"
        ),
        "duration": 2,
        "cost": (0, 0),
        "funding": "Stellenplan (Personalkosten im Haushalt)",
        "benefit": (1, 3, 3, 0, 5),
        "effort": 2,
        "risk": 1,
        "person_days": 30,
        "after": [],
        "start": "2025-01-07",
        "end": "2025-06-30",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2025-03-14", IN_PROGRESS, 60, None,
             "Geschäftsordnung des Lenkungskreises im Entwurf; Stelle der/des "
             "Digitalisierungsbeauftragten (E 11) ausgeschrieben."),
            ("2025-07-01", DONE, 100, None,
             "Der Lenkungskreis tagt seit Mai 2025 monatlich; die Stelle ist seit 1. Juni 2025 "
             "besetzt."),
        ],
    },
    {
        "key": "isms_leitlinie",
        "title": "Leitlinie zur Informationssicherheit und Informationssicherheitsbeauftragte/r",
        "description": (
            "Die Oberbürgermeisterin setzt eine Leitlinie zur Informationssicherheit in Kraft, "
            "die Ziele, Verantwortlichkeiten und das angestrebte Sicherheitsniveau festlegt. "
            "Eine Informationssicherheitsbeauftragte oder ein Informationssicherheitsbeauftragter "
            "wird bestellt und ausgebildet. Damit erfüllt die Stadt eine Vorgabe des "
            "Bayerischen E-Government-Gesetzes und legt die Grundlage für ein "
            "Informationssicherheitsmanagement."
        ),
        "fields": ["infrastruktur"],
        "goals": ["sicherheit"],
        "lead": IT,
        "lead_person": "Leitung IT und Digitalisierung",
        "participants": "Hauptamt, Datenschutzbeauftragte/r, Personalrat",
        "duration": 2,
        "cost": (8500, 0),
        "funding": "Haushalt",
        "benefit": (1, 1, 1, 5, 4),
        "effort": 2,
        "risk": 1,
        "person_days": 35,
        "after": [],
        "start": "2025-02-03",
        "end": "2025-07-24",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2025-04-30", IN_PROGRESS, 50, "3200",
             "Entwurf der Leitlinie mit Verwaltungsleitung und Personalrat abgestimmt; "
             "Informationssicherheitsbeauftragter aus dem IT-Team benannt und zum Lehrgang "
             "angemeldet."),
            ("2025-08-05", DONE, 100, "8150",
             "Leitlinie am 24. Juli 2025 in Kraft gesetzt und im Intranet veröffentlicht; "
             "Zertifikatslehrgang abgeschlossen."),
        ],
    },
    {
        "key": "xrechnung",
        "title": "Eingang elektronischer Rechnungen (XRechnung)",
        "description": (
            "Die Stadt empfängt elektronische Rechnungen in den Formaten XRechnung und ZUGFeRD "
            "über einen zentralen Eingangskanal und übernimmt sie ohne Ausdruck in die "
            "Finanzsoftware. Lieferanten können ohne Papier abrechnen, die Stadtkasse spart "
            "Scannen und Abtippen, und die gesetzliche Pflicht zum Empfang ist erfüllt."
        ),
        "fields": ["verwaltung"],
        "goals": ["medienbruchfrei"],
        "lead": FINANZEN,
        "lead_person": "Leitung Stadtkasse",
        "participants": "IT und Digitalisierung, rechnungsbearbeitende Stellen aller Fachbereiche",
        "duration": 2,
        "cost": (16000, 3600),
        "funding": "Haushalt",
        "benefit": (2, 3, 4, 5, 3),
        "effort": 2,
        "risk": 2,
        "person_days": 45,
        "after": [],
        "start": "2024-10-01",
        "end": "2025-03-31",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2025-01-15", IN_PROGRESS, 60, "9800",
             "Eingangskanal und Anzeige in der Finanzsoftware eingerichtet; Test mit drei "
             "Lieferanten erfolgreich."),
            ("2025-04-10", DONE, 100, "15600",
             "Produktivbetrieb seit 1. April 2025; im ersten Monat gingen 212 Rechnungen "
             "elektronisch ein."),
        ],
    },
    {
        "key": "ratsinfo",
        "title": "Ratsinformationssystem und papierlose Sitzungsarbeit",
        "description": (
            "Sitzungsvorlagen, Niederschriften und Beschlüsse stehen den Stadtratsmitgliedern "
            "in einer App und der Öffentlichkeit im Bürgerinformationssystem zur Verfügung. "
            "Die Mitglieder des Stadtrats erhalten dienstliche Tablets; Druck und Versand der "
            "Sitzungsunterlagen entfallen weitgehend, und Bürgerinnen und Bürger können "
            "Beratungen leichter nachvollziehen."
        ),
        "fields": ["beteiligung"],
        "goals": ["beteiligung"],
        "lead": HAUPTAMT,
        "lead_person": "Leitung Sitzungsdienst",
        "participants": "Stadtratsfraktionen, IT und Digitalisierung",
        "duration": 3,
        "cost": (52000, 11500),
        "funding": "Haushalt",
        "benefit": (3, 4, 4, 1, 3),
        "effort": 3,
        "risk": 2,
        "person_days": 60,
        "after": [],
        "start": "2025-03-03",
        "end": "2025-12-11",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2025-07-31", IN_PROGRESS, 55, "38400",
             "Software eingeführt, 40 Tablets ausgegeben; Schulungen für die Fraktionen im "
             "Juli durchgeführt."),
            ("2026-01-20", DONE, 100, "51200",
             "Seit der Sitzung am 11. Dezember 2025 arbeitet der Stadtrat papierlos; zwei "
             "Mitglieder erhalten auf eigenen Wunsch weiterhin Papierunterlagen."),
        ],
    },
    {
        "key": "bayernportal",
        "title": "Anbindung an das BayernPortal und das Nutzerkonto",
        "description": (
            "Die Leistungsbeschreibungen der Stadt werden im BayernPortal gepflegt, und "
            "Onlinedienste können das Nutzerkonto (BayernID/BundID) mit Postfach nutzen. Damit "
            "steht die technische Grundlage, um Onlinedienste des Freistaats und anderer Länder "
            "ohne eigene Entwicklung nachzunutzen; Bürgerinnen und Bürger finden verlässliche "
            "Angaben zu Zuständigkeit, Unterlagen und Gebühren."
        ),
        "fields": ["verwaltung"],
        "goals": ["online"],
        "lead": IT,
        "lead_person": "Digitalisierungsbeauftragte/r",
        "participants": "Bürgerdienste und Ordnung, Hauptamt (Internetredaktion)",
        "duration": 2,
        "cost": (6000, 2400),
        "funding": "Haushalt",
        "benefit": (4, 2, 3, 4, 5),
        "effort": 2,
        "risk": 2,
        "person_days": 40,
        "after": ["lenkungskreis"],
        "start": "2025-06-02",
        "end": "2025-11-28",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2025-09-30", IN_PROGRESS, 50, None,
             "Zugang zum Redaktionssystem eingerichtet; 85 Leistungsbeschreibungen geprüft und "
             "ergänzt."),
            ("2025-12-05", DONE, 100, "5600",
             "Anbindung abgeschlossen; der erste Onlinedienst (Meldebescheinigung) ist "
             "freigeschaltet."),
        ],
    },
    {
        "key": "servicedesk",
        "title": "Zentraler IT-Servicedesk mit Ticketsystem",
        "description": (
            "Alle Störungen und Anfragen an die IT laufen über ein Ticketsystem mit "
            "Selbstbedienungsportal und festen Bearbeitungszeiten. Beschäftigte sehen jederzeit "
            "den Stand ihrer Meldung, und die IT erkennt wiederkehrende Probleme früher und "
            "kann Ausfälle gezielt vermeiden."
        ),
        "fields": ["infrastruktur"],
        "goals": ["stabilitaet"],
        "lead": IT,
        "lead_person": "Leitung IT-Betrieb",
        "participants": "alle Fachbereiche",
        "duration": 2,
        "cost": (18000, 6500),
        "funding": "Haushalt",
        "benefit": (0, 4, 4, 0, 3),
        "effort": 2,
        "risk": 1,
        "person_days": 40,
        "after": [],
        "start": "2025-04-01",
        "end": "2025-09-30",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2025-10-02", DONE, 100, "17400",
             "Servicedesk seit 1. Oktober 2025 in Betrieb; Meldungen per Telefon und E-Mail "
             "werden ebenfalls als Ticket erfasst."),
        ],
    },
    {
        "key": "mobiles_arbeiten",
        "title": "Mobiles Arbeiten: Dienstvereinbarung und Ausstattung mit Notebooks",
        "description": (
            "Eine Dienstvereinbarung regelt das mobile Arbeiten; 160 Arbeitsplätze erhalten "
            "Notebooks und einen sicheren Fernzugang. Beschäftigte können zeitweise von zu "
            "Hause oder unterwegs arbeiten, was die Stadt als Arbeitgeberin attraktiver macht "
            "und die Verwaltung bei Störungen des Dienstbetriebs handlungsfähig hält."
        ),
        "fields": ["mitarbeitende", "infrastruktur"],
        "goals": ["akzeptanz"],
        "lead": HAUPTAMT,
        "lead_person": "Leitung Personal",
        "participants": "Personalrat, IT und Digitalisierung, Datenschutzbeauftragte/r",
        "duration": 4,
        "cost": (196000, 8000),
        "funding": "Haushalt (Investitionen)",
        "benefit": (0, 5, 3, 1, 4),
        "effort": 3,
        "risk": 2,
        "person_days": 70,
        "after": ["isms_leitlinie"],
        "start": "2025-01-15",
        "end": "2025-12-19",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2025-06-30", IN_PROGRESS, 45, "88000",
             "Dienstvereinbarung mit dem Personalrat abgeschlossen; die ersten 70 Notebooks "
             "sind ausgegeben."),
            ("2026-01-15", DONE, 100, "191500",
             "Alle 160 Notebooks ausgerollt; rund 40 % der Beschäftigten nutzen das mobile "
             "Arbeiten regelmäßig."),
        ],
    },
    {
        "key": "wlan_grundschulen",
        "title": "WLAN in allen Grundschulen (1. Bauabschnitt)",
        "description": (
            "Die sieben städtischen Grundschulen erhalten ein flächendeckendes, zentral "
            "verwaltetes WLAN in allen Unterrichtsräumen. Lehrkräfte, Schülerinnen und Schüler "
            "können digitale Lernangebote im Unterricht verlässlich nutzen."
        ),
        "fields": ["bildung"],
        "goals": ["schulausstattung"],
        "lead": BILDUNG,
        "lead_person": "Leitung Schulverwaltung",
        "participants": (
            "IT und Digitalisierung, Bauen und Umwelt (Hochbau), Schulleitungen der Grundschulen"
        ),
        "duration": 4,
        "cost": (228000, 9500),
        "funding": "DigitalPakt Schule (Bund und Freistaat Bayern), Eigenanteil Haushalt",
        "benefit": (4, 3, 1, 0, 5),
        "effort": 3,
        "risk": 2,
        "person_days": 50,
        "after": [],
        "start": "2025-09-15",
        "end": "2026-09-11",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2026-04-30", IN_PROGRESS, 60, "131000",
             "Verkabelung in vier Grundschulen abgeschlossen; Access Points in den Osterferien "
             "montiert."),
            ("2026-09-30", DONE, 100, "224300",
             "Die übrigen drei Grundschulen wurden in den Sommerferien ausgestattet; Abnahme am "
             "11. September 2026."),
        ],
    },
    {
        "key": "ransomware",
        "title": "Schutz vor Ransomware: Zwei-Faktor-Anmeldung und Offline-Datensicherung",
        "description": (
            "Fernzugänge und administrative Konten werden mit einem zweiten Faktor geschützt, "
            "und die Datensicherung wird zusätzlich unveränderlich und vom Netz getrennt "
            "aufbewahrt. Ein erfolgreicher Angriff kann die Verwaltung so nicht mehr wochenlang "
            "lahmlegen, und die Daten der Bürgerinnen und Bürger bleiben wiederherstellbar."
        ),
        "fields": ["infrastruktur"],
        "goals": ["sicherheit", "stabilitaet"],
        "lead": IT,
        "lead_person": "Leitung IT-Betrieb",
        "participants": "Informationssicherheitsbeauftragte/r",
        "duration": 2,
        "cost": (38000, 4500),
        "funding": "Haushalt",
        "benefit": (2, 1, 2, 3, 5),
        "effort": 2,
        "risk": 2,
        "person_days": 45,
        "after": ["isms_leitlinie", "mobiles_arbeiten"],
        "start": "2026-01-12",
        "end": "2026-06-30",
        "status": DONE,
        "progress": 100,
        "reports": [
            ("2026-03-31", IN_PROGRESS, 50, "21000",
             "Zwei-Faktor-Anmeldung für alle Fernzugänge aktiv; Offline-Sicherung beauftragt."),
            ("2026-07-03", DONE, 100, "36800",
             "Unveränderliche Sicherung in Betrieb; Wiederherstellungstest eines Fachverfahrens "
             "in viereinhalb Stunden erfolgreich."),
        ],
    },
    # In progress ----------------------------------------------------------------------------
    {
        "key": "aktenplan",
        "title": "Einheitlicher Aktenplan und Regeln für die digitale Ablage",
        "description": (
            "Alle Fachbereiche legen ihre Unterlagen nach dem Einheitsaktenplan für die "
            "bayerischen Gemeinden ab und folgen gemeinsamen Regeln für Dateinamen, "
            "Ablageorte und Aufbewahrungsfristen. Unterlagen werden schneller gefunden, "
            "Vertretungen finden sich zurecht, und die spätere E-Akte lässt sich deutlich "
            "einfacher einführen."
        ),
        "fields": ["verwaltung"],
        "goals": ["medienbruchfrei"],
        "lead": HAUPTAMT,
        "lead_person": "Leitung Registratur",
        "participants": "alle Fachbereiche, IT und Digitalisierung, Stadtarchiv",
        "duration": 3,
        "cost": (9500, 0),
        "funding": "Haushalt",
        "benefit": (0, 4, 4, 2, 4),
        "effort": 2,
        "risk": 2,
        "person_days": 60,
        "after": ["lenkungskreis"],
        "start": "2026-03-02",
        "status": IN_PROGRESS,
        "progress": 75,
        "reports": [
            ("2026-06-30", IN_PROGRESS, 40, None,
             "Aktenplan in Hauptamt und Finanzen eingeführt; Ablageregeln mit dem Stadtarchiv "
             "abgestimmt."),
            ("2026-10-30", IN_PROGRESS, 75, "7200",
             "Fünf von sechs Fachbereichen umgestellt; Bauen und Umwelt folgt bis Januar 2027."),
        ],
    },
    {
        "key": "isis12",
        "title": "Informationssicherheitsmanagement nach ISIS12 aufbauen",
        "description": (
            "Die Stadt führt ein Informationssicherheitsmanagement nach ISIS12 ein, dem für "
            "Kommunen entwickelten Vorgehen in zwölf Schritten, das auf dem IT-Grundschutz des "
            "BSI aufbaut. Risiken werden systematisch erfasst und mit Maßnahmen hinterlegt; "
            "Ziel ist die Zertifizierung Ende 2027. Bürgerinnen und Bürger können darauf "
            "vertrauen, dass ihre Daten angemessen geschützt sind."
        ),
        "fields": ["infrastruktur"],
        "goals": ["sicherheit"],
        "lead": IT,
        "lead_person": "Informationssicherheitsbeauftragte/r",
        "participants": "alle Fachbereiche, Datenschutzbeauftragte/r, externe Beratung",
        "duration": 8,
        "cost": (48000, 9000),
        "funding": "Haushalt",
        "benefit": (2, 1, 2, 5, 5),
        "effort": 4,
        "risk": 2,
        "person_days": 110,
        "after": ["isms_leitlinie", "ransomware"],
        "start": "2025-10-01",
        "status": IN_PROGRESS,
        "progress": 55,
        "reports": [
            ("2026-03-31", IN_PROGRESS, 30, "14500",
             "Schritte 1 bis 4 abgeschlossen: Strukturanalyse und Schutzbedarfsfeststellung "
             "für die zentralen Fachverfahren liegen vor."),
            ("2026-10-30", IN_PROGRESS, 55, "27800",
             "Modellierung und Soll-Ist-Vergleich zu 60 % erledigt; ein Quartal Verzug wegen "
             "eines Personalwechsels in der IT."),
        ],
    },
    {
        "key": "schul_support",
        "title": "IT-Support für die Schulen mit Servicevertrag und Geräteverwaltung",
        "description": (
            "Ein externer Dienstleister übernimmt mit festen Reaktionszeiten den technischen "
            "Support der neun städtischen Schulen; Störungen werden über das Ticketsystem der "
            "Stadt gemeldet. Tablets und Notebooks werden zentral verwaltet und aktualisiert. "
            "Lehrkräfte werden von technischen Aufgaben entlastet und können sich auf den "
            "Unterricht konzentrieren."
        ),
        "fields": ["bildung"],
        "goals": ["schulsupport"],
        "lead": BILDUNG,
        "lead_person": "Leitung Schulverwaltung",
        "participants": (
            "IT und Digitalisierung, Schulleitungen, Systembetreuerinnen und Systembetreuer der "
            "Schulen"
        ),
        "duration": 3,
        "cost": (22000, 98000),
        "funding": "Haushalt",
        "benefit": (3, 5, 4, 0, 5),
        "effort": 3,
        "risk": 2,
        "person_days": 50,
        "after": ["servicedesk", "wlan_grundschulen"],
        "start": "2026-05-04",
        "status": IN_PROGRESS,
        "progress": 70,
        "reports": [
            ("2026-07-15", IN_PROGRESS, 40, "8000",
             "Dienstleister nach Ausschreibung beauftragt; die Systembetreuungen übergeben ihre "
             "Dokumentation."),
            ("2026-11-13", IN_PROGRESS, 70, "31500",
             "Support für alle Grundschulen angelaufen; Geräteverwaltung für 1.150 "
             "Schultablets eingerichtet."),
        ],
    },
    {
        "key": "glasfaser_schulen",
        "title": "Glasfaseranschluss aller städtischen Schulen",
        "description": (
            "Alle neun städtischen Schulen werden mit Glasfaser und mindestens 1 Gbit/s "
            "angebunden. Erst damit können ganze Klassen gleichzeitig digitale Lernangebote und "
            "Prüfungsplattformen nutzen, ohne dass die Verbindung zusammenbricht."
        ),
        "fields": ["bildung"],
        "goals": ["schulausstattung"],
        "lead": BAUEN,
        "lead_person": "Breitbandbeauftragte/r",
        "participants": (
            "Bildung, Soziales und Kultur (Schulverwaltung), IT und Digitalisierung, "
            "Netzbetreiber"
        ),
        "duration": 6,
        "cost": (365000, 16800),
        "funding": "Gigabitförderung von Bund und Freistaat Bayern (bewilligt), Eigenanteil "
        "Haushalt",
        "benefit": (4, 3, 2, 1, 5),
        "effort": 4,
        "risk": 3,
        "person_days": 40,
        "after": [],
        "start": "2026-02-02",
        "status": IN_PROGRESS,
        "progress": 45,
        "reports": [
            ("2026-06-30", IN_PROGRESS, 25, "42000",
             "Förderbescheid liegt vor; Tiefbauarbeiten für die ersten drei Schulen vergeben."),
            ("2026-10-30", IN_PROGRESS, 45, "118000",
             "Mittelschule Nord und Grundschule Am Stadtpark angeschlossen; Tiefbau an drei "
             "weiteren Schulen ruht über den Winter."),
        ],
    },
    {
        "key": "bauantrag",
        "title": "Digitaler Bauantrag: Eingang und gemeindliches Einvernehmen digital",
        "description": (
            "Bauanträge, die über den Digitalen Bauantrag des Freistaats eingehen, prüft die "
            "Bauverwaltung elektronisch, ergänzt die Stellungnahme der Stadt und leitet sie "
            "digital an das Landratsamt weiter. Bauherrinnen, Bauherren und Planungsbüros "
            "sparen Ausdrucke und Postwege, und die Bearbeitung wird schneller und "
            "nachvollziehbar."
        ),
        "fields": ["verwaltung"],
        "goals": ["online", "medienbruchfrei"],
        "lead": BAUEN,
        "lead_person": "Leitung Bauverwaltung",
        "participants": (
            "IT und Digitalisierung, Landratsamt (untere Bauaufsichtsbehörde), Planungsbüros"
        ),
        "duration": 4,
        "cost": (31000, 6200),
        "funding": "Haushalt",
        "benefit": (4, 4, 4, 4, 5),
        "effort": 3,
        "risk": 3,
        "person_days": 70,
        "after": ["bayernportal", "aktenplan"],
        "start": "2026-04-01",
        "status": IN_PROGRESS,
        "progress": 35,
        "reports": [
            ("2026-09-30", IN_PROGRESS, 35, "12400",
             "Schnittstelle zum Fachverfahren Bauen eingerichtet; Pilotbetrieb mit zwei "
             "Planungsbüros gestartet."),
        ],
    },
    {
        "key": "fortbildung",
        "title": "Fortbildungsprogramm Digitalkompetenz",
        "description": (
            "Alle Beschäftigten durchlaufen eine Basisschulung zu digitaler Zusammenarbeit, "
            "Informationssicherheit und den zentralen Werkzeugen; Führungskräfte erhalten ein "
            "eigenes Modul zum Führen in der digitalen Verwaltung. Es gibt Präsenzkurse, "
            "Lernvideos und Sprechstunden, auch für Beschäftigte ohne eigenen PC-Arbeitsplatz. "
            "Die Beschäftigten werden sicherer im Umgang mit neuen Verfahren, und Einführungen "
            "gelingen schneller."
        ),
        "fields": ["mitarbeitende"],
        "goals": ["kompetenz", "akzeptanz"],
        "lead": HAUPTAMT,
        "lead_person": "Personalentwicklung",
        "participants": "Personalrat, IT und Digitalisierung, Bayerische Verwaltungsschule",
        "duration": 8,
        "cost": (18000, 32000),
        "funding": "Haushalt",
        "benefit": (1, 5, 3, 1, 5),
        "effort": 3,
        "risk": 1,
        "person_days": 90,
        "after": ["lenkungskreis"],
        "start": "2026-01-07",
        "status": IN_PROGRESS,
        "progress": 40,
        "reports": [
            ("2026-04-30", IN_PROGRESS, 20, "9500",
             "Bedarfserhebung abgeschlossen; Basisschulung mit der Bayerischen "
             "Verwaltungsschule konzipiert, die ersten vier Termine sind ausgebucht."),
            ("2026-10-30", IN_PROGRESS, 40, "21800",
             "37 % der Beschäftigten haben die Basisschulung abgeschlossen; das Modul für "
             "Führungskräfte startet im Januar 2027."),
        ],
    },
    {
        "key": "digitallotsen",
        "title": "Netzwerk der Digitallotsinnen und Digitallotsen",
        "description": (
            "In jedem Fachbereich unterstützen geschulte Digitallotsinnen und Digitallotsen "
            "ihre Kolleginnen und Kollegen bei neuen Programmen, sammeln "
            "Verbesserungsvorschläge und geben sie an die IT weiter. Das senkt die "
            "Hemmschwelle, Fragen zu stellen, und entlastet den IT-Servicedesk."
        ),
        "fields": ["mitarbeitende"],
        "goals": ["kompetenz", "akzeptanz"],
        "lead": IT,
        "lead_person": "Digitalisierungsbeauftragte/r",
        "participants": "alle Fachbereiche, Personalentwicklung (Hauptamt)",
        "duration": 4,
        "cost": (6000, 4500),
        "funding": "Haushalt",
        "benefit": (0, 5, 3, 0, 4),
        "effort": 2,
        "risk": 1,
        "person_days": 60,
        "after": ["fortbildung", "servicedesk"],
        "start": "2026-06-01",
        "status": IN_PROGRESS,
        "progress": 60,
        "reports": [
            ("2026-10-15", IN_PROGRESS, 60, "3100",
             "14 Digitallotsinnen und Digitallotsen aus allen Fachbereichen ausgebildet; "
             "monatlicher Austausch eingerichtet."),
        ],
    },
    {
        "key": "rz_kooperation",
        "title": "Rechenzentrumskooperation mit dem Landkreis",
        "description": (
            "Die Server der Stadt ziehen in das Rechenzentrum des Landratsamts um, das Stadt "
            "und Landkreis auf Grundlage einer Zweckvereinbarung gemeinsam nutzen. Die Stadt "
            "gewinnt ein höheres Sicherheits- und Verfügbarkeitsniveau, ohne einen eigenen "
            "zweiten Serverraum zu bauen, und teilt Betriebskosten und Fachwissen."
        ),
        "fields": ["infrastruktur"],
        "goals": ["sicherheit", "stabilitaet"],
        "lead": IT,
        "lead_person": "Leitung IT und Digitalisierung",
        "participants": "Landratsamt (Sachgebiet IT), Finanzen, Hauptamt (Vertragswesen)",
        "duration": 6,
        "cost": (125000, 68000),
        "funding": "Haushalt; Kostenteilung nach Zweckvereinbarung",
        "benefit": (1, 2, 3, 2, 5),
        "effort": 4,
        "risk": 4,
        "person_days": 120,
        "after": ["isms_leitlinie", "ransomware"],
        "start": "2026-07-01",
        "status": IN_PROGRESS,
        "progress": 20,
        "reports": [
            ("2026-10-30", IN_PROGRESS, 20, "18000",
             "Zweckvereinbarung von Stadtrat und Kreistag beschlossen; Migrationsplanung für "
             "42 Server begonnen."),
        ],
    },
    {
        "key": "telefonie",
        "title": "Telefonie und Zusammenarbeit (UCC) erneuern",
        "description": (
            "Die veraltete Telefonanlage wird durch eine Lösung für Telefonie, "
            "Videokonferenzen und Chat ersetzt, die am Arbeitsplatz, im mobilen Arbeiten und "
            "auf dem Diensthandy gleich funktioniert. Bürgerinnen und Bürger erreichen die "
            "richtige Ansprechperson schneller, und Beschäftigte sind auch unterwegs "
            "erreichbar."
        ),
        "fields": ["infrastruktur", "mitarbeitende"],
        "goals": ["stabilitaet", "akzeptanz"],
        "lead": IT,
        "lead_person": "Leitung IT-Betrieb",
        "participants": "Hauptamt, Personalrat, Bürgerdienste und Ordnung (Telefonzentrale)",
        "duration": 4,
        "cost": (98000, 24000),
        "funding": "Haushalt",
        "benefit": (3, 4, 3, 0, 3),
        "effort": 3,
        "risk": 3,
        "person_days": 60,
        "after": ["mobiles_arbeiten"],
        "start": "2026-05-04",
        "status": IN_PROGRESS,
        "progress": 45,
        "reports": [
            ("2026-08-31", IN_PROGRESS, 30, "12000",
             "Vergabe abgeschlossen; Dienstvereinbarung zur Nutzung mit dem Personalrat in "
             "Abstimmung."),
            ("2026-11-20", IN_PROGRESS, 45, "46500",
             "Pilotbetrieb in Hauptamt und IT mit 60 Nutzenden; Einführung in allen "
             "Fachbereichen ab Februar 2027."),
        ],
    },
    {
        "key": "change_kommunikation",
        "title": "Change-Kommunikation zur Digitalstrategie",
        "description": (
            "Die Strategie wird den Beschäftigten in der Personalversammlung, im Intranet und "
            "in offenen Sprechstunden erklärt; Fortschritte und erste Erfolge werden "
            "regelmäßig berichtet. Die Beschäftigten verstehen, warum sich Abläufe ändern, und "
            "können Sorgen und Ideen früh einbringen."
        ),
        "fields": ["mitarbeitende"],
        "goals": ["akzeptanz"],
        "lead": HAUPTAMT,
        "lead_person": "Interne Kommunikation",
        "participants": (
            "Digitalisierungsbeauftragte/r, Personalrat, Digitallotsinnen und Digitallotsen"
        ),
        "duration": 8,
        "cost": (4000, 3000),
        "funding": "Haushalt",
        "benefit": (0, 4, 2, 0, 4),
        "effort": 2,
        "risk": 1,
        "person_days": 35,
        "after": ["lenkungskreis", "digitallotsen"],
        "start": "2026-09-01",
        "status": IN_PROGRESS,
        "progress": 25,
        "reports": [
            ("2026-11-10", IN_PROGRESS, 25, "1200",
             "Strategie in der Personalversammlung am 5. November vorgestellt; Intranetreihe "
             "„Digital im Rathaus“ gestartet."),
        ],
    },
    # Planned --------------------------------------------------------------------------------
    {
        "key": "eakte_pilot",
        "adopt": "organisation-2-b",
        "note": (
            "Umsetzung in Musterstadt: Pilotbereich ist die Personalverwaltung im Hauptamt mit "
            "rund 600 Personalakten. Das Dokumentenmanagementsystem wird so ausgewählt, dass es "
            "anschließend in allen Fachbereichen eingesetzt werden kann."
        ),
        "fields": ["verwaltung"],
        "goals": ["medienbruchfrei"],
        "lead": HAUPTAMT,
        "lead_person": "Leitung Hauptamt",
        "participants": "IT und Digitalisierung, Personalrat, Personalverwaltung (Pilotbereich)",
        "duration": 3,
        "cost": (85000, 19000),
        "funding": "Haushalt (Investitionen)",
        "benefit": (1, 4, 5, 2, 5),
        "effort": 4,
        "risk": 3,
        "person_days": 90,
        "after": ["aktenplan", "fortbildung"],
        "earliest_start": "2027-01-01",
        "status": PLANNED,
    },
    {
        "key": "termin",
        "adopt": "services-1-c",
        "note": (
            "Umsetzung in Musterstadt: Start im Bürgerbüro mit Pass-, Ausweis- und "
            "Meldeangelegenheiten, danach Standesamt und Gewerbeamt. Die telefonische "
            "Terminvergabe und eine offene Sprechzeit am Donnerstagvormittag bleiben erhalten."
        ),
        "fields": ["verwaltung"],
        "goals": ["online"],
        "lead": BUERGERDIENSTE,
        "lead_person": "Leitung Bürgerbüro",
        "participants": "IT und Digitalisierung, Standesamt, Gewerbeamt",
        "duration": 2,
        "cost": (14000, 6000),
        "funding": "Haushalt",
        "benefit": (5, 3, 3, 0, 3),
        "effort": 2,
        "risk": 2,
        "person_days": 30,
        "after": ["bayernportal"],
        "earliest_start": "2027-01-01",
        "status": PLANNED,
        "priority": (
            Measure.Priority.HIGH,
            "Wartezeiten von bis zu drei Wochen für Pass- und Ausweisangelegenheiten; der "
            "Stadtrat hat mit dem Strategiebeschluss schnelle Abhilfe verlangt.",
        ),
    },
    {
        "key": "datenbestand",
        "adopt": "data-1-a",
        "note": (
            "Umsetzung in Musterstadt: Das Datenverzeichnis wird mit dem Verzeichnis der "
            "Verarbeitungstätigkeiten abgeglichen und ist Grundlage der Datenstrategie und der "
            "ersten offenen Datensätze."
        ),
        "fields": ["verwaltung", "beteiligung"],
        "goals": ["daten"],
        "lead": IT,
        "lead_person": "Digitalisierungsbeauftragte/r",
        "participants": "alle Fachbereiche, Datenschutzbeauftragte/r",
        "duration": 2,
        "cost": (0, 0),
        "funding": "Eigenleistung, keine Sachkosten",
        "benefit": (1, 3, 3, 1, 4),
        "effort": 3,
        "risk": 1,
        "person_days": 40,
        "after": ["aktenplan"],
        "earliest_start": "2027-01-01",
        "status": PLANNED,
    },
    {
        "key": "prozessmanagement",
        "title": "Prozessmanagement: die zehn fallstärksten Abläufe vereinfachen",
        "description": (
            "Die Stadt erfasst ihre Verwaltungsabläufe in einem Prozessinventar und modelliert "
            "die zehn Abläufe mit den höchsten Fallzahlen gemeinsam mit den Beschäftigten, die "
            "sie bearbeiten. Unnötige Schritte, Unterschriften und Kopien entfallen, bevor "
            "digitalisiert wird; die Modelle dienen zugleich als Vorlage für Onlinedienste und "
            "E-Akte."
        ),
        "fields": ["verwaltung", "mitarbeitende"],
        "goals": ["medienbruchfrei", "online"],
        "lead": HAUPTAMT,
        "lead_person": "Organisation und Prozessmanagement",
        "participants": "alle Fachbereiche, Personalrat, Digitallotsinnen und Digitallotsen",
        "duration": 6,
        "cost": (28000, 4500),
        "funding": "Haushalt",
        "benefit": (3, 4, 5, 0, 5),
        "effort": 3,
        "risk": 2,
        "person_days": 100,
        "after": ["aktenplan", "digitallotsen"],
        "earliest_start": "2027-01-01",
        "status": PLANNED,
    },
    {
        "key": "eakte",
        "title": "E-Akte in allen Fachbereichen einführen",
        "description": (
            "Nach dem Pilot wird die E-Akte schrittweise in allen Fachbereichen eingeführt, "
            "beginnend mit den Bereichen mit den meisten Vorgängen. Akten sind von jedem "
            "Arbeitsplatz und im mobilen Arbeiten verfügbar, Vertretungen können nahtlos "
            "übernehmen, und Anfragen von Bürgerinnen und Bürgern werden ohne Suche im Archiv "
            "beantwortet."
        ),
        "fields": ["verwaltung"],
        "goals": ["medienbruchfrei"],
        "lead": HAUPTAMT,
        "lead_person": "Leitung Hauptamt",
        "participants": (
            "alle Fachbereiche, IT und Digitalisierung, Personalrat, Stadtarchiv, "
            "Digitallotsinnen und Digitallotsen"
        ),
        "duration": 8,
        "cost": (260000, 58000),
        "funding": "Haushalt (Investitionen)",
        "benefit": (2, 4, 5, 3, 5),
        "effort": 4,
        "risk": 3,
        "person_days": 200,
        "after": ["eakte_pilot", "prozessmanagement"],
        "earliest_start": "2027-10-01",
        "status": PLANNED,
    },
    {
        "key": "epayment",
        "title": "Online-Bezahlung (ePayment) für Onlinedienste und Gebühren",
        "description": (
            "Gebühren für Onlinedienste können direkt im Antrag per Kreditkarte, Lastschrift "
            "oder gängigen Bezahldiensten beglichen werden; die Zahlungen werden automatisch in "
            "der Finanzsoftware verbucht. Bürgerinnen und Bürger erhalten ihre Leistung ohne "
            "Überweisung und Wartezeit, und die Stadtkasse spart den Abgleich von "
            "Zahlungseingängen von Hand."
        ),
        "fields": ["verwaltung"],
        "goals": ["online"],
        "lead": FINANZEN,
        "lead_person": "Leitung Stadtkasse",
        "participants": "IT und Digitalisierung, Bürgerdienste und Ordnung",
        "duration": 2,
        "cost": (24000, 9500),
        "funding": "Haushalt",
        "benefit": (4, 2, 4, 2, 4),
        "effort": 2,
        "risk": 2,
        "person_days": 35,
        "after": ["bayernportal", "xrechnung"],
        "earliest_start": "2027-01-01",
        "status": PLANNED,
    },
    {
        "key": "onlinedienste_1",
        "title": "Onlinedienste nachnutzen, Welle 1: Bürgerdienste und Ordnung",
        "description": (
            "Die Stadt schaltet die im BayernPortal verfügbaren Onlinedienste für die "
            "meistgenutzten Leistungen des Bürgerbüros und der Ordnungsverwaltung frei, etwa "
            "Anwohnerparkausweis, Gewerbeanmeldung, Hundesteuer und Sondernutzung öffentlicher "
            "Flächen. Anträge gehen strukturiert ein und werden ohne Abtippen ins Fachverfahren "
            "übernommen; Bürgerinnen, Bürger und Unternehmen sparen den Weg ins Rathaus."
        ),
        "fields": ["verwaltung"],
        "goals": ["online"],
        "lead": BUERGERDIENSTE,
        "lead_person": "Leitung Bürgerdienste und Ordnung",
        "participants": (
            "IT und Digitalisierung, Finanzen (Steueramt), kommunaler IT-Dienstleister"
        ),
        "duration": 4,
        "cost": (42000, 16000),
        "funding": "Haushalt",
        "benefit": (5, 3, 4, 5, 5),
        "effort": 3,
        "risk": 2,
        "person_days": 80,
        "after": ["bayernportal", "epayment", "prozessmanagement"],
        "status": PLANNED,
    },
    {
        "key": "onlinedienste_2",
        "title": "Onlinedienste nachnutzen, Welle 2: Bauen, Soziales und Kinderbetreuung",
        "description": (
            "In der zweiten Welle folgen Onlinedienste für Leistungen der Bauverwaltung, der "
            "Sozialverwaltung und der Kindertagesbetreuung, etwa Kita-Anmeldung, "
            "Aufgrabungsgenehmigung und Zuschüsse der Vereinsförderung. Familien, Vereine und "
            "Unternehmen erledigen damit auch seltenere, aber aufwendige Anliegen online."
        ),
        "fields": ["verwaltung"],
        "goals": ["online"],
        "lead": IT,
        "lead_person": "Digitalisierungsbeauftragte/r",
        "participants": "Bauen und Umwelt, Bildung, Soziales und Kultur, Finanzen",
        "duration": 6,
        "cost": (58000, 21000),
        "funding": "Haushalt",
        "benefit": (4, 3, 4, 4, 5),
        "effort": 3,
        "risk": 3,
        "person_days": 90,
        "after": ["onlinedienste_1", "bauantrag"],
        "earliest_start": "2028-01-01",
        "status": PLANNED,
    },
    {
        "key": "rechnungsworkflow",
        "title": "Rechnungsbearbeitung durchgängig digital",
        "description": (
            "Eingehende Rechnungen werden nicht mehr ausgedruckt, sondern elektronisch "
            "sachlich und rechnerisch geprüft, freigegeben und zur Zahlung angewiesen. "
            "Lieferanten werden schneller bezahlt, Skonti werden häufiger genutzt, und jede "
            "Freigabe ist revisionssicher dokumentiert."
        ),
        "fields": ["verwaltung"],
        "goals": ["medienbruchfrei"],
        "lead": FINANZEN,
        "lead_person": "Leitung Finanzen",
        "participants": "alle Fachbereiche, Rechnungsprüfungsamt, IT und Digitalisierung",
        "duration": 3,
        "cost": (36000, 7500),
        "funding": "Haushalt",
        "benefit": (1, 4, 5, 2, 4),
        "effort": 3,
        "risk": 2,
        "person_days": 60,
        "after": ["xrechnung", "eakte_pilot"],
        "status": PLANNED,
    },
    {
        "key": "notfallmanagement",
        "title": "IT-Notfallmanagement mit jährlicher Notfallübung",
        "description": (
            "Für den Ausfall zentraler Systeme, etwa nach einem Cyberangriff, werden "
            "Zuständigkeiten, Meldewege, Wiederanlaufpläne und Ersatzverfahren nach "
            "BSI-Standard 200-4 festgelegt und einmal im Jahr geübt. Auch im Ernstfall bleiben "
            "Bürgerbüro, Stadtkasse und Standesamt arbeitsfähig."
        ),
        "fields": ["infrastruktur"],
        "goals": ["sicherheit", "stabilitaet"],
        "lead": IT,
        "lead_person": "Informationssicherheitsbeauftragte/r",
        "participants": "alle Fachbereichsleitungen, Bürgerdienste und Ordnung, Landratsamt",
        "duration": 4,
        "cost": (26000, 3500),
        "funding": "Haushalt",
        "benefit": (2, 2, 2, 3, 5),
        "effort": 3,
        "risk": 2,
        "person_days": 50,
        "after": ["isis12", "rz_kooperation"],
        "earliest_start": "2027-07-01",
        "status": PLANNED,
    },
    {
        "key": "datenstrategie",
        "title": "Datenstrategie und Datenverantwortung",
        "description": (
            "Aufbauend auf dem Datenverzeichnis legt die Stadt fest, wer für welche "
            "Datenbestände verantwortlich ist, welche Qualitätsregeln gelten und welche Daten "
            "mit anderen Fachbereichen, dem Landkreis oder der Öffentlichkeit geteilt werden. "
            "Mehrfacherfassungen werden abgebaut, und der Stadtrat erhält belastbare Zahlen "
            "für seine Entscheidungen."
        ),
        "fields": ["verwaltung", "beteiligung"],
        "goals": ["daten", "medienbruchfrei"],
        "lead": IT,
        "lead_person": "Digitalisierungsbeauftragte/r",
        "participants": "alle Fachbereiche, Datenschutzbeauftragte/r, Finanzen (Controlling)",
        "duration": 3,
        "cost": (15000, 0),
        "funding": "Haushalt",
        "benefit": (2, 3, 4, 1, 5),
        "effort": 3,
        "risk": 2,
        "person_days": 45,
        "after": ["datenbestand"],
        "status": PLANNED,
    },
    {
        "key": "open_data",
        "title": "Offene Daten über das Open-Data-Portal Bayern veröffentlichen",
        "description": (
            "Geeignete Datensätze ohne Personenbezug, etwa Haushaltsdaten, Wahlergebnisse, "
            "Standorte von Spielplätzen und Ladesäulen oder Baustellen, werden maschinenlesbar "
            "unter offener Lizenz veröffentlicht. Bürgerinnen und Bürger, Presse und "
            "Unternehmen können sie frei nutzen, und Einzelanfragen an die Verwaltung gehen "
            "zurück."
        ),
        "fields": ["beteiligung"],
        "goals": ["daten"],
        "lead": IT,
        "lead_person": "Digitalisierungsbeauftragte/r",
        "participants": (
            "Finanzen, Bauen und Umwelt (Geoinformation), Hauptamt (Wahlamt, Pressestelle)"
        ),
        "duration": 4,
        "cost": (12000, 3000),
        "funding": "Haushalt",
        "benefit": (3, 1, 2, 1, 5),
        "effort": 2,
        "risk": 1,
        "person_days": 40,
        "after": ["datenbestand", "datenstrategie"],
        "status": PLANNED,
    },
    {
        "key": "beteiligungsplattform",
        "title": "Beteiligungsplattform für Stadtentwicklung und Bauleitplanung",
        "description": (
            "Bebauungspläne, Verkehrsprojekte und andere Vorhaben werden auf einer "
            "Beteiligungsplattform mit Karte, Unterlagen und Kommentarfunktion vorgestellt; "
            "die nach dem Baugesetzbuch vorgeschriebene Veröffentlichung im Internet ist damit "
            "abgedeckt. Bürgerinnen und Bürger können sich unabhängig von Sitzungsterminen "
            "beteiligen, und die Verwaltung wertet die Stellungnahmen strukturiert aus."
        ),
        "fields": ["beteiligung"],
        "goals": ["beteiligung"],
        "lead": BAUEN,
        "lead_person": "Leitung Stadtplanung",
        "participants": "Hauptamt (Öffentlichkeitsarbeit), IT und Digitalisierung",
        "duration": 3,
        "cost": (24000, 9000),
        "funding": "Haushalt",
        "benefit": (5, 3, 3, 3, 5),
        "effort": 2,
        "risk": 2,
        "person_days": 40,
        "after": ["bayernportal", "ratsinfo"],
        "earliest_start": "2027-04-01",
        "status": PLANNED,
    },
    {
        "key": "medienentwicklungsplan",
        "title": "Medienentwicklungsplan 2027–2031 für die städtischen Schulen",
        "description": (
            "Gemeinsam mit den Schulleitungen und der informationstechnischen Beratung "
            "digitale Bildung schreibt die Stadt den Medienentwicklungsplan fort: welche "
            "Ausstattung, welche Geräte und welcher Support an jeder Schule bis 2031 nötig "
            "sind. Der Plan ist Voraussetzung für Fördermittel und gibt den Schulen "
            "Planungssicherheit."
        ),
        "fields": ["bildung"],
        "goals": ["schulausstattung", "schulsupport"],
        "lead": BILDUNG,
        "lead_person": "Leitung Schulverwaltung",
        "participants": (
            "Schulleitungen, informationstechnische Beratung digitale Bildung, IT und "
            "Digitalisierung"
        ),
        "duration": 2,
        "cost": (15000, 0),
        "funding": "Haushalt",
        "benefit": (2, 3, 2, 3, 5),
        "effort": 2,
        "risk": 1,
        "person_days": 30,
        "after": ["wlan_grundschulen", "schul_support"],
        "earliest_start": "2027-01-01",
        "status": PLANNED,
    },
    {
        "key": "praesentationstechnik",
        "title": "Digitale Präsentationstechnik in allen Unterrichtsräumen (2. Bauabschnitt)",
        "description": (
            "Die noch fehlenden rund 120 Unterrichtsräume erhalten interaktive Displays oder "
            "Beamer mit Dokumentenkamera. Lehrkräfte finden in jedem Raum dieselbe, einfach zu "
            "bedienende Technik vor und müssen den Unterricht nicht mehr nach der Ausstattung "
            "des Raums planen."
        ),
        "fields": ["bildung"],
        "goals": ["schulausstattung"],
        "lead": BILDUNG,
        "lead_person": "Leitung Schulverwaltung",
        "participants": (
            "Bauen und Umwelt (Hochbau), IT-Dienstleister der Schulen, Schulleitungen"
        ),
        "duration": 4,
        "cost": (340000, 12000),
        "funding": "DigitalPakt Schule 2.0 (Bund und Freistaat Bayern), Eigenanteil Haushalt",
        "benefit": (4, 4, 2, 0, 5),
        "effort": 3,
        "risk": 2,
        "person_days": 45,
        "after": ["medienentwicklungsplan", "glasfaser_schulen"],
        "earliest_start": "2027-07-01",
        "status": PLANNED,
    },
    # Ideas ----------------------------------------------------------------------------------
    {
        "key": "ki_auskunft",
        "title": "KI-gestützter Auskunftsassistent auf der Website",
        "description": (
            "Ein Assistent beantwortet häufige Fragen zu Leistungen, Öffnungszeiten und "
            "Unterlagen rund um die Uhr auf Grundlage der gepflegten Leistungsbeschreibungen "
            "und verweist auf den passenden Onlinedienst. Vor einer Entscheidung sind "
            "Datenschutz, Barrierefreiheit und die Qualität der Antworten in einem Test zu "
            "prüfen."
        ),
        "fields": ["verwaltung"],
        "goals": ["online"],
        "lead": IT,
        "lead_person": "Digitalisierungsbeauftragte/r",
        "participants": (
            "Bürgerdienste und Ordnung, Hauptamt (Internetredaktion), Datenschutzbeauftragte/r"
        ),
        "duration": 2,
        "cost": (20000, 12000),
        "funding": "noch offen",
        "benefit": (3, 2, 2, 0, 3),
        "effort": 3,
        "risk": 4,
        "person_days": 30,
        "after": ["onlinedienste_1", "datenstrategie"],
        "status": IDEA,
    },
    {
        "key": "ki_posteingang",
        "title": "KI-gestützte Zuordnung des Posteingangs",
        "description": (
            "Eingehende Briefe und E-Mails werden gescannt, automatisch klassifiziert und dem "
            "zuständigen Fachbereich in der E-Akte zugeordnet. Das spart der Poststelle "
            "Sortierarbeit und verkürzt Laufzeiten; sinnvoll erst, wenn die E-Akte "
            "flächendeckend eingeführt ist."
        ),
        "fields": ["verwaltung"],
        "goals": ["medienbruchfrei"],
        "lead": HAUPTAMT,
        "lead_person": "Leitung Zentrale Dienste (Poststelle)",
        "participants": "IT und Digitalisierung, Datenschutzbeauftragte/r, Personalrat",
        "duration": 3,
        "cost": (45000, 15000),
        "funding": "noch offen",
        "benefit": (1, 3, 4, 0, 3),
        "effort": 4,
        "risk": 4,
        "person_days": 40,
        "after": ["eakte", "datenstrategie"],
        "status": IDEA,
    },
    {
        "key": "videoberatung",
        "title": "Videoberatung in der Familien- und Seniorenberatung",
        "description": (
            "Vereinbarte Beratungsgespräche, etwa in der Familien- und Seniorenberatung, "
            "können auf Wunsch per Video stattfinden. Menschen mit eingeschränkter Mobilität "
            "und Berufstätige sparen Wege; Voraussetzung sind die neue Telefonie- und "
            "Videolösung und die Online-Terminvereinbarung."
        ),
        "fields": ["verwaltung"],
        "goals": ["online"],
        "lead": BILDUNG,
        "lead_person": "Leitung Soziales",
        "participants": "IT und Digitalisierung, Datenschutzbeauftragte/r",
        "duration": 2,
        "cost": (5000, 2000),
        "funding": "Haushalt",
        "benefit": (4, 2, 1, 0, 3),
        "effort": 2,
        "risk": 2,
        "person_days": 15,
        "after": ["telefonie", "termin"],
        "status": IDEA,
    },
    {
        "key": "maengelmelder",
        "title": "Online-Mängelmelder für Straßen, Grünanlagen und Beleuchtung",
        "description": (
            "Bürgerinnen und Bürger melden Schlaglöcher, defekte Straßenlaternen oder wilden "
            "Müll mit Foto und Standort online; die Meldung geht direkt an den Bauhof, und der "
            "Bearbeitungsstand ist öffentlich sichtbar. Das ersetzt Anrufe und E-Mails, die "
            "heute von Hand weitergeleitet werden."
        ),
        "fields": ["beteiligung"],
        "goals": ["beteiligung"],
        "lead": BAUEN,
        "lead_person": "Leitung Bauhof",
        "participants": "IT und Digitalisierung, Hauptamt (Öffentlichkeitsarbeit)",
        "duration": 2,
        "cost": (8000, 4800),
        "funding": "Haushalt",
        "benefit": (4, 3, 3, 0, 4),
        "effort": 2,
        "risk": 2,
        "person_days": 20,
        "after": ["beteiligungsplattform"],
        "status": IDEA,
    },
    {
        "key": "schul_it_interkommunal",
        "title": "Schul-IT-Support gemeinsam mit den Nachbargemeinden",
        "description": (
            "Die Stadt prüft, ob sie den IT-Support ihrer Schulen gemeinsam mit den "
            "Nachbargemeinden organisiert, die Sachaufwandsträger der Grundschulen im Umland "
            "sind. Eine gemeinsame Ausschreibung und Bereitschaft senkt die Kosten je Schule "
            "und sichert den Support auch bei Personalausfall."
        ),
        "fields": ["bildung"],
        "goals": ["schulsupport"],
        "lead": BILDUNG,
        "lead_person": "Leitung Schulverwaltung",
        "participants": "Nachbargemeinden, Landratsamt, Finanzen",
        "duration": 3,
        "cost": (5000, 0),
        "funding": "Haushalt; Kostenteilung offen",
        "benefit": (1, 2, 4, 0, 3),
        "effort": 3,
        "risk": 3,
        "person_days": 25,
        "after": ["schul_support", "medienentwicklungsplan"],
        "status": IDEA,
    },
    # Dropped --------------------------------------------------------------------------------
    {
        "key": "buerger_app",
        "title": "Eigene Bürger-App der Stadt",
        "description": (
            "Geplant war eine eigene App mit Nachrichten, Veranstaltungs- und Abfallkalender "
            "und Zugang zu den Onlinediensten. Onlinedienste werden jedoch über das "
            "BayernPortal angeboten, und eine für Smartphones optimierte Website erreicht mehr "
            "Menschen ohne die Kosten für Entwicklung und Pflege einer App."
        ),
        "fields": ["verwaltung", "beteiligung"],
        "goals": ["online"],
        "lead": HAUPTAMT,
        "lead_person": "Pressestelle",
        "participants": "IT und Digitalisierung",
        "duration": 4,
        "cost": (85000, 18000),
        "funding": "Haushalt",
        "benefit": (3, 1, 1, 0, 2),
        "effort": 4,
        "risk": 4,
        "person_days": 40,
        "after": ["bayernportal"],
        "status": DROPPED,
        "reports": [
            ("2026-03-18", DROPPED, 0, None,
             "Vom Lenkungskreis verworfen; die vorgesehenen Mittel fließen in die erste Welle "
             "der Onlinedienste."),
        ],
    },
    {
        "key": "zweiter_serverraum",
        "title": "Zweiter Serverraum im Bauhof als Ausweichstandort",
        "description": (
            "Ein zweiter Serverraum im Bauhof sollte den Betrieb sichern, wenn der "
            "Serverraum im Rathaus ausfällt. Die Rechenzentrumskooperation mit dem Landkreis "
            "bietet höhere Sicherheit bei geringeren Kosten und ersetzt dieses Vorhaben."
        ),
        "fields": ["infrastruktur"],
        "goals": ["stabilitaet"],
        "lead": IT,
        "lead_person": "Leitung IT-Betrieb",
        "participants": "Bauen und Umwelt (Hochbau)",
        "duration": 4,
        "cost": (210000, 22000),
        "funding": "Haushalt (Investitionen)",
        "benefit": (1, 1, 1, 1, 3),
        "effort": 4,
        "risk": 3,
        "person_days": 60,
        "after": ["ransomware"],
        "status": DROPPED,
        "reports": [
            ("2026-05-12", DROPPED, 0, None,
             "Nach einem Wirtschaftlichkeitsvergleich zugunsten der "
             "Rechenzentrumskooperation mit dem Landkreis verworfen."),
        ],
    },
]

# fmt: on

# Beispielhausen ------------------------------------------------------------------------------

BEISPIELHAUSEN = {
    "organisation": "beispielhausen",
    "title": "Digitales Beispielhausen 2027–2030",
    "start_year": 2027,
    "horizon_years": 4,
    "assessment": "Reifegradanalyse 2026",
    "vision": (
        "Beispielhausen nutzt die Digitalisierung, um als kleine Gemeinde nah an ihren "
        "Bürgerinnen und Bürgern zu bleiben. Häufige Anliegen lassen sich online erledigen, "
        "und im Bürgerbüro bleibt mehr Zeit für persönliche Beratung. Die Verwaltung setzt auf "
        "sichere Lösungen, die sie gemeinsam mit dem kommunalen IT-Dienstleister und dem Land "
        "betreibt, statt sie selbst zu entwickeln."
    ),
    "principles": [
        "Nachnutzen statt selbst entwickeln.",
        "Der persönliche Kontakt im Rathaus bleibt möglich.",
        "Klein anfangen und Erfolge sichtbar machen.",
    ],
    "foreword": "",
    "status": Strategy.Status.DRAFT,
    "budgets": {"2027": "45000", "2028": "50000", "2029": "40000", "2030": "40000"},
    "capacities": {"2027": 80, "2028": 80, "2029": 80, "2030": 80},
}

BEISPIELHAUSEN_FIELDS = [
    (
        "verwaltung",
        "Verwaltung & Services",
        ["services", "organisation", "data"],
        "Häufige Anliegen werden online angeboten und im Rathaus ohne Papier bearbeitet.",
    ),
    (
        "infrastruktur",
        "Infrastruktur & Sicherheit",
        ["infrastructure", "security"],
        "Die IT der Gemeinde ist sicher, verlässlich und gemeinsam mit Partnern betrieben.",
    ),
]

BEISPIELHAUSEN_GOALS = [
    {
        "key": "online",
        "field": "verwaltung",
        "title": "Die häufigsten Anliegen sind online erledigbar",
        "description": "",
        "indicator": {
            "name": "Häufigste Leistungen mit Onlineantrag (von 15)",
            "unit": "Leistungen",
            "direction": "increase",
            "baseline": ("2026-09-30", "3"),
            "target": ("2030-12-31", "12"),
            "source": "Eigene Erhebung Bürgerbüro",
            "values": [],
        },
    },
    {
        "key": "sicherheit",
        "field": "infrastruktur",
        "title": "Die Gemeinde ist gegen IT-Ausfälle und Angriffe abgesichert",
        "description": "",
        "indicator": {
            "name": "Erfüllte Anforderungen der Basis-Absicherung (IT-Grundschutz-Profil "
            "Kommunalverwaltung)",
            "unit": "%",
            "direction": "increase",
            "baseline": ("2026-09-30", "35"),
            "target": ("2030-06-30", "100"),
            "source": "Selbstauskunft mit dem kommunalen IT-Dienstleister",
            "values": [],
        },
    },
]


def _small(key: str, title: str, description: str, **values) -> dict:
    """A measure of the small draft strategy: fewer particulars, same rules."""
    defaults = {"participants": "", "funding": "Haushalt", "duration": 2, "after": []}
    return {"key": key, "title": title, "description": description, **defaults, **values}


# fmt: off
BEISPIELHAUSEN_MEASURES = [
    _small(
        "termin",
        "Online-Terminvereinbarung im Bürgerbüro",
        "Bürgerinnen und Bürger buchen Termine für Pass-, Ausweis- und Meldeangelegenheiten "
        "online und werden an die nötigen Unterlagen erinnert. Wartezeiten sinken, und das "
        "Bürgerbüro kann die Öffnungszeiten besser planen.",
        fields=["verwaltung"], goals=["online"], lead="Bürgerbüro",
        lead_person="Leitung Bürgerbüro", cost=(6000, 2400), benefit=(5, 3, 3, 0, 4),
        effort=2, risk=1, person_days=15, status=PLANNED,
    ),
    _small(
        "onlinedienste",
        "Onlinedienste des Landes Nordrhein-Westfalen nachnutzen",
        "Die Gemeinde schaltet die vom Land und vom kommunalen IT-Dienstleister angebotenen "
        "Onlinedienste für ihre häufigsten Leistungen frei, statt eigene Lösungen zu "
        "entwickeln. Anliegen wie Gewerbeanmeldung oder Hundesteuer lassen sich ohne "
        "Behördengang erledigen.",
        fields=["verwaltung"], goals=["online"], lead="Zentrale Dienste",
        lead_person="IT-Koordination", cost=(12000, 6000), benefit=(5, 3, 4, 5, 5),
        effort=3, risk=2, person_days=25, status=PLANNED, after=["termin"], duration=4,
    ),
    _small(
        "erechnung",
        "E-Rechnungen empfangen und digital freigeben",
        "Rechnungen gehen elektronisch ein und werden ohne Ausdruck geprüft und zur Zahlung "
        "freigegeben. Die Kämmerei spart Erfassungsaufwand, und die gesetzliche Pflicht zum "
        "Empfang elektronischer Rechnungen ist erfüllt.",
        fields=["verwaltung"], goals=[], lead="Zentrale Dienste",
        lead_person="Kämmerei", cost=(8000, 1800), benefit=(1, 3, 4, 5, 3),
        effort=2, risk=2, person_days=15, status=PLANNED,
    ),
    _small(
        "basis_absicherung",
        "Basis-Absicherung nach IT-Grundschutz mit dem kommunalen IT-Dienstleister",
        "Gemeinsam mit dem kommunalen IT-Dienstleister setzt die Gemeinde die "
        "Basis-Absicherung nach dem IT-Grundschutz-Profil für Kommunalverwaltungen um. Die "
        "Verwaltung bleibt auch nach einem Angriff arbeitsfähig, und die Daten der "
        "Bürgerinnen und Bürger sind geschützt.",
        fields=["infrastruktur"], goals=["sicherheit"], lead="Zentrale Dienste",
        lead_person="IT-Koordination", cost=(18000, 4000), benefit=(2, 2, 2, 4, 5),
        effort=3, risk=2, person_days=30, status=PLANNED, duration=4,
    ),
    _small(
        "bauantrag",
        "Stellungnahmen zu Bauanträgen digital über das Bauportal.NRW",
        "Das Bauamt erhält Bauanträge vom Kreis digital und gibt die Stellungnahme der "
        "Gemeinde ebenso zurück. Postwege und Kopien entfallen, und Bauherrinnen und Bauherren "
        "erhalten schneller eine Entscheidung.",
        fields=["verwaltung"], goals=["online"], lead="Bauamt",
        lead_person="Leitung Bauamt", cost=(4000, 1500), benefit=(3, 3, 4, 3, 4),
        effort=2, risk=2, person_days=10, status=IDEA, after=["basis_absicherung"],
    ),
    _small(
        "digitalkompetenz",
        "Schulungen zur Digitalkompetenz und ein Digitallotse im Rathaus",
        "Die Beschäftigten werden in den neuen Verfahren geschult; ein Digitallotse hilft im "
        "Alltag bei Fragen. So werden die neuen Onlinedienste und die E-Rechnung im Rathaus "
        "auch tatsächlich genutzt.",
        fields=["verwaltung"], goals=[], lead="Zentrale Dienste",
        lead_person="Leitung Zentrale Dienste", cost=(3000, 2500), benefit=(1, 5, 3, 0, 4),
        effort=1, risk=1, person_days=12, status=IDEA, duration=4,
    ),
]

# fmt: on

# Loader --------------------------------------------------------------------------------------


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _values(spec: dict, departments: dict[str, Department]) -> dict:
    """The measure's own values, as the services take them."""
    one_time, annual = spec["cost"]
    citizens, staff, efficiency, legal, goals = spec["benefit"]
    values = {
        "lead_department": departments[spec["lead"]],
        "lead_person": spec["lead_person"],
        "participants": spec["participants"],
        "duration_quarters": spec["duration"],
        "one_time_cost": Decimal(one_time),
        "annual_cost": Decimal(annual),
        "funding_source": spec["funding"],
        "benefit_citizens": citizens,
        "benefit_staff": staff,
        "benefit_efficiency": efficiency,
        "benefit_legal": legal,
        "benefit_goals": goals,
        "effort": spec["effort"],
        "risk": spec["risk"],
        "person_days": spec["person_days"],
        "earliest_start": _date(spec.get("earliest_start")),
        "start": _date(spec.get("start")),
        "end": _date(spec.get("end")),
    }
    if "priority" in spec:
        values["priority_override"], values["priority_reason"] = spec["priority"]
    return values


def _measure(actor, strategy, assessment, spec, *, departments, fields, goals, measures):
    relations = {
        "fields_of_action": [fields[key] for key in spec["fields"]],
        "goals": [goals[key] for key in spec["goals"]],
        # Only earlier measures are known here: a later key fails, so no cycle can arise.
        "depends_on": [measures[key] for key in spec["after"]],
    }
    reports = spec.get("reports", [])
    if reports and (reports[-1][1], reports[-1][2]) != (spec["status"], spec.get("progress", 0)):
        raise ValueError(f"{spec['key']}: the last report must match status and progress")
    # A measure with reports starts as planned; its reports take it to where it stands.
    status = Measure.Status.PLANNED if reports else spec["status"]
    if "adopt" in spec:
        with translation.override("de"):
            measure = services.measure_adopt(
                actor=actor,
                strategy=strategy,
                assessment=assessment,
                recommendation_key=spec["adopt"],
            )
        measure = services.measure_update(
            actor=actor,
            measure=measure,
            version=None,
            description=f"{measure.description}\n\n{spec['note']}",
            status=status,
            **_values(spec, departments),
            **relations,
        )
    else:
        measure = services.measure_create(
            actor=actor,
            strategy=strategy,
            title=spec["title"],
            description=spec["description"],
            status=status,
            **_values(spec, departments),
            **relations,
        )
    for reported_on, report_status, progress, spent, comment in reports:
        services.measure_report(
            actor=actor,
            measure=measure,
            status=report_status,
            progress=progress,
            spent=Decimal(spent) if spent is not None else None,
            comment=comment,
            reported_on=_date(reported_on),
        )
        measure.refresh_from_db()
    return measure


def _load(spec: dict, field_specs: list, goal_specs: list, measure_specs: list) -> None:
    organisation = Organisation.objects.filter(slug=spec["organisation"]).first()
    if organisation is None:
        return
    membership = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first()
    actor = membership.user if membership else None
    Strategy.objects.filter(organisation=organisation, title=spec["title"]).delete()
    assessment = (
        Assessment.objects.filter(
            organisation=organisation, title=spec["assessment"], status=Assessment.Status.CLOSED
        )
        .order_by("-closed_at")
        .first()
    )
    strategy = services.strategy_create(
        actor=actor,
        organisation=organisation,
        title=spec["title"],
        start_year=spec["start_year"],
        horizon_years=spec["horizon_years"],
        vision=spec["vision"],
        principles="\n".join(spec["principles"]),
        foreword=spec["foreword"],
        assessments=[assessment] if assessment else [],
    )
    if spec["status"] == Strategy.Status.AGREED:
        services.strategy_set_status(
            actor=actor,
            strategy=strategy,
            status=spec["status"],
            agreed_on=spec["agreed_on"],
            agreed_by=spec["agreed_by"],
        )
    services.strategy_set_limits(
        actor=actor,
        strategy=strategy,
        budgets={int(y): Decimal(v) for y, v in spec["budgets"].items()},
        capacities={int(y): int(v) for y, v in spec["capacities"].items()},
    )

    fields = {
        key: services.field_create(
            actor=actor, strategy=strategy, name=name, description=text, dimensions=dimensions
        )
        for key, name, dimensions, text in field_specs
    }
    goals = {}
    for goal_spec in goal_specs:
        goal = services.goal_create(
            actor=actor,
            strategy=strategy,
            field=fields[goal_spec["field"]],
            title=goal_spec["title"],
            description=goal_spec["description"],
        )
        indicator_spec = goal_spec["indicator"]
        (baseline_date, baseline), (target_date, target) = (
            indicator_spec["baseline"],
            indicator_spec["target"],
        )
        indicator = services.indicator_create(
            actor=actor,
            goal=goal,
            name=indicator_spec["name"],
            unit=indicator_spec["unit"],
            direction=indicator_spec["direction"],
            baseline=Decimal(baseline),
            baseline_date=_date(baseline_date),
            target=Decimal(target),
            target_date=_date(target_date),
        )
        for measured_on, value, *source in indicator_spec["values"]:
            services.indicator_value_add(
                actor=actor,
                indicator=indicator,
                measured_on=_date(measured_on),
                value=Decimal(value),
                source=source[0] if source else indicator_spec["source"],
            )
        goals[goal_spec["key"]] = goal

    departments = {d.name: d for d in Department.objects.filter(organisation=organisation)}
    if assessment is None and any("adopt" in m for m in measure_specs):
        raise ValueError(f"{spec['organisation']}: the closed assessment to adopt from is missing")
    measures: dict[str, Measure] = {}
    for measure_spec in measure_specs:
        measures[measure_spec["key"]] = _measure(
            actor,
            strategy,
            assessment,
            measure_spec,
            departments=departments,
            fields=fields,
            goals=goals,
            measures=measures,
        )
    if spec.get("roadmap"):
        services.roadmap_compute(actor=actor, strategy=strategy)


@transaction.atomic
def load(*, password: str, stdout=None) -> list:
    """Create or refresh the demo strategies (idempotent: replaced by title)."""
    _load(MUSTERSTADT, MUSTERSTADT_FIELDS, MUSTERSTADT_GOALS, MUSTERSTADT_MEASURES)
    _load(BEISPIELHAUSEN, BEISPIELHAUSEN_FIELDS, BEISPIELHAUSEN_GOALS, BEISPIELHAUSEN_MEASURES)
    return []
