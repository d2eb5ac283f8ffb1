"""The `skills:` section of circleup.yaml."""
from __future__ import annotations

from marshmallow import RAISE, Schema


class SkillsSchema(Schema):
    class Meta:
        unknown = RAISE
