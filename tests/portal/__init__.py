"""A fixture notice portal for crawler tests: a threaded HTTP server on 127.0.0.1 serving
pages generated at test time, counting every request per path.

`server.Portal` is the server (routes, counters, a gate that holds requests so a test can kill a
crawler at a known point); `site.build_site` fills it with listing pages, detail pages in two
layouts, attachments and the misbehaving pages the crawler must cope with; `files` writes the
PDF and DOCX attachments.
"""
