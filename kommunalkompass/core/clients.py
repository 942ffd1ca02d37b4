"""The address of the client that sent a request, also behind reverse proxies.

Behind a proxy every request comes from the proxy's address; the client's is in the
``X-Forwarded-For`` header, which each proxy extends by the address it was connected from.
Anyone can send that header, so it is believed only as far as it was written by proxies of
the installation: ``TRUSTED_PROXIES`` (addresses or networks). When the direct peer is a
trusted proxy, the header is read from the right, skipping trusted proxies, and the first
address that is not one is the client. Without trusted proxies (the default) the header is
ignored and the direct peer is the client. docs/operations.md, "Client addresses".

The rate limits of anonymous writes (``core.ratelimit``) and the log-in lock-out
(django-axes, through ``AXES_CLIENT_IP_CALLABLE``) both use ``client_address``.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: list[str] | tuple[str, ...]) -> tuple[Network, ...]:
    """``TRUSTED_PROXIES`` as networks (a single address is a network of one). Raises
    ValueError naming an entry that is neither."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"{entry!r} is not an IP address or network (such as 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def _address(text: str) -> Address | None:
    """An address as a header or ``REMOTE_ADDR`` gives it, or None for anything else.
    IPv6 in brackets and a port after an IPv4 address, which some proxies write, are read."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address: the direct peer, or — when that is a trusted proxy — the
    rightmost address in ``X-Forwarded-For`` that is not a trusted proxy. Empty when the
    request carries no usable address at all."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    networks = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            # Not written by a proxy of ours: stop at the last hop we can vouch for.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
