"""Benchmarks of the store's API (see README.md); not part of the installed package."""
