"""The product's own 404 page, also with DEBUG on."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, get_resolver, get_urlconf, resolve


class ProductNotFoundMiddleware:
    """With ``DEBUG=1`` (the demo) Django answers a missing page with its technical 404
    page, which lists the URL patterns: not what a person trying the product should see,
    e.g. on another organisation's address. This answers with the page that production
    shows (``handler404``, ``templates/404.html``) unless ``DEBUG_TECHNICAL_404`` is on.
    Without DEBUG it does nothing: Django shows that page itself.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    @staticmethod
    def _active() -> bool:
        return settings.DEBUG and not settings.DEBUG_TECHNICAL_404

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._active():
            # An address no URL pattern matches never reaches a view (nor process_exception).
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as error:
                return self._not_found(request, error)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if self._active() and isinstance(exception, Http404):
            return self._not_found(request, exception)
        return None

    @staticmethod
    def _not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
        resolver = get_resolver(getattr(request, "urlconf", None) or get_urlconf())
        response = resolver.resolve_error_handler(404)(request, exception=exception)
        # A TemplateResponse from a custom handler is rendered by the handler chain only
        # for view responses; this one is returned by a middleware.
        if hasattr(response, "render") and not response.is_rendered:
            response = response.render()
        return response
