"""The `skills:` section of circleup.yaml: where skills come from and where each area's directory lives.

    skills:
      share_field_name: Skills I can share     # user fields by name: `circleup setup` creates them
      learn_field_name: Skills I want to learn #   and records their ids below
      follow_field_name: Follow the skill areas of my skills   # a checkbox; null: no such field
      share_field: "1"                  # Discourse user field id: skills a member can share
      learn_field: "2"                  # … skills they want to learn
      registration_topic_ids: [77]      # posts with "Share: …" / "Learn: …" lines set a profile too
      taxonomy: null                    # null: the shipped config/taxonomy.yaml
      fuzzy_threshold: 88.0             # 0–100: how close a typo must be to a known skill
      directory_interval_s: 10          # at most one directory edit per area per this many seconds
      directory_max_post_chars: 32000   # a longer directory continues in further posts
      follow_field: null                # user field id whose "true"/"yes" opts a member in to watching
      follow_group: null                # …or a group whose members are opted in
      follow_level: 3                   # 2 tracking, 3 watching, 4 watching first post
      support_field: null               # user field id: the support a member needs (funding, translation, …)
      support_group: null               # the working group: a private digest of who needs what, kept current
      support_interval_s: 60            # at most one digest edit per this many seconds
      areas:
        - name: Technology              # an area of the taxonomy
          category: Technology          # the area's Discourse category by name (default: the area's name)
          category_id: 12               #   (watched by opted-in members); recorded by `circleup setup`
          directory_topic: "Skills directory: Technology"   # its directory topic, by title (this default)
          directory_topic_id: 345       #   whose first post circleup edits; recorded by `circleup setup`
          skills: [Beekeeping]          # extra skills listed here, whatever their taxonomy area

A named taxonomy (and the areas' names in it) is read when the configuration loads, enough to catch a
wrong path or a file that is not YAML at start-up; the full validation of the taxonomy happens when the
skills flow builds its normaliser.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from circleup.config import DEFAULT_TAXONOMY_PATH, strict_yaml
from circleup.config.validators import group_name, where_relative

# Notification levels that make a member hear about new topics: tracking, watching, first post.
FOLLOW_LEVELS = (2, 3, 4)


class UserFieldId(fields.Field):
    """A Discourse user field id. YAML reads `1` as a number and `"1"` as text; both mean field 1."""

    def _deserialize(self, value: Any, attr, data, **kwargs) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValidationError("must be a user field id such as \"1\" (Admin → Users → User fields)")
        text = str(value).strip()
        if not text.isdigit() or int(text) < 1:
            raise ValidationError(f"{value!r} is not a user field id (a positive number such as \"1\")")
        return str(int(text))


class AreaSchema(Schema):
    class Meta:
        unknown = RAISE

    name = fields.Str(required=True, validate=validate.Length(min=1))
    # By name and title: `circleup setup` finds or makes them and records the ids. An area whose ids
    # are not recorded yet has no directory (`circleup doctor` says to run setup).
    category = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=1, max=50))
    category_id = fields.Int(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1))
    directory_topic = fields.Str(load_default=None, allow_none=True, validate=validate.Length(min=15, max=255))
    directory_topic_id = fields.Int(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1))
    skills = fields.List(fields.Str(validate=validate.Length(min=1, max=255)), load_default=list)


class SkillsSchema(Schema):
    class Meta:
        unknown = RAISE

    share_field_name = fields.Str(load_default="Skills I can share", allow_none=True, validate=validate.Length(min=1, max=255))
    learn_field_name = fields.Str(load_default="Skills I want to learn", allow_none=True, validate=validate.Length(min=1, max=255))
    follow_field_name = fields.Str(load_default="Follow the skill areas of my skills", allow_none=True,
                                   validate=validate.Length(min=1, max=255))
    share_field = UserFieldId(load_default=None, allow_none=True)
    learn_field = UserFieldId(load_default=None, allow_none=True)
    registration_topic_ids = fields.List(fields.Int(strict=True, validate=validate.Range(min=1)), load_default=list)
    taxonomy = fields.Str(load_default=None, allow_none=True)
    fuzzy_threshold = fields.Float(load_default=88.0, validate=validate.Range(min=50, max=100))
    directory_interval_s = fields.Float(load_default=10.0, validate=validate.Range(min=0, max=86400))
    # Below ~1,500 characters a directory row may not fit a post at all (render_directory refuses).
    directory_max_post_chars = fields.Int(load_default=32000, validate=validate.Range(min=1500, max=1_000_000))
    follow_field = UserFieldId(load_default=None, allow_none=True)
    follow_group = fields.Str(load_default=None, allow_none=True, validate=group_name)
    follow_level = fields.Int(load_default=3, strict=True, validate=validate.OneOf(FOLLOW_LEVELS))
    areas = fields.List(fields.Nested(AreaSchema), load_default=list)
    support_field = UserFieldId(load_default=None, allow_none=True)
    support_group = fields.Str(load_default=None, allow_none=True, validate=group_name)
    support_interval_s = fields.Float(load_default=60.0, validate=validate.Range(min=0, max=86400))

    @validates_schema
    def _fields_are_distinct(self, data, **_kwargs) -> None:
        named = [(key, data.get(key)) for key in ("share_field", "learn_field", "follow_field", "support_field") if data.get(key)]
        seen: dict[str, str] = {}
        for key, value in named:
            if value in seen:
                raise ValidationError(f"user field {value} is already skills.{seen[value]}", key)
            seen[value] = key

    @validates_schema
    def _areas_are_known_and_distinct(self, data, **_kwargs) -> None:
        areas = data.get("areas") or []
        # A taxonomy named here is read even before an area uses it: a mistyped path must fail
        # `check` and start-up, not the first time someone configures an area.
        if not areas and not data.get("taxonomy"):
            return
        known = _taxonomy_area_names(data.get("taxonomy"))
        if not areas:
            return
        errors: dict[int, dict[str, list[str]]] = {}
        names: dict[str, int] = {}
        topics: dict[int, int] = {}
        for index, area in enumerate(areas):
            problems = errors.setdefault(index, {})
            if area["name"] not in known:
                listed = ", ".join(sorted(known))
                problems.setdefault("name", []).append(
                    f"{area['name']!r} is not an area of the skills taxonomy (its areas: {listed})")
            if area["name"] in names:
                problems.setdefault("name", []).append(f"{area['name']!r} is already areas[{names[area['name']]}]")
            if area["directory_topic_id"] is not None and area["directory_topic_id"] in topics:
                problems.setdefault("directory_topic_id", []).append(
                    f"topic {area['directory_topic_id']} is already the directory of areas[{topics[area['directory_topic_id']]}]")
            names.setdefault(area["name"], index)
            if area["directory_topic_id"] is not None:
                topics.setdefault(area["directory_topic_id"], index)
        errors = {index: problems for index, problems in errors.items() if problems}
        if errors:
            raise ValidationError({"areas": errors})


def _taxonomy_area_names(path: str | None) -> set[str]:
    file = Path(path) if path else DEFAULT_TAXONOMY_PATH
    try:
        data = strict_yaml.load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"cannot read the taxonomy {file}: {exc.strerror or exc}{where_relative(str(file))}",
                              "taxonomy") from None
    except UnicodeDecodeError:
        raise ValidationError(f"the taxonomy {file} is not UTF-8 text", "taxonomy") from None
    except yaml.YAMLError as exc:
        raise ValidationError(f"the taxonomy {file} is not valid YAML: {exc}", "taxonomy") from None
    areas = data.get("areas") if isinstance(data, dict) else None
    if not isinstance(areas, list):
        raise ValidationError(f"the taxonomy {file} has no 'areas' list", "taxonomy")
    return {" ".join(str(a["name"]).split()) for a in areas if isinstance(a, dict) and a.get("name") is not None}
