"""The organisation pages of the installation, found the way a visitor would find them.

Project-wide guards (every form saved unchanged, every document reachable, the
screenshots) need the pages under ``/o/<slug>/`` with real objects in their addresses.
They come from two sources, so that a new module's pages join without editing a guard:

- the URL configuration: every named route under ``o/<slug:slug>/``;
- the links of the pages themselves: a crawl from the organisation's home page, as the
  signed-in member, gives addresses with the organisation's own objects (a demo measure,
  a demo service) for routes that take more than the slug.

A route the crawl does not reach and that takes further arguments is built from its app's
``tests/matrix.py`` (``URL_KWARGS``), as the tenancy matrix does.
"""

from __future__ import annotations

import importlib
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.apps import apps
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

# Files, not pages: downloads are not crawled.
DOWNLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".png", ".svg", ".json", ".zip")


@dataclass(frozen=True)
class Route:
    """A named URL pattern: its name (with namespace), its pattern and its view."""

    name: str
    route: str
    callback: object
    params: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield Route(
                name, route, pattern.callback, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
            )


def organisation_routes() -> list[Route]:
    """Every named route under ``/o/<slug>/``, sorted by name."""
    return sorted(
        (r for r in _walk(get_resolver().url_patterns) if r.route.startswith("o/<slug:slug>/")),
        key=lambda r: r.name,
    )


def matrix_modules() -> Iterator[object]:
    """The ``tests/matrix.py`` module of every project app that has one."""
    for config in apps.get_app_configs():
        if not config.name.startswith("kommunalkompass."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests.matrix", f"{config.name}.tests"):
                raise


def matrix_url_kwargs() -> dict:
    """URL name → ``(organisation) -> kwargs`` from every app's ``tests/matrix.py``."""
    kwargs: dict = {}
    for module in matrix_modules():
        kwargs.update(getattr(module, "URL_KWARGS", {}))
    return kwargs


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(html: str) -> list[str]:
    """The ``href`` of every ``<a>`` in the page, as written."""
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def route_name(path: str) -> str | None:
    """The URL name (with namespace) of a path, or None when no route matches."""
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(client, start: str, *, per_route: int = 2, limit: int = 400) -> dict[str, str]:
    """Pages reachable by following links from ``start`` as the client's user.

    Follows only links inside the prefix of ``start`` (the organisation), GET only, no
    downloads, at most ``per_route`` addresses per URL name. Returns ``{path: html}``
    of the pages that answered 200 with HTML.
    """
    prefix = urlsplit(start).path
    seen: set[str] = {start}
    per_name: dict[str, int] = {}
    queue = deque([start])
    pages: dict[str, str] = {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in links_of(html):
            target = urldefrag(href)[0]
            target_path = urlsplit(target).path
            if (
                not target_path.startswith(prefix)
                or target_path.endswith(DOWNLOAD_SUFFIXES)
                or target in seen
            ):
                continue
            name = route_name(target_path)
            if name is None or per_name.get(name, 0) >= per_route:
                continue
            seen.add(target)
            per_name[name] = per_name.get(name, 0) + 1
            queue.append(target)
    return pages


def organisation_pages(
    client, organisation, *, per_route: int = 2, matrix_objects: bool = False
) -> dict[str, str]:
    """Every organisation page the client's user can open: ``{path: html}``.

    The crawl from the home page gives the pages with the organisation's own objects; every
    route of the URL configuration that the crawl did not reach is added where it can be
    built from the slug alone, or, with ``matrix_objects``, from the app's
    ``tests/matrix.py`` (which creates objects with factories). Downloads are left out.
    """
    home = reverse("organisations:home", kwargs={"slug": organisation.slug})
    pages = crawl(client, home, per_route=per_route)
    reached = {route_name(path) for path in pages}
    url_kwargs = matrix_url_kwargs() if matrix_objects else {}
    for route in organisation_routes():
        if route.name in reached or route.route.endswith(DOWNLOAD_SUFFIXES):
            continue
        kwargs = {"slug": organisation.slug}
        extra = set(route.params) - {"slug"}
        if extra:
            if route.name not in url_kwargs:
                continue
            kwargs.update(url_kwargs[route.name](organisation))
        path = reverse(route.name, kwargs=kwargs)
        response = client.get(path)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages[path] = response.content.decode()
    return pages
