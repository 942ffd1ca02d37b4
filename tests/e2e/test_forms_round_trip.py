"""Guard: every form, opened in the browser and saved unchanged, changes nothing.

A value that survives the test client can still be lost in a browser: a date rendered in
the locale's format is shown empty by ``<input type="date">`` and erased by the next save.
This journey opens every form page of the demo as its administrator — the pages come from
the URL configuration and the links of the pages (``tests/pages.py``), so a new module's
forms are covered without touching this test — plus the anonymous survey and the public
Quick-Check, submits each form as the browser has filled it, and compares every stored row
of the project's tables before and after.

Which forms are submitted: every ``<form method="post">`` in ``<main>`` that has a field a
person can edit. Forms without such a field are buttons for an action (open, close,
delete) and are not submitted. A form whose purpose is to create something even when left
as it is (a new strategy version with a proposed title) says so with ``data-creates`` and
is not submitted either: creating is what it is for.
"""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from playwright.sync_api import expect

from tests.pages import organisation_pages

from .conftest import ADMIN_EMAIL, _log_in

pytestmark = pytest.mark.e2e

SLUG = "musterstadt"

# Classifies the form and submits it the way its own submit button would, without the
# browser's constraint validation (the server must refuse what is invalid, and a refused
# form changes nothing either). Hidden forms (a <details> that is closed) are submitted
# too: a person would open them first.
_EDITABLE = """
([index]) => {
  const form = document.querySelectorAll("main form[method=post]")[index];
  const htmx = ["hx-post", "hx-put", "hx-patch"].some((a) => form.hasAttribute(a))
    || !!form.closest("[hx-boost=true]");
  const creates = form.hasAttribute("data-creates");
  return {htmx, creates, editable: [...form.elements].some((el) =>
    (el.tagName === "SELECT" || el.tagName === "TEXTAREA" ||
     (el.tagName === "INPUT" &&
      !["hidden", "submit", "button", "reset", "file", "password", "image"].includes(el.type)))
    && !el.disabled)};
}
"""
_SUBMIT = """
([index]) => {
  const form = document.querySelectorAll("main form[method=post]")[index];
  const buttons = [...form.querySelectorAll("button, input[type=submit]")].filter(
    (b) => (b.type || "submit") === "submit" && !/delete|remove|back/i.test(b.value + b.name));
  form.noValidate = true;
  form.requestSubmit(buttons[0] || undefined);
  return form.getAttribute("action") || location.pathname;
}
"""


def _project_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("kommunalkompass.") and not model._meta.proxy
    ]


def _columns(model: type[models.Model]) -> list[str]:
    # The surrogate key of a row says nothing a person stored; a row deleted and written
    # again with the same values is unchanged for them. Timestamps of the last save are
    # left out for the same reason (they change with any save, not with the data).
    return [
        field.attname
        for field in model._meta.concrete_fields
        if not (isinstance(field, models.AutoField | models.BigAutoField) and field.primary_key)
        and not getattr(field, "auto_now", False)
    ]


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every project table, as sorted value tuples per table."""
    return {
        model._meta.label: sorted(
            map(repr, model.objects.values_list(*_columns(model)))  # repr: mixed None/values
        )
        for model in _project_models()
    }


def _differences(before: dict, after: dict) -> list[str]:
    lines = []
    for label, rows in after.items():
        old = before.get(label, [])
        if rows == old:
            continue
        gone = sorted(set(old) - set(rows))
        new = sorted(set(rows) - set(old))
        lines.append(f"  {label}: {len(old)} → {len(rows)} rows")
        lines += [f"    - {row[:300]}" for row in gone[:3]]
        lines += [f"    + {row[:300]}" for row in new[:3]]
    return lines


def _submit_unchanged(page, url: str, index: int):
    """Open ``url`` afresh and submit its ``index``-th form as the browser filled it.

    Returns the address it was sent to, or None for a form that is not submitted (an action
    button, or a form that creates by design).
    """
    page.goto(url)
    kind = page.evaluate(_EDITABLE, [index])
    if not kind["editable"] or kind["creates"]:
        return None
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        if kind["htmx"]:
            action = page.evaluate(_SUBMIT, [index])
        else:
            with page.expect_navigation():
                action = page.evaluate(_SUBMIT, [index])
    # The POST's answer has come: what it stored is stored (no page of the product writes
    # on a later request of its own, so there is no need to wait for the network to idle).
    page.wait_for_load_state("load")
    status = posted.value.status
    assert status < 500, f"{url} form {index}: the server answered {status}"
    return action


@pytest.fixture
def full_demo(transactional_db):
    """``manage.py demo``: every module's demo data for Musterstadt and Beispielhausen."""
    call_command("demo", stdout=io.StringIO())


