"""Checks for the applications chapter."""
