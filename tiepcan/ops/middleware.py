"""Counts every request for /metrics; finds the client's address behind the proxy."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from tiepcan.ops.metrics import FAILURES, LATENCY, REQUESTS

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class ForwardedClientMiddleware:
    """Behind the proxy, ``REMOTE_ADDR`` becomes the client's address instead of the proxy's.

    gunicorn sees every request come from nginx (127.0.0.1), so without this every sign-in
    lockout, API rate limit and audit entry would name one address: five wrong passwords from
    anywhere would lock a person out for everyone, and the audit trail could not tell clients
    apart. The proxy appends the address it saw to ``X-Forwarded-For``; only that right-most
    part is believed, and only when the request came from a proxy listed in ``TRUSTED_PROXIES``
    (addresses or networks; loopback by default). Whatever a client writes into the header
    itself stays to the left and is ignored.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = trusted_networks(settings.TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            request.META["REMOTE_ADDR"] = client_address(
                request.META.get("REMOTE_ADDR", ""), forwarded, self.trusted
            )
        return self.get_response(request)


def trusted_networks(values: Iterable[str]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {exc} (give addresses or networks, comma-separated)"
        ) from exc


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_address(remote: str, forwarded: str, trusted: tuple[Network, ...]) -> str:
    """Walk ``X-Forwarded-For`` from the right while the hop that told us is a trusted proxy."""
    current = _address(remote)
    if current is None:
        return remote
    for hop in reversed(forwarded.split(",")):
        if not any(current in network for network in trusted):
            break
        previous = _address(hop)
        if previous is None:  # not an address: stop at the last hop that is one
            break
        current = previous
    return str(current)


class MetricsMiddleware:
    """Outermost but for the client address, so the figures include every other middleware's time and answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        # Method names are bounded to the usual verbs: a client cannot mint new series.
        method = request.method if request.method in _METHODS else "OTHER"
        LATENCY.labels(method).observe(time.perf_counter() - started)
        REQUESTS.labels(method, str(response.status_code)).inc()
        if response.status_code >= 500:
            FAILURES.labels(str(response.status_code)).inc()
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
