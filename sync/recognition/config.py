"""The `recognition:` section of circleup.yaml: the Discourse badges circleup creates and grants.

    recognition:
      community_name: Source Citizens   # on certificates of participation; null = the forum's host name
      badges:
        citizen:                        # granted when a citizenship is approved, revoked with it
          name: Source Citizen
          description: Builds peer learning groups and supports other Citizens.
        learning_ambassador:            # granted on approval into the learning-ambassadors programme
          name: Learning Ambassador     #   (a programme's `badge:` names the entry it grants)
          description: …
        circle_facilitator:             # granted when a circle they facilitate has started
          name: Circle facilitator
          description: …
        circle_member:                  # granted when a circle they joined has started
          name: Circle member
          description: …
        met_peer:                       # granted to both of a one-to-one pair who said they met
          name: Met my peer
          description: …

`circleup setup` creates each badge (manual, bronze unless `badge_type` says silver or gold, granted
once per member); `doctor` checks they exist. A badge set to null is neither created nor granted.
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

BADGE_TYPES = {"gold": 1, "silver": 2, "bronze": 3}

DEFAULT_BADGES = {
    "citizen": {
        "name": "Source Citizen",
        "description": "Builds peer learning groups around their goals and helps other Citizens do the same.",
    },
    "learning_ambassador": {
        "name": "Learning Ambassador",
        "description": "Proposes Learning Clinics and shares skills with peers, supported by the working group.",
    },
    "circle_facilitator": {
        "name": "Circle facilitator",
        "description": "Facilitated a learning circle that met: a group of three or more learning together.",
    },
    "circle_member": {
        "name": "Circle member",
        "description": "Joined a learning circle that met, and learned together with peers.",
    },
    "met_peer": {
        "name": "Met my peer",
        "description": "Met a Let's Connect peer to share skills one to one.",
    },
}
BADGE_KEYS = tuple(DEFAULT_BADGES)


class BadgeSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    description = fields.Str(load_default="", validate=validate.Length(max=500))
    icon = fields.Str(load_default="certificate", validate=validate.Length(min=1, max=60))
    badge_type = fields.Str(load_default="bronze", validate=validate.OneOf(tuple(BADGE_TYPES)))


def _badges_default() -> dict:
    return {key: {**value, "icon": "certificate", "badge_type": "bronze"} for key, value in DEFAULT_BADGES.items()}


class BadgesSchema(Schema):
    class Meta:
        unknown = RAISE

    citizen = fields.Nested(BadgeSchema, allow_none=True, load_default=lambda: _badges_default()["citizen"])
    learning_ambassador = fields.Nested(BadgeSchema, allow_none=True,
                                        load_default=lambda: _badges_default()["learning_ambassador"])
    circle_facilitator = fields.Nested(BadgeSchema, allow_none=True,
                                       load_default=lambda: _badges_default()["circle_facilitator"])
    circle_member = fields.Nested(BadgeSchema, allow_none=True, load_default=lambda: _badges_default()["circle_member"])
    met_peer = fields.Nested(BadgeSchema, allow_none=True, load_default=lambda: _badges_default()["met_peer"])

    @validates_schema
    def _names_differ(self, data, **_kwargs) -> None:
        seen: dict[str, str] = {}
        for key, badge in data.items():
            if not badge:
                continue
            name = badge["name"].strip().lower()
            if name in seen:
                raise ValidationError(f"{key} and {seen[name]} are both named {badge['name']!r}: one badge each", key)
            seen[name] = key


class RecognitionSchema(Schema):
    class Meta:
        unknown = RAISE

    community_name = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200))
    badges = fields.Nested(BadgesSchema, load_default=lambda: BadgesSchema().load({}))
