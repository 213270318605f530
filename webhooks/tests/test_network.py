"""The SSRF guard: https only, public addresses only, at creation and at each delivery."""

import pytest

from webhooks.network import UnsafeTarget, target_resolve

pytestmark = pytest.mark.usefixtures("dns")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://127.0.0.1/hook", "loopback"),
        ("https://127.1.2.3:8443/hook", "loopback"),
        ("https://10.1.2.3/hook", "private"),
        ("https://192.168.0.10/hook", "private"),
        ("https://172.16.5.4/hook", "private"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[::1]/hook", "loopback"),
        ("https://[fe80::1]/hook", "link-local"),
        ("https://[fd00::1]/hook", "private"),
        ("https://[::ffff:127.0.0.1]/hook", "loopback"),
        ("https://224.0.0.1/hook", "multicast"),
        ("https://0.0.0.0/hook", "unspecified"),
        ("https://240.0.0.1/hook", "reserved"),
        ("https://100.64.0.1/hook", "reserved"),  # carrier-grade NAT: not globally routable
    ],
)
def test_an_inside_address_is_refused(url, kind):
    with pytest.raises(UnsafeTarget, match=kind):
        target_resolve(url)


def test_a_name_resolving_to_a_private_address_is_refused(dns):
    dns["internal.example.com"] = ["10.0.0.5"]

    with pytest.raises(UnsafeTarget, match=r"internal\.example\.com resolves to 10\.0\.0\.5.*private"):
        target_resolve("https://internal.example.com/hook")


def test_one_private_address_among_public_ones_is_enough_to_refuse(dns):
    dns["mixed.example.com"] = ["93.184.215.14", "192.168.1.1"]

    with pytest.raises(UnsafeTarget, match=r"192\.168\.1\.1"):
        target_resolve("https://mixed.example.com/hook")


@pytest.mark.parametrize("url", ["http://hooks.example.com/hook", "ftp://hooks.example.com/", "hooks.example.com"])
def test_only_https(url):
    with pytest.raises(UnsafeTarget, match="https"):
        target_resolve(url)


def test_a_name_that_does_not_resolve_is_refused():
    with pytest.raises(UnsafeTarget, match="does not resolve"):
        target_resolve("https://nowhere.invalid/hook")


def test_credentials_in_the_url_are_refused():
    with pytest.raises(UnsafeTarget, match="user name or password"):
        target_resolve("https://user:pass@hooks.example.com/hook")


def test_a_public_https_url_is_resolved_with_its_path_and_query():
    target = target_resolve("https://hooks.example.com/in/studio?token=abc")

    assert (target.scheme, target.host, target.port, target.path) == (
        "https",
        "hooks.example.com",
        443,
        "/in/studio?token=abc",
    )
    assert [str(address) for address in target.addresses] == ["93.184.215.14"]


def test_allow_private_targets_lifts_both_rules(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True

    target = target_resolve("http://127.0.0.1:8211/hook")

    assert (target.scheme, target.port, [str(a) for a in target.addresses]) == ("http", 8211, ["127.0.0.1"])
