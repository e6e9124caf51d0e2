"""Subcommands of `python -m search`, one module each."""
