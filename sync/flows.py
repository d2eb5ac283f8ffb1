"""Every flow's router, combined: the one place that lists what circleup reacts to."""
from __future__ import annotations

from sync.router import Router


def build_router() -> Router:
    from sync import flow_modules

    return Router(*(module.router for module in flow_modules()))
