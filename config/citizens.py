"""The `citizens:` section of circleup.yaml."""
from __future__ import annotations

from marshmallow import RAISE, Schema


class CitizensSchema(Schema):
    class Meta:
        unknown = RAISE
