"""The portfolio at /o/: the user's organisations side by side, with the figures the modules
register (organisations.portfolio), sortable, filtered, exported, at a fixed query cost, and
never with an organisation the user is not a member of."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunalkompass.assessments import services as assessment_services
from kommunalkompass.assessments.models import Assessment
from kommunalkompass.assessments.selectors import assessment_results
from kommunalkompass.assessments.tests.factories import AssessmentFactory
from kommunalkompass.organisations.journey import journey_for, phase_positions
from kommunalkompass.organisations.models import Membership, Organisation, Role
from kommunalkompass.organisations.portfolio import build_portfolio
from kommunalkompass.organisations.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
)
from kommunalkompass.ozg.tests.factories import ServiceStateFactory
from kommunalkompass.strategy.models import Measure, Strategy
from kommunalkompass.strategy.tests.factories import MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _closed_assessment(organisation, user, level: int):
    assessment = assessment_services.assessment_create(
        actor=user, organisation=organisation, title="Quick-Check", model_ident="quick-1.0"
    )
    assessment_services.assessment_open(actor=user, assessment=assessment)
    assessment.refresh_from_db()
    for _ in range(5):
        response, _token = assessment_services.survey_start(
            token=assessment_services.open_link_token(assessment, "staff")
        )
        assessment_services.response_save_answers(
            response=response,
            answers={q.key: level for q in assessment_services.questions_for(response)},
        )
        assessment_services.response_submit(response=response)
    assessment_services.assessment_close(actor=user, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def _client_organisation(
    user,
    *,
    name: str,
    state: str = "03",
    kind=None,
    level=None,
    measures=(),
    online=0,
    offline=0,
    role=Role.EDITOR,
) -> Organisation:
    """An organisation of ``user`` with the figures every column shows."""
    organisation = OrganisationFactory(
        name=name,
        state=state,
        ags=f"{state}{OrganisationFactory._meta.next_sequence():06d}",
        kind=kind or Organisation.Kind.GEMEINDE,
    )
    MembershipFactory(organisation=organisation, user=user, role=role)
    if level is not None:
        _closed_assessment(organisation, user, level)
    if measures:
        strategy = StrategyFactory(organisation=organisation)
        for number, (status, end, cost) in enumerate(measures, start=1):
            MeasureFactory(
                strategy=strategy,
                number=number,
                status=status,
                end=end,
                one_time_cost=Decimal(cost),
                title=f"{name} Maßnahme {number}",
            )
    for _ in range(online):
        ServiceStateFactory(organisation=organisation, relevant=True, level=3)
    for _ in range(offline):
        ServiceStateFactory(organisation=organisation, relevant=True, level=0)
    return organisation


@pytest.fixture
def consultant(django_user_model):
    return django_user_model.objects.create_user(
        email="berater@example.org", password="x", full_name="Carla Beraterin"
    )


def _rows(response) -> list[str]:
    return [row.organisation.name for row in response.context["portfolio"].rows]


def _cell(response, name: str, key: str):
    row = next(r for r in response.context["portfolio"].rows if r.organisation.name == name)
    return next(cell for column, cell in row.cells if column.key == key)


class TestFigures:
    def test_each_column_shows_the_organisations_own_figures(self, client, consultant):
        done, planned = Measure.Status.DONE, Measure.Status.PLANNED
        _client_organisation(
            consultant,
            name="Altdorf",
            level=3,
            online=3,
            offline=1,
            measures=[(done, None, 1000), (planned, datetime.date(2030, 3, 31), 500)],
        )
        _client_organisation(consultant, name="Neudorf")
        client.force_login(consultant)
        response = client.get(reverse("organisations:list"))
        assert response.status_code == 200
        assert _rows(response) == ["Altdorf", "Neudorf"]
        assert _cell(response, "Altdorf", "maturity").value == 3.0
        assert _cell(response, "Altdorf", "ozg_online").value == 0.75
        progress = _cell(response, "Altdorf", "progress")
        assert (progress.value, str(progress.text)) == (0.5, "1 of 2")
        assert _cell(response, "Altdorf", "budget").value == Decimal(1500)
        due = _cell(response, "Altdorf", "next_due")
        assert due.value == datetime.date(2030, 3, 31)
        assert "Altdorf Maßnahme 2" in str(due.text)
        for key in ("maturity", "ozg_online", "progress", "budget", "next_due"):
            assert _cell(response, "Neudorf", key) is None
        html = response.content.decode()
        assert "Altdorf Maßnahme 2" in html and "75" in html

    def test_the_maturity_score_is_the_one_the_results_page_shows(self, consultant):
        organisation = _client_organisation(consultant, name="Altdorf", level=4)
        assessment = Assessment.objects.get(organisation=organisation)
        portfolio = build_portfolio(list(consultant.memberships.select_related("organisation")))
        cell = next(cell for column, cell in portfolio.rows[0].cells if column.key == "maturity")
        assert cell.value == assessment_results(assessment=assessment).shown_score

    def test_the_phase_is_the_next_step_of_the_ablaufplan(self, client, consultant):
        fresh = _client_organisation(consultant, name="Altdorf")
        DepartmentFactory(organisation=fresh)
        MembershipFactory(organisation=fresh)
        started = _client_organisation(
            consultant, name="Neudorf", measures=[(Measure.Status.IN_PROGRESS, None, 0)]
        )
        DepartmentFactory(organisation=started)
        MembershipFactory(organisation=started)
        AssessmentFactory(
            organisation=started,
            status="closed",
            closed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        )
        Strategy.objects.filter(organisation=started).update(status=Strategy.Status.AGREED)
        client.force_login(consultant)
        response = client.get(reverse("organisations:list"))
        assert _cell(response, "Altdorf", "phase").value == 2  # the Quick-Check is next
        assert _cell(response, "Neudorf", "phase").value == 4  # implementation under way

    def test_batch_phase_states_agree_with_the_ablaufplan(self, consultant):
        """Every phase's batch state (the portfolio) equals its provider's (the home page)."""
        organisations = [
            _client_organisation(consultant, name="Leer"),
            _client_organisation(consultant, name="Gemessen", level=2),
            _client_organisation(
                consultant,
                name="Umsetzend",
                level=3,
                measures=[(Measure.Status.DONE, None, 0), (Measure.Status.IDEA, None, 0)],
            ),
        ]
        DepartmentFactory(organisation=organisations[2])
        MembershipFactory(organisation=organisations[2])
        strategy = Strategy.objects.get(organisation=organisations[2])
        strategy.assessments.set(Assessment.objects.filter(organisation=organisations[2]))
        AssessmentFactory(organisation=organisations[2], status="draft")
        positions = phase_positions(organisations)
        for organisation in organisations:
            expected = tuple(step.report.state for step in journey_for(organisation))
            assert positions[organisation.pk].states == expected, organisation.name


def _at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 1, day, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "scenario",
    [
        "baseline and a later closed one",
        "baseline and a later draft",
        "no baseline, closed before the strategy",
        "no baseline, closed after the strategy",
        "two baselines only",
    ],
)
def test_batch_reassessment_agrees_with_the_ablaufplan(consultant, scenario):
    """Phase 5's batch state in the cases ``strategy.phases.reassessment_phase`` tells apart."""
    organisation = _client_organisation(consultant, name="Ort")
    strategy = StrategyFactory(organisation=organisation)
    Strategy.objects.filter(pk=strategy.pk).update(created_at=_at(10))
    closed = {"status": "closed", "organisation": organisation}
    if scenario == "baseline and a later closed one":
        strategy.assessments.set([AssessmentFactory(**closed, closed_at=_at(5))])
        AssessmentFactory(**closed, closed_at=_at(20))
    elif scenario == "baseline and a later draft":
        strategy.assessments.set([AssessmentFactory(**closed, closed_at=_at(5))])
        AssessmentFactory(organisation=organisation, status="draft")
    elif scenario == "no baseline, closed before the strategy":
        AssessmentFactory(**closed, closed_at=_at(5))
    elif scenario == "no baseline, closed after the strategy":
        AssessmentFactory(**closed, closed_at=_at(15))
    else:
        strategy.assessments.set(
            [
                AssessmentFactory(**closed, closed_at=_at(5)),
                AssessmentFactory(**closed, closed_at=_at(25)),
            ]
        )
    expected = tuple(step.report.state for step in journey_for(organisation))
    assert phase_positions([organisation])[organisation.pk].states == expected


