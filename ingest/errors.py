"""Why a page could not be parsed. Every error names the page's source and a one-line reason,
so the pipeline can quarantine it and the CLI can print it without a traceback.

    search.errors.VanbanError
    └── ParseError(source, reason)    a page that gives no notice
        ├── EmptyPage                 nothing but whitespace
        ├── BinaryPage                NUL bytes or control characters: not a text page
        ├── PageTooLarge              over the configured size cap (not read past it)
        ├── UndecodablePage           bytes that decode to no plausible Vietnamese
        └── NoLabelledFields          no listing table, and no known field with a value
"""

from __future__ import annotations

from search.errors import VanbanError


class ParseError(VanbanError):
    """A page that gives no notice; `source` names the file or URL, `reason` says why."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class EmptyPage(ParseError):
    """The page holds nothing but whitespace."""


class BinaryPage(ParseError):
    """The page holds bytes no text page has (NUL, control characters): a PDF, an image, ..."""


class PageTooLarge(ParseError):
    """The page is larger than the configured cap; it was refused before being read whole."""


class UndecodablePage(ParseError):
    """The bytes decode to no plausible Vietnamese in any supported encoding."""


class NoLabelledFields(ParseError):
    """No listing table, and no known field ("Số ký hiệu:", "Trích yếu:", ...) with a value:
    a news article, a search page, a template of empty labels."""
