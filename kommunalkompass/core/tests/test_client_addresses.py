"""The client address behind reverse proxies (core/clients.py) and the rate limits counted
by it (core/ratelimit.py); docs/security.md, "Anonymous writes"."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from kommunalkompass.config.settings import cache_settings
from kommunalkompass.core import ratelimit
from kommunalkompass.core.clients import client_address, parse_networks


def request(remote: str = "127.0.0.1", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/quick-check/", **extra)


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("198.51.100.7", "192.0.2.1")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # One proxy: the address it added.
        ("10.0.0.5", "198.51.100.7", "198.51.100.7"),
        # The client wrote the header itself: its own entries are on the left and ignored.
        ("10.0.0.5", "192.0.2.1, 192.0.2.2, 198.51.100.7", "198.51.100.7"),
        # Two proxies of ours in a row: skipped from the right.
        ("10.0.0.5", "198.51.100.7, 10.0.0.9", "198.51.100.7"),
        # A request that did not pass the proxy: the header is not believed.
        ("198.51.100.8", "192.0.2.1", "198.51.100.8"),
        # The proxy forwarded no header: the proxy is all we know.
        ("10.0.0.5", None, "10.0.0.5"),
        # Garbage where an address should be: stop at the last hop we can vouch for.
        ("10.0.0.5", "198.51.100.7, nonsense", "10.0.0.5"),
        # Ports and brackets as some proxies write them, IPv6 and IPv4-mapped peers.
        ("10.0.0.5", "198.51.100.7:51234", "198.51.100.7"),
        ("10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:10.0.0.5", "198.51.100.7", "198.51.100.7"),
    ],
)
def test_behind_trusted_proxies_the_rightmost_untrusted_address_is_the_client(
    settings, remote, forwarded, client
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request(remote, forwarded)) == client


def test_the_log_in_lock_out_uses_the_same_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    assert get_client_ip_address(request("10.0.0.5", "198.51.100.7")) == "198.51.100.7"


def test_settings_refuse_what_they_cannot_use():
    with pytest.raises(ValueError, match="'proxy.internal' is not an IP address or network"):
        parse_networks(["10.0.0.1", "proxy.internal"])
    with pytest.raises(ValueError, match="is not a rate"):
        ratelimit.parse_rate("many")
    assert ratelimit.parse_rate("off") is None
    assert ratelimit.parse_rate("10/m") == ratelimit.Rate(10, 60)
    assert cache_settings("")["default"]["BACKEND"].endswith("LocMemCache")
    assert cache_settings("redis://127.0.0.1:6379/1")["default"]["LOCATION"] == (
        "redis://127.0.0.1:6379/1"
    )
    assert cache_settings("db://kompass_cache")["default"]["LOCATION"] == "kompass_cache"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must start with"):
        cache_settings("memcached://127.0.0.1")


def test_a_window_counts_per_client_and_ends(settings, monkeypatch):
    settings.RATE_LIMITS = {"test": "3/m"}
    now = [60 * 16_667 + 20.0]  # 20 seconds into a minute
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    first, second = request("198.51.100.1"), request("198.51.100.2")
    assert [ratelimit.wait_seconds(first, "test") for _ in range(3)] == [None, None, None]
    assert ratelimit.wait_seconds(first, "test") == 60 - 20
    assert ratelimit.wait_seconds(second, "test") is None
    now[0] += 40  # the next minute
    assert ratelimit.wait_seconds(first, "test") is None


def test_an_ipv6_client_is_counted_by_its_network(settings):
    settings.RATE_LIMITS = {"test": "2/h"}
    for host in ("1", "2"):
        assert ratelimit.wait_seconds(request(f"2001:db8:1:2::{host}"), "test") is None
    assert ratelimit.wait_seconds(request("2001:db8:1:2:ffff::3"), "test") is not None
    assert ratelimit.wait_seconds(request("2001:db8:1:3::1"), "test") is None


def test_the_cache_holds_no_address(settings):
    from django.core.cache import cache

    settings.RATE_LIMITS = {"test": "2/h"}
    ratelimit.wait_seconds(request("198.51.100.77"), "test")
    keys = list(cache._cache)  # the local-memory cache of the tests
    assert keys and not any("198.51.100.77" in key for key in keys)
