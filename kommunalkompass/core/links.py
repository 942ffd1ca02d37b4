"""Absolute links for people outside: in e-mails, printed notices and command output."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """The full address of ``path`` (which starts with ``/``).

    With a request it is on the host and scheme the person used (a page, or a task started
    from one passes the request's address on); without one, on ``SITE_URL``.
    """
    if request is not None:
        return request.build_absolute_uri(path)
    if not settings.SITE_URL:
        raise ImproperlyConfigured(
            "SITE_URL is not set: links outside a request cannot be built (docs/operations.md)."
        )
    return settings.SITE_URL + path