class TestSortAndFilter:
    @pytest.fixture
    def portfolio(self, consultant):
        _client_organisation(consultant, name="Altdorf", state="03", online=1, offline=3)
        _client_organisation(
            consultant, name="Bergstadt", state="09", kind=Organisation.Kind.STADT, online=3
        )
        _client_organisation(consultant, name="Colberg", state="09")

    def test_sorts_by_a_column_both_ways_without_figures_last(self, client, consultant, portfolio):
        client.force_login(consultant)
        url = reverse("organisations:list")
        assert _rows(client.get(url, {"sort": "ozg_online"})) == ["Altdorf", "Bergstadt", "Colberg"]
        assert _rows(client.get(url, {"sort": "-ozg_online"})) == [
            "Bergstadt",
            "Altdorf",
            "Colberg",
        ]
        assert _rows(client.get(url, {"sort": "-name"})) == ["Colberg", "Bergstadt", "Altdorf"]
        # An unknown sort is the name.
        assert _rows(client.get(url, {"sort": "password"})) == ["Altdorf", "Bergstadt", "Colberg"]

    def test_the_heading_links_sort_the_other_way_round(self, client, consultant, portfolio):
        client.force_login(consultant)
        response = client.get(reverse("organisations:list"), {"sort": "ozg_online", "state": "09"})
        header = next(h for h in response.context["headers"] if h["key"] == "ozg_online")
        assert header["aria_sort"] == "ascending"
        assert "sort=-ozg_online" in header["url"] and "state=09" in header["url"]

    def test_filters_by_state_and_kind(self, client, consultant, portfolio):
        client.force_login(consultant)
        url = reverse("organisations:list")
        assert _rows(client.get(url, {"state": "09"})) == ["Bergstadt", "Colberg"]
        assert _rows(client.get(url, {"state": "09", "kind": "stadt"})) == ["Bergstadt"]
        choices = client.get(url).context["choices"]
        assert [value for value, _label in choices["states"]] == ["09", "03"]  # by name

    def test_exports_the_rows_as_shown_as_xlsx(self, client, consultant, portfolio):
        client.force_login(consultant)
        response = client.get(
            reverse("organisations:portfolio_xlsx"), {"state": "09", "sort": "-ozg_online"}
        )
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header = next(row for row in values if "Organisation" in row or "Organisation" in row)
        rows = values[values.index(header) + 1 :]
        assert [row[0] for row in rows if row[0]] == ["Bergstadt", "Colberg"]
        online = header.index(next(h for h in header if h and "OZG" in h))
        assert rows[0][online] == 1  # a share: 100 % in Excel's format


