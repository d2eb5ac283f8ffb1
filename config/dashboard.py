"""The `dashboard:` section of circleup.yaml."""
from __future__ import annotations

from marshmallow import RAISE, Schema


class DashboardSchema(Schema):
    class Meta:
        unknown = RAISE
