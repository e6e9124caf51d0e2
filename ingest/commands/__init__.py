"""Subcommands of `python -m ingest`, one module each."""
