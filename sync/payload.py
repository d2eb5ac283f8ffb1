"""Reading values out of Discourse's payloads, which are JSON written by someone else."""
from __future__ import annotations

from typing import Any


def as_int(value: Any) -> int | None:
    """An id or number as Discourse sent it (a number or a numeric string); None for anything else."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
