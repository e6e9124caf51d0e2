"""vanban's ingest side: turns sources (files, archives, dumps, portals) into Notice records.

Stages, one module each, data flowing one way:
sources/fetch/crawl → RawPage → parse → ParsedNotice → normalise → Notice → pipeline → index.
"""
