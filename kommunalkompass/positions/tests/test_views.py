"""The pages: from a template to a graded description, versions, advertisement, role needs."""

import html
import re

import pytest
from django.urls import reverse

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.positions.models import Description, Post
from kommunalkompass.strategy.tests.factories import MeasureFactory, StrategyFactory

from .factories import described_post

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


def _editor_data(client, url) -> dict:
    """The edit form as the browser would send it unchanged."""
    page = client.get(url)
    form = page.context["form"]
    formset = page.context["formset"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data[name] = "" if value is None else getattr(value, "pk", value)
    data.update({f"processes-{k}": v for k, v in {
        "TOTAL_FORMS": len(formset.forms), "INITIAL_FORMS": formset.initial_form_count(),
        "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 30}.items()})  # fmt: skip
    for index, process in enumerate(formset.initial or []):
        data[f"processes-{index}-title"] = process["title"]
        data[f"processes-{index}-share"] = process["share"]
        data[f"processes-{index}-tasks"] = process["tasks"]
        data[f"processes-{index}-features"] = process["features"]
    return data


def test_from_a_template_to_a_graded_description_and_an_advertisement(client, editor):
    slug = editor.organisation.slug
    response = client.post(
        reverse("positions:new", args=[slug]),
        {"role_key": "isb", "number": "IT-7", "title": "", "status": "existing"},
    )
    post = Post.objects.get(organisation=editor.organisation)
    assert response.status_code == 302
    assert response.url == reverse("positions:edit", args=[slug, post.pk])
    detail = text_of(client.get(reverse("positions:detail", args=[slug, post.pk])))
    assert "Information security officer" in detail
    assert "Hint: Entgeltgruppe 11 TVöD" in detail
    assert "not a decision" in detail
    ad = text_of(client.get(reverse("positions:advertisement_page", args=[slug, post.pk])))
    assert "Information security officer (m/w/d)" in ad and "Ihr Profil" in ad
    assert "Entgeltgruppe 11 TVöD" in ad
    txt = client.get(reverse("positions:advertisement_txt", args=[slug, post.pk]))
    assert txt["Content-Type"].startswith("text/plain")
    assert "Ihre Aufgaben:" in txt.content.decode()
    docx = client.get(reverse("positions:advertisement_docx", args=[slug, post.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_the_editor_saves_a_new_version_and_an_unchanged_save_none(client, editor):
    post = described_post(editor.organisation)
    url = reverse("positions:edit", args=[editor.organisation.slug, post.pk])
    data = _editor_data(client, url)
    assert client.post(url, data).status_code == 302
    assert Description.objects.filter(post=post).count() == 1
    data["processes-0-share"] = 60
    data["processes-1-title"] = "Zweiter Arbeitsvorgang"
    data["processes-1-share"] = 40
    data["note"] = "Aufgabe dazu"
    data["version"] = 1
    assert client.post(url, data).status_code == 302
    assert [d.number for d in post.versions.all()] == [2, 1]
    old = client.get(reverse("positions:version", args=[editor.organisation.slug, post.pk, 1]))
    assert "An earlier version" in text_of(old)


def test_shares_not_adding_to_100_are_named_and_nothing_is_stored(client, editor):
    post = described_post(editor.organisation)
    url = reverse("positions:edit", args=[editor.organisation.slug, post.pk])
    data = _editor_data(client, url)
    data["processes-0-share"] = 90
    data["title"] = "Neuer Titel"
    response = client.post(url, data)
    assert response.status_code == 400
    assert "add up to 90 %, not 100 %" in text_of(response)
    post.refresh_from_db()
    assert post.title != "Neuer Titel" and post.versions.count() == 1


def test_a_post_reporting_to_itself_is_refused_at_the_field(client, editor):
    post = described_post(editor.organisation)
    url = reverse("positions:edit", args=[editor.organisation.slug, post.pk])
    data = _editor_data(client, url)
    data["reports_to"] = post.pk
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["reports_to"] == ["A post cannot report to itself."]


def test_a_measure_names_its_roles_and_a_planned_post_follows(client, editor):
    measure = MeasureFactory(strategy=StrategyFactory(organisation=editor.organisation))
    slug = editor.organisation.slug
    response = client.post(
        reverse("positions:need_create", args=[slug, measure.pk]),
        {"role_key": "dpo", "fte": "0.5", "needed_from": "2028-01-01"},
    )
    assert response.status_code == 302
    listing = text_of(client.get(reverse("positions:list", args=[slug])))
    assert "0.5 FTE Data protection officer for measure" in listing
    measure_page = text_of(client.get(reverse("strategy:measure", args=[slug, measure.pk])))
    assert "Roles this measure needs" in measure_page
    need = measure.role_needs.get()
    assert client.post(reverse("positions:need_post", args=[slug, need.pk])).status_code == 302
    post = Post.objects.get(need=need)
    assert post.status == "planned"


def test_another_organisations_post_answers_404(client, editor):
    other = described_post()
    url = reverse("positions:detail", args=[editor.organisation.slug, other.pk])
    assert client.get(url).status_code == 404


def test_the_roadmap_offers_the_capacity_from_the_posts_and_takes_it_over(client, editor):
    strategy = StrategyFactory(organisation=editor.organisation, start_year=2027, horizon_years=2)
    described_post(editor.organisation)
    slug = editor.organisation.slug
    page = text_of(client.get(reverse("strategy:roadmap", args=[slug])))
    assert "Staff capacity from the job descriptions" in page
    assert client.post(reverse("positions:capacity_apply", args=[slug])).status_code == 302
    strategy.refresh_from_db()
    assert strategy.capacities == {"2027": 200, "2028": 200}


def test_the_strategy_document_lists_the_planned_posts(editor):
    from kommunalkompass.strategy.documents import strategy_document

    from .factories import RoleNeedFactory

    strategy = StrategyFactory(organisation=editor.organisation)
    RoleNeedFactory(measure=MeasureFactory(strategy=strategy))
    document = strategy_document(strategy=strategy, language="en")
    headings = [getattr(block, "text", "") for block in document.blocks]
    assert "Planned posts" in headings
    table = next(t for t in document.tables() if t.columns[1].header == "Post or role")
    assert table.rows[0][1] == "Information security officer"
    from kommunalkompass.documents.downloads import render

    assert render(document, "pdf").startswith(b"%PDF")
    assert render(document, "docx")[:2] == b"PK"


def test_a_role_need_is_changed_and_an_unchanged_save_writes_nothing(client, editor):
    from kommunalkompass.audit.models import AuditEvent

    from .factories import RoleNeedFactory

    measure = MeasureFactory(strategy=StrategyFactory(organisation=editor.organisation))
    need = RoleNeedFactory(measure=measure)
    url = reverse("positions:need_edit", args=[editor.organisation.slug, need.pk])
    data = {"version": 1, "role_key": "isb", "fte": "1.00", "needed_from": "2028-01-01", "note": ""}
    events = AuditEvent.objects.count()
    assert client.post(url, data).status_code == 302
    need.refresh_from_db()
    assert need.version == 1 and AuditEvent.objects.count() == events
    assert client.post(url, {**data, "fte": "2"}).status_code == 302
    need.refresh_from_db()
    assert need.fte == 2 and need.version == 2
    stale = client.post(url, {**data, "fte": "3"})
    assert stale.status_code == 400 and "Someone else has changed this" in text_of(stale)


def test_the_list_costs_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    url = reverse("positions:list", args=[editor.organisation.slug])
    for _ in range(3):
        described_post(editor.organisation)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(27):
        described_post(editor.organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_audit_log_shows_a_new_version(client):
    admin = MembershipFactory(role=Role.ADMIN)
    client.force_login(admin.user)
    post = described_post(admin.organisation)
    url = reverse("positions:edit", args=[admin.organisation.slug, post.pk])
    data = _editor_data(client, url)
    data["processes-0-title"] = "Neu beschrieben"
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("organisations:audit", args=[admin.organisation.slug]))
    assert page.status_code == 200
    assert str(post.number) in text_of(page)
