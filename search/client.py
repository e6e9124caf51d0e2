"""The one provider of the Elasticsearch client.

In: the URL from `search.config`. Out: a configured `Elasticsearch` client, or
`ElasticsearchUnavailable` with one line saying how to start a node.
"""

from __future__ import annotations

from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions

from search.config import settings
from search.errors import ElasticsearchUnavailable

START_HINT = "start one with `scripts/elasticsearch start` or set VANBAN_ES_URL"


def connect(url: str | None = None, *, check: bool = True) -> Elasticsearch:
    """A client for url (default: the configured node); with check, fail now if it is down.

    The check asks for cluster health, not `info()`: the integ-test distribution has no
    rest-root module, so `GET /` answers 405 there.
    """
    target = url or settings().es_url
    client = Elasticsearch(target, request_timeout=30, retry_on_timeout=True, max_retries=3)
    if check:
        try:
            client.cluster.health()
        except (es_exceptions.ConnectionError, es_exceptions.TransportError) as error:
            reason = type(error).__name__
            raise ElasticsearchUnavailable(f"no Elasticsearch at {target} ({reason}): {START_HINT}") from None
    return client
