"""API fuzzing: every operation of the OpenAPI schema, with generated input, as each role.

schemathesis reads ``/api/v1/openapi.json`` from the application itself (WSGI, no server)
and generates requests for every operation: valid ones (positive) and ones that break
the schema (negative). They are sent with the API token of the demo's viewer, editor and
administrator of Stadt Musterstadt, against the demo data, one role after the other, so
that later requests meet what earlier ones wrote (a measure edited by the fuzzer, then the
roadmap read). The promise checked for every answer:

- never a 5xx;
- every 4xx is JSON with a ``message`` a person can read.

Path parameters are the demo's own objects (the organisation's slug, its measures,
assessments …), otherwise nearly every request would end in a 404; a parameter of a new
module is taken from its app's ``tests/matrix.py`` (``API_PARAMS``), as the tenancy matrix
does. The run is bounded and repeatable: a fixed number of examples per operation, mode
and role, derandomized (the same requests on every run), no shrinking. A failure names the
operation and the role and gives the request as a ``curl`` command.
"""

from __future__ import annotations

import collections
import io
import json
import time
from collections.abc import Callable

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from kommunalkompass.accounts.models import User
from kommunalkompass.accounts.services import api_token_create
from kommunalkompass.assessments.models import Assessment
from kommunalkompass.organisations.models import Department, Membership, Organisation, Role
from kommunalkompass.strategy.models import Goal, Indicator, Measure
from tests.pages import matrix_modules

SLUG = "musterstadt"
ROLES = ("viewer", "editor", "admin")
# Examples per operation and role: valid requests, and requests that break the schema.
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 4}

# The demo's objects for each path parameter (a few, so that writes spread over them).
DEMO_OBJECTS: dict[str, Callable[[Organisation], list[int]]] = {
    "assessment_id": lambda org: list(
        Assessment.objects.filter(organisation=org).values_list("pk", flat=True)[:4]
    ),
    "measure_id": lambda org: list(
        Measure.objects.filter(organisation=org).values_list("pk", flat=True)[:4]
    ),
    "goal_id": lambda org: list(
        Goal.objects.filter(organisation=org).values_list("pk", flat=True)[:3]
    ),
    "indicator_id": lambda org: list(
        Indicator.objects.filter(organisation=org).values_list("pk", flat=True)[:3]
    ),
    "department_id": lambda org: list(
        Department.objects.filter(organisation=org).values_list("pk", flat=True)[:3]
    ),
    # Not the fuzzing users' own memberships: the administrator would lock itself out.
    "membership_id": lambda org: list(
        Membership.objects.filter(organisation=org)
        .exclude(user__email__in=[f"{role}@{SLUG}.example" for role in ROLES])
        .values_list("pk", flat=True)[:3]
    ),
}


def _path_values(organisation: Organisation) -> dict[str, list]:
    values: dict[str, list] = {"slug": [organisation.slug]}
    matrix: dict = {}
    for module in matrix_modules():
        matrix.update(getattr(module, "API_PARAMS", {}))
    for name, make in matrix.items():
        found = DEMO_OBJECTS[name](organisation) if name in DEMO_OBJECTS else []
        values[name] = found or [make(organisation)]
    for name, find in DEMO_OBJECTS.items():
        values.setdefault(name, find(organisation))
    return values


def _problem(response) -> str | None:
    """What is wrong with an answer, or None."""
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    if response.status_code >= 400:
        try:
            body = response.json()
        except ValueError:
            return f"answered {response.status_code} without a JSON body"
        if not (
            isinstance(body, dict) and isinstance(body.get("message"), str) and body["message"]
        ):
            return f"answered {response.status_code} without a message"
    return None


def _fuzz(operation, mode, examples: int, path_values: dict, headers: dict, answers) -> str:
    """Send ``examples`` generated requests to ``operation``; the first problem, or ''."""
    names = [parameter.name for parameter in operation.path_parameters]
    fixed = st.fixed_dictionaries({name: st.sampled_from(path_values[name]) for name in names})

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=fixed.flatmap(
            lambda params: operation.as_strategy(generation_mode=mode, path_parameters=params)
        )
    )
    def call(case):
        # A failed request must not end the transaction the next ones run in.
        with transaction.atomic():
            response = case.call(headers=headers)
        answers[response.status_code // 100] += 1
        problem = _problem(response)
        if problem:
            raise AssertionError(
                f"{problem} ({mode.value}):\n  {case.as_curl_command(headers=headers)}\n"
                f"  {response.text[:500]}"
            )

    try:
        call()
    except AssertionError as error:
        return str(error).split("\nFalsifying example")[0]
    return ""


@pytest.fixture
def requests_keep_the_connection():
    """Requests go through Django's WSGI handler, which closes an old database connection
    before and after each (``close_old_connections``), as in production; inside the test's
    transaction that would end it. Django's test client disconnects the same signals."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error(db, requests_keep_the_connection):
    call_command("demo", stdout=io.StringIO())
    organisation = Organisation.objects.get(slug=SLUG)
    tokens = {}
    for role in ROLES:
        user = User.objects.get(email=f"{role}@{SLUG}.example")
        assert Membership.objects.get(organisation=organisation, user=user).role == Role(role)
        tokens[role] = api_token_create(user=user, name="fuzz")[1]
    path_values = _path_values(organisation)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30, "the API lost operations or schemathesis found none"

    started = time.monotonic()
    answers: collections.Counter = collections.Counter()
    failures: list[str] = []
    for role in ROLES:
        headers = {"Authorization": f"Bearer {tokens[role]}"}
        for operation in operations:
            names = [parameter.name for parameter in operation.path_parameters]
            unknown = [name for name in names if not path_values.get(name)]
            assert not unknown, (
                f"{operation.label}: no value for {unknown}; add it to the app's tests/matrix.py"
            )
            for mode, examples in EXAMPLES.items():
                problem = _fuzz(operation, mode, examples, path_values, headers, answers)
                if problem:
                    failures.append(f"{operation.label} as {role} {problem}")
    elapsed = time.monotonic() - started
    print(
        f"API fuzzing: {sum(answers.values())} requests to {len(operations)} operations as "
        f"{len(ROLES)} roles in {elapsed:.1f} s; answers by class: "
        + json.dumps({f"{k}xx": v for k, v in sorted(answers.items())})
    )
    assert not failures, f"{len(failures)} operations failed:\n" + "\n".join(failures)
    assert answers[2] > 200, f"too few requests succeeded to test much: {dict(answers)}"
