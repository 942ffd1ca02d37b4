"""Peer benchmarks: who counts as a peer (verified organisations, assessments with the
installation's minimum threshold), the five-organisation rule, the figures."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunalkompass.accounts.tokens import secret_hash
from kommunalkompass.assessments import services
from kommunalkompass.assessments.models import Answer, Assessment, Response
from kommunalkompass.assessments.peers import MIN_PEERS, peer_benchmark, quartiles
from kommunalkompass.assessments.selectors import assessment_results
from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.sizes import SizeClass, size_class
from kommunalkompass.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def verified_organisation(**fields):
    """A peer that counts: verified by an installation admin."""
    return OrganisationFactory(verified=True, **fields)


numbers = itertools.count(100_000)


def closed(organisation, level: int, *, respondents=5, shared=True, **fields) -> Assessment:
    """A closed Quick-Check where every respondent gives ``level`` to every question."""
    fields.setdefault("status", "closed")
    assessment = AssessmentFactory(organisation=organisation, share_for_benchmark=shared, **fields)
    questions = [(d.key, q) for d in assessment.model.dimensions for q in d.questions]
    for _ in range(respondents):
        number = next(numbers)
        response = Response.objects.create(
            organisation=organisation,
            assessment=assessment,
            token_hash=secret_hash(str(number)),
            group="staff",
            number=number,
            submitted_on="2026-10-01",
        )
        Answer.objects.bulk_create(
            Answer(response=response, question_key=q.key, dimension=key, weight=1, level=level)
            for key, q in questions
        )
    return assessment


def benchmark_of(assessment, **options):
    return peer_benchmark(
        assessment=assessment, results=assessment_results(assessment=assessment), **options
    )


@pytest.mark.parametrize(
    ("population", "expected"),
    [
        (None, None),
        (0, SizeClass.UNDER_5K),
        (4_999, SizeClass.UNDER_5K),
        (5_000, SizeClass.FROM_5K),
        (19_999, SizeClass.FROM_5K),
        (20_000, SizeClass.FROM_20K),
        (50_000, SizeClass.FROM_50K),
        (99_999, SizeClass.FROM_50K),
        (100_000, SizeClass.FROM_100K),
        (3_700_000, SizeClass.FROM_100K),
    ],
)
def test_size_classes_follow_the_population_bounds(population, expected):
    assert size_class(population) == expected


def test_quartiles_stay_within_the_observed_values():
    assert quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)


def test_benchmark_is_hidden_below_five_peer_organisations_and_shown_from_five():
    own = closed(verified_organisation(population=12_000), 3)
    for level in (1, 2, 4, 5):
        closed(verified_organisation(population=8_000), level)
    hidden = benchmark_of(own)
    assert hidden.reason == "too_few_peers" and hidden.peers == MIN_PEERS - 1
    assert not hidden.dimensions
    closed(verified_organisation(population=19_000), 3)
    shown = benchmark_of(own)
    assert shown.available and shown.peers == 5
    strategy = shown.dimension("strategy")
    assert (strategy.lower, strategy.median, strategy.upper) == (2.0, 3.0, 4.0)
    assert strategy.own == 3.0 and strategy.position == "upper"


def test_only_shared_closed_assessments_of_the_same_model_and_size_class_count():
    own = closed(verified_organisation(population=12_000), 3)
    for level in (1, 2, 4, 5):
        closed(verified_organisation(population=8_000), level)
    # none of these is a peer
    closed(verified_organisation(population=4_000), 5)  # smaller class
    closed(verified_organisation(population=25_000), 5)  # larger class
    closed(verified_organisation(population=None), 5)  # unknown size
    closed(verified_organisation(population=9_000), 5, shared=False)
    closed(verified_organisation(population=9_000), 5, model_ident="full-1.0")
    closed(verified_organisation(population=9_000), 5, status="open")
    closed(own.organisation, 5)  # the organisation's own other assessment
    assert benchmark_of(own).reason == "too_few_peers"


def test_each_peer_counts_once_with_its_latest_assessment():
    own = closed(verified_organisation(population=12_000), 3)
    peers = [verified_organisation(population=8_000) for _ in range(5)]
    for peer in peers:
        closed(peer, 1, closed_at="2025-01-01T00:00:00Z")
        closed(peer, 4, closed_at="2026-01-01T00:00:00Z")
    result = benchmark_of(own)
    assert result.peers == 5
    assert result.dimension("data").median == 4.0
    assert result.dimension("data").position == "bottom"


def test_a_peer_below_its_own_anonymity_threshold_does_not_contribute():
    own = closed(verified_organisation(population=12_000), 3)
    for level in (1, 2, 4, 5):
        closed(verified_organisation(population=8_000), level)
    closed(verified_organisation(population=8_000), 5, respondents=4)  # k = 5
    assert benchmark_of(own).reason == "too_few_peers"


def test_same_state_option_narrows_the_peers():
    own = closed(verified_organisation(population=12_000, state="03", ags="03000001"), 3)
    for n, level in enumerate((1, 2, 4, 5, 5)):
        closed(verified_organisation(population=8_000, state="05", ags=f"0500000{n}"), level)
    assert benchmark_of(own).available
    narrowed = benchmark_of(own, same_state=True)
    assert narrowed.reason == "too_few_peers" and narrowed.state == "03"


def test_no_benchmark_without_sharing_or_without_a_population():
    organisation = verified_organisation(population=12_000)
    assert benchmark_of(closed(organisation, 3, shared=False)).reason == "not_shared"
    unknown = closed(verified_organisation(population=None), 3)
    assert benchmark_of(unknown).reason == "no_population"


@pytest.fixture
def editor():
    return MembershipFactory(role=Role.EDITOR, organisation__population=12_000)


def test_results_page_places_the_organisation_among_its_peers(client, editor):
    own = closed(editor.organisation, 3)
    for n, level in enumerate((1, 2, 4, 5, 5)):
        closed(verified_organisation(population=8_000, state="05", ags=f"0500000{n}"), level)
    client.force_login(editor.user)
    url = reverse("assessments:results", args=[editor.organisation.slug, own.pk])
    page = client.get(url).content.decode()
    assert "Comparison with similar organisations" in page
    assert "5 organisations contribute." in page
    assert "5,000 to 20,000 inhabitants" in page
    assert 'class="range"' in page  # the chart
    assert "Compare within your state only" in page
    only_state = client.get(url, {"peers": "state"}).content.decode()
    assert "The comparison appears once at least 5 such organisations contribute" in only_state


def test_results_page_asks_to_share_when_the_assessment_is_not_shared(client, editor):
    own = closed(editor.organisation, 3, shared=False)
    client.force_login(editor.user)
    page = client.get(reverse("assessments:results", args=[editor.organisation.slug, own.pk]))
    assert "Share this assessment" in page.content.decode()
    assert 'class="range"' not in page.content.decode()


def test_benchmark_costs_the_same_queries_for_many_peers(client, editor):
    own = closed(editor.organisation, 3)
    for level in (1, 2, 4, 5, 5):
        closed(verified_organisation(population=8_000), level)
    client.force_login(editor.user)
    url = reverse("assessments:results", args=[editor.organisation.slug, own.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for level in (1, 2, 3, 4, 5, 2, 3):
        closed(verified_organisation(population=8_000), level, respondents=7)
    with CaptureQueriesContext(connection) as many:
        assert "12 organisations contribute." in client.get(url).content.decode()
    assert len(many) == len(few)


def test_editors_share_and_stop_sharing_and_it_is_audited(client, editor):
    assessment = closed(editor.organisation, 3, shared=False)
    client.force_login(editor.user)
    url = reverse("assessments:sharing", args=[editor.organisation.slug, assessment.pk])
    client.post(url, {"share": "1"})
    assessment.refresh_from_db()
    assert assessment.share_for_benchmark
    client.post(url, {"share": "0"})
    assessment.refresh_from_db()
    assert not assessment.share_for_benchmark
    changes = [
        entry.changes["share_for_benchmark"]
        for entry in AuditEvent.objects.filter(object_id=str(assessment.pk)).order_by("id")
    ]
    assert changes == [[False, True], [True, False]]
    client.post(url, {"share": "maybe"})
    assessment.refresh_from_db()
    assert not assessment.share_for_benchmark


def test_viewers_cannot_change_sharing(client):
    viewer = MembershipFactory(role=Role.VIEWER)
    assessment = closed(viewer.organisation, 3, shared=False)
    client.force_login(viewer.user)
    url = reverse("assessments:sharing", args=[viewer.organisation.slug, assessment.pk])
    assert client.post(url, {"share": "1"}).status_code == 403
    assessment.refresh_from_db()
    assert not assessment.share_for_benchmark


def test_sharing_can_be_chosen_when_creating(editor):
    assessment = services.assessment_create(
        actor=editor.user,
        organisation=editor.organisation,
        title="Quick-Check",
        model_ident="quick-1.0",
        share_for_benchmark=True,
    )
    assert assessment.share_for_benchmark


def test_the_report_carries_the_comparison_only_for_sharing_organisations(editor):
    from kommunalkompass.assessments.documents import report_document
    from kommunalkompass.documents.model import Heading, Table

    own = closed(editor.organisation, 3)
    for level in (1, 2, 4, 5, 5):
        closed(verified_organisation(population=8_000), level)

    def report(assessment):
        results = assessment_results(assessment=assessment)
        return report_document(
            assessment=assessment,
            results=results,
            language="en",
            benchmark=peer_benchmark(assessment=assessment, results=results),
        )

    document = report(own)
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert "Comparison with similar organisations" in headings
    table = next(
        b for b in document.blocks if isinstance(b, Table) and "5 peer" in (b.caption or "")
    )
    assert table.rows[0][1:6] == [2.0, 4.0, 5.0, 3.0, "below the median"]
    own.share_for_benchmark = False
    own.save()
    headings = [b.text for b in report(own).blocks if isinstance(b, Heading)]
    assert "Comparison with similar organisations" not in headings


# Issue 14, finding 2: a peer benchmark from sock puppets -------------------------------------


def test_made_up_organisations_do_not_make_up_the_five():
    """Anyone signed in can create organisations: four of them around one real peer revealed
    that peer's scores through the median. Only verified organisations count."""
    own = closed(OrganisationFactory(population=12_000), 3)
    closed(verified_organisation(population=8_000), 4)  # the real peer
    for level in (1, 1, 5, 5):
        closed(OrganisationFactory(population=8_000), level)  # made up, not verified
    benchmark = benchmark_of(own)
    assert benchmark.reason == "too_few_peers"
    assert benchmark.peers == 1 and not benchmark.dimensions