def test_every_form_saved_unchanged_changes_nothing(page, live_server, full_demo):
    from kommunalkompass.accounts.models import User
    from kommunalkompass.organisations.models import Organisation

    organisation = Organisation.objects.get(slug=SLUG)
    client = Client()
    client.force_login(User.objects.get(email=ADMIN_EMAIL))
    form_pages = [
        path
        for path, html in organisation_pages(client, organisation).items()
        if 'method="post"' in html.split("<main", 1)[-1]
    ]
    assert len(form_pages) >= 15, f"only {len(form_pages)} form pages found: {form_pages}"

    page.on("dialog", lambda dialog: dialog.accept())
    _log_in(page, live_server.url)
    failures, submitted = [], 0
    stored = _snapshot()  # what is stored before the next submission
    for path in sorted(form_pages):
        url = f"{live_server.url}{path}"
        page.goto(url)
        count = page.locator("main form[method=post]").count()
        for index in range(count):
            action = _submit_unchanged(page, url, index)
            if action is None:
                continue
            submitted += 1
            before, stored = stored, _snapshot()
            changes = _differences(before, stored)
            if changes:
                failures.append(f"{path} form {index} (→ {action}) changed:")
                failures += changes
    assert submitted >= 15, f"only {submitted} forms were submitted"
    assert not failures, "Forms saved unchanged changed stored data:\n" + "\n".join(failures)


def _submit_every_form(page, url: str) -> tuple[int, list[str]]:
    """Submit each form of the page at ``url`` unchanged; (forms submitted, changes)."""
    page.goto(url)
    submitted, failures = 0, []
    stored = _snapshot()
    for index in range(page.locator("main form[method=post]").count()):
        action = _submit_unchanged(page, url, index)
        if action is None:
            continue
        submitted += 1
        before, stored = stored, _snapshot()
        changes = _differences(before, stored)
        if changes:
            failures.append(f"{url} form {index} (→ {action}) changed:")
            failures += changes
    return submitted, failures


def test_survey_page_saved_unchanged_keeps_the_answers(page, live_server, full_demo):
    """A respondent goes back to a page they answered and saves it again as it is."""
    from kommunalkompass.assessments.models import Assessment
    from kommunalkompass.assessments.services import open_link_token

    assessment = Assessment.objects.get(organisation__slug=SLUG, status=Assessment.Status.OPEN)
    page.goto(f"{live_server.url}/s/{open_link_token(assessment, 'staff')}/")
    for select in page.locator("main form select").all():
        select.select_option(index=1)

    def shows_part(number: int) -> None:
        # The survey's forms are sent by htmx: the next part replaces the page and its
        # address is pushed, which is no navigation to wait for; wait for both instead.
        expect(page).to_have_url(re.compile(rf"/{number}/$"))
        expect(page.locator("main")).to_contain_text(f"Teil {number} von")

    page.locator("main form button[type=submit]").last.click()
    shows_part(1)
    # The first part: the first answer to every question, then on to the second part.
    for name in page.eval_on_selector_all(
        "main form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    ):
        page.locator(f"main form input[name='{name}']").first.check()
    page.locator("button[name=action][value=next]").click()
    shows_part(2)
    page.locator("button[name=action][value=back]").click()
    shows_part(1)
    first_part = page.url
    assert page.locator("main form input[type=radio]:checked").count() > 0, (
        "the answered part shows no answer when the respondent comes back to it"
    )

    submitted, failures = _submit_every_form(page, first_part)
    assert submitted == 1
    assert not failures, "The survey part saved unchanged changed:\n" + "\n".join(failures)


def test_public_quick_check_submitted_unchanged_stores_nothing(page, live_server, full_demo):
    submitted, failures = _submit_every_form(page, f"{live_server.url}/quick-check/")
    assert submitted >= 1
    assert not failures, "The public Quick-Check stored data:\n" + "\n".join(failures)
