"""Imports each flow's tables so they join the shared metadata."""
from integration.store import citizens  # noqa: F401
