"""The citizens flow: applications in a forum topic, decisions by approvers, access to the private
facilitators' category through a Discourse group, progress toward the goal, and a newsletter.

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
    revoke,
    send_newsletter,
)

__all__ = [
    "Desk", "Outcome", "Progress", "applications", "apply", "approve", "decline", "history", "progress",
    "revoke", "send_newsletter",
]
