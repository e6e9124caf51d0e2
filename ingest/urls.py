"""URL canonicalisation and address checks: one spelling per page, so nothing is fetched twice.

In: URLs as found in pages (relative or absolute, with fragments, default ports, tracking
parameters, session ids). Out: a canonical absolute URL string, and yes/no answers about hosts
(allowed? private or loopback address?).

Portals link the same document many ways: `/vb/12/`, `/vb/12`, `/vb/12#top`,
`/vb/12?utm_source=zalo`, `HTTP://Portal.gov.vn:80/vb/12`. The ledger keys pages by the
canonical form, so each of these is one row and one fetch.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that never change a page's content: analytics tags and session ids.
# Profiles may add more (`drop_params`).
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "zarsrc",
        "gidzl",
        "phpsessid",
        "jsessionid",
        "sessionid",
        "sid",
        "aspsessionid",
    }
)
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}
# Java portals put the session in the path: /vanban;jsessionid=ABC123?id=1
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
# Characters that stay literal in a path or query; everything else is percent-encoded once.
_SAFE_PATH = "/:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


class UnsupportedURL(ValueError):
    """A link that is not an http(s) page: mailto:, javascript:, tel:, data: ..."""


def canonical_url(url: str, base: str | None = None, drop_params: Iterable[str] = ()) -> str:
    """The one spelling of url (resolved against base): lower-case scheme and host, no default
    port, no fragment, no trailing slash (except the root), no tracking or session parameters,
    remaining parameters sorted by name, percent-escapes normalised."""
    absolute = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(absolute)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise UnsupportedURL(f"not an http(s) URL: {url!r}")
    if not parts.hostname:
        raise UnsupportedURL(f"URL without a host: {url!r}")
    return urlunsplit(
        (scheme, _netloc(scheme, parts), _path(parts.path), _query(parts.query, drop_params), "")
    )


def _netloc(scheme: str, parts) -> str:  # type: ignore[no-untyped-def]
    """Host lower-cased and IDNA-encoded, port kept only when it is not the scheme's default;
    credentials are dropped (a crawler never sends them)."""
    host = parts.hostname.rstrip(".")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    return host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"


def _path(path: str) -> str:
    """Resolved dot segments, no path session id, one encoding, no trailing slash."""
    path = _PATH_SESSION.sub("", path)
    segments: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment != ".":
            segments.append(segment)
    # Per segment, so an escaped slash (%2F) stays one segment.
    path = "/".join(quote(unquote(segment), safe=_SAFE_PATH.replace("/", "")) for segment in segments)
    if not path.startswith("/"):
        path = "/" + path
    return path.rstrip("/") or "/"


def _query(query: str, drop_params: Iterable[str]) -> str:
    """Parameters without tracking ones, sorted by name (stable for repeated names)."""
    dropped = TRACKING_PARAMS | {p.lower() for p in drop_params}
    pairs = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if key.lower() not in dropped and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    pairs.sort(key=lambda pair: pair[0])
    return urlencode(pairs, quote_via=quote, safe=_SAFE_QUERY.replace("&", "").replace("=", ""))


def host_of(url: str) -> str:
    """The host (with a non-default port) of a canonical URL: what allowed-host lists hold."""
    return urlsplit(url).netloc


def host_allowed(url: str, allowed_hosts: Iterable[str]) -> bool:
    """True when url's host is one of allowed_hosts or a subdomain of one ("*.gov.vn" style
    entries are written without the star: "gov.vn" allows "hanoi.gov.vn")."""
    host = host_of(url).lower()
    bare = urlsplit(url).hostname or ""
    for allowed in allowed_hosts:
        allowed = allowed.lower().lstrip("*.")
        if host == allowed or bare == allowed or bare.endswith("." + allowed):
            return True
    return False


def is_private_address(host: str) -> bool:
    """True when host is, or resolves to, a loopback, private, link-local or reserved address:
    a redirect there could reach the crawling machine's own services. A host that does not
    resolve is not private (the fetch itself will fail with a connection error)."""
    try:
        addresses = {ipaddress.ip_address(host.strip("[]"))}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except (socket.gaierror, UnicodeError):
            return False
        addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    return any(
        a.is_private
        or a.is_loopback
        or a.is_link_local
        or a.is_reserved
        or a.is_unspecified
        or a.is_multicast
        for a in addresses
    )
