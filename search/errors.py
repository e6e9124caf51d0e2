"""vanban's exception tree. Failure is data: each error names what failed and why.

    VanbanError
    ├── NormaliseError            text or a field value cannot be normalised
    │   ├── LegacyEncodingError   bytes decode to no plausible Vietnamese
    │   └── InvalidDateError      a date that does not exist (names the field)
    ├── ParseError                (ingest.errors) a page cannot be parsed; names the source
    └── ElasticsearchUnavailable  no node answers at the configured URL
"""

from __future__ import annotations


class VanbanError(Exception):
    """Base of every error vanban raises on purpose."""


class NormaliseError(VanbanError):
    """A value cannot be normalised."""


class LegacyEncodingError(NormaliseError):
    """Bytes that decode to no plausible Vietnamese in any supported encoding."""


class InvalidDateError(NormaliseError):
    """A date that does not exist, such as 31/02/2018; `field` names where it was found."""

    def __init__(self, value: str, field: str | None = None, reason: str = "impossible date") -> None:
        self.value = value
        self.field = field
        where = f" in {field}" if field else ""
        super().__init__(f"{reason}{where}: {value!r}")


class ElasticsearchUnavailable(VanbanError):
    """No Elasticsearch node answers; the message says how to start one."""
