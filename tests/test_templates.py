"""Every template of the project renders (Zulip's test_templates practice).

Templates are found on disk, so a new template joins by itself. Each is rendered with one
rich context of real objects; a template that needs something else fails here first. Apps
add what their templates need in ``<app>/tests/template_context.py``. The test spans every
app, so it lives here, outside the package.
"""

import importlib
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.paginator import Paginator
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import resolve

import kommunalkompass
from kommunalkompass.audit.services import audit_record

# The app tests' settings (English, fast password hashing, mail kept, empty cache).
from kommunalkompass.conftest import _clean_state, shared_rows  # noqa: F401
from kommunalkompass.organisations.forms import DepartmentForm, InvitationForm
from kommunalkompass.organisations.journey import journey_for
from kommunalkompass.organisations.models import Invitation, RegisterEntry, Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory

PACKAGE = Path(kommunalkompass.__file__).resolve().parent
TEMPLATES = sorted(
    str(path.relative_to(folder))
    for folder in PACKAGE.glob("**/templates")
    for path in folder.glob("**/*")
    if path.is_file() and path.suffix in (".html", ".txt")
)


class AnyForm(forms.Form):
    name = forms.CharField(label="Name", help_text="Help")


@pytest.fixture(scope="module")
def context(django_db_setup, django_db_blocker):
    """The rich context, made once for the module's few hundred renderings (making it costs
    more than rendering a template), in a transaction rolled back after the last of them;
    each test holds a savepoint of its own inside it (``db``)."""
    with shared_rows(django_db_blocker):
        yield _context()


def _context() -> dict:
    membership = MembershipFactory(role=Role.ADMIN, organisation__slug="musterort")
    organisation, user = membership.organisation, membership.user
    department = DepartmentFactory(organisation=organisation)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email="a@example.org",
        role=Role.VIEWER,
        token_hash="0" * 64,
        expires_at="2030-01-01T00:00:00Z",
        invited_by=user,
    )
    event = audit_record(
        actor=user,
        organisation=organisation,
        action="update",
        obj=organisation,
        changes={"name": ["A", "B"]},
    )
    entry = RegisterEntry(
        record_type=60,
        key="010010000000",
        ags="01001000",
        name="Flensburg",
        text_code="61",
        state="01",
        population=90164,
    )
    entry.prefill_json = "{}"
    request = RequestFactory().get("/o/musterort/")
    request.user = user
    request.organisation = organisation
    request.membership = membership
    request.resolver_match = resolve("/o/musterort/")
    request.session = {}
    request._messages = FallbackStorage(request)
    form = AnyForm(data={})
    form.is_valid()
    context = {
        "request": request,
        "user": user,
        "current_organisation": organisation,
        "organisation": organisation,
        "membership": membership,
        "memberships": [membership],
        "user_memberships": [membership],
        "members": [membership],
        "department": department,
        "departments": [department],
        "invitation": invitation,
        "invitations": [invitation],
        "journey": journey_for(organisation),
        "page": Paginator([event], 50).get_page(1),
        "entries": [entry],
        "query": "Fl",
        "form": form,
        "invitation_form": InvitationForm(),
        "department_form": DepartmentForm(),
        "role_choices": Role.choices,
        "can_manage": True,
        "message": "Message",
        "accept_url": "https://kompass.example/invitations/x/",
        "existing_account": False,
        "wrong_account": False,
        # Django's password-reset e-mail context
        "protocol": "https",
        "domain": "kompass.example",
        "uid": "MQ",
        "token": "abc-123",
        "site_name": "Kommunalkompass",
        "email": user.email,
    }
    # Apps add what their templates need in ``tests/template_context.py``: ``extend(context)``.
    for config in apps.get_app_configs():
        if not config.name.startswith("kommunalkompass."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.template_context")
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests.template_context", f"{config.name}.tests"):
                raise
            continue
        module.extend(context)
    return context


def test_templates_were_found():
    assert "base.html" in TEMPLATES
    assert "organisations/home.html" in TEMPLATES


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_renders(name, context, db):
    html = get_template(name).render(context)
    assert html.strip() or name.startswith("includes/")


@pytest.mark.parametrize("name", ["404.html", "403.html", "500.html"])
def test_error_pages_render_for_anonymous_visitors(name, rf):
    request = rf.get("/missing/")
    request.user = AnonymousUser()
    html = get_template(name).render({"request": request})
    assert "Kommunalkompass" in html


@pytest.mark.parametrize("name", [t for t in TEMPLATES if not t.startswith(("includes/", "email"))])
def test_page_titles_hold_text_only(name, context, db):
    """A block put into the <title> by mistake would hide the page's content."""
    html = get_template(name).render(context)
    if "<title>" in html:
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "<" not in title, f"{name}: markup in the page title: {title[:80]!r}"
