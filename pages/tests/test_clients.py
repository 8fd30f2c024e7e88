"""TRUSTED_PROXIES and the client's address (pages.clients): count, networks, IPv6 and garbage."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from pages.clients import check_trusted_proxies, client_address, parse_address, parse_trusted_proxies, rate_key


def request(remote="192.0.2.10", xff=None):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (None, 0),
        ("", 0),
        ("  ", 0),
        ("0", 0),
        ("1", 1),
        (" 2 ", 2),
        (3, 3),
    ],
)
def test_a_count_of_proxies(value, parsed):
    assert parse_trusted_proxies(value) == parsed


def test_networks_with_spaces_hosts_and_ipv6():
    networks = parse_trusted_proxies(" 10.0.0.0/8, 127.0.0.1 ,,::1, 2001:db8::/32 ")
    assert [str(network) for network in networks] == ["10.0.0.0/8", "127.0.0.1/32", "::1/128", "2001:db8::/32"]


@pytest.mark.parametrize("value", ["yes", "10.0.0.0/33", "1, 2", "-1", "10.0.0.0/8;127.0.0.1", -1])
def test_a_setting_that_is_neither_stops_the_start(value, settings):
    with pytest.raises(ImproperlyConfigured):
        parse_trusted_proxies(value)
    settings.TRUSTED_PROXIES = value
    assert [error.id for error in check_trusted_proxies()] == ["urgentactions.E001"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("203.0.113.7:4711", "203.0.113.7"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ('"203.0.113.7"', "203.0.113.7"),
        ("unknown", None),
        ("", None),
        ("999.1.1.1", None),
        ("<script>", None),
        ("1" * 5000, None),
        (None, None),
    ],
)
def test_addresses_are_read_forgivingly(text, address):
    parsed = parse_address(text)
    assert (str(parsed) if parsed else None) == address


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = ""
    assert client_address(request("192.0.2.10", "203.0.113.7")) == "192.0.2.10"
    assert client_address(request("192.0.2.10")) == "192.0.2.10"


@pytest.mark.parametrize(
    ("count", "xff", "address"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote 6.6.6.6 itself
        (1, "6.6.6.6,203.0.113.7:5555", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.1.2.3", "203.0.113.7"),  # load balancer, then nginx
        (2, "203.0.113.7", "203.0.113.7"),  # the load balancer was bypassed: the entry is still nginx's
        (1, "6.6.6.6, 2001:db8::5", "2001:db8::5"),
        (1, "6.6.6.6, garbage", "10.0.0.2"),  # nothing usable where the proxy writes: the proxy
        (1, "", "10.0.0.2"),
        (1, None, "10.0.0.2"),
        (1, "1.1.1.1," * 100_000 + "203.0.113.7", "203.0.113.7"),  # a huge header
    ],
)
def test_a_count_takes_the_address_that_many_hops_from_the_right(settings, count, xff, address):
    settings.TRUSTED_PROXIES = str(count)
    assert client_address(request("10.0.0.2", xff)) == address


@pytest.mark.parametrize(
    ("remote", "xff", "address"),
    [
        ("10.0.0.2", "203.0.113.7", "203.0.113.7"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.7, 10.9.9.9", "203.0.113.7"),  # two proxies of ours
        ("127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        ("192.0.2.10", "203.0.113.7", "192.0.2.10"),  # not from a proxy of ours: the header is the client's
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "10.4.4.4, 10.5.5.5", "10.4.4.4"),  # an internal client
        ("10.0.0.2", "203.0.113.7, bogus, 10.5.5.5", "10.5.5.5"),  # garbage ends the walk
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("::ffff:10.0.0.2", "[2001:db8::7]:1234", "2001:db8::7"),
        ("10.0.0.2", " , 203.0.113.7 , ", "10.0.0.2"),
        ("10.0.0.2", "203.0.113.7, " + ", ".join(["10.0.0.3"] * 100), "10.0.0.3"),  # more hops than walked
    ],
)
def test_networks_skip_proxies_from_the_right(settings, remote, xff, address):
    settings.TRUSTED_PROXIES = "10.0.0.0/8,127.0.0.1,::1"
    assert client_address(request(remote, xff)) == address


def test_no_usable_address_at_all(settings):
    settings.TRUSTED_PROXIES = ""
    assert client_address(request("")) == "unknown"  # e.g. a Unix socket
    assert client_address(request("not-an-address")) == "unknown"


def test_ipv6_clients_count_by_their_64_network(settings):
    settings.TRUSTED_PROXIES = ""
    assert rate_key(request("2001:db8:1:2:aaaa::1")) == rate_key(request("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"
    assert rate_key(request("203.0.113.7")) == "203.0.113.7"
