"""Checks for the linear-algebra chapter, one module per section."""
