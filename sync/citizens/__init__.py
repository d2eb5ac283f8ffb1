"""The citizens flow: applications to a programme (Source Citizens, Learning Ambassadors, … — see
`programmes`) in its forum topics, decisions by its approvers, access to its private category
through its Discourse group, progress toward its goal, its badge, and its newsletter.

`flow` (in `flow.py`) declares it to circleup; `service` holds the functions the thread commands,
the CLI (`circleup citizens …`) and the dashboard share.
"""
from __future__ import annotations

from circleup.sync.citizens.service import (
    Desk,
    Outcome,
    Progress,
    applications,
    apply,
    approve,
    decline,
    history,
    progress,
    progress_of,
    revoke,
    send_newsletter,
)

__all__ = [
    "Desk", "Outcome", "Progress", "applications", "apply", "approve", "decline", "history", "progress", "progress_of",
    "revoke", "send_newsletter",
]
