"""Validators shared by the sections of circleup.yaml."""
from __future__ import annotations

import re

from marshmallow import ValidationError

# Discourse usernames, and group names (which follow the same rules), with unicode names off.
DISCOURSE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,59}$")


def group_name(value: str) -> None:
    if not DISCOURSE_NAME.match(value):
        raise ValidationError(f"{value!r} is not a valid Discourse group name")
