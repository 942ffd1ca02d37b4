"""Demo data of the organisations app: two fictional organisations and their teams."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kommunalkompass.accounts.models import User

from .models import Department, Membership, Organisation, Role

DEMO_ORGANISATIONS = [
    {
        "slug": "musterstadt",
        "name": "Stadt Musterstadt",
        "kind": Organisation.Kind.STADT,
        "ags": "09999001",
        "state": "09",
        "population": 48_250,
        "notes": (
            "Fiktive Stadt für Demonstrationszwecke. Der AGS 09999001 ist erfunden und "
            "gehört zu keiner echten Gemeinde."
        ),
        "departments": [
            ("Hauptamt", "FB 1"),
            ("Finanzen", "FB 2"),
            ("Bürgerdienste und Ordnung", "FB 3"),
            ("Bauen und Umwelt", "FB 4"),
            ("Bildung, Soziales und Kultur", "FB 5"),
            ("IT und Digitalisierung", "IT"),
        ],
        "users": [
            ("admin@musterstadt.example", "Anna Admin", Role.ADMIN, "IT und Digitalisierung"),
            ("editor@musterstadt.example", "Emil Editor", Role.EDITOR, "Hauptamt"),
            ("viewer@musterstadt.example", "Vera Viewer", Role.VIEWER, "Finanzen"),
        ],
    },
    {
        "slug": "beispielhausen",
        "name": "Gemeinde Beispielhausen",
        "kind": Organisation.Kind.GEMEINDE,
        "ags": "05999002",
        "state": "05",
        "population": 6_480,
        "notes": (
            "Fiktive Gemeinde für Demonstrationszwecke. Der AGS 05999002 ist erfunden und "
            "gehört zu keiner echten Gemeinde."
        ),
        "departments": [("Zentrale Dienste", "ZD"), ("Bürgerbüro", "BB"), ("Bauamt", "BA")],
        "users": [
            ("admin@beispielhausen.example", "Bernd Bürgermeister", Role.ADMIN, "Zentrale Dienste"),
        ],
    },
]


# Further fictional organisations without a team of their own, so that comparisons across
# organisations (peer benchmarks, aggregate views) have enough members to show; the demo
# consultant (below) is a member of three of them. AGS with "999" in the
# district digits are invented and belong to no real municipality.
PEER_ORGANISATIONS = [
    # (slug, name, kind, AGS, population)
    ("musterfeld", "Stadt Musterfeld", Organisation.Kind.STADT, "09999003", 31_400),
    ("beispielburg", "Stadt Beispielburg", Organisation.Kind.STADT, "09999004", 44_900),
    ("modellstadt", "Große Kreisstadt Modellstadt", Organisation.Kind.STADT, "09999005", 27_050),
    ("vorbildingen", "Stadt Vorbildingen", Organisation.Kind.STADT, "09999006", 22_300),
    ("schemastedt", "Stadt Schemastedt", Organisation.Kind.STADT, "09999007", 38_700),
    ("probehagen", "Stadt Probehagen", Organisation.Kind.STADT, "05999008", 35_600),
    ("entwurfshafen", "Stadt Entwurfshafen", Organisation.Kind.STADT, "03999009", 24_800),
    ("musterdorf", "Gemeinde Musterdorf", Organisation.Kind.GEMEINDE, "05999010", 8_900),
    ("beispielbach", "Gemeinde Beispielbach", Organisation.Kind.GEMEINDE, "05999011", 12_400),
    ("modelltal", "Gemeinde Modelltal", Organisation.Kind.GEMEINDE, "06999012", 5_700),
    ("vorlagenau", "Gemeinde Vorlagenau", Organisation.Kind.GEMEINDE, "08999013", 16_200),
    ("skizzenheim", "Gemeinde Skizzenheim", Organisation.Kind.GEMEINDE, "05999014", 7_350),
]


# The demo's organisations are marked verified directly, without the register check of the
# admin action (services.organisation_verify): their AGS are made up and in no register, and
# without verified peers the demo would show no comparison. The note says so wherever the
# verification is shown.
DEMO_VERIFICATION = {
    "verified": True,
    "verification_note": (
        "Demo-Daten: fiktive Kommune, der AGS ist erfunden; für die Vergleiche der Demo als "
        "verifiziert markiert."
    ),
}


# A consultant who advises several towns: a member of both demo organisations (editor, so
# that she can copy parts of one strategy into the other) and of three peer organisations
# (viewer), so that /o/ shows the portfolio.
CONSULTANT = ("berater@kommunalkompass.example", "Carla Beraterin")
CONSULTANT_MEMBERSHIPS = [
    ("musterstadt", Role.EDITOR),
    ("beispielhausen", Role.EDITOR),
    ("musterfeld", Role.VIEWER),
    ("probehagen", Role.VIEWER),
    ("modelltal", Role.VIEWER),
]


def _user(email: str, full_name: str, password: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        return User.objects.create_user(email=email, password=password, full_name=full_name)
    user.full_name = full_name
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def consultant(*, password: str) -> User:
    """Create or refresh the demo consultant and her memberships (idempotent)."""
    email, full_name = CONSULTANT
    user = _user(email, full_name, password)
    organisations = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in=[slug for slug, _ in CONSULTANT_MEMBERSHIPS])
    }
    for slug, role in CONSULTANT_MEMBERSHIPS:
        Membership.objects.update_or_create(
            organisation=organisations[slug], user=user, defaults={"role": role}
        )
    return user


def _verified(organisation: Organisation) -> None:
    if not organisation.verified:
        Organisation.objects.filter(pk=organisation.pk).update(
            verified_at=timezone.now(), **DEMO_VERIFICATION
        )


def peer_organisations() -> list[Organisation]:
    """Create or refresh the demo peer organisations (idempotent)."""
    peers = []
    for slug, name, kind, ags, population in PEER_ORGANISATIONS:
        organisation, _created = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "ags": ags,
                "state": ags[:2],
                "population": population,
                "notes": "Fiktive Kommune für Vergleiche in der Demo, ohne eigene Zugänge.",
            },
        )
        _verified(organisation)
        peers.append(organisation)
    return peers


@transaction.atomic
def load(*, password: str, stdout=None) -> list[tuple[str, str]]:
    """Create or refresh the demo organisations, departments and users (idempotent).

    Returns the demo logins as ``(e-mail, organisation slug)`` pairs.
    """
    logins = []
    for spec in DEMO_ORGANISATIONS:
        fields = {k: spec[k] for k in ("name", "kind", "ags", "state", "population", "notes")}
        organisation, _created = Organisation.objects.update_or_create(
            slug=spec["slug"], defaults=fields
        )
        _verified(organisation)
        departments = {}
        for name, short_name in spec["departments"]:
            departments[name], _ = Department.objects.update_or_create(
                organisation=organisation, name=name, defaults={"short_name": short_name}
            )
        for email, full_name, role, department in spec["users"]:
            user = _user(email, full_name, password)
            Membership.objects.update_or_create(
                organisation=organisation,
                user=user,
                defaults={"role": role, "department": departments[department]},
            )
            logins.append((email, spec["slug"]))
    peer_organisations()
    consultant(password=password)
    # No slug: the consultant starts at her portfolio, /o/.
    logins.append((CONSULTANT[0], ""))
    return logins
