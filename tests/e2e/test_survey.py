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


def _answer_part(page) -> None:
    """Answer every question of the part on screen with the third answer and go on."""
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        questions.nth(index).locator("input[type=radio]").nth(2).check()
    page.locator("main button[value=next]").click()


def test_staff_member_answers_the_quick_check_on_a_phone(browser, staff_link, assert_accessible):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(staff_link)
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.locator("main")).to_contain_text("freiwillig")
        expect(page.locator("main")).to_contain_text("in diesem Browser auf diesem Gerät")
        # A respondent sees no link meant for members.
        expect(page.locator("footer a")).to_have_count(0)
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
        # Opening the link again on this phone shows that the answers were sent, not a second
        # survey; the next person on the same phone asks for a fresh one.
        page.goto(staff_link)
        expect(page.locator("h1")).to_contain_text("Vielen Dank")
        expect(page.locator("main")).to_contain_text("bereits Antworten")
        expect(page.locator("main button[value=start]")).to_have_count(0)
        assert_accessible(page)
        page.locator("main button[value=next_person]").click()
        expect(page.locator("main button[value=start]")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("Willkommen zurück")
    finally:
        context.close()

    from kommunalkompass.assessments.models import Response

    response = Response.objects.get(submitted_on__isnull=False)
    assert response.group == "staff"
    assert response.answers.count() > 0


def test_a_respondent_closes_the_tab_and_continues_later(browser, staff_link, assert_accessible):
    """The intro promises: open the same link again in this browser and continue."""
    from kommunalkompass.assessments.models import Answer, Response

    context = browser.new_context(locale="de-DE", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(staff_link)
        page.locator("main button[value=start]").click()
        expect(page.locator(".survey__step")).to_contain_text("1 von 8")
        _answer_part(page)
        expect(page.locator(".survey__step")).to_contain_text("2 von 8")
        page.close()

        # The same link, in a new tab of the same browser: the answers are waiting.
        page = context.new_page()
        page.goto(staff_link)
        expect(page.locator("main")).to_contain_text("Willkommen zurück")
        assert_accessible(page)
        page.get_by_role("button", name="Weiter mit Teil 2").click()
        expect(page.locator(".survey__step")).to_contain_text("2 von 8")
        page.locator("main button[value=back]").click()
        expect(page.locator(".survey__step")).to_contain_text("1 von 8")
        expect(page.locator("fieldset.question input[type=radio]:checked")).not_to_have_count(0)

        # Another browser (no cookie) starts afresh and does not see these answers.
        other = browser.new_context(locale="de-DE").new_page()
        other.goto(staff_link)
        expect(other.locator("main")).not_to_contain_text("Willkommen zurück")
        expect(other.locator("main button[value=start]")).to_be_visible()
        other.context.close()

        for part in range(1, 9):
            expect(page.locator(".survey__step")).to_contain_text(f"{part} von 8")
            _answer_part(page)
        expect(page.locator("h1")).to_contain_text("Vielen Dank")
    finally:
        context.close()

    response = Response.objects.get()
    assert response.submitted_on is not None
    staff_questions = [q for q in response.assessment.model.questions() if "staff" in q.groups]
    assert Answer.objects.filter(response=response).count() == len(staff_questions)
