"""vanban's search side: everything that touches Elasticsearch, and the Vietnamese text
normalisation and analysis that documents and queries share.

`ingest` may import `search`; `search` never imports `ingest`.
"""
