"""Imports each flow's tables so they join the shared metadata."""
from circleup.integration.store import citizens  # noqa: F401
from circleup.integration.store import skills  # noqa: F401
from circleup.integration.store import matching  # noqa: F401
from circleup.integration.store import dashboard  # noqa: F401
