"""Checks for the probability chapter."""
