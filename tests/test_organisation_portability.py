"""An organisation leaves whole: export, import elsewhere, export again, nothing lost.

The archive of ``organisations/portability/`` holds every row an organisation owns in every
module; this test fills organisations of every module (the demo's Musterstadt, and
organisations that hypothesis makes up with random departments, members, assessments,
strategies and OZG states), exports each, imports it into a fresh state, exports it again
and compares the two archives with their ids replaced by each row's place in the archive.
It spans the apps, so it lives here.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunalkompass.accounts.models import ApiToken, User
from kommunalkompass.assessments.models import Answer, Assessment, Response, SurveyAccess
from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import (
    Department,
    Invitation,
    Membership,
    Organisation,
    Role,
)
from kommunalkompass.organisations.portability import (
    ArchiveError,
    export_bytes,
    export_plan,
    exported_row_counts,
    organisation_import,
)
from kommunalkompass.organisations.tenancy import OrganisationOwned
from kommunalkompass.ozg.models import (
    DutyState,
    LegalDuty,
    OzgLeistung,
    OzgLevelCount,
    OzgSettings,
    ServiceState,
    Snapshot,
    UsageCount,
)
from kommunalkompass.strategy.models import (
    FieldOfAction,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureUpdate,
    Strategy,
)

pytestmark = pytest.mark.django_db


# Comparing two archives modulo ids ---------------------------------------------------------


def read(archive: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        data = json.loads(zipped.read("organisation.json"))
        files = {name: zipped.read(name) for name in zipped.namelist()}
    return data, files


def canonical(archive: bytes) -> dict[str, Any]:
    """The archive with every id replaced by the row's place among its model's rows, every
    reference to a row of the archive likewise, and every file by a digest of its content.
    Two exports of the same organisation are equal in this form, whatever their ids."""
    data, files = read(archive)
    ranks = {
        label: {row["id"]: place for place, row in enumerate(rows)}
        for label, rows in data["models"].items()
    }
    result = {}
    for label, rows in data["models"].items():
        model = apps.get_model(label)
        canonical_rows = []
        for row in rows:
            fields = {}
            for name, value in row["fields"].items():
                model_field = model._meta.get_field(name)
                target = model_field.related_model
                target_label = target._meta.label_lower if target else None
                if isinstance(value, dict) and "file" in value:
                    value = hashlib.sha256(files[value["file"]]).hexdigest()
                elif model_field.many_to_many and target_label in ranks:
                    value = sorted(ranks[target_label][v] for v in value)
                elif model_field.is_relation and target_label in ranks and value is not None:
                    value = ranks[target_label][value]
                elif name == "object_id" and value:
                    value = ranks[row["fields"]["content_type"]][int(value)]
                elif label == "organisations.organisation" and name == "slug":
                    value = "<slug>"
                fields[name] = value
            canonical_rows.append(fields)
        result[label] = canonical_rows
    return {"users": data["users"], "models": result}


def assert_same(first: bytes, second: bytes) -> None:
    one, two = canonical(first), canonical(second)
    assert one["users"] == two["users"]
    assert one["models"].keys() == two["models"].keys()
    for label in one["models"]:
        rows_one, rows_two = one["models"][label], two["models"][label]
        assert len(rows_one) == len(rows_two), label
        for place, (row_one, row_two) in enumerate(zip(rows_one, rows_two, strict=True)):
            assert row_one == row_two, f"{label} row {place} differs"


def assert_complete(organisation: Organisation, archive: bytes) -> None:
    """Every row of every model that belongs to the organisation is in the archive."""
    data, _files = read(archive)
    counts = {label: len(rows) for label, rows in data["models"].items()}
    assert counts == exported_row_counts(organisation)
    pending = Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).count()
    for model in apps.get_models():
        if issubclass(model, OrganisationOwned):
            expected = model.objects.filter(organisation=organisation).count()
            if model is Invitation:
                expected -= pending
            assert counts[model._meta.label_lower] == expected, model._meta.label_lower
    assert (
        counts["audit.auditevent"] == AuditEvent.objects.filter(organisation=organisation).count()
    )
    answers = Answer.objects.filter(response__organisation=organisation).count()
    assert counts["assessments.answer"] == answers


def test_the_plan_holds_every_model_of_an_organisation_and_nothing_shared():
    labels = [plan.label for plan in export_plan()]
    assert labels[0] == "organisations.organisation"
    owned = {m._meta.label_lower for m in apps.get_models() if issubclass(m, OrganisationOwned)}
    assert owned <= set(labels)
    # Rows that hang off owned rows, and the audit log, join without being listed anywhere.
    assert {"assessments.answer", "audit.auditevent"} <= set(labels)
    shared = {"ozg.ozgleistung", "ozg.legalduty", "accounts.user", "accounts.apitoken"}
    assert not shared & set(labels)
    # Parents come before the rows that point to them.
    assert labels.index("assessments.response") < labels.index("assessments.answer")
    assert labels.index("strategy.strategy") < labels.index("strategy.measure")


# The demo ------------------------------------------------------------------------------------


def test_the_demo_organisation_leaves_and_arrives_whole(settings):
    call_command("demo", stdout=StringIO())
    organisation = Organisation.objects.get(slug="musterstadt")
    organisation.logo = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    organisation.logo_content_type = "image/png"
    organisation.save()
    first = export_bytes(organisation)
    assert_complete(organisation, first)
    data, files = read(first)
    # Shared catalog rows are named, not copied; users by e-mail only.
    state = data["models"]["ozg.servicestate"][0]["fields"]
    assert set(state["leistung"]) == {"ozg_id"}
    assert "ozg.ozgleistung" not in data["models"]
    # Counts of the service states are computed, not carried: counted anew on import.
    assert "ozg.ozglevelcount" not in data["models"]
    counted = _level_counts(organisation)
    assert counted
    assert all(set(user) == {"email", "full_name"} for user in data["users"])
    assert "password" not in json.dumps(data["users"])
    assert not any(name.endswith("_hash") for rows in data["models"].values() for row in rows
                   for name in row["fields"])  # fmt: skip
    assert files[f"files/organisations.organisation/{organisation.pk}/logo.png"].startswith(
        b"\x89PNG"
    )
    assert data["models"]["assessments.answer"], "the demo's answers are exported"

    # A slug or an AGS that exists already is refused, and nothing is written.
    before = AuditEvent.objects.count()
    with pytest.raises(ArchiveError, match="slug.*'musterstadt' exists already"):
        organisation_import(source=io.BytesIO(first))
    with pytest.raises(ArchiveError, match="has the AGS"):
        organisation_import(source=io.BytesIO(first), slug="musterstadt-neu")
    assert AuditEvent.objects.count() == before

    # Into a fresh state: the organisation and its people are gone; the catalog is not.
    emails = [user["email"] for user in data["users"]]
    organisation.delete()
    User.objects.filter(email__in=emails).delete()
    result = organisation_import(source=io.BytesIO(first))
    imported = result.organisation
    assert imported.slug == "musterstadt"
    assert sorted(result.users_created) == sorted(emails)
    for user in User.objects.filter(email__in=emails):
        assert not user.has_usable_password()
        assert not ApiToken.objects.filter(user=user).exists()
    second = export_bytes(imported)
    assert_complete(imported, second)
    assert_same(first, second)
    assert _level_counts(imported) == counted

    # The history still names its objects: the OZG service history is found by the new id.
    state = ServiceState.objects.filter(organisation=imported).first()
    history = AuditEvent.objects.filter(
        organisation=imported, content_type__model="servicestate", object_id=str(state.pk)
    )
    old_history = [
        e for e in data["models"]["audit.auditevent"]
        if e["fields"]["content_type"] == "ozg.servicestate"
    ]  # fmt: skip
    assert history.exists() or not old_history


def _level_counts(organisation) -> list:
    rows = OzgLevelCount.objects.filter(organisation=organisation)
    columns = [f.attname for f in OzgLevelCount._meta.concrete_fields][3:]
    return sorted(rows.values_list("themenfeld__name", *columns))


# Generated organisations ---------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
)
DAY = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))
MONEY = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2)
# hypothesis takes naive bounds and adds the time zone itself.
MOMENT = st.datetimes(
    min_value=datetime.datetime(2020, 1, 1),  # noqa: DTZ001
    max_value=datetime.datetime(2030, 1, 1),  # noqa: DTZ001
    timezones=st.just(datetime.UTC),
)


@st.composite
def organisations(draw) -> Organisation:
    """An organisation with a random share of everything an organisation can hold."""
    number = draw(st.integers(min_value=1, max_value=10**6 - 1))
    organisation = Organisation.objects.create(
        name=draw(TEXT),
        kind=Organisation.Kind.STADT,
        state="09",
        ags=draw(st.sampled_from(["", f"09{number:06d}"])),
        slug=f"generated-{number}",
        population=draw(st.none() | st.integers(min_value=0, max_value=4_000_000)),
        notes=draw(st.text(max_size=200).filter(lambda t: "\x00" not in t)),
        logo=draw(st.none() | st.binary(min_size=1, max_size=300)),
        created_at=draw(MOMENT),
    )
    departments = [
        Department.objects.create(organisation=organisation, name=f"{name} {i}", short_name="")
        for i, name in enumerate(draw(st.lists(TEXT, max_size=4)))
    ]
    department = st.none() | st.sampled_from(departments) if departments else st.none()
    users = []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        email = f"person{i}-{number}@example.org"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password="secret-pass-123", full_name=draw(TEXT)
        )
        users.append(user)
        Membership.objects.create(
            organisation=organisation,
            user=user,
            role=draw(st.sampled_from(Role.values)),
            department=draw(department),
        )
    accepted_flags = draw(st.lists(st.booleans(), max_size=3))
    # Distinct, as the column is unique (two equal draws failed the example, not the code).
    token_hashes = draw(
        st.lists(
            st.text("0123456789abcdef", min_size=64, max_size=64),
            min_size=len(accepted_flags),
            max_size=len(accepted_flags),
            unique=True,
        )
    )
    for accepted, token_hash in zip(accepted_flags, token_hashes, strict=True):
        Invitation.objects.create(
            organisation=organisation,
            email=f"invited-{draw(st.integers(0, 10**6))}@example.org",
            token_hash=token_hash,
            invited_by=draw(st.sampled_from(users)),
            expires_at=timezone.now() + datetime.timedelta(days=7),
            accepted_at=timezone.now() if accepted else None,
        )

    assessments = []
    for i in range(draw(st.integers(min_value=0, max_value=2))):
        assessment = Assessment.objects.create(
            organisation=organisation,
            title=draw(TEXT),
            model_ident="quick-1.0",
            groups=["leaders", "staff"],
            anonymity_threshold=draw(st.integers(min_value=2, max_value=50)),
            targets=draw(st.dictionaries(st.sampled_from(["d1", "d2"]), st.integers(1, 5))),
            created_by=draw(st.none() | st.sampled_from(users)),
        )
        assessments.append(assessment)
        for number_ in range(draw(st.integers(min_value=0, max_value=5))):
            access = SurveyAccess.objects.create(
                organisation=organisation,
                assessment=assessment,
                kind=SurveyAccess.Kind.OPEN_LINK,
                group=draw(st.sampled_from(["leaders", "staff"])),
                token_hash=f"{i}-{number_}-{number}-access",
            )
            response = Response.objects.create(
                organisation=organisation,
                assessment=assessment,
                access=draw(st.sampled_from([None, access])),
                token_hash=f"{i}-{number_}-{number}-response",
                group=access.group,
                department=draw(department),
                number=number_ + 1,
                submitted_on=draw(st.none() | DAY),
            )
            for key in draw(st.sets(st.sampled_from(["q1", "q2", "q3", "q4"]))):
                Answer.objects.create(
                    response=response,
                    question_key=key,
                    dimension="d1",
                    weight=draw(st.floats(min_value=0.5, max_value=2, allow_nan=False)),
                    level=draw(st.none() | st.integers(min_value=1, max_value=5)),
                )

    if draw(st.booleans()):
        strategy = Strategy.objects.create(
            organisation=organisation,
            title=draw(TEXT),
            start_year=2027,
            is_current=True,
            budgets=draw(st.dictionaries(st.sampled_from(["2027", "2028"]), MONEY.map(str))),
        )
        strategy.assessments.set(draw(st.sets(st.sampled_from(assessments))) if assessments else [])
        fields = [
            FieldOfAction.objects.create(
                organisation=organisation, strategy=strategy, name=f"{name} {i}", position=i
            )
            for i, name in enumerate(draw(st.lists(TEXT, max_size=3)))
        ]
        goals = []
        for i in range(draw(st.integers(min_value=0, max_value=3))):
            goal = Goal.objects.create(
                organisation=organisation,
                strategy=strategy,
                field=draw(st.none() | st.sampled_from(fields)) if fields else None,
                title=draw(TEXT),
                position=i,
            )
            goals.append(goal)
            if draw(st.booleans()):
                indicator = Indicator.objects.create(
                    organisation=organisation,
                    goal=goal,
                    name=draw(TEXT),
                    baseline=draw(MONEY),
                    baseline_date=draw(DAY),
                    target=draw(MONEY),
                    target_date=draw(DAY),
                )
                for day in draw(st.sets(DAY, max_size=3)):
                    IndicatorValue.objects.create(
                        organisation=organisation,
                        indicator=indicator,
                        measured_on=day,
                        value=draw(MONEY),
                    )
        measures = []
        for i in range(draw(st.integers(min_value=0, max_value=5))):
            measure = Measure.objects.create(
                organisation=organisation,
                strategy=strategy,
                number=i + 1,
                title=draw(TEXT),
                description=draw(st.text(max_size=300).filter(lambda t: "\x00" not in t)),
                lead_department=draw(department),
                one_time_cost=draw(MONEY),
                start=draw(st.none() | DAY),
                source_assessment=draw(st.none() | st.sampled_from(assessments))
                if assessments
                else None,
                status=draw(st.sampled_from(Measure.Status.values)),
            )
            measure.fields.set(draw(st.sets(st.sampled_from(fields))) if fields else [])
            measure.goals.set(draw(st.sets(st.sampled_from(goals))) if goals else [])
            measure.depends_on.set(draw(st.sets(st.sampled_from(measures))) if measures else [])
            measures.append(measure)
            for _ in range(draw(st.integers(min_value=0, max_value=2))):
                MeasureUpdate.objects.create(
                    organisation=organisation,
                    measure=measure,
                    status=measure.status,
                    progress=draw(st.integers(min_value=0, max_value=100)),
                    spent=draw(st.none() | MONEY),
                    author=draw(st.none() | st.sampled_from(users)),
                )
            AuditEvent.objects.create(
                organisation=organisation,
                actor=draw(st.sampled_from(users)),
                actor_label=users[0].email,
                action="create",
                content_type=ContentType.objects.get_for_model(Measure),
                object_id=str(measure.pk),
                object_repr=str(measure),
                changes={"title": [None, measure.title]},
                created_at=draw(MOMENT),
            )
    else:
        measures = []

    if draw(st.booleans()):
        OzgSettings.objects.create(organisation=organisation, share_for_aggregation=True)
    leistungen = list(OzgLeistung.objects.order_by("ozg_id"))
    for leistung in draw(st.sets(st.sampled_from(leistungen))):
        state = ServiceState.objects.create(
            organisation=organisation,
            leistung=leistung,
            level=draw(st.none() | st.integers(min_value=0, max_value=4)),
            department=draw(department),
            measure=draw(st.none() | st.sampled_from(measures)) if measures else None,
            criteria=draw(st.dictionaries(st.sampled_from(["a", "b"]), st.booleans())),
        )
        for month in draw(st.sets(st.integers(min_value=1, max_value=12), max_size=3)):
            UsageCount.objects.create(
                organisation=organisation,
                state=state,
                month=datetime.date(2026, month, 1),
                count=draw(st.integers(min_value=0, max_value=2**31 - 1)),
            )
        AuditEvent.objects.create(
            organisation=organisation,
            action="update",
            content_type=ContentType.objects.get_for_model(ServiceState),
            object_id=str(state.pk),
            object_repr=str(state),
            changes={"level": [None, state.level]},
        )
    for duty in draw(st.sets(st.sampled_from(list(LegalDuty.objects.order_by("key"))))):
        DutyState.objects.create(
            organisation=organisation,
            duty=duty,
            status=draw(st.sampled_from(DutyState.Status.values)),
            evidence=draw(TEXT),
            updated_by=draw(st.none() | st.sampled_from(users)),
        )
    for month in draw(st.sets(st.integers(min_value=1, max_value=12), max_size=2)):
        Snapshot.objects.create(
            organisation=organisation,
            month=datetime.date(2025, month, 1),
            figures={"online": draw(st.integers(0, 500)), "share": draw(st.floats(0, 1))},
        )
    # An event about an object deleted since: its id means nothing elsewhere.
    AuditEvent.objects.create(
        organisation=organisation,
        action="delete",
        content_type=ContentType.objects.get_for_model(Measure),
        object_id="999999999",
        object_repr=draw(TEXT)[:255],
        changes={"title": [draw(TEXT), None]},
    )
    return organisation


@pytest.fixture
def catalog(db):
    for number in range(3):
        OzgLeistung.objects.create(ozg_id=f"{10500 + number}", name=f"Leistung {number}")
    for key in ("duty-a", "duty-b"):
        LegalDuty.objects.get_or_create(
            key=key, defaults={"title": key, "legal_basis": "§ 1", "applies_to": "alle"}
        )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), new_slug=st.booleans())
def test_generated_organisations_leave_and_arrive_whole(catalog, data, new_slug):
    with transaction.atomic():
        organisation = data.draw(organisations())
        first = export_bytes(organisation)
        assert_complete(organisation, first)
        if new_slug and not organisation.ags:
            # Beside the original, in the same installation: every unique key stays unique.
            imported = organisation_import(source=io.BytesIO(first), slug="arrived").organisation
            assert imported.slug == "arrived"
        else:
            organisation.delete()
            imported = organisation_import(source=io.BytesIO(first)).organisation
        second = export_bytes(imported)
        assert_complete(imported, second)
        assert_same(first, second)
        transaction.set_rollback(True)


def test_the_comparison_sees_a_lost_row(catalog):
    """The round trip's comparison is not blind: one answer fewer is a difference."""
    organisation = Organisation.objects.create(name="Probe", kind="stadt", state="09", slug="probe")
    assessment = Assessment.objects.create(
        organisation=organisation, title="A", model_ident="quick-1.0", anonymity_threshold=5
    )
    response = Response.objects.create(
        organisation=organisation, assessment=assessment, token_hash="x", number=1
    )
    for key in ("q1", "q2"):
        Answer.objects.create(response=response, question_key=key, dimension="d", level=3)
    first = export_bytes(organisation)
    Answer.objects.filter(question_key="q2").delete()
    with pytest.raises(AssertionError):
        assert_same(first, export_bytes(organisation))


def test_a_catalog_entry_missing_here_is_named_and_nothing_is_imported(catalog):
    organisation = Organisation.objects.create(name="Probe", kind="stadt", state="09", slug="probe")
    leistung = OzgLeistung.objects.get(ozg_id="10501")
    ServiceState.objects.create(organisation=organisation, leistung=leistung)
    DutyState.objects.create(organisation=organisation, duty=LegalDuty.objects.get(key="duty-a"))
    archive = export_bytes(organisation)
    organisation.delete()
    # The other installation has not imported this part of the catalogs.
    leistung.delete()
    LegalDuty.objects.filter(key="duty-a").delete()
    with pytest.raises(ArchiveError) as raised:
        organisation_import(source=io.BytesIO(archive))
    message = str(raised.value)
    assert "catalog entries this installation does not have" in message
    assert "OZG-Leistung with OZG-ID 10501" in message
    assert "legal duty with key duty-a" in message
    assert not Organisation.objects.filter(slug="probe").exists()
