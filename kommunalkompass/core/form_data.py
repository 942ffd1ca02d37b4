"""Form data as the browser sends it, in the form the product stores it."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class NewlineMiddleware:
    """Line breaks in posted form fields arrive as LF, as they are stored; NUL is refused.

    Browsers send every line break of a ``<textarea>`` as CRLF (the HTML standard's
    form encoding), while texts are stored with LF (imports, the API, the demo data). Left
    alone, saving a form unchanged would change every multi-line text and record it in the
    audit log. This normalises the whole class once, for every form of every module.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A NUL in a query parameter (a search box) is refused here, for every page: forms
        # refuse it field by field, but a view reading request.GET would hand it to the
        # database, and PostgreSQL cannot store or compare text with NUL (a 500).
        # The API answers it itself, as JSON (api/storable.py).
        if not request.path.startswith("/api/") and any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            raise BadRequest("A query parameter contains a NUL character.")
        if request.method == "POST" and request.content_type in FORM_TYPES:
            data = request.POST.copy()
            for key, values in data.lists():
                if any("\r" in value for value in values):
                    data.setlist(
                        key, [value.replace("\r\n", "\n").replace("\r", "\n") for value in values]
                    )
            data._mutable = False
            request.POST = data
        return self.get_response(request)
