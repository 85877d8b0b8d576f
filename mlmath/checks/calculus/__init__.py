"""Checks for the calculus chapter."""
