"""Benchmark of the staff pages over a large database: ``python -m bench.run`` (see bench/README.md)."""
