"""The `clinics:` section of circleup.yaml: learning clinics, their calendar and reminders.

    clinics:
      tag: learning-clinic              # a topic with this tag proposes a clinic; its first post says when
      default_minutes: 60               # a clinic whose time gives no end lasts this long
      max_suggestions: 5                # members who want to learn its skills, @mentioned in the reply
                                        # (≤ discourse.max_mentions_per_post)
      category_name: Learning Clinics   # the category `setup` creates for the calendar topic …
      category_id: null                 # … or the id of an existing one
      calendar_topic_id: null           # the calendar: its first post lists the clinics (made by `setup`)
      calendar_interval_s: 60           # at most one calendar edit per this many seconds
      calendar_past: 5                  # past clinics still listed on the calendar
      reminder_hours: 24                # the reminder goes this long before the start
      reminder: message                 # message: one group message to the roster; reply: a reply
                                        # in the clinic's topic mentioning them
      summary_after_hours: 1            # after the end, the host is asked for a summary or slides

The wording of every message is a template in this flow's templates/ folder (copy one into
`templates_dir/clinics/` to change it).
"""
from __future__ import annotations

import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate

_TAG = re.compile(r"^[^\s,/#?&]{1,100}$")


def _tag(value: str) -> None:
    if not _TAG.match(value):
        raise ValidationError(f"{value!r} is not a Discourse tag (no spaces, commas, slashes or #)")


class ClinicsSchema(Schema):
    class Meta:
        unknown = RAISE

    tag = fields.Str(load_default="learning-clinic", validate=_tag)
    default_minutes = fields.Int(load_default=60, strict=True, validate=validate.Range(min=5, max=24 * 60))
    max_suggestions = fields.Int(load_default=5, strict=True, validate=validate.Range(min=0, max=50))
    category_name = fields.Str(load_default="Learning Clinics", validate=validate.Length(min=1, max=50))
    category_id = fields.Int(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1))
    calendar_topic_id = fields.Int(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1))
    calendar_interval_s = fields.Float(load_default=60.0, validate=validate.Range(min=0, max=86400))
    calendar_past = fields.Int(load_default=5, strict=True, validate=validate.Range(min=0, max=100))
    reminder_hours = fields.Float(load_default=24.0, validate=validate.Range(min=0, max=24 * 14))
    reminder = fields.Str(load_default="message", validate=validate.OneOf(("message", "reply")))
    summary_after_hours = fields.Float(load_default=1.0, validate=validate.Range(min=0, max=24 * 14))


def check_mentions(data: dict) -> None:
    """Discourse refuses (422) a reply @mentioning more people than the forum allows: say so at start-up."""
    clinics, discourse = data["clinics"], data["discourse"]
    limit = discourse.get("max_mentions_per_post", 10)
    if clinics.get("max_suggestions", 5) > limit:
        message = (f"{clinics['max_suggestions']} is above discourse.max_mentions_per_post ({limit}): "
                   "Discourse would refuse the reply")
        raise ValidationError({"max_suggestions": [message]}, "clinics")
