"""The application programmes of circleup.yaml: who may apply where, who decides, and what follows.

A programme is a way into a group of the community (Source Citizens, Learning Ambassadors, …):
people apply in its application topic, its approvers decide, approval adds them to its group
(which opens its private category) and counts them toward its goal. The `citizens:` section is
the first programme, named `citizens`; `programmes:` adds more, each a section with the same keys:

    citizens:
      title: Source Citizens            # the programme's name, for people
      member_noun: citizen              # "citizen 12 of 100"
      group: citizens                   # Discourse group that opens the programme's private category
      category: Source Citizens         # that private category, by name (`circleup setup` makes it
      category_id: 31                   #   readable by the group and staff only, and records its id)
      application_topic: "Source Citizens: peer learning about peer learning"
                                        # the call for applications, by title (setup opens it …
      application_category: General     #   … in this category, and records its id below)
      application_topic_ids: [512]      # replies in these topics are applications
      approvers_group: null             # null: staff approve; a group name adds its members
      goal: 100                         # "citizen 12 of 100"
      badge: citizen                    # the recognition.badges entry granted on approval (null: none)
      decline_notice: private_message   # or "reply": a threaded reply to the application post
      newsletter: group_message         # or "topic": a new topic in category_id
    programmes:
      learning-ambassadors:             # its name: lowercase letters, digits and dashes
        title: Learning Ambassadors
        group: learning-ambassadors
        …

Two programmes never share an application topic, a group or a badge: each of those says which
programme a post, a membership or a grant belongs to. The wording of every message is a template
in this flow's templates/ folder: the citizens programme's are `citizens/<file>`, another
programme's `citizens/<programme>/<file>` (copy one into `templates_dir/` at the same path to
change it; a new programme starts from a copy of the learning-ambassadors folder).
"""
from __future__ import annotations

import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from circleup.config.validators import group_name

CITIZENS = "citizens"  # the programme the `citizens:` section configures
DEFAULT_APPLICATION_TOPIC = "Source Citizens: peer learning about peer learning"
DECLINE_NOTICES = ("private_message", "reply")
NEWSLETTER_MODES = ("group_message", "topic")
# A programme's name goes into URLs, outbox batch keys ("<name>:<member>:<step>") and audit actions.
PROGRAMME_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
PROGRAMME_NAME_MAX = 30
# Names another flow's batches and audit actions begin with; a programme must not take one.
RESERVED_NAMES = frozenset({"skills", "matching", "clinics", "recognition", "support", "dashboard", "circleup",
                            "programmes"})


class CitizensSchema(Schema):
    """The `citizens:` section: the first programme, with the defaults it always had."""

    class Meta:
        unknown = RAISE

    title = fields.Str(load_default="Source Citizens", validate=validate.Length(min=1, max=60))
    member_noun = fields.Str(load_default="citizen", validate=validate.Length(min=1, max=30))
    application_topic_ids = fields.List(fields.Int(validate=validate.Range(min=1)), load_default=list)
    application_topic = fields.Str(load_default=DEFAULT_APPLICATION_TOPIC, allow_none=True,
                                   validate=validate.Length(min=15, max=255))
    application_category = fields.Str(load_default="General", validate=validate.Length(min=1, max=50))
    group = fields.Str(load_default="citizens", validate=group_name)
    category = fields.Str(load_default="Source Citizens", allow_none=True, validate=validate.Length(min=1, max=50))
    category_id = fields.Int(load_default=None, allow_none=True, validate=validate.Range(min=1))
    approvers_group = fields.Str(load_default=None, allow_none=True, validate=group_name)
    goal = fields.Int(load_default=100, validate=validate.Range(min=1))
    badge = fields.Str(load_default="citizen", allow_none=True, validate=validate.Length(min=1, max=32))
    decline_notice = fields.Str(load_default="private_message", validate=validate.OneOf(DECLINE_NOTICES))
    newsletter = fields.Str(load_default="group_message", validate=validate.OneOf(NEWSLETTER_MODES))

    @validates_schema
    def _topic_newsletter_needs_a_category(self, data, **_kwargs) -> None:
        if data.get("newsletter") == "topic" and not data.get("category_id"):
            raise ValidationError("\"topic\" needs category_id (the private category)", "newsletter")