class TestTenancy:
    def test_a_consultant_never_sees_an_organisation_she_is_not_a_member_of(
        self, client, consultant, django_user_model
    ):
        _client_organisation(consultant, name="Altdorf", online=1)
        stranger = django_user_model.objects.create_user(email="other@example.org", password="x")
        _client_organisation(
            stranger,
            name="Fremdstadt",
            level=5,
            online=7,
            measures=[(Measure.Status.PLANNED, datetime.date(2029, 1, 31), 123456)],
        )
        client.force_login(consultant)
        for params in ({}, {"q": "Fremd"}, {"sort": "-maturity"}, {"state": "03"}):
            page = client.get(reverse("organisations:list"), params).content.decode()
            sheet = client.get(reverse("organisations:portfolio_xlsx"), params).content
            assert "Fremdstadt" not in page
            assert "Fremdstadt Maßnahme" not in page and "123.456" not in page
            rows = openpyxl.load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True)
            assert not any("Fremdstadt" in str(value) for row in rows for value in row)

    def test_the_export_needs_a_log_in(self, client):
        response = client.get(reverse("organisations:portfolio_xlsx"))
        assert response.status_code == 302


class TestQueryCount:
    @staticmethod
    def _organisations(user, count: int, start: int) -> None:
        for n in range(start, start + count):
            organisation = _client_organisation(
                user,
                name=f"Ort {n:02d}",
                state="09" if n % 2 else "03",
                level=3,
                online=2,
                offline=1,
                measures=[
                    (Measure.Status.DONE, None, 100),
                    (Measure.Status.PLANNED, datetime.date(2031, 1, 31), 100),
                ],
            )
            DepartmentFactory(organisation=organisation)

    def test_the_page_and_the_export_cost_the_same_at_two_sizes(
        self, client, consultant, django_assert_num_queries
    ):
        client.force_login(consultant)
        url, export = reverse("organisations:list"), reverse("organisations:portfolio_xlsx")
        self._organisations(consultant, 2, 0)
        client.get(url)  # warm the caches (content types, the session)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url, {"sort": "-maturity"}).status_code == 200
        with CaptureQueriesContext(connection) as small_export:
            assert client.get(export, {"sort": "-maturity"}).status_code == 200
        assert len(small.captured_queries) <= 20
        self._organisations(consultant, 5, 2)
        with django_assert_num_queries(len(small.captured_queries)):
            response = client.get(url, {"sort": "-maturity"})
        assert len(response.context["portfolio"].rows) == 7
        with django_assert_num_queries(len(small_export.captured_queries)):
            assert client.get(export, {"sort": "-maturity"}).status_code == 200


class TestDemo:
    def test_the_demo_consultant_sees_five_organisations(self, client):
        from kommunalkompass.organisations import demo

        demo.load(password="demo-password")
        demo.load(password="demo-password")  # idempotent
        consultant = Membership.objects.filter(user__email=demo.CONSULTANT[0])
        assert consultant.count() == 5
        user = consultant.first().user
        assert user.check_password("demo-password")
        client.force_login(user)
        response = client.get(reverse("organisations:list"))
        assert response.context["several"]
        assert len(response.context["portfolio"].rows) == 5


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_export(client, consultant, tmp_path):
    """LibreOffice (as Excel users' colleagues have it) reads the download without repair."""
    _client_organisation(consultant, name="Altdorf", level=3, online=1, offline=1)
    client.force_login(consultant)
    source = tmp_path / "portfolio.xlsx"
    source.write_bytes(client.get(reverse("organisations:portfolio_xlsx")).content)
    subprocess.run(  # noqa: S603 - a fixed command on a file of this test
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (tmp_path / "portfolio.csv").read_text(encoding="utf-8", errors="replace")
    assert "Altdorf" in text
