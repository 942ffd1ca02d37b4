"""Vision workshops: the facilitator's services and pages, the participants' join link,
the presenter view's poll, adoption into the strategy, the protocol and the API."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document as DocxDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunalkompass.accounts.tests.factories import UserFactory
from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.strategy import selectors, services
from kommunalkompass.strategy.models import (
    FieldOfAction,
    Goal,
    Measure,
    Workshop,
    WorkshopAdoption,
    WorkshopCard,
    WorkshopParticipant,
    WorkshopVote,
)
from kommunalkompass.strategy.workshops import COOKIE

from .factories import CardFactory, ClusterFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(editor, strategy):
    return services.workshop_create(
        actor=editor.user,
        strategy=strategy,
        title="Visionsworkshop",
        held_on=datetime.date(2027, 3, 10),
        question="Wie arbeitet unsere Verwaltung 2030?",
        facilitator="Dana Beispiel",
        votes_per_participant=3,
    )


def url(name, workshop, *args):
    return reverse(f"strategy:{name}", args=[workshop.organisation.slug, workshop.pk, *args])


def join(workshop):
    return reverse("strategy:workshop_join", args=[workshop.token])


def _phase(editor, workshop, phase):
    return services.workshop_set_phase(actor=editor.user, workshop=workshop, phase=phase)


def _participant(workshop, browser="browser-1", **kwargs):
    return services.participant_join(workshop=workshop, secret=browser, **kwargs)


# Services -----------------------------------------------------------------------------------


def test_a_workshop_gets_an_unguessable_link_and_its_creation_is_audited(editor, workshop):
    assert len(workshop.token) >= 22
    other = services.workshop_create(
        actor=editor.user, strategy=workshop.strategy, title="Zweiter", question="?",
        held_on=datetime.date(2027, 4, 1),
    )  # fmt: skip
    assert other.token != workshop.token
    assert AuditEvent.objects.filter(action="create", object_repr="Visionsworkshop").exists()


def test_an_empty_card_is_refused_with_a_message(workshop):
    participant = _participant(workshop)
    with pytest.raises(ValidationError) as error:
        services.card_post(workshop=workshop, participant=participant, text="  ", client_key="a")
    assert "Write something on the card" in str(error.value)
    assert not WorkshopCard.objects.exists()


def test_an_overlong_card_is_refused_naming_the_limit(workshop):
    participant = _participant(workshop)
    with pytest.raises(ValidationError) as error:
        services.card_post(
            workshop=workshop, participant=participant, text="x" * 281, client_key="a"
        )
    assert "at most 280 characters; this one has 281" in str(error.value)
    assert not WorkshopCard.objects.exists()
    card, created = services.card_post(
        workshop=workshop, participant=participant, text="x" * 280, client_key="a"
    )
    assert created and len(card.text) == 280


def test_a_card_sent_twice_is_stored_once(workshop):
    participant = _participant(workshop)
    first, created = services.card_post(
        workshop=workshop, participant=participant, text="E-Akte überall", client_key="k"
    )
    again, created_again = services.card_post(
        workshop=workshop, participant=participant, text="E-Akte überall", client_key="k"
    )
    assert created and not created_again and first.pk == again.pk
    assert WorkshopCard.objects.count() == 1


def test_an_anonymous_card_stores_no_author_a_named_one_does(workshop):
    anonymous = _participant(workshop)
    user = UserFactory(full_name="Kim Muster")
    named = _participant(workshop, browser="browser-2", user=user, named=True)
    not_named = _participant(workshop, browser="browser-3", user=UserFactory(), named=False)
    assert not_named.user is None and not_named.name == ""
    a, _c = services.card_post(workshop=workshop, participant=anonymous, text="A", client_key="1")
    b, _c = services.card_post(workshop=workshop, participant=named, text="B", client_key="2")
    c, _c = services.card_post(workshop=workshop, participant=not_named, text="C", client_key="3")
    assert a.author is None and c.author is None
    assert b.author == named and named.name == user.display_name
    # Participants' writes are the workshop's content, not audited changes of a person.
    assert not AuditEvent.objects.filter(object_repr__in=["A", "B", "C"]).exists()


def test_cards_only_while_collecting(editor, workshop):
    participant = _participant(workshop)
    workshop = _phase(editor, workshop, "vote")
    with pytest.raises(ValidationError, match="only while ideas are collected"):
        services.card_post(workshop=workshop, participant=participant, text="A", client_key="1")


def test_voting_in_the_collect_phase_is_refused(workshop):
    participant = _participant(workshop)
    cluster = ClusterFactory(workshop=workshop)
    with pytest.raises(ValidationError, match="only in the vote phase"):
        services.vote_cast(workshop=workshop, participant=participant, cluster=cluster)
    assert not WorkshopVote.objects.exists()


def test_no_more_votes_than_allowed(editor, workshop):
    participant = _participant(workshop)
    cluster = ClusterFactory(workshop=workshop)
    card = CardFactory(workshop=workshop)
    workshop = _phase(editor, workshop, "vote")
    services.vote_cast(workshop=workshop, participant=participant, cluster=cluster)
    services.vote_cast(workshop=workshop, participant=participant, cluster=cluster)
    services.vote_cast(workshop=workshop, participant=participant, card=card)
    with pytest.raises(ValidationError, match="used all your 3 votes"):
        services.vote_cast(workshop=workshop, participant=participant, card=card)
    assert WorkshopVote.objects.count() == 3
    assert services.vote_withdraw(workshop=workshop, participant=participant, cluster=cluster)
    assert selectors.votes_left(workshop=workshop, participant=participant) == 1


def test_a_vote_on_another_workshops_cluster_is_refused(editor, workshop):
    participant = _participant(workshop)
    foreign = ClusterFactory()
    workshop = _phase(editor, workshop, "vote")
    with pytest.raises(ValidationError, match="of this workshop"):
        services.vote_cast(workshop=workshop, participant=participant, cluster=foreign)


def test_fewer_votes_than_a_participant_cast_is_refused(editor, workshop):
    participant = _participant(workshop)
    cluster = ClusterFactory(workshop=workshop)
    workshop = _phase(editor, workshop, "vote")
    for _ in range(3):
        services.vote_cast(workshop=workshop, participant=participant, cluster=cluster)
    with pytest.raises(ValidationError, match="cast 3 votes already"):
        services.workshop_update(actor=editor.user, workshop=workshop, votes_per_participant=2)


def test_joining_a_closed_workshop_is_refused(editor, workshop):
    workshop = _phase(editor, workshop, "closed")
    with pytest.raises(ValidationError, match="closed"):
        _participant(workshop)
    assert not WorkshopParticipant.objects.exists()


@pytest.mark.parametrize("kind", ["vision", "principle", "field", "goal", "measure"])
def test_a_cluster_is_adopted_in_one_step_and_keeps_its_origin(editor, workshop, kind):
    cluster = ClusterFactory(workshop=workshop, name="Service aus einer Hand")
    CardFactory(workshop=workshop, cluster=cluster, text="Ein Portal für alles")
    adoption = services.workshop_adopt(
        actor=editor.user, workshop=workshop, kind=kind, text="Service aus einer Hand",
        cluster=cluster, dimensions=["services"],
    )  # fmt: skip
    strategy = workshop.strategy
    strategy.refresh_from_db()
    if kind == "vision":
        assert "Service aus einer Hand" in strategy.vision
    elif kind == "principle":
        assert "Service aus einer Hand" in strategy.principle_list()
    elif kind == "field":
        field = FieldOfAction.objects.get(strategy=strategy)
        assert adoption.field == field and field.dimensions == ["services"]
    elif kind == "goal":
        assert adoption.goal == Goal.objects.get(strategy=strategy)
    else:
        measure = Measure.objects.get(strategy=strategy)
        assert adoption.measure == measure
        assert "Ein Portal für alles" in measure.description
        assert "Visionsworkshop" in measure.description
    origins = selectors.strategy_origins(strategy=strategy)
    assert [o.workshop for o in origins] == [workshop]
    with pytest.raises(ValidationError, match="adopted as"):
        services.workshop_adopt(
            actor=editor.user, workshop=workshop, kind=kind, text="Nochmal", cluster=cluster,
            dimensions=["services"],
        )  # fmt: skip
    assert WorkshopAdoption.objects.count() == 1


def test_a_field_needs_a_dimension_and_nothing_is_stored_half(editor, workshop):
    cluster = ClusterFactory(workshop=workshop)
    with pytest.raises(ValidationError):
        services.workshop_adopt(
            actor=editor.user, workshop=workshop, kind="field", text="Daten", cluster=cluster
        )
    assert not WorkshopAdoption.objects.exists() and not FieldOfAction.objects.exists()


# The join link -------------------------------------------------------------------------------


def test_the_join_page_says_cards_are_anonymous_and_a_get_writes_nothing(client, workshop):
    client.logout()
    page = client.get(join(workshop))
    assert page.status_code == 200
    assert "We store no author with an anonymous card" in page.content.decode()
    assert not WorkshopParticipant.objects.exists()


def test_a_participant_joins_writes_a_card_and_a_double_click_stores_one(client, workshop):
    client.logout()
    response = client.post(join(workshop), {})
    assert response.status_code == 302
    assert COOKIE in response.cookies
    page = client.get(join(workshop))
    assert "Write your ideas" in page.content.decode()
    key = page.context["card_form"].initial["client_key"]
    card_url = reverse("strategy:workshop_card", args=[workshop.token])
    for _ in range(2):  # the double click
        assert client.post(card_url, {"text": "Bürgerkonto", "client_key": key}).status_code == 302
    assert WorkshopCard.objects.filter(text="Bürgerkonto").count() == 1
    page = client.get(join(workshop))
    assert "This card had been sent already" in page.content.decode()


def test_bad_cards_are_named_on_the_page(client, workshop):
    client.logout()
    client.post(join(workshop), {})
    card_url = reverse("strategy:workshop_card", args=[workshop.token])
    page = client.post(card_url, {"text": "", "client_key": "a"})
    assert page.status_code == 400 and "Write something on the card" in page.content.decode()
    page = client.post(card_url, {"text": "y" * 300, "client_key": "b"})
    assert page.status_code == 400 and "this one has 300" in page.content.decode()
    assert not WorkshopCard.objects.exists()


def test_voting_through_the_page_shows_the_votes_left(client, editor, workshop):
    cluster = ClusterFactory(workshop=workshop, name="Daten")
    other = client.__class__()
    other.post(join(workshop), {})
    vote_url = reverse("strategy:workshop_vote", args=[workshop.token])
    page = other.post(vote_url, {"target": f"cluster:{cluster.pk}"})
    assert page.status_code == 400 and "only in the vote phase" in page.content.decode()
    _phase(editor, workshop, "vote")
    page = other.get(join(workshop))
    assert "You have 3 votes left" in page.content.decode()
    for _ in range(3):
        assert other.post(vote_url, {"target": f"cluster:{cluster.pk}"}).status_code == 302
    page = other.post(vote_url, {"target": f"cluster:{cluster.pk}"})
    assert page.status_code == 400 and "used all your 3 votes" in page.content.decode()
    assert "You have 0 votes left" in page.content.decode()
    other.post(vote_url, {"target": f"cluster:{cluster.pk}", "action": "withdraw"})
    assert WorkshopVote.objects.count() == 2


def test_a_closed_workshops_link_answers_410(client, editor, workshop):
    _phase(editor, workshop, "closed")
    client.logout()
    page = client.get(join(workshop))
    assert page.status_code == 410
    assert "This workshop is closed" in page.content.decode()
    assert client.post(join(workshop), {}).status_code == 410
    assert not WorkshopParticipant.objects.exists()


def test_an_unknown_link_answers_404(client):
    assert client.get(reverse("strategy:workshop_join", args=["nothing-here"])).status_code == 404


def test_anonymous_writes_are_rate_limited(client, workshop, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "workshop_write": "2/m"}
    client.logout()
    client.post(join(workshop), {})
    card_url = reverse("strategy:workshop_card", args=[workshop.token])
    assert client.post(card_url, {"text": "A", "client_key": "1"}).status_code == 302
    response = client.post(card_url, {"text": "B", "client_key": "2"})
    assert response.status_code == 429
    assert WorkshopCard.objects.count() == 1


def test_the_phase_watch_tells_the_page_to_reload_on_a_new_phase(client, editor, workshop):
    watch = reverse("strategy:workshop_phase_watch", args=[workshop.token])
    assert client.get(watch, {"phase": "collect"}).status_code == 204
    _phase(editor, workshop, "cluster")
    assert client.get(watch, {"phase": "collect"})["HX-Refresh"] == "true"


# The facilitator's pages ---------------------------------------------------------------------


def test_the_facilitator_creates_clusters_moves_cards_and_adopts(client, editor, strategy):
    response = client.post(
        reverse("strategy:workshop_create", args=[editor.organisation.slug]),
        {"title": "Vision 2030", "held_on": "2027-03-10", "question": "Wohin?",
         "votes_per_participant": 5, "facilitator": "Dana"},
    )  # fmt: skip
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    card = CardFactory(workshop=workshop, text="Digitale Akte")
    client.post(url("workshop_cluster_add", workshop), {"name": "Arbeiten"})
    cluster = workshop.clusters.get()
    # The drag on the board (JS) answers 204; the select without JS goes back to the board.
    moved = client.post(
        url("workshop_card_move", workshop),
        {"card": card.pk, "cluster": cluster.pk},
        headers={"X-Requested-With": "fetch"},
    )
    assert moved.status_code == 204
    card.refresh_from_db()
    assert card.cluster == cluster
    response = client.post(
        url("workshop_adopt", workshop),
        {
            "source": f"cluster:{cluster.pk}",
            f"cluster-{cluster.pk}-kind": "measure",
            f"cluster-{cluster.pk}-text": "E-Akte einführen",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(title="E-Akte einführen")
    page = client.get(url("workshop", workshop)).content.decode()
    assert "E-Akte einführen" in page and "In the strategy" in page
    home = client.get(reverse("strategy:home", args=[editor.organisation.slug])).content.decode()
    assert "From the vision workshops" in home and "Vision 2030" in home
    detail = client.get(reverse("strategy:measure", args=[editor.organisation.slug, measure.pk]))
    assert "From a vision workshop" in detail.content.decode()
    assert AuditEvent.objects.filter(action="create", object_repr__contains="E-Akte").exists()


def test_the_phase_form_saved_unchanged_writes_nothing(client, editor, workshop):
    before = AuditEvent.objects.count()
    client.post(url("workshop_phase", workshop), {"phase": "collect"})
    client.post(url("workshop_edit", workshop), {
        "title": workshop.title, "held_on": "2027-03-10", "facilitator": workshop.facilitator,
        "question": workshop.question, "votes_per_participant": 3, "version": workshop.version,
    })  # fmt: skip
    assert AuditEvent.objects.count() == before


def _fill(workshop, cards: int, clusters: int) -> None:
    made = [ClusterFactory(workshop=workshop) for _ in range(clusters)]
    participants = [ParticipantFactory(workshop=workshop) for _ in range(cards // 2 + 1)]
    for n in range(cards):
        card = CardFactory(workshop=workshop, cluster=made[n % clusters] if clusters else None)
        WorkshopVote.objects.create(
            organisation=workshop.organisation, workshop=workshop,
            participant=participants[n // 2], card=card,
        )  # fmt: skip


def test_the_presenter_poll_costs_the_same_queries_for_few_and_many_cards(
    client, editor, workshop, django_assert_num_queries
):
    live = url("workshop_live", workshop)
    client.get(live)  # session and caches warmed
    _fill(workshop, cards=3, clusters=1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(live).status_code == 200
    _fill(workshop, cards=80, clusters=6)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(live)
    assert page.status_code == 200


def test_the_presenter_view_shows_the_qr_code_without_inline_style(client, workshop):
    page = client.get(url("workshop_present", workshop)).content.decode()
    assert "<svg" in page and workshop.token in page
    assert "style=" not in page and "<script>" not in page
    assert 'hx-trigger="every 2s"' in page


def test_the_protocol_names_only_those_who_agreed(client, editor, workshop):
    named = _participant(workshop, user=UserFactory(full_name="Kim Muster"),
                         named=True)  # fmt: skip
    _participant(workshop, browser="x2", user=UserFactory(full_name="Geheim Person"))
    cluster = ClusterFactory(workshop=workshop, name="Service")
    services.card_post(workshop=workshop, participant=named, text="Portal", client_key="p")
    services.card_assign(actor=editor.user, card=WorkshopCard.objects.get(), cluster=cluster)
    services.workshop_adopt(
        actor=editor.user, workshop=workshop, kind="vision", text="Wir sind digital.",
        cluster=cluster,
    )  # fmt: skip
    response = client.get(url("workshop_protocol_docx", workshop))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    document = DocxDocument(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    tables = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Kim Muster" in text
    assert "Geheim" not in text
    assert "1 participant took part without being named" in text
    assert "Wie arbeitet unsere Verwaltung 2030?" in text
    assert "Portal" in tables and "Wir sind digital." in tables
    assert client.get(url("workshop_protocol_pdf", workshop)).status_code == 200


# API ----------------------------------------------------------------------------------------


def test_the_api_lists_and_details_workshops_and_moves_the_phase(client, editor, workshop):
    base = f"/api/v1/organisations/{editor.organisation.slug}/strategy/workshops"
    cluster = ClusterFactory(workshop=workshop, name="Daten")
    CardFactory(workshop=workshop, cluster=cluster)
    listing = client.get(base).json()
    assert listing["count"] == 1 and listing["items"][0]["cards"] == 1
    detail = client.get(f"{base}/{workshop.pk}").json()
    assert detail["clusters"][0]["name"] == "Daten" and detail["cards"] == 1
    moved = client.post(
        f"{base}/{workshop.pk}/phase", json.dumps({"phase": "vote"}),
        content_type="application/json",
    )  # fmt: skip
    assert moved.status_code == 200 and moved.json()["phase"] == "vote"
    bad = client.post(
        f"{base}/{workshop.pk}/phase", json.dumps({"phase": "later"}),
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 422


# Demo ---------------------------------------------------------------------------------------


def test_the_demo_holds_a_held_workshop_and_prints_the_link_of_an_open_one(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.SITE_URL = "https://kompass.example"
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("demo", stdout=out)  # idempotent
    held, open_one = Workshop.objects.filter(organisation__slug="musterstadt").order_by("held_on")
    board = selectors.workshop_board(workshop=held)
    assert held.phase == "closed" and board.participant_count == 14
    assert 55 <= board.card_count <= 65 and len(board.clusters) == 6
    assert board.vote_count == 14 * held.votes_per_participant
    assert sorted(a.kind for a in board.adoptions) == ["field", "measure", "vision"]
    assert open_one.phase == "collect"
    assert f"https://kompass.example/w/{open_one.token}/" in out.getvalue()
    assert Workshop.objects.count() == 2


def test_any_card_is_adopted_with_its_own_words(client, editor, workshop):
    card = CardFactory(workshop=workshop, text="Glasfaser für alle Schulen")
    response = client.post(
        url("workshop_adopt", workshop),
        {"form": "any", "source": f"card:{card.pk}", "any-kind": "goal", "any-text": ""},
    )
    assert response.status_code == 302
    adoption = WorkshopAdoption.objects.get()
    assert adoption.card == card and adoption.goal.title == "Glasfaser für alle Schulen"
    page = client.get(url("workshop", workshop)).content.decode()
    assert "Adopt any card into the strategy" in page


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.booleans(), st.integers(0, 2)), max_size=12))
def test_no_sequence_of_votes_and_take_backs_exceeds_the_budget(editor, workshop, steps):
    """Whatever a participant clicks, stored votes = casts accepted − take-backs that found
    one, and never more than the budget (3)."""
    WorkshopVote.objects.all().delete()
    workshop = _phase(editor, workshop, "vote")
    participant = WorkshopParticipant.objects.filter(workshop=workshop).first() or _participant(
        workshop
    )
    clusters = list(workshop.clusters.all()) or [
        ClusterFactory(workshop=workshop) for _ in range(3)
    ]
    expected = 0
    for cast, index in steps:
        target = clusters[index]
        if cast:
            try:
                services.vote_cast(workshop=workshop, participant=participant, cluster=target)
            except ValidationError:
                assert expected == workshop.votes_per_participant
            else:
                expected += 1
        elif services.vote_withdraw(workshop=workshop, participant=participant, cluster=target):
            expected -= 1
        assert WorkshopVote.objects.filter(participant=participant).count() == expected
        assert expected <= workshop.votes_per_participant
