"""The shape of `circleup.yaml`: every key, its type and its default.

This module holds the core sections (webhook, worker, discourse, logging, dashboard); each flow
declares its own section's schema in its package (sync/<flow>/config.py) and `file_schema` adds
them. Unknown keys are refused everywhere (marshmallow's RAISE), because a
misspelt key silently falling back to its default is the worst kind of configuration bug.
"""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate, validates_schema

from collections.abc import Callable, Mapping, Sequence

from circleup.config.dashboard import DashboardSchema
from circleup.config.validators import existing_folder

# Discourse's deepest payload (a user with their groups) nests 4 levels.
DEFAULT_MAX_JSON_DEPTH = 32


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class Section(fields.Nested):
    """A section left empty (every key commented out, which YAML reads as null) is a section
    without keys, not an error."""

    def deserialize(self, value, attr=None, data=None, **kwargs):
        return super().deserialize({} if value is None else value, attr, data, **kwargs)


def section(schema_class: type[Schema], **kwargs) -> fields.Nested:
    """A nested section that may be left out entirely and then takes all its defaults."""
    return Section(schema_class, load_default=lambda: schema_class().load({}), **kwargs)


class WebhookSchema(StrictSchema):
    max_body_bytes = fields.Int(load_default=2 * 1024 * 1024, validate=validate.Range(min=1024))
    # Deeper JSON is refused with a 400. Discourse nests 4 levels; the ceiling keeps every later
    # parse of a stored body (worker, dashboard) far from Python's recursion limit.
    max_json_depth = fields.Int(load_default=DEFAULT_MAX_JSON_DEPTH, validate=validate.Range(min=4, max=256))
    # Where Discourse should send deliveries; `circleup setup` registers it and `doctor` checks it.
    public_url = fields.Url(load_default=None, allow_none=True, require_tld=False)


class WorkerSchema(StrictSchema):
    # Transient errors (5xx, timeouts, refused connections) are retried for this long, and at least
    # max_attempts times; unexpected errors (a bug) are tried max_attempts times.
    retry_for_s = fields.Float(load_default=86400.0, validate=validate.Range(min=0))
    max_attempts = fields.Int(load_default=5, validate=validate.Range(min=1, max=50))
    retry_backoff_s = fields.Float(load_default=10.0, validate=validate.Range(min=0))
    retry_backoff_max_s = fields.Float(load_default=300.0, validate=validate.Range(min=0))
    threads = fields.Int(load_default=4, validate=validate.Range(min=1, max=64))
    # A divisor of 60: the sweep is a crontab minute step (*/n), and any other n would leave
    # uneven gaps (45 runs at :00 and :45, 15 minutes apart).
    sweep_every_minutes = fields.Int(load_default=1, validate=validate.OneOf(
        (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30), error="must divide an hour evenly: one of {choices}"))
    # The lease on a claimed event or action: renewed while the worker holds it (every third of
    # it); one not renewed for this long belongs to a dead worker and is taken over.
    stuck_after_s = fields.Int(load_default=30, validate=validate.Range(min=1))
    retention_days = fields.Int(load_default=30, validate=validate.Range(min=1))


class DiscourseSchema(StrictSchema):
    requests_per_minute = fields.Int(load_default=50, validate=validate.Range(min=1, max=10000))
    timeout_s = fields.Float(load_default=10.0, validate=validate.Range(min=0.1, max=120))
    # Discourse site settings every post circleup writes must satisfy (defaults are Discourse's).
    min_post_length = fields.Int(load_default=20, validate=validate.Range(min=1))
    min_personal_message_post_length = fields.Int(load_default=10, validate=validate.Range(min=1))
    min_topic_title_length = fields.Int(load_default=15, validate=validate.Range(min=1))
    max_post_length = fields.Int(load_default=32000, validate=validate.Range(min=100))
    max_mentions_per_post = fields.Int(load_default=10, validate=validate.Range(min=0))


class LoggingSchema(StrictSchema):
    # null: INFO for the services (serve, worker), WARNING for one-off commands (whose output is an
    # answer for a person; `circleup -v` asks them for INFO, `-vv` for DEBUG).
    level = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(["DEBUG", "INFO", "WARNING", "ERROR"]))
    format = fields.Str(load_default="json", validate=validate.OneOf(["json", "console"]))


class FileSchema(StrictSchema):
    """The core sections; `file_schema` adds the flows' sections."""

    webhook = section(WebhookSchema)
    worker = section(WorkerSchema)
    discourse = section(DiscourseSchema)
    logging = section(LoggingSchema)
    # A folder that is not there would silently leave every default template in place.
    templates_dir = fields.Str(load_default=None, allow_none=True, validate=existing_folder)
    dashboard = section(DashboardSchema)

    # Checks that read several sections at once (a flow's section against discourse:, say).
    checks: Sequence[Callable[[dict], None]] = ()

    @validates_schema
    def _sections_agree(self, data, **_kwargs) -> None:
        for check in self.checks:
            check(data)


def file_schema(sections: Mapping[str, type[Schema] | fields.Field],
                checks: Sequence[Callable[[dict], None]] = ()) -> FileSchema:
    """The schema of the whole file: the core sections, and one section per flow (a schema, which
    may be left out and then takes its defaults, or a field of its own)."""
    attributes = {name: schema if isinstance(schema, fields.Field) else section(schema)
                  for name, schema in sections.items()}
    attributes["checks"] = tuple(checks)
    return type("FileSchema", (FileSchema,), attributes)()
