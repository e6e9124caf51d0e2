"""Site profiles: how to crawl one portal, as a data file (config/profiles/*.json).

In: a JSON file, or the start URLs (a profile whose `hosts` lists their host is chosen, else
config/profiles/default.json). Out: a validated `SiteProfile`.

Every selector is optional: without them the crawl uses the shared parsers (ingest.pages),
which handle the common portal shapes (a table of rows linking to detail pages, "Trang sau" or
numbered paging, labelled detail fields, attachment links). A profile only says what a portal
does differently. `label_overrides` extends the shared vocabulary (mappings/vocabulary), never
replaces it: it adds spellings the vocabulary does not know (the parser keeps those in
Notice.extra, and the crawl moves them into the named field); known labels keep their meaning.

Schema (all keys but `name` optional):
    name                  str      the profile's name, shown in the crawl summary
    description           str      what portal it is for
    hosts                 [str]    hosts this profile is chosen for when no --profile is given
    allowed_hosts         [str]    more hosts the crawl may follow links and redirects to
                                   (the start URLs' hosts are always allowed; "gov.vn" allows
                                   its subdomains)
    listing_row_selector  CSS      one element per document row on a listing page
    detail_link_selector  CSS      the detail link inside a row (default: the row's first a[href])
    next_page_selector    CSS      the link to the next listing page
    attachment_selector   CSS      attachment links on a detail page (added to those the parser
                                   finds)
    label_overrides       {label: field}  label spellings the vocabulary lacks → Notice fields
    delay_seconds         float    seconds between requests to one host (≥ 0; default 1.0;
                                   robots.txt Crawl-delay raises it, never lowers it)
    drop_params           [str]    query parameters that never change content on this portal
    max_page_bytes        int      size cap for listing and detail pages
    max_attachment_bytes  int      size cap for attachments (larger ones are reported)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ingest.attachments import DEFAULT_MAX_ATTACHMENT_BYTES
from ingest.fetch import DEFAULT_DELAY_SECONDS, DEFAULT_MAX_BYTES
from ingest.models import FIELD_NAMES
from ingest.urls import host_allowed
from search.config import ROOT
from search.errors import VanbanError

PROFILES_DIR = ROOT / "config" / "profiles"
DEFAULT_PROFILE = PROFILES_DIR / "default.json"


class ProfileError(VanbanError):
    """A profile file that cannot be read or does not follow the schema; names the file."""


class SiteProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    hosts: list[str] = Field(default_factory=list)
    allowed_hosts: list[str] = Field(default_factory=list)
    listing_row_selector: str | None = None
    detail_link_selector: str | None = None
    next_page_selector: str | None = None
    attachment_selector: str | None = None
    label_overrides: dict[str, str] = Field(default_factory=dict)
    delay_seconds: float = Field(default=DEFAULT_DELAY_SECONDS, ge=0)
    drop_params: list[str] = Field(default_factory=list)
    max_page_bytes: int = Field(default=DEFAULT_MAX_BYTES, gt=0)
    max_attachment_bytes: int = Field(default=DEFAULT_MAX_ATTACHMENT_BYTES, gt=0)

    @field_validator("label_overrides")
    @classmethod
    def _known_fields(cls, overrides: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(overrides.values()) - set(FIELD_NAMES) - {"body", "attachments"})
        if unknown:
            raise ValueError(
                f"label_overrides name unknown fields {unknown}; known: {', '.join(FIELD_NAMES)}"
            )
        return overrides

    @field_validator(
        "listing_row_selector", "detail_link_selector", "next_page_selector", "attachment_selector"
    )
    @classmethod
    def _valid_selector(cls, selector: str | None) -> str | None:
        if selector is not None:
            import soupsieve

            try:
                soupsieve.compile(selector)
            except soupsieve.SelectorSyntaxError as error:
                raise ValueError(f"bad CSS selector {selector!r}: {error.args[0]}") from None
        return selector


def load_profile(path: Path | str) -> SiteProfile:
    """The profile in path, validated; ProfileError with the file name and the first problem."""
    path = Path(path)
    try:
        return SiteProfile.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProfileError(f"{path}: cannot read profile ({error.strerror})") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise ProfileError(f"{path}: {where}: {first['msg']}") from None


def profile_for(start_urls: Iterable[str], directory: Path = PROFILES_DIR) -> SiteProfile:
    """The profile whose `hosts` covers the first start URL, else the generic default."""
    urls = list(start_urls)
    for path in sorted(directory.glob("*.json")):
        if path.name == DEFAULT_PROFILE.name:
            continue
        profile = load_profile(path)
        if urls and profile.hosts and host_allowed(urls[0], profile.hosts):
            return profile
    return load_profile(directory / DEFAULT_PROFILE.name)
