import io

import pytest
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.procurement import sheets
from kommunalkompass.procurement.models import Bid, Procurement
from kommunalkompass.strategy.tests.factories import MeasureFactory

from .factories import import_bid, make_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


def _url(name, organisation, *args):
    return reverse(f"procurement:{name}", args=[organisation.slug, *args])


def test_create_from_a_catalog_links_a_measure_both_ways(client, editor):
    organisation = editor.organisation
    measure = MeasureFactory(strategy__organisation=organisation, organisation=organisation)
    response = client.post(
        _url("create", organisation),
        {"catalog_key": "e-akte", "title": "E-Akte", "estimated_value": "250000",
         "measures": [measure.pk]},
    )  # fmt: skip
    procurement = Procurement.objects.get()
    assert response.status_code == 302
    page = client.get(_url("detail", organisation, procurement.pk)).content.decode()
    assert "EAK-01" in page and "Hint, not legal advice" in page
    assert "216,000" in page or "216.000" in page
    measure_page = client.get(
        reverse("strategy:measure", args=[organisation.slug, measure.pk])
    ).content.decode()
    assert _url("detail", organisation, procurement.pk) in measure_page


def test_a_bad_create_names_the_field_and_stores_nothing(client, editor):
    response = client.post(
        _url("create", editor.organisation),
        {"catalog_key": "e-akte", "title": "E-Akte", "estimated_value": "-1"},
    )
    assert response.status_code == 200
    assert "estimated_value_error" in response.content.decode()
    assert not Procurement.objects.exists()


def test_uploading_a_changed_sheet_names_the_rows(client, editor):
    specification = make_published(editor.organisation)
    data = sheets.fill_answer_sheet(
        sheets.build_answer_sheet(specification), bidder="X", prices={1: 0},
        fulfilled={"VK-02": "vielleicht"},
    )  # fmt: skip
    upload = io.BytesIO(data)
    upload.name = "x.xlsx"
    response = client.post(
        _url("bid_upload", editor.organisation, specification.procurement.pk), {"file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "nothing has been saved" in page
    assert "Row 3: fulfilled: “vielleicht” is neither ja nor nein" in page
    assert "the price of lot 1 must be above 0" in page
    assert not Bid.objects.exists()


def test_scoring_page_refuses_points_above_10(client, editor):
    specification = make_published(editor.organisation)
    procurement = specification.procurement
    bid = import_bid(specification, "Anbieter A", 1000)
    client.post(
        _url("evaluation_method", editor.organisation, procurement.pk), {"method": "simple"}
    )
    requirement = specification.requirements.filter(kind="B").first()
    response = client.post(
        _url("score", editor.organisation, procurement.pk, bid.pk),
        {f"points_{requirement.pk}": "11"},
    )
    assert response.status_code == 400
    assert "less than or equal to 10" in response.content.decode()


def test_weights_not_adding_up_are_named_on_the_page(client, editor):
    specification = make_published(editor.organisation)
    response = client.post(
        _url("evaluation_method", editor.organisation, specification.procurement.pk),
        {"method": "weighted", "reference": "median", "weight_performance": "0.5",
         "weight_price": "0.6"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "must add up to 1" in response.content.decode()


def test_an_unchanged_edit_writes_nothing(client, editor):
    specification = make_published(editor.organisation)
    procurement = specification.procurement
    client.post(_url("new_version", editor.organisation, procurement.pk))
    page = client.get(_url("edit", editor.organisation, procurement.pk))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "measures"}
    before = AuditEvent.objects.count()
    response = client.post(_url("edit", editor.organisation, procurement.pk), data)
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before


def test_the_evaluation_page_shows_the_calculation_and_the_documents(client, editor):
    specification = make_published(editor.organisation)
    procurement = specification.procurement
    a = import_bid(specification, "Anbieter A", 100_000)
    b = import_bid(specification, "Anbieter B", 125_000)
    client.post(
        _url("evaluation_method", editor.organisation, procurement.pk), {"method": "simple"}
    )
    for bid, points in ((a, 6), (b, 8)):
        client.post(
            _url("score", editor.organisation, procurement.pk, bid.pk),
            {f"points_{r.pk}": points for r in specification.requirements.filter(kind="B")},
        )
    page = client.get(_url("evaluation", editor.organisation, procurement.pk)).content.decode()
    assert "Z = " in page and "Sensitivity" in page
    for name in ("report_pdf", "report_docx", "specification_pdf", "specification_docx"):
        response = client.get(_url(name, editor.organisation, procurement.pk))
        assert response.status_code == 200, name
    sheet = client.get(_url("answer_sheet_xlsx", editor.organisation, procurement.pk))
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"


@pytest.mark.parametrize("bids", [1, 4])
def test_list_and_evaluation_pages_cost_a_fixed_number_of_queries(
    client, editor, bids, django_assert_max_num_queries
):
    specification = make_published(editor.organisation)
    procurement = specification.procurement
    for number in range(bids):
        import_bid(specification, f"Anbieter {number}", 1000 + number)
    make_published(editor.organisation, title="Zweite Vergabe")
    with django_assert_max_num_queries(12):
        assert client.get(_url("list", editor.organisation)).status_code == 200
    with django_assert_max_num_queries(22):
        assert (
            client.get(_url("evaluation", editor.organisation, procurement.pk)).status_code == 200
        )
    with django_assert_max_num_queries(22):
        assert client.get(_url("bids", editor.organisation, procurement.pk)).status_code == 200


def test_starting_from_a_measure_ticks_it(client, editor):
    organisation = editor.organisation
    measure = MeasureFactory(strategy__organisation=organisation, organisation=organisation)
    page = client.get(_url("create", organisation) + f"?measure={measure.pk}&catalog=e-akte")
    assert page.context["form"]["measures"].value() == [measure.pk]


def test_an_edit_after_publishing_is_refused_on_the_page(client, editor):
    specification = make_published(editor.organisation)
    requirement = specification.requirements.get(key="VK-02")
    url = _url("requirement_edit", editor.organisation, specification.procurement.pk,
               requirement.pk)  # fmt: skip
    assert "published and frozen" in client.get(url).content.decode()
    response = client.post(
        url,
        {"key": "VK-02", "group": requirement.group, "kind": "B", "weight": "50",
         "text": requirement.text, "evidence": ""},
    )  # fmt: skip
    assert "published and frozen" in response.content.decode()
    requirement.refresh_from_db()
    assert requirement.weight != 50


def test_signing_twice_is_refused_with_a_message(client, editor):
    specification = make_published(editor.organisation)
    procurement = specification.procurement
    bid = import_bid(specification, "Anbieter A", 1000)
    client.post(
        _url("evaluation_method", editor.organisation, procurement.pk), {"method": "simple"}
    )
    client.post(
        _url("score", editor.organisation, procurement.pk, bid.pk),
        {f"points_{r.pk}": 5 for r in specification.requirements.filter(kind="B")},
    )
    client.post(_url("sign", editor.organisation, procurement.pk))
    response = client.post(_url("sign", editor.organisation, procurement.pk), follow=True)
    assert "the second sign-off must come from another person" in response.content.decode()
    assert procurement.evaluation.signoffs.count() == 1


def test_the_requirements_read_in_english_for_english_readers(client, editor, settings):
    specification = make_published(editor.organisation)
    url = _url("detail", editor.organisation, specification.procurement.pk)
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "External participants join in the browser without installing anything." in english
