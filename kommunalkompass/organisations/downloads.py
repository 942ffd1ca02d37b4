"""Document downloads of an organisation: URLs, the registry and the links a page offers.

A module describes its document once (a builder returning a ``Document``, see the
documents app) and adds

    urlpatterns += document_urls(
        "o/<slug:slug>/team", build_team_document, "organisations.view_members",
        name="team_document",
    )

which serves ``…/team.pdf``, ``…/team.docx`` and ``…/team.xlsx`` behind the module's
permission (through ``organisation_view``: 404 for non-members, 403 without permission).

Every download is registered: ``registered_documents()`` lists them from the URL
configuration (for the test that each one is linked from a page), and ``downloads()`` gives a
page the links to its documents that the visitor may download, rendered by the shared
``documents/_downloads.html`` block. A view that serves a file without ``document_urls()``
(e.g. raw answers as CSV) joins with ``@serves_document``; its URL is named
``<name>_<format>`` and ends in ``.<format>`` like the others.

This lives in ``organisations`` because every download is a page of an organisation: the
documents app renders and sends files and imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from kommunalkompass.documents.downloads import document_response
from kommunalkompass.documents.model import Document

from .tenancy import organisation_view


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
        return serves_document(view)

    return [
        path(f"{route}.{extension}", view_for(extension), name=f"{name}_{extension}")
        for extension in formats
    ]


# Labels of the formats in download links, in the order the links are shown.
FORMAT_LABELS = {
    "pdf": _("PDF"),
    "docx": _("Word (DOCX)"),
    "xlsx": _("Excel (XLSX)"),
    "csv": _("CSV"),
}


def serves_document(view: Callable) -> Callable:
    """Mark ``view`` as a document download, so that ``registered_documents()`` lists it.

    ``document_urls()`` marks its views itself; a hand-written file view adds this decorator.
    """
    view.serves_document = True  # type: ignore[attr-defined]
    return view


@dataclass(frozen=True)
class RegisteredDocument:
    """One format of one document: ``assessments:report`` as PDF at ``…/report.pdf``."""

    name: str  # namespaced, without the format: "assessments:report"
    extension: str
    url_name: str  # "assessments:report_pdf"
    route: str  # "o/<slug:slug>/assessments/<int:pk>/report.pdf"
    permission: str  # the permission a visitor needs to download it


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[RegisteredDocument]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif getattr(pattern.callback, "serves_document", False):
            route = prefix + str(pattern.pattern)
            url_name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            base, _sep, extension = url_name.rpartition("_")
            if not route.endswith(f".{extension}") or extension not in FORMAT_LABELS:
                raise ValueError(
                    f"Document URL {url_name} ({route}) must be named <name>_<format> "
                    f"and end in .<format>, one of {', '.join(FORMAT_LABELS)}."
                )
            permission = getattr(pattern.callback, "organisation_permission", "")
            if not permission:
                raise ValueError(
                    f"Document URL {url_name} must be an organisation_view (it names the "
                    "permission needed to download it)."
                )
            yield RegisteredDocument(
                name=base,
                extension=extension,
                url_name=url_name,
                route=route,
                permission=permission,
            )


@lru_cache(maxsize=4)
def _documents_of(resolver: URLResolver) -> tuple[RegisteredDocument, ...]:
    return tuple(_walk(resolver.url_patterns))


def registered_documents() -> tuple[RegisteredDocument, ...]:
    """Every document download of the installation (each format separately), in URL order.

    Read from the URL configuration, so a module's documents are listed as soon as its
    ``urls.py`` registers them with ``document_urls()`` (or ``@serves_document``).
    """
    return _documents_of(get_resolver())


@dataclass(frozen=True)
class Offer:
    """A document a page offers: its URL name without format, its title and URL arguments."""

    name: str
    title: str
    kwargs: dict = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class DownloadLink:
    extension: str
    label: str
    url: str


@dataclass(frozen=True)
class Download:
    title: str
    description: str
    links: tuple[DownloadLink, ...]


def downloads(request: HttpRequest, *offers: Offer) -> list[Download]:
    """The offered documents that the visitor may download, each with all its formats.

    A format the visitor's role may not download is left out, and a document with none
    left is not shown: nobody sees a link that would answer 403. The organisation's slug is
    filled in from ``request.organisation``.
    """
    formats: dict[str, list[RegisteredDocument]] = {}
    for document in registered_documents():
        formats.setdefault(document.name, []).append(document)
    order = list(FORMAT_LABELS)
    result = []
    for offer in offers:
        if offer.name not in formats:
            raise ValueError(f"No document is registered as {offer.name!r}.")
        kwargs = {"slug": request.organisation.slug, **offer.kwargs}
        links = tuple(
            DownloadLink(
                extension=document.extension,
                label=str(FORMAT_LABELS[document.extension]),
                url=reverse(document.url_name, kwargs=kwargs),
            )
            for document in sorted(formats[offer.name], key=lambda d: order.index(d.extension))
            if request.user.has_perm(document.permission, request.organisation)
        )
        if links:
            result.append(
                Download(title=str(offer.title), description=offer.description, links=links)
            )
    return result