def test_an_assessment_below_the_installation_threshold_is_no_peer():
    """A peer run with a threshold of 2 would let two respondents be read from the median."""
    own = closed(verified_organisation(population=12_000), 3)
    for level in (1, 2, 4, 5):
        closed(verified_organisation(population=8_000), level)
    closed(verified_organisation(population=8_000), 5, respondents=2, anonymity_threshold=2)
    assert benchmark_of(own).reason == "too_few_peers"


def test_the_installation_threshold_counts_when_it_is_higher(settings):
    own = closed(verified_organisation(population=12_000), 3)
    for level in (1, 2, 4, 5, 5):
        closed(verified_organisation(population=8_000), level, respondents=7)
    assert benchmark_of(own).available
    settings.ANONYMITY_THRESHOLD = 7
    for assessment in Assessment.objects.exclude(pk=own.pk)[:1]:
        assessment.anonymity_threshold = 6
        assessment.save()
    assert benchmark_of(own).reason == "too_few_peers"


def test_sharing_needs_the_installation_threshold(client, editor, settings):
    with pytest.raises(ValidationError) as refused:
        services.assessment_create(
            actor=editor.user,
            organisation=editor.organisation,
            title="Quick-Check",
            model_ident="quick-1.0",
            anonymity_threshold=3,
            share_for_benchmark=True,
        )
    assert "at least 5 can be shared" in refused.value.message_dict["anonymity_threshold"][0]
    assessment = closed(editor.organisation, 3, shared=False, anonymity_threshold=3)
    client.force_login(editor.user)
    url = reverse("assessments:sharing", args=[editor.organisation.slug, assessment.pk])
    page = client.post(url, {"share": "1"}, follow=True).content.decode()
    assert "an anonymity threshold of at least 5 can be shared" in page
    assessment.refresh_from_db()
    assert not assessment.share_for_benchmark
    # A higher installation minimum is the minimum.
    settings.ANONYMITY_THRESHOLD = 8
    assessment.anonymity_threshold = 6
    assessment.save()
    with pytest.raises(ValidationError, match="at least 8"):
        services.assessment_set_sharing(actor=editor.user, assessment=assessment, share=True)
    # Stopping to share always works.
    Assessment.objects.filter(pk=assessment.pk).update(share_for_benchmark=True)
    assessment.refresh_from_db()
    services.assessment_set_sharing(actor=editor.user, assessment=assessment, share=False)
    assert not Assessment.objects.get(pk=assessment.pk).share_for_benchmark
