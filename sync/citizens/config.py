"""The `citizens:` section of circleup.yaml: who may apply where, who decides, and what follows.

    citizens:
      group: citizens                   # Discourse group that opens the facilitators' category
      category: Source Citizens         # that private category, by name (`circleup setup` makes it
      category_id: 31                   #   readable by the group and staff only, and records its id)
      application_topic: "Source Citizens: peer learning about peer learning"
                                        # the call for applications, by title (setup opens it …
      application_category: General     #   … in this category, and records its id below)
      application_topic_ids: [512]      # replies in these topics are applications
      approvers_group: null             # null: staff approve; a group name adds its members
      goal: 100                         # "citizen 12 of 100"
      decline_notice: private_message   # or "reply": a threaded reply to the application post
      newsletter: group_message         # or "topic": a new topic in category_id

The wording of every message is a template in this flow's templates/ folder (copy one into
`templates_dir/citizens/` to change it).
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from circleup.config.validators import group_name

DEFAULT_APPLICATION_TOPIC = "Source Citizens: peer learning about peer learning"
DECLINE_NOTICES = ("private_message", "reply")
NEWSLETTER_MODES = ("group_message", "topic")


class CitizensSchema(Schema):
    class Meta:
        unknown = RAISE

    application_topic_ids = fields.List(fields.Int(validate=validate.Range(min=1)), load_default=list)
    application_topic = fields.Str(load_default=DEFAULT_APPLICATION_TOPIC, allow_none=True,
                                   validate=validate.Length(min=15, max=255))
    application_category = fields.Str(load_default="General", validate=validate.Length(min=1, max=50))
    group = fields.Str(load_default="citizens", validate=group_name)
    category = fields.Str(load_default="Source Citizens", allow_none=True, validate=validate.Length(min=1, max=50))
    category_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(min=1))
    approvers_group = fields.Str(load_default=None, allow_none=True, validate=group_name)
    goal = fields.Int(load_default=100, validate=validate.Range(min=1))
    decline_notice = fields.Str(load_default="private_message", validate=validate.OneOf(DECLINE_NOTICES))
    newsletter = fields.Str(load_default="group_message", validate=validate.OneOf(NEWSLETTER_MODES))

    @validates_schema
    def _topic_newsletter_needs_a_category(self, data, **_kwargs) -> None:
        if data.get("newsletter") == "topic" and not data.get("category_id"):
            raise ValidationError("\"topic\" needs category_id (the private facilitators' category)", "newsletter")
