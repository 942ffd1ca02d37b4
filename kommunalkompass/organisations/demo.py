"""Demo data of the organisations app: two fictional organisations and their teams."""

from __future__ import annotations

from django.db import transaction

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
        departments = {}
        for name, short_name in spec["departments"]:
            departments[name], _ = Department.objects.update_or_create(
                organisation=organisation, name=name, defaults={"short_name": short_name}
            )
        for email, full_name, role, department in spec["users"]:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=password, full_name=full_name)
            else:
                user.full_name = full_name
                user.is_active = True
                user.set_password(password)
                user.save()
            Membership.objects.update_or_create(
                organisation=organisation,
                user=user,
                defaults={"role": role, "department": departments[department]},
            )
            logins.append((email, spec["slug"]))
    return logins
