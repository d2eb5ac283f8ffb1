"""Skills: the taxonomy, normalising what members write, and the per-area skills directory.

The flow's handlers and jobs live in `sync.skills.flow`; `router` and `register_jobs` are loaded from
there on first use, so importing the pure parts (taxonomy, normalize, directory) stays cheap.
"""
from __future__ import annotations

from typing import Any

__all__ = ["register_jobs", "router"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from circleup.sync.skills import flow

        return getattr(flow, name)
    raise AttributeError(f"module 'circleup.sync.skills' has no attribute {name!r}")
