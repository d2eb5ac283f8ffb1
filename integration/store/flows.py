"""Imports each flow's tables so they join the shared metadata."""
from integration.store import citizens  # noqa: F401
from integration.store import skills  # noqa: F401
from integration.store import matching  # noqa: F401
from integration.store import dashboard  # noqa: F401
