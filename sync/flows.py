"""Every flow's router, combined: the one place that lists what circleup reacts to."""
from __future__ import annotations

from circleup.sync.router import Router


def build_router(modules=None) -> Router:
    from circleup.sync import flow_modules

    return Router(*(module.router for module in (flow_modules() if modules is None else modules)))


def build_worker(services):
    """The worker with every flow's handlers and jobs registered."""
    from circleup.sync import flow_modules
    from circleup.sync.worker import Worker

    modules = flow_modules()
    return Worker(services, build_router(modules), modules)
