"""The `matching:` section of circleup.yaml: who is suggested for a learning circle, and one-to-one pairing.

    matching:
      tag: learningcircles              # topics with this tag get one reply suggesting people
      categories: []                    # category ids where suggestions are allowed; [] = every category all
                                        # members can read (a read-restricted one only when listed here)
      max_suggestions: 5                # people @mentioned in a reply, in all (≤ discourse.max_mentions_per_post)
      max_facilitators: 2               # of those, places filled with facilitators first; not a cap: places
                                        # participants cannot fill go to more facilitators (0 = participants first)
      opt_out_group: no-matching        # members of this group are never suggested or paired; null = none
      fairness_window_days: 30          # suggestions within this window lower a member's rank; 0 = off
      facilitator_capacity: 3           # open circles one facilitator may be suggested for; null = no limit
      circle_open_days: 60              # a circle counts as open this long (unless closed or untagged)
      pairing_every_days: 0             # one-to-one pairing run cadence; 0 = only `circleup pairs run`
      pairing_follow_up_days: 14        # after this many days the pair is asked whether they met
      circle_min_size: 3                # members (who said "I'm in") for a proposed circle to form, one of
                                        # whom can facilitate (the author, or shares one of its skills)
      start_check_days: 14              # this long after forming, its group message asks whether it met
      active_topic_id: null             # the topic listing where circles are active (created by setup)
      in_my_town_tag: in-my-town        # a topic with this tag asks for a circle where its author lives
      semantic_model: use-multilingual  # reads circles and free skills by meaning as well (paraphrases,
                                        # other languages); wordllama (faster), or null = taxonomy terms only

The wording of every message is a template in this flow's templates/ folder (copy one into
`templates_dir/matching/` to change it).
"""
from __future__ import annotations

import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from circleup.config.validators import group_name

# Discourse lower-cases tags and turns spaces into dashes; anything else it would refuse or rewrite.
_TAG = re.compile(r"^[^\s,/#?&]{1,100}$")


def _tag(value: str) -> None:
    if not _TAG.match(value):
        raise ValidationError(f"{value!r} is not a Discourse tag (no spaces, commas, slashes or #)")


class MatchingSchema(Schema):
    class Meta:
        unknown = RAISE

    tag = fields.Str(load_default="learningcircles", validate=_tag)
    categories = fields.List(fields.Int(strict=True, validate=validate.Range(min=1)), load_default=list)
    max_suggestions = fields.Int(load_default=5, strict=True, validate=validate.Range(min=1, max=50))
    max_facilitators = fields.Int(load_default=2, strict=True, validate=validate.Range(min=0, max=50))
    opt_out_group = fields.Str(load_default="no-matching", allow_none=True, validate=group_name)
    fairness_window_days = fields.Int(load_default=30, strict=True, validate=validate.Range(min=0, max=3650))
    facilitator_capacity = fields.Int(load_default=3, allow_none=True, strict=True, validate=validate.Range(min=1))
    circle_open_days = fields.Int(load_default=60, strict=True, validate=validate.Range(min=1, max=3650))
    pairing_every_days = fields.Int(load_default=0, strict=True, validate=validate.Range(min=0, max=365))
    pairing_follow_up_days = fields.Int(load_default=14, strict=True, validate=validate.Range(min=1, max=365))
    circle_min_size = fields.Int(load_default=3, strict=True, validate=validate.Range(min=2, max=100))
    start_check_days = fields.Int(load_default=14, strict=True, validate=validate.Range(min=1, max=365))
    active_topic_id = fields.Int(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1))
    in_my_town_tag = fields.Str(load_default="in-my-town", allow_none=True, validate=_tag)
    semantic_model = fields.Str(load_default="use-multilingual", allow_none=True,
                                validate=validate.OneOf(("wordllama", "use-multilingual")))

    @validates_schema
    def _facilitators_fit(self, data, **_kwargs) -> None:
        if data.get("max_facilitators", 0) > data.get("max_suggestions", 5):
            raise ValidationError(
                f"{data['max_facilitators']} is more than max_suggestions ({data['max_suggestions']})", "max_facilitators")


def check_mentions(data: dict) -> None:
    """A reply @mentioning more people than the forum allows is refused by Discourse (422): say so
    at start-up, naming both keys, rather than when the first circle is proposed."""
    matching, discourse = data["matching"], data["discourse"]
    limit = discourse.get("max_mentions_per_post", 10)
    if matching.get("max_suggestions", 5) > limit:
        message = (f"{matching['max_suggestions']} is above discourse.max_mentions_per_post ({limit}): "
                   "Discourse would refuse the reply")
        raise ValidationError({"max_suggestions": [message]}, "matching")