class ProgrammeSchema(CitizensSchema):
    """A section of `programmes:`: the same keys; what only the citizens programme may default to is
    asked for (its group, title and noun) or left out (a category, a call, a badge)."""

    title = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    member_noun = fields.Str(required=True, validate=validate.Length(min=1, max=30))
    group = fields.Str(required=True, validate=group_name)
    category = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=50))
    application_topic = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=15, max=255))
    goal = fields.Int(required=True, validate=validate.Range(min=1))
    badge = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=32))


def _programme_name(name: str) -> None:
    if name == CITIZENS:
        raise ValidationError("the citizens programme is configured in the citizens: section")
    if name in RESERVED_NAMES:
        raise ValidationError(f"{name!r} is taken by circleup itself: choose another programme name")
    if len(name) > PROGRAMME_NAME_MAX or not PROGRAMME_NAME.match(name):
        raise ValidationError(f"{name!r} is not a programme name: lowercase letters, digits and single dashes, "
                              f"at most {PROGRAMME_NAME_MAX} characters, starting with a letter")


class Programmes(fields.Dict):
    """`programmes:`: name → section. Errors name `programmes.<name>.<key>` (not marshmallow's
    `…<name>.value.<key>`), so they read like every other key of the file."""

    def __init__(self, **kwargs) -> None:
        super().__init__(keys=fields.Str(validate=_programme_name), values=fields.Nested(ProgrammeSchema), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return super()._deserialize({} if value is None else value, attr, data, **kwargs)
        except ValidationError as exc:
            if not isinstance(exc.messages, dict):
                raise
            messages = {}
            for name, problems in exc.messages.items():
                messages[name] = {**({"_schema": problems["key"]} if "key" in problems else {}),
                                  **(problems.get("value") or {})}
            raise ValidationError(messages) from None


def check_programmes(data: dict) -> None:
    """Across programmes: a topic, a group or a badge belongs to one programme only; a badge must be
    one recognition knows."""
    programmes = {CITIZENS: data.get(CITIZENS) or {}, **(data.get("programmes") or {})}
    owners: dict[tuple[str, object], str] = {}
    problems: dict[str, list[str]] = {}

    def claim(name: str, what: str, value, key: str) -> None:
        if value is None:
            return
        identity = (what, value.lower() if isinstance(value, str) else value)
        if identity in owners and owners[identity] != name:
            where = CITIZENS if name == CITIZENS else f"programmes.{name}"
            problems.setdefault(where, []).append(
                f"{key} {value!r} is also the {owners[identity]} programme's: each programme needs its own")
        owners.setdefault(identity, name)

    for name, section in programmes.items():
        for topic_id in section.get("application_topic_ids") or ():
            claim(name, "topic", topic_id, "application topic")
        claim(name, "topic title", section.get("application_topic"), "application_topic")
        claim(name, "group", section.get("group"), "group")
        claim(name, "category", section.get("category"), "category")
        claim(name, "category id", section.get("category_id"), "category_id")
        claim(name, "badge", section.get("badge"), "badge")
        approvers = (section.get("approvers_group") or "").lower()
        if approvers and approvers in {str(s.get("group") or "").lower() for s in programmes.values()}:
            problems.setdefault(CITIZENS if name == CITIZENS else f"programmes.{name}", []).append(
                f"approvers_group {section['approvers_group']!r} is a programme's own group: approvers need a group of their own")
    badges = (data.get("recognition") or {}).get("badges")
    if badges is not None:
        for name, section in programmes.items():
            badge = section.get("badge")
            if badge and badge not in badges:
                problems.setdefault(CITIZENS if name == CITIZENS else f"programmes.{name}", []).append(
                    f"badge {badge!r} is not one of recognition.badges ({', '.join(sorted(badges))})")
    if problems:
        raise ValidationError({key: [" ".join(messages)] for key, messages in problems.items()})
