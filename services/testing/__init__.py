"""Helpers shared by the reliability tests and ``benchmarks/soak.py``: article generator and output accounting."""
