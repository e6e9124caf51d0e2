"""Canonical URLs: every spelling portals use for one page becomes one ledger key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.urls import UnsupportedURL, canonical_url, host_allowed, is_private_address

SAME_PAGE = [
    "http://portal.gov.vn/van-ban/12",
    "HTTP://Portal.GOV.vn/van-ban/12",
    "http://portal.gov.vn:80/van-ban/12",
    "http://portal.gov.vn/van-ban/12/",
    "http://portal.gov.vn/van-ban/12#noi-dung",
    "http://portal.gov.vn/van-ban/12?utm_source=zalo&utm_medium=share",
    "http://portal.gov.vn/van-ban/12?fbclid=IwAR0abc",
    "http://portal.gov.vn/tin/../van-ban/./12",
    "http://portal.gov.vn/van-ban/12;jsessionid=0A1B2C3D",
    "http://portal.gov.vn/van-ban/%31%32",
]


@pytest.mark.parametrize("spelling", SAME_PAGE)
def test_every_spelling_of_a_page_has_one_canonical_form(spelling: str) -> None:
    assert canonical_url(spelling) == "http://portal.gov.vn/van-ban/12"


def test_query_parameters_are_sorted_and_content_parameters_kept() -> None:
    assert canonical_url("http://a.vn/list?page=2&cat=5&utm_campaign=x") == "http://a.vn/list?cat=5&page=2"
    assert canonical_url("http://a.vn/list?page=2") != canonical_url("http://a.vn/list?page=3")


def test_a_profile_can_drop_its_own_noise_parameters() -> None:
    assert canonical_url("http://a.vn/vb?id=4&_t=1699", drop_params=["_t"]) == "http://a.vn/vb?id=4"


def test_non_default_port_and_root_are_kept() -> None:
    assert canonical_url("https://a.vn:8443") == "https://a.vn:8443/"
    assert canonical_url("https://a.vn:443/") == "https://a.vn/"


def test_relative_links_resolve_against_their_page() -> None:
    assert (
        canonical_url("../chi-tiet/7?page=1", "http://a.vn/van-ban/danh-sach/")
        == "http://a.vn/van-ban/chi-tiet/7?page=1"
    )


def test_vietnamese_paths_are_percent_encoded_once() -> None:
    encoded = canonical_url("http://a.vn/văn-bản/thông báo")
    assert encoded == "http://a.vn/v%C4%83n-b%E1%BA%A3n/th%C3%B4ng%20b%C3%A1o"
    assert canonical_url(encoded) == encoded


def test_escaped_slash_stays_inside_its_segment() -> None:
    assert canonical_url("http://a.vn/files/a%2Fb.pdf") == "http://a.vn/files/a%2Fb.pdf"


@pytest.mark.parametrize("link", ["mailto:vp@a.vn", "javascript:void(0)", "tel:0243", "ftp://a.vn/x"])
def test_links_that_are_not_pages_are_refused(link: str) -> None:
    with pytest.raises(UnsupportedURL):
        canonical_url(link, "http://a.vn/")


def test_allowed_hosts_cover_subdomains_but_not_lookalikes() -> None:
    assert host_allowed("http://hanoi.gov.vn/x", ["gov.vn"])
    assert host_allowed("http://127.0.0.1:8080/x", ["127.0.0.1:8080"])
    assert not host_allowed("http://evilgov.vn/x", ["gov.vn"])
    assert not host_allowed("http://127.0.0.1:9200/x", ["127.0.0.1:8080"])


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "localhost"]
)
def test_private_and_loopback_addresses_are_recognised(host: str) -> None:
    assert is_private_address(host)


def test_a_public_address_is_not_private() -> None:
    assert not is_private_address("203.162.10.5")


urls = st.builds(
    lambda host, path, query, fragment: f"http://{host}/{path}?{query}#{fragment}",
    st.sampled_from(["a.vn", "Portal.Gov.VN", "x.vn:8080"]),
    st.text(alphabet="abcđơ/%._-~ 0123", max_size=20),
    st.text(alphabet="abc=&%_utm0123", max_size=20),
    st.text(max_size=5),
)


@given(urls)
def test_canonical_form_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once
