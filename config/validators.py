"""Validators shared by the sections of circleup.yaml."""
from __future__ import annotations

import re
from pathlib import Path

from marshmallow import ValidationError

# Discourse usernames, and group names (which follow the same rules), with unicode names off.
DISCOURSE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,59}$")


def group_name(value: str) -> None:
    if not DISCOURSE_NAME.match(value):
        raise ValidationError(f"{value!r} is not a valid Discourse group name")


def existing_folder(value: str) -> None:
    if not Path(value).is_dir():
        raise ValidationError(f"{value} is not a folder{where_relative(value)}")


def where_relative(path: str) -> str:
    """Where a relative path was looked for: the working directory, easily not the config file's."""
    return "" if Path(path).is_absolute() else f" (a relative path is read from the working directory, {Path.cwd()})"
