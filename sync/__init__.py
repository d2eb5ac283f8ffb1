"""The community's rules, one module per flow (citizens, skills, matching, …)."""
from __future__ import annotations

import importlib

# Each flow module exposes `router`; listing it here is how a flow joins the worker.
FLOW_MODULES: tuple[str, ...] = ("circleup.sync.citizens", "circleup.sync.skills", "circleup.sync.matching")


def flow_modules():
    return [importlib.import_module(name) for name in FLOW_MODULES]
