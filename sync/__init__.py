"""The community's rules: one package per flow, each declaring itself in `<flow>/flow.py` (sync.flow).

Adding a flow is its package and one line here.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import Any

FLOWS: tuple[str, ...] = (
    "citizens",
    "skills",
    "matching",
    "clinics",
    "recognition",
    "participation",
)


def flows(names: Iterable[str] | None = None) -> list:
    """The declarations (sync.flow.Flow) of the registered flows, or of `names`, in order."""
    return [importlib.import_module(f"circleup.sync.{name}.flow").flow for name in (FLOWS if names is None else names)]


def load_settings(env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None):
    """circleup's settings with every registered flow's section, checks and templates."""
    from circleup.config.settings import load_settings as load

    return load(env, overrides, flows=flows())
