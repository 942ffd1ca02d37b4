"""Journey: a member of staff answers the Quick-Check anonymously on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def staff_link(demo_data, live_server):
    from kommunalkompass.assessments import services
    from kommunalkompass.organisations.models import Membership, Role

    admin = Membership.objects.select_related("organisation", "user").get(
        organisation__slug="musterstadt", role=Role.ADMIN
    )
    assessment = services.assessment_create(
        actor=admin.user,
        organisation=admin.organisation,
        title="Quick-Check",
        model_ident="quick-1.0",
    )
    links = services.assessment_open(actor=admin.user, assessment=assessment)
    return f"{live_server.url}/s/{links['staff']}/"


def test_staff_member_answers_the_quick_check_on_a_phone(browser, staff_link, assert_accessible):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(staff_link)
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.locator("main")).to_contain_text("freiwillig")
        assert_accessible(page)
        page.locator("main button[type=submit]").click()

        for part in range(1, 9):
            expect(page.locator(".survey__step")).to_contain_text(f"{part} von 8")
            questions = page.locator("fieldset.question")
            if part == 1:
                assert_accessible(page)
                # Answer the first question by keyboard alone.
                page.locator("fieldset.question input[type=radio]").first.focus()
                page.keyboard.press("ArrowDown")
            for index in range(questions.count()):
                options = questions.nth(index).locator("input[type=radio]")
                if index > 0 or part > 1:
                    options.nth(2).check()
            page.locator("main button[value=next]").click()

        expect(page.locator("h1")).to_contain_text("Vielen Dank")
        expect(page.locator("main form")).to_have_count(0)
        assert_accessible(page)
        # The link now shows only the thank-you page.
        page.goto(page.url)
        expect(page.locator("main input[type=radio]")).to_have_count(0)
    finally:
        context.close()

    from kommunalkompass.assessments.models import Response

    response = Response.objects.get(submitted_on__isnull=False)
    assert response.group == "staff"
    assert response.answers.count() > 0
