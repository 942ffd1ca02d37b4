"""How the list pages of an organisation scale with its data.

Organisations measured in the same run: a small one with 5 of each (members, measures of
its current strategy, OZG services taken over, audit events), one with 100 and a large one
with 1,000 of each (members in departments of five: 201 of them). Each page is asked for 30
times by its administrator through Django's test client; the figure is the median CPU time
of this process per request (the client, the view and SQLite all run in it), which the
other processes of a shared machine disturb far less than the wall-clock time.

A page whose cost grows with the data (an N+1 query, every row rendered) shows a ratio far
above 1; a page that lists one page of rows at a time (25 or 50) stays near 1, though its
large-organisation figure pays for a full page of rows and the small one for 5. Printed per
page: the time ratio against its target (≤ 1.5), the queries of each, "met" or "missed" (a
missed target is printed, not a failure), and the ratio of 1,000 rows to 100 (a third
organisation, whose pages are as full as the large one's): near 1 when nothing but the
page of rows costs.
"""

import datetime
import statistics
import time
from decimal import Decimal

from _setup import django_with_fresh_database

django_with_fresh_database()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kommunalkompass.accounts.models import User  # noqa: E402
from kommunalkompass.audit.models import AuditEvent  # noqa: E402
from kommunalkompass.organisations.models import (  # noqa: E402
    Department,
    Membership,
    Organisation,
    Role,
)
from kommunalkompass.ozg.models import OzgLeistung, ServiceState, Themenfeld  # noqa: E402
from kommunalkompass.strategy.models import (  # noqa: E402
    DEFAULT_WEIGHTS,
    FieldOfAction,
    Measure,
    Strategy,
)

settings.ALLOWED_HOSTS = ["testserver"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SMALL, MIDDLE, LARGE = 5, 100, 1000
TARGET = 1.5  # time ratio large/small
REPEAT = 30
PAGES = [
    ("home", ""),
    ("members", "members/"),
    ("departments", "departments/"),
    ("strategy measures", "strategy/measures/"),
    ("OZG services", "ozg/services/"),
    ("audit log", "audit/"),
]


def catalog(size: int) -> list[OzgLeistung]:
    """An OZG catalog of ``size`` services in 14 Themenfelder (the real one has 575)."""
    fields = Themenfeld.objects.bulk_create(
        Themenfeld(name=f"Themenfeld {n}", position=n) for n in range(14)
    )
    return OzgLeistung.objects.bulk_create(
        OzgLeistung(ozg_id=f"{10000 + n:05d}", name=f"Leistung {n}", themenfeld=fields[n % 14])
        for n in range(size)
    )


def organisation_with(rows: int, slug: str, services: list[OzgLeistung]) -> User:
    """An organisation with ``rows`` members, measures, OZG services and audit events;
    returns its administrator."""
    organisation = Organisation.objects.create(name=slug, kind="stadt", state="03", slug=slug)
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"Fachbereich {n}") for n in range(rows // 5 + 1)
    )
    users = User.objects.bulk_create(
        User(email=f"{slug}-{n}@example.org", full_name=f"Person {n}", password="!")  # noqa: S106
        for n in range(rows)
    )
    Membership.objects.bulk_create(
        Membership(
            organisation=organisation,
            user=user,
            role=Role.ADMIN if n == 0 else Role.VIEWER,
            department=departments[n % len(departments)],
        )
        for n, user in enumerate(users)
    )
    strategy = Strategy.objects.create(
        organisation=organisation,
        title="Digitalstrategie",
        start_year=2027,
        horizon_years=5,
        is_current=True,
        weights=dict(DEFAULT_WEIGHTS),
    )
    fields = FieldOfAction.objects.bulk_create(
        FieldOfAction(organisation=organisation, strategy=strategy, name=f"Feld {n}", position=n)
        for n in range(6)
    )
    measures = Measure.objects.bulk_create(
        Measure(
            organisation=organisation,
            strategy=strategy,
            number=n + 1,
            title=f"Maßnahme {n + 1}",
            lead_department=departments[n % len(departments)],
            one_time_cost=Decimal(1000 * (n % 50)),
            annual_cost=Decimal(100 * (n % 20)),
            benefit_citizens=n % 6,
            benefit_staff=(n + 2) % 6,
            effort=1 + n % 5,
            risk=1 + (n + 1) % 5,
            status=Measure.Status.PLANNED,
        )
        for n in range(rows)
    )
    Measure.fields.through.objects.bulk_create(
        Measure.fields.through(measure_id=m.pk, fieldofaction_id=fields[n % 6].pk)
        for n, m in enumerate(measures)
    )
    ServiceState.objects.bulk_create(
        ServiceState(organisation=organisation, leistung=leistung, level=n % 5)
        for n, leistung in enumerate(services[:rows])
    )
    measure_type = ContentType.objects.get_for_model(Measure)
    now = timezone.now()
    AuditEvent.objects.bulk_create(
        AuditEvent(
            organisation=organisation,
            actor=users[0],
            actor_label=users[0].email,
            action="update",
            content_type=measure_type,
            object_id=str(measures[n % len(measures)].pk),
            object_repr=measures[n % len(measures)].title,
            changes={"status": ["idea", "planned"], "one_time_cost": ["0.00", f"{n}.00"]},
            created_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(rows)
    )
    return users[0]


def timed(client: Client, url: str) -> tuple[float, int]:
    """The median CPU seconds per request and the number of queries of one request."""
    client.get(url)
    samples = []
    for _ in range(REPEAT):
        start = time.process_time()
        response = client.get(url)
        samples.append(time.process_time() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(samples), len(queries)


services = catalog(LARGE)
small, middle, large = Client(), Client(), Client()
small.force_login(organisation_with(SMALL, "klein", services))
middle.force_login(organisation_with(MIDDLE, "mittel", services))
large.force_login(organisation_with(LARGE, "gross", services))
missed = []
print(
    f"{LARGE:,} vs {SMALL} rows of each (members, measures, services, audit events); "
    f"CPU ms per request; last column: {LARGE:,} vs {MIDDLE} rows (both a full page)"
)
for name, page in PAGES:
    base_time, base_queries = timed(small, f"/o/klein/{page}")
    middle_time, _middle_queries = timed(middle, f"/o/mittel/{page}")
    big_time, big_queries = timed(large, f"/o/gross/{page}")
    ratio = big_time / base_time
    met = ratio <= TARGET
    if not met:
        missed.append(name)
    print(
        f"{name:<18} /o/<slug>/{page:<19} {base_time * 1000:5.1f} → {big_time * 1000:5.1f} ms: "
        f"×{ratio:4.2f} (target ≤ {TARGET}) {'met' if met else 'MISSED'}, "
        f"queries {base_queries} → {big_queries}; vs {MIDDLE}: ×{big_time / middle_time:4.2f}",
        flush=True,
    )
print(f"targets missed: {', '.join(missed)}" if missed else "all targets met")
