"""Download views for documents: one helper gives a module its .pdf, .docx and .xlsx URLs.

A module describes its document once (a builder returning a ``Document``) and adds

    urlpatterns += document_urls(
        "o/<slug:slug>/team", build_team_document, "organisations.view_members",
        name="team_document",
    )

which serves ``…/team.pdf``, ``…/team.docx`` and ``…/team.xlsx`` behind the module's
permission (through ``organisation_view``: 404 for non-members, 403 without permission).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from kommunalkompass.organisations.tenancy import organisation_view

from .model import Document

logger = logging.getLogger(__name__)

FORMATS: dict[str, tuple[str, str]] = {
    "pdf": ("kommunalkompass.documents.pdf.render_pdf", "application/pdf"),
    "docx": (
        "kommunalkompass.documents.docx.render_docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "kommunalkompass.documents.xlsx.render_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def render(document: Document, extension: str) -> bytes:
    """The document as a file of the given format (``pdf``, ``docx`` or ``xlsx``)."""
    if extension not in FORMATS:
        raise ValueError(f"Unknown document format {extension!r}.")
    module_name, function_name = FORMATS[extension][0].rsplit(".", 1)
    return getattr(import_module(module_name), function_name)(document)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def document_filename(document: Document, extension: str) -> str:
    """A file name from the title and date: ``Digitalisierungsstrategie_2026-11-26.pdf``.

    Umlauts and ß are kept (the response sends an RFC 6266 UTF-8 name with an ASCII
    fallback); characters that file systems or headers do not allow become hyphens.
    """
    title = unicodedata.normalize("NFC", document.meta.title)
    title = _UNSAFE.sub("-", title)
    title = re.sub(r"\s+", "_", title.strip()).strip("._-") or "Dokument"
    return f"{title[:120]}_{document.meta.date.isoformat()}.{extension}"


def document_response(document: Document, extension: str) -> HttpResponse:
    """An attachment response with the rendered document and the right content type."""
    from .errors import DocumentRenderError

    try:
        content = render(document, extension)
    except DocumentRenderError:
        logger.exception("Rendering %s as %s failed", document.meta.title, extension)
        raise
    response = HttpResponse(content, content_type=FORMATS[extension][1])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=document_filename(document, extension)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def document_urls(
    route: str,
    builder: Callable[..., Document],
    permission: str,
    *,
    name: str,
    formats: Iterable[str] = ("pdf", "docx", "xlsx"),
) -> list[URLPattern]:
    """URL patterns ``<route>.<format>`` serving the document ``builder(request, **kwargs)``.

    ``route`` starts with ``o/<slug:slug>/``; the URL names are ``<name>_<format>``.
    """

    def view_for(extension: str):
        @organisation_view(permission)
        @require_GET
        def view(request: HttpRequest, **kwargs) -> HttpResponse:
            return document_response(builder(request, **kwargs), extension)

        view.__name__ = f"{name}_{extension}"
        return view

    return [
        path(f"{route}.{extension}", view_for(extension), name=f"{name}_{extension}")
        for extension in formats
    ]
