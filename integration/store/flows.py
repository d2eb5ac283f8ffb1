"""Imports each flow's tables so they join the shared metadata."""
