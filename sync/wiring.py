"""The registered flows put together: one router for the worker, and the worker itself."""
from __future__ import annotations

from circleup.sync.router import Router


def build_router(flows=None) -> Router:
    from circleup.sync import flows as registered

    return Router(*(flow.router for flow in (registered() if flows is None else flows)))


def build_worker(services, flows=None):
    """The worker with every flow's handlers, jobs and result hooks registered."""
    from circleup.sync import flows as registered
    from circleup.sync.worker import Worker

    flows = registered() if flows is None else flows
    return Worker(services, build_router(flows), flows)
