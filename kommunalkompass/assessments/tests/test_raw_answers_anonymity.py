"""The raw-answer export lets nobody single out fewer than *k* respondents.

For every combination of the columns the export carries about a person — the group, the
department and the set of question rows a respondent number has (which betrays a group
shown other questions) — the number of distinct respondents is 0 or at least *k*
(docs/scoring.md, "Raw answers").
"""

import csv
import datetime
import io
import itertools
from collections import Counter
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunalkompass.accounts.tokens import new_secret, secret_hash
from kommunalkompass.assessments.anonymity import export_note, export_plan
from kommunalkompass.assessments.models import Answer, Assessment, Response
from kommunalkompass.organisations.models import Membership, Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db

QUASI_IDENTIFIERS = ("group", "department", "questions")


def parse_csv(content: bytes) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def parse_xlsx(content: bytes) -> tuple[list[str], list[list[str]]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def respondent_attributes(columns: list[str], rows: list[list[str]]) -> dict[str, dict]:
    """What the export tells about each respondent number: its group and department (one
    value each over all its rows) and the multiset of its question rows."""
    people: dict[str, dict] = {}
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        person = people.setdefault(
            record["respondent"], {"group": set(), "department": set(), "questions": []}
        )
        person["group"].add(record["group"])
        person["department"].add(record.get("department", ""))
        person["questions"].append((record["dimension"], record["question"]))
    for number, person in people.items():
        assert len(person["group"]) == 1 and len(person["department"]) == 1, number
    return {
        number: {
            "group": next(iter(person["group"])),
            "department": next(iter(person["department"])),
            "questions": tuple(sorted(person["questions"])),
        }
        for number, person in people.items()
    }


def smallest_set(columns: list[str], rows: list[list[str]]) -> int | None:
    """The fewest distinct respondents that share one value of any combination of the
    export's quasi-identifiers (None for an export without answers)."""
    people = respondent_attributes(columns, rows)
    smallest = None
    for size in range(1, len(QUASI_IDENTIFIERS) + 1):
        for combination in itertools.combinations(QUASI_IDENTIFIERS, size):
            cells = Counter(tuple(p[c] for c in combination) for p in people.values())
            if cells:
                smallest = min(smallest or len(people), *cells.values())
    return smallest


def exports(client, assessment) -> dict[str, tuple[list[str], list[list[str]]]]:
    args = [assessment.organisation.slug, assessment.pk]
    csv_response = client.get(reverse("assessments:responses_csv", args=args))
    xlsx_response = client.get(reverse("assessments:responses_xlsx", args=args))
    assert csv_response.status_code == xlsx_response.status_code == 200
    return {"csv": parse_csv(csv_response.content), "xlsx": parse_xlsx(xlsx_response.content)}


@pytest.fixture
def demo(client):
    call_command("demo", stdout=StringIO())
    membership = Membership.objects.get(user__email="admin@musterstadt.example")
    client.force_login(membership.user)
    return membership.organisation


def test_the_demo_exports_single_out_nobody(client, demo):
    """Musterstadt's full assessment has one leader in "Bauen und Umwelt" and nine group ×
    department cells below five; its Quick-Check has three IT respondents, shown one
    question fewer than everybody else."""
    full = Assessment.objects.get(organisation=demo, title="Reifegradanalyse 2026")
    quick = Assessment.objects.get(organisation=demo, title="Quick-Check 2025")
    smallest = {
        (assessment.title, extension): smallest_set(columns, rows)
        for assessment in (full, quick)
        for extension, (columns, rows) in exports(client, assessment).items()
    }
    assert {key: n for key, n in smallest.items() if n < 5} == {}
    # Useful still: every group has at least five respondents, so the full assessment's
    # export names all three groups (not the departments: too few per combination).
    columns, rows = exports(client, full)["csv"]
    people = respondent_attributes(columns, rows)
    assert {p["group"] for p in people.values()} == {"leaders", "staff", "it"}
    assert {p["department"] for p in people.values()} == {""}
    assert len(people) == 71


# Generated assessments ------------------------------------------------------------------

NUMBERS = itertools.count(100_000)


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


@st.composite
def surveys(draw):
    """An assessment's shape: model, groups, k, departments (some left empty), and per
    respondent a group and a department or none; the answers come from a seeded random."""
    groups = draw(st.lists(st.sampled_from(["leaders", "staff", "it"]), min_size=1, unique=True))
    departments = draw(st.integers(0, 4))
    use_departments = draw(st.booleans())
    respondents = [
        (group, draw(st.none() | st.integers(0, departments - 1)) if departments else None)
        for group in groups
        for _ in range(draw(st.integers(0, 14)))
    ]
    return {
        "model_ident": draw(st.sampled_from(["quick-1.0", "full-1.0"])),
        "groups": groups,
        "threshold": draw(st.sampled_from([2, 3, 5])),
        "use_departments": use_departments,
        "departments": departments,
        "respondents": respondents,
        "dont_know": draw(st.sampled_from([0.0, 0.1, 0.5])),
        "skipped": draw(st.sampled_from([0.0, 0.1, 0.5])),
        "random": draw(st.randoms(use_true_random=False)),
    }


def build(organisation, shape) -> tuple[Assessment, dict[int, tuple], dict[int, dict]]:
    """The assessment with its submitted responses; returns each respondent number's
    (group, department name) and stored answers."""
    assessment = AssessmentFactory(
        organisation=organisation,
        model_ident=shape["model_ident"],
        groups=shape["groups"],
        use_departments=shape["use_departments"],
        anonymity_threshold=shape["threshold"],
        status=Assessment.Status.CLOSED,
    )
    departments = [
        DepartmentFactory(organisation=organisation) for _ in range(shape["departments"])
    ]
    rng = shape["random"]
    people, stored, answers = {}, {}, []
    for group, department in shape["respondents"]:
        department = departments[department] if department is not None else None
        if not shape["use_departments"]:
            department = None
        response = Response.objects.create(
            organisation=organisation,
            assessment=assessment,
            token_hash=secret_hash(new_secret()),
            group=group,
            department=department,
            number=next(NUMBERS),
            submitted_on=datetime.date(2026, 11, 26),
        )
        people[response.number] = (group, department.name if department else "")
        stored[response.number] = {}
        for dimension in assessment.model.dimensions:
            for question in dimension.questions:
                if group not in question.groups or rng.random() < shape["skipped"]:
                    continue  # not shown to the group, or left unanswered
                level = None if rng.random() < shape["dont_know"] else rng.randint(1, 5)
                stored[response.number][question.text.en] = level
                answers.append(
                    Answer(
                        response=response,
                        question_key=question.key,
                        dimension=dimension.key,
                        weight=question.weight,
                        level=level,
                    )
                )
    Answer.objects.bulk_create(answers)
    return assessment, people, stored


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(shape=surveys())
def test_no_export_singles_out_fewer_than_k(client, editor, shape):
    """Whatever the sizes of groups, departments and their combinations, whatever was left
    unanswered or answered "don't know": every combination of group, department and set of
    question rows in the CSV and the XLSX has no respondent or at least k; the levels are
    the stored ones; and where every group × department cell has k, both are named."""
    k = shape["threshold"]
    with transaction.atomic():
        assessment, people, stored = build(editor.organisation, shape)
        files = exports(client, assessment)
        transaction.set_rollback(True)
    assert _same(files["csv"], files["xlsx"])
    columns, rows = files["csv"]
    assert columns[:6] == ["respondent", "group", "dimension", "question", "weight", "level"]
    assert ("department" in columns) == shape["use_departments"]
    smallest = smallest_set(columns, rows)
    assert smallest is None or smallest >= k
    if len(people) < k:
        assert rows == []
        return
    shown = respondent_attributes(columns, rows)
    assert set(shown) <= {str(n) for n in people}
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        level = stored[int(record["respondent"])].get(record["question"])
        assert record["level"] == ("" if level is None else str(level))
    cells = Counter(people.values())
    if min(cells.values()) >= k:
        # Safe to name everything: the export does, and has a row per question shown.
        assert set(shown) == {str(n) for n in people}
        for number, person in shown.items():
            group, department = people[int(number)]
            assert person["group"] == group
            assert person["department"] == department


def _same(first, second) -> bool:
    """CSV and XLSX carry the same table (the CSV writes the weight with a decimal comma,
    the workbook reads a whole weight back as an integer)."""

    def plain(table):
        columns, rows = table
        return columns, [
            [float(c.replace(",", ".")) if i == 4 else c for i, c in enumerate(row)] for row in rows
        ]

    return plain(first) == plain(second)


# The plan and the sentence beside the download -----------------------------------------


def test_the_plan_drops_the_department_when_a_combination_is_small():
    questions = {"leaders": ("q1", "q2"), "staff": ("q1", "q3"), "it": ("q1", "q2", "q3")}
    cells = {("leaders", 1): 5, ("leaders", 2): 1, ("staff", 1): 9, ("staff", 2): 7}
    plan = export_plan(cells, questions=questions, use_departments=True, threshold=5)
    assert plan.groups == {"leaders", "staff"}
    assert plan.departments == set()
    assert export_note(plan, group_name=str.title) == (
        "Respondent group included, department not included: too few respondents per "
        "combination of group and department (fewer than 5)."
    )
    # Every combination with five: both named.
    cells[("leaders", 2)] = 5
    plan = export_plan(cells, questions=questions, use_departments=True, threshold=5)
    assert (plan.groups, plan.departments) == ({"leaders", "staff"}, {1, 2})


def test_a_hidden_group_is_not_told_by_its_questions_nor_by_the_complement():
    """Quick-Check 2025 of the demo: leaders 8, staff 24, IT 3 (shown one question fewer)."""
    questions = {"leaders": ("q1", "q2", "q3"), "staff": ("q1", "q2", "q3"), "it": ("q1", "q3")}
    cells = {("leaders", None): 8, ("staff", None): 24, ("it", None): 3}
    plan = export_plan(cells, questions=questions, use_departments=False, threshold=5)
    # IT alone would be the blank rows: the leaders are left blank with them.
    assert plan.groups == {"staff"}
    assert plan.questions_of("it") == plan.questions_of("leaders") == ("q1", "q3")
    assert plan.questions_of("staff") == ("q1", "q2", "q3")
    assert export_note(plan, group_name=str.title) == (
        "Respondent group named only for Staff: the other groups have fewer than 5 "
        "respondents or would reveal such a group. Where the group is not named, only the "
        "questions that all those groups were shown are included, so that the questions do "
        "not reveal the group."
    )


def test_the_department_is_kept_when_it_names_more_respondents():
    questions = {"staff": ("q1",), "it": ("q1",)}
    cells = {("staff", 1): 6, ("staff", 2): 5, ("staff", 3): 1, ("it", None): 2}
    plan = export_plan(cells, questions=questions, use_departments=True, threshold=5)
    assert plan.groups == set()
    # Department 3 (1) is hidden, with the two without one, and department 2 with them.
    assert plan.departments == {1}
    assert export_note(plan, group_name=str.title) == (
        "Respondent group not included; department named only where it has at least 5 "
        "respondents and does not reveal a smaller one."
    )


def test_fewer_than_k_respondents_export_nothing():
    plan = export_plan(
        {("staff", None): 4}, questions={"staff": ("q1",)}, use_departments=False, threshold=5
    )
    assert plan.empty
    assert export_note(plan, group_name=str.title) == (
        "The export contains no answers: fewer than 5 respondents have submitted."
    )


def test_the_pages_say_what_the_export_contains(client, demo):
    full = Assessment.objects.get(organisation=demo, title="Reifegradanalyse 2026")
    sentence = (
        "Respondent group included, department not included: too few respondents per "
        "combination of group and department (fewer than 5)."
    )
    for name in ("assessments:detail", "assessments:results"):
        page = client.get(reverse(name, args=[demo.slug, full.pk]), HTTP_ACCEPT_LANGUAGE="en")
        assert sentence in " ".join(page.content.decode().split())
    # Viewers get no raw answers, and so no sentence about them.
    viewer = MembershipFactory(organisation=demo, role=Role.VIEWER)
    client.force_login(viewer.user)
    page = client.get(reverse("assessments:results", args=[demo.slug, full.pk]))
    assert "department not included" not in page.content.decode()
