"""The language of content: which of the two languages of the product's content a page or a
document is written in.

Model content (maturity models, recommendations, legal duties, the OZG execution list) and
documents exist in German and English only. The content language is English for any
English language code (``en``, ``en-gb``) and German for everything else: German is the
product's language (``LANGUAGE_CODE``), and every content file has it. Pages, forms, the
API and documents all ask here, so that a page and the file it offers never disagree.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("de", "en")


def content_language(language: str | None = None) -> str:
    """``"en"`` or ``"de"``: the content language for ``language``, by default the active
    language (the request's, chosen by the locale middleware)."""
    chosen = get_language() if language is None else language
    return "en" if (chosen or "").lower().startswith("en") else "de"


def document_language(request: HttpRequest) -> str:
    """The language of a document the request asks for: ``?language=de`` or ``?language=en``
    chooses it (a regional code such as ``en-gb`` too); without it, or with a language the
    content does not exist in, the document is in the page's content language."""
    chosen = request.GET.get("language", "")
    if chosen[:2].lower() in CONTENT_LANGUAGES:
        return content_language(chosen)
    return content_language()
