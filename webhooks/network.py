"""Where a webhook may POST, and the POST itself: the SSRF guard and a connection pinned to the
checked address.

A URL must be https and its host may not be, or resolve to, a loopback, private, link-local,
multicast or otherwise reserved (not globally routable) address. The check runs when a webhook
is saved and again before each delivery (a name may resolve elsewhere later), and the delivery
connects to the address that was checked: the name is not resolved a second time by the HTTP
client (no time-of-check/time-of-use gap, no DNS rebinding). TLS still verifies the certificate
against the host name (SNI). Redirects are never followed. WEBHOOK_ALLOW_PRIVATE_TARGETS lifts
the https and address rules (development and test suites only).
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
MAX_BODY_READ = 64 * 1024


class UnsafeTarget(ValueError):
    """The URL may not be called; the message says why (shown on `url`)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent in the request line
    addresses: tuple[IPAddress, ...]


def _refusal(address: IPAddress) -> str | None:
    """Why `address` is no place for a webhook, or None when it is globally routable."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, flag in (
        # The narrower kinds first: Python counts link-local and reserved ranges as private too.
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if flag:
            return kind
    return None if address.is_global else "reserved"


def allow_private_targets() -> bool:
    return bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False))


def target_resolve(url: str) -> Target:
    """The checked target of `url`, its host resolved; UnsafeTarget says what is wrong."""
    allow_private = allow_private_targets()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeTarget(f"Not a valid URL: {error}.") from None
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise UnsafeTarget("The URL must start with https://.")
    host = parts.hostname
    if not host:
        raise UnsafeTarget("The URL has no host.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeTarget("The URL may not carry a user name or password; authenticate with the signature.")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UnsafeTarget(f"The host {host} does not resolve.") from None
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise UnsafeTarget(f"The host {host} does not resolve.")
    if not allow_private:
        for address in addresses:
            kind = _refusal(address)
            if kind is not None:
                shown = "" if str(address) == host else f" resolves to {address}, which"
                raise UnsafeTarget(f"The host {host}{shown} is a {kind} address: webhooks go to public addresses only.")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=parts.scheme, host=host, port=port, path=path, addresses=tuple(addresses))


@dataclass(frozen=True)
class PostResult:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error


def _connection(target: Target, address: IPAddress, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    # The socket goes to the checked address; Host, SNI and the certificate check use the name.
    def create_connection(_address, timeout=timeout, source_address=None):
        return socket.create_connection((str(address), target.port), timeout, source_address)

    connection._create_connection = create_connection
    return connection


def post(*, target: Target, body: bytes, headers: dict[str, str], timeout: float) -> PostResult:
    """POST `body` to the target's first reachable checked address. A 2xx within `timeout`
    seconds is a success; anything else (another status, a redirect, a time-out, a refused
    connection, a TLS error) is a failure with its reason. Never follows a redirect."""
    started = time.monotonic()

    def elapsed_ms() -> int:
        return int((time.monotonic() - started) * 1000)

    error = ""
    for address in target.addresses:
        connection = _connection(target, address, timeout)
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read(MAX_BODY_READ)
            status = response.status
            location = response.getheader("Location")
        except TimeoutError:
            return PostResult(None, f"Timed out after {timeout:g} s.", elapsed_ms())
        except ssl.SSLError as failure:
            return PostResult(None, f"TLS error: {failure.reason or failure}.", elapsed_ms())
        except (OSError, http.client.HTTPException) as failure:
            error = f"Connection to {address} failed: {type(failure).__name__}: {failure}."
            continue  # the next address of the name, if any
        finally:
            connection.close()
        duration = elapsed_ms()
        if duration > timeout * 1000:
            return PostResult(status, f"Answered after {duration} ms, beyond the {timeout:g} s time-out.", duration)
        if 300 <= status < 400:
            return PostResult(status, f"Redirect to {location or '(no Location)'} not followed.", duration)
        if not 200 <= status < 300:
            return PostResult(status, f"HTTP {status}.", duration)
        return PostResult(status, "", duration)
    return PostResult(None, error, elapsed_ms())
