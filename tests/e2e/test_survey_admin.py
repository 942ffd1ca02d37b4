"""Journey: an editor administers a staff survey — sets the end date, copies a group link,
looks at its QR code, downloads the notice with the QR codes, and enters one paper
questionnaire from the building yard; the results count it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import _log_in

pytestmark = pytest.mark.e2e

EDITOR_EMAIL = "editor@musterstadt.example"


@pytest.fixture
def open_survey(demo_data):
    from kommunalkompass.assessments import services
    from kommunalkompass.organisations.models import Membership, Role

    admin = Membership.objects.select_related("organisation", "user").get(
        organisation__slug="musterstadt", role=Role.ADMIN
    )
    assessment = services.assessment_create(
        actor=admin.user,
        organisation=admin.organisation,
        title="Personalumfrage",
        model_ident="quick-1.0",
    )
    services.assessment_open(actor=admin.user, assessment=assessment)
    return assessment


def test_editor_sets_end_date_copies_link_downloads_notice_and_enters_paper(
    new_context, live_server, open_survey, assert_accessible
):
    from kommunalkompass.assessments.models import Response

    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    _log_in(page, live_server.url, EDITOR_EMAIL)
    detail = f"{live_server.url}/o/musterstadt/assessments/{open_survey.pk}/"
    page.goto(detail)
    main = page.locator("main")

    # The end date.
    ends = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Enddatum", exact=True).fill(ends.isoformat())
    page.get_by_role("button", name="Enddatum speichern").click()
    expect(page.locator(".messages")).to_contain_text("Das Enddatum wurde gespeichert.")
    expect(page.get_by_label("Enddatum", exact=True)).to_have_value(ends.isoformat())
    open_survey.refresh_from_db()
    assert open_survey.ends_on == ends

    # Copy the staff link: the button says so, and the clipboard holds the link.
    link = page.locator("#link-staff")
    address = link.input_value()
    assert address.startswith(f"{live_server.url}/s/")
    page.locator('[data-copy="link-staff"]').click()
    qr = page.locator(".survey-link").filter(has=page.locator("#link-staff"))
    expect(qr.get_by_role("status")).to_have_text("Link kopiert.")
    assert page.evaluate("navigator.clipboard.readText()") == address

    # Its QR code, drawn without inline style (strict CSP).
    qr.locator("summary").click()
    expect(qr.locator("svg.qr-code")).to_be_visible()
    assert_accessible(page)

    # The notice with the QR codes, for the notice board.
    with page.expect_download() as download_info:
        main.locator(".downloads__item", has_text="Aushang mit QR-Codes").get_by_role(
            "link"
        ).click()
    download = download_info.value
    with open(download.path(), "rb") as notice:
        assert notice.read(5) == b"%PDF-"

    # One paper questionnaire from the building yard (staff).
    main.get_by_role("link", name="Papierfragebögen eingeben").click()
    page.get_by_label("Auf dem Fragebogen angekreuzte Gruppe").select_option("staff")
    page.get_by_role("button", name="Fragen dieser Gruppe anzeigen").click()
    questions = page.locator("fieldset.question")
    expect(questions.first).to_be_visible()  # count() does not wait for the page to load
    assert questions.count() > 5
    for index in range(questions.count()):
        questions.nth(index).locator("input[type=radio]").nth(1).check()
    assert_accessible(page)
    page.get_by_role("button", name="Fragebogen eingeben").click()
    expect(page.locator(".messages")).to_contain_text("Der Papierfragebogen wurde eingegeben.")
    assert Response.objects.filter(assessment=open_survey, submitted_on__isnull=False).count() == 1

    # The results count it (and show nothing by group: fewer than five).
    page.goto(f"{detail}results/")
    expect(page.locator("main .lead").first).to_contain_text("1 befragte Person")
