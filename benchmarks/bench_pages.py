"""How the organisation pages scale with the size of the team.

Baseline: the same page for an organisation with 5 members, measured in the same run.
A page whose cost grows with the data (an N+1 query) shows a ratio far above 1.
"""

import statistics
import time

from _setup import django_with_fresh_database

django_with_fresh_database()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kommunalkompass.accounts.models import User  # noqa: E402
from kommunalkompass.organisations.models import (  # noqa: E402
    Department,
    Membership,
    Organisation,
    Role,
)

settings.ALLOWED_HOSTS = ["testserver"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def organisation_with(members: int, slug: str) -> User:
    organisation = Organisation.objects.create(name=slug, kind="stadt", state="03", slug=slug)
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"Fachbereich {n}")
        for n in range(members // 5 + 1)
    )
    users = User.objects.bulk_create(
        User(email=f"{slug}-{n}@example.org", password="!")  # noqa: S106
        for n in range(members)
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
    return users[0]


def timed(client: Client, url: str, repeat: int = 30) -> tuple[float, int]:
    client.get(url)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(samples), len(queries)


small_admin = organisation_with(5, "klein")
large_admin = organisation_with(1000, "gross")
for page in ("", "members/", "departments/"):
    small, large = Client(), Client()
    small.force_login(small_admin)
    large.force_login(large_admin)
    base_time, base_queries = timed(small, f"/o/klein/{page}")
    big_time, big_queries = timed(large, f"/o/gross/{page}")
    print(
        f"/o/<slug>/{page:<13} 1000 vs 5 members: time ×{big_time / base_time:5.1f}, "
        f"queries {big_queries} vs {base_queries}"
    )
