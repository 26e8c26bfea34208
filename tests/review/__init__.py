"""Tests of the review stage (a package, so its conftest does not shadow tests/conftest.py)."""
