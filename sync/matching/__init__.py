"""Matching: who to suggest for a proposed learning circle, and one-to-one peer pairing.

The core is pure — no database, no HTTP: `engine` (a `SkillIndex` and `rank`), `needs` (a topic →
`CircleNeeds`) and `pairing` (`pair_members`, Let's Connect style exchanges). The flow around it:
`suggestions` turns a `learningcircles` topic into one threaded reply and keeps it current,
`pairs` runs pairings and their follow-ups, `flow` holds the handlers and jobs.

`router`, `register_jobs` and `forum_requirements` are loaded from `sync.matching.flow` on first use, so importing the
pure parts stays cheap (no SQLAlchemy, no templates).
"""
from __future__ import annotations

from typing import Any

__all__ = ["flow", "forum_requirements", "register_jobs", "router"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from circleup.sync.matching import flow

        return getattr(flow, name)
    raise AttributeError(f"module 'circleup.sync.matching' has no attribute {name!r}")
