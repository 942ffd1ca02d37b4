"""Guard: every document the installation serves is linked from a page its readers reach.

The documents are read from the URL configuration
(``organisations.downloads.registered_documents``: everything ``document_urls()`` or
``@serves_document`` registers), so a new module's documents are checked without editing this
test. With the demo data loaded (``manage.py demo``), the
test follows the links from Stadt Musterstadt's home page as each role of the demo team, the
way a person clicks through the product: GET only, internal pages under ``/o/<slug>/``, no
download followed, at most a few pages per URL pattern. It then asserts

* that each document is linked (an ``<a href>``) from a page reached by the least-privileged
  role allowed to download it, and
* that no role is shown a link to a document it may not download (it would answer 403).

A module whose document is not linked yet adds a link with the shared block
``documents/_downloads.html`` (see docs/documents.md); if the demo has no object the document
is about, the module's ``demo.py`` adds one.
"""

from __future__ import annotations

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from kommunalkompass.accounts.models import User
from kommunalkompass.organisations.downloads import registered_documents
from kommunalkompass.organisations.models import Organisation
from tests.pages import crawl, links_of

pytestmark = pytest.mark.django_db

SLUG = "musterstadt"
HOME = f"/o/{SLUG}/"
# The demo team of Stadt Musterstadt, least privileged first.
ROLES = {
    "viewer": "viewer@musterstadt.example",
    "editor": "editor@musterstadt.example",
    "admin": "admin@musterstadt.example",
}
# Pages of one URL pattern share their template: a few of them show every kind of link.
PAGES_PER_ROUTE = 3


def _links(client) -> tuple[dict[str, set[str]], dict[str, str], int]:
    """Crawl from the home page as the client's user.

    Returns ``{URL name: pages linking to it}`` for every link inside the organisation
    (pages and documents), the permission each linked URL name needs, and the number of
    pages visited.
    """
    pages = crawl(client, HOME, per_route=PAGES_PER_ROUTE)
    linked: dict[str, set[str]] = {}
    permissions: dict[str, str] = {}
    for page, html in pages.items():
        for href in links_of(html):
            path = urlsplit(href).path
            if not path.startswith(HOME):
                continue
            try:
                match = resolve(path)
            except Resolver404:
                continue
            linked.setdefault(match.view_name, set()).add(page)
            permissions[match.view_name] = getattr(match.func, "organisation_permission", "")
    return linked, permissions, len(pages)


def test_every_registered_document_is_linked_for_those_who_may_download_it(client):
    call_command("demo", stdout=StringIO())
    organisation = Organisation.objects.get(slug=SLUG)
    users = {role: User.objects.get(email=email) for role, email in ROLES.items()}
    documents = {document.url_name: document for document in registered_documents()}

    def allowed(role: str, permission: str) -> bool:
        return users[role].has_perm(permission, organisation)

    least_role = {
        name: next((role for role in ROLES if allowed(role, document.permission)), None)
        for name, document in documents.items()
    }
    problems = [
        f"{name}: no role of the demo team may download it ({documents[name].permission})"
        for name, role in least_role.items()
        if role is None
    ]
    for role in ROLES:
        client.force_login(users[role])
        linked, permissions, visited = _links(client)
        assert visited > 10, f"the crawl as {role} reached only {visited} pages"
        for name, pages in sorted(linked.items()):
            if permissions[name] and not allowed(role, permissions[name]):
                problems.append(
                    f"{name}: the {role} sees a link on {sorted(pages)[0]} that answers 403 "
                    f"(it needs {permissions[name]})"
                )
        for name, needed in least_role.items():
            if needed == role and name not in linked:
                problems.append(
                    f"{name} (/{documents[name].route}): linked from no page the {role} "
                    f"reaches from {HOME}"
                )
    assert not problems, "Documents nobody can find, or links that are refused:\n" + "\n".join(
        problems
    )


def test_the_registry_lists_the_documents_of_every_module():
    names = {document.url_name for document in registered_documents()}
    assert {
        "organisations:team_document_pdf",
        "assessments:report_pdf",
        "assessments:report_docx",
        "assessments:information_sheet_pdf",
        "assessments:responses_csv",
        "strategy:document_docx",
        "strategy:measures_export_xlsx",
        "ozg:report_docx",
    } <= names
    for document in registered_documents():
        assert document.route.endswith(f".{document.extension}")
        assert document.permission
