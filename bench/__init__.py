"""Benchmarks that print figures (``make bench``); see README.md, section Benchmarks."""
