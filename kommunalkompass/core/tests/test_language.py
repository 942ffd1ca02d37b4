"""One content language for pages, forms, the API and documents: English for any English
code, German otherwise; a document's ``?language=`` chooses only among de and en."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from kommunalkompass.core.language import content_language, document_language


@pytest.mark.parametrize(
    ("active", "expected"),
    [("de", "de"), ("en", "en"), ("en-gb", "en"), ("EN-us", "en"), ("fr", "de"), ("", "de")],
)
def test_the_content_language_of_the_active_language(active, expected):
    with translation.override(active or None):
        assert content_language() == expected


def test_without_an_active_language_content_is_german():
    with translation.override(None):
        assert content_language() == "de"


def test_a_given_language_is_mapped_alike():
    assert [content_language(code) for code in ("en", "en-gb", "de-at", "fr", "")] == [
        "en",
        "en",
        "de",
        "de",
        "de",
    ]


@pytest.mark.parametrize(
    ("query", "page", "expected"),
    [
        ({}, "de", "de"),
        ({}, "en", "en"),
        ({"language": "en"}, "de", "en"),
        ({"language": "de"}, "en", "de"),
        ({"language": "en-gb"}, "de", "en"),
        ({"language": "fr"}, "en", "en"),  # not a content language: the page's
        ({"language": ""}, "en", "en"),
    ],
)
def test_a_document_takes_the_language_asked_for_else_the_pages(query, page, expected):
    request = RequestFactory().get("/report.pdf", query)
    with translation.override(page):
        assert document_language(request) == expected
