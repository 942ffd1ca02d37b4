"""The German catalogue is complete, and both languages are served."""

import re
from pathlib import Path

import polib
import pytest
from django.urls import reverse

PACKAGE = Path(__file__).resolve().parents[2]
# The project's catalogue and those of the apps that keep their own (``<app>/locale``).
CATALOGUES = sorted(PACKAGE.glob("**/locale/de/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _entries():
    return [
        entry
        for catalogue in CATALOGUES
        for entry in polib.pofile(str(catalogue))
        if not entry.obsolete
    ]


def test_the_project_catalogue_is_found():
    assert PACKAGE / "locale" / "de" / "LC_MESSAGES" / "django.po" in CATALOGUES


def test_every_german_entry_is_translated():
    missing = [
        entry.msgid
        for entry in _entries()
        if "fuzzy" in entry.flags
        or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
        or (not entry.msgid_plural and not entry.msgstr)
    ]
    assert not missing, f"untranslated or fuzzy German entries: {missing}"


def test_placeholders_survive_translation():
    broken = []
    for entry in _entries():
        wanted = sorted(set(PLACEHOLDER.findall(entry.msgid)))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        broken += [
            entry.msgid for text in translations if sorted(set(PLACEHOLDER.findall(text))) != wanted
        ]
    assert not broken, broken


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("de-DE,de;q=0.9", "Anmelden"), ("en-GB,en;q=0.8", "Log in"), ("fr-FR", "Anmelden")],
)
def test_login_page_speaks_the_browser_language(client, settings, accept_language, expected):
    settings.LANGUAGE_CODE = "de"
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert f">{expected}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="de")
    assert '<html lang="en"' in page.content.decode()
