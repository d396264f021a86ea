"""Benchmarks: run as scripts (python bench/NAME.py); they report ratios against a baseline in the same run."""
