"""The `matching:` section of circleup.yaml."""
from __future__ import annotations

from marshmallow import RAISE, Schema


class MatchingSchema(Schema):
    class Meta:
        unknown = RAISE
