"""The client's address, the one source for every rate limit and every place that needs to know who
connected: allauth's account forms (members.adapter), the API's throttles (urgentactions.api). In
`pages` so that every app may use it.

Without TRUSTED_PROXIES nobody is trusted: the address is the connecting one (REMOTE_ADDR), and
X-Forwarded-For, which any client can write, is ignored. Behind a reverse proxy set TRUSTED_PROXIES
(see docs/operations.md, "Behind a reverse proxy"):

- a count, e.g. ``1``: that many proxies in front of us each append the address they were connected
  from to X-Forwarded-For; the client is that many entries from the right;
- networks, e.g. ``10.0.0.0/8,127.0.0.1``: when the connection comes from one of them, walk
  X-Forwarded-For from the right, skipping addresses inside them; the first address outside is the
  client.

Garbage in the header (spaces, ports, brackets, invalid entries, a huge header) never raises: an
entry that is not an address ends the walk at the last address we could trust.
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_HOPS = 32  # networks mode looks at no more than this many entries from the right
UNKNOWN = "unknown"  # no usable address at all (e.g. a Unix socket without TRUSTED_PROXIES)


@functools.cache
def parse_trusted_proxies(value: str | int | None) -> int | tuple[Network, ...]:
    """TRUSTED_PROXIES as a count of proxies (0: trust nobody) or a tuple of trusted networks."""
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ImproperlyConfigured("TRUSTED_PROXIES: a count of proxies cannot be negative.")
        return value
    text = str(value).strip()
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    networks = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {item!r} is neither a count of proxies nor a network (10.0.0.0/8, 127.0.0.1, ::1)."
            ) from None
    return tuple(networks)


def parse_address(text: str | None) -> Address | None:
    """An address from a header entry or REMOTE_ADDR: spaces, quotes, a port ("1.2.3.4:80",
    "[2001:db8::1]:443") and an IPv6 zone are dropped; IPv4 mapped into IPv6 becomes IPv4.
    None for anything else."""
    if not text:
        return None
    text = text.strip().strip('"').strip()
    if not text or len(text) > 64:
        return None
    if text.startswith("["):  # [IPv6] or [IPv6]:port
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4:port
        text = text.partition(":")[0]
    text = text.partition("%")[0]  # fe80::1%eth0
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _forwarded_for(request: HttpRequest, *, last: int) -> list[str]:
    """The last `last` entries of X-Forwarded-For (all of its headers, joined), rightmost last."""
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not isinstance(header, str) or not header.strip():
        return []
    return header.rsplit(",", last)[-last:]


def client_address(request: HttpRequest) -> str:
    """The client's address as text ("203.0.113.7", "2001:db8::1"), or "unknown"."""
    remote = parse_address(request.META.get("REMOTE_ADDR"))
    trusted = parse_trusted_proxies(getattr(settings, "TRUSTED_PROXIES", None))
    found = remote
    if isinstance(trusted, int):
        if trusted > 0:
            entries = _forwarded_for(request, last=trusted)
            if entries:
                # Fewer entries than proxies: the request skipped an outer one; the leftmost entry
                # was still written by a proxy of ours.
                found = parse_address(entries[0]) or remote
    elif remote is not None and any(remote in network for network in trusted):
        for entry in reversed(_forwarded_for(request, last=MAX_HOPS)):
            address = parse_address(entry)
            if address is None:
                break  # garbage: keep the last address a trusted hop vouched for
            found = address
            if not any(address in network for network in trusted):
                break
    return str(found) if found is not None else UNKNOWN


def rate_key(request: HttpRequest) -> str:
    """The client's address for counting requests: an IPv6 client usually holds a whole /64, so its
    addresses count as one (as allauth's limits do)."""
    address = client_address(request)
    parsed = parse_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False).network_address) + "/64"
    return address


def check_trusted_proxies(**kwargs: object) -> list:
    """System check: a TRUSTED_PROXIES the parser cannot read stops the start, not the first request."""
    from django.core import checks

    try:
        parse_trusted_proxies(getattr(settings, "TRUSTED_PROXIES", None))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="urgentactions.E001")]
    return []
