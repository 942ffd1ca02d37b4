"""Rate limits of anonymous writes, per client address (docs/security.md, "Anonymous writes").

A scope (``quick_check``, ``survey_start``, ``survey_save``) has a rate in
``settings.RATE_LIMITS`` such as ``"10/m"``: at most 10 writes a minute from one client
address (``core.clients.client_address``, which knows the trusted reverse proxies). The
counts are kept in Django's cache ``settings.RATE_LIMIT_CACHE`` in fixed windows (a key per
scope, client and window, gone when the window is): with several app servers that cache
must be shared by them (Redis or the database cache; docs/operations.md), otherwise each
server counts for itself.

The cache keys hold a keyed hash of the address, never the address itself, and nothing is
written to the database. An IPv6 client is counted by its /64 network, which one household
or office gets as a whole.

A view asks ``refused(request, scope)`` before it writes and answers the response it gets,
a 429 page (``429.html``) with ``Retry-After``, instead of writing. Our own ~80 lines rather
than django-ratelimit: the project adds no dependencies, the client address needs the
trusted-proxy rule anyway, and the answer is the product's own page.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .clients import client_address

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(text: str) -> Rate | None:
    """``"10/m"`` (per second, minute, hour or day: ``s``, ``m``, ``h``, ``d``) as a Rate;
    ``"off"`` as None (no limit). Raises ValueError for anything else."""
    text = (text or "").strip().lower()
    if text == "off":
        return None
    count, _slash, unit = text.partition("/")
    if not count.isdigit() or int(count) < 1 or unit not in UNITS:
        raise ValueError(
            f"{text!r} is not a rate: write it as a number of requests per second, minute, "
            "hour or day, such as 10/m or 100/h, or off."
        )
    return Rate(int(count), UNITS[unit])


def _client_key(request: HttpRequest) -> str:
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        parsed = None
    if isinstance(parsed, ipaddress.IPv6Address):
        address = str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ratelimit:{address}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def wait_seconds(request: HttpRequest, scope: str) -> int | None:
    """Count one write of ``scope`` by the request's client. None while within the rate;
    otherwise the seconds until the window ends and the client may write again."""
    rate = parse_rate(settings.RATE_LIMITS.get(scope, "off"))
    if rate is None:
        return None
    now = time.time()
    window = int(now // rate.seconds)
    key = f"ratelimit:{scope}:{window}:{_client_key(request)}"
    cache = caches[settings.RATE_LIMIT_CACHE]
    timeout = rate.seconds + 1
    cache.add(key, 0, timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout)
        count = 1
    if count <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def too_many_requests(request: HttpRequest, scope: str, retry_after: int) -> HttpResponse:
    """The 429 page: what happened, how long to wait, and that nothing was saved."""
    response = TemplateResponse(
        request,
        "429.html",
        {"scope": scope, "minutes": max(1, math.ceil(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def refused(request: HttpRequest, scope: str) -> HttpResponse | None:
    """The 429 page when the request's client is over the rate of ``scope``, else None
    (and the write is counted)."""
    retry_after = wait_seconds(request, scope)
    if retry_after is None:
        return None
    return too_many_requests(request, scope, retry_after)
