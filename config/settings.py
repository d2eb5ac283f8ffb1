"""Loading and validating circleup's settings.

Secrets and endpoints come from the environment; the community's rules come from a YAML file
(CIRCLEUP_CONFIG, default `config/circleup.yaml`). Both are validated at start-up so that a typo or a
bad value stops the process with a message naming the key, the file and what was expected, instead
of surfacing hours later in a worker.
"""
from __future__ import annotations

import importlib.util

import difflib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from marshmallow import Schema, ValidationError, fields

from circleup.config import strict_yaml
from circleup.config.schema import file_schema
from circleup.config.urls import safe_url

DEFAULT_CONFIG_PATH = "config/circleup.yaml"
MIN_WEBHOOK_SECRET_LENGTH = 12  # Discourse refuses shorter hook secrets (WebHook validation)


class Section(Mapping):
    """A read-only view of one YAML section with attribute access (`settings.citizens.goal`)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = {k: Section(v) if isinstance(v, Mapping) else v for k, v in values.items()}

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Section({self._values!r})"

    def to_dict(self) -> dict[str, Any]:
        return {k: v.to_dict() if isinstance(v, Section) else v for k, v in self._values.items()}


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the key, the file and what is expected."""


@dataclass(frozen=True)
class Settings:
    discourse_url: str | None
    discourse_api_key: str | None = field(repr=False)
    discourse_api_username: str
    webhook_secret: str | None = field(repr=False)
    database_url: str
    queue_url: str
    config_path: Path | None
    instance_path: Path
    insecure_dev: bool
    file: Section
    # The dashboard's secrets: the DiscourseConnect secret shared with the forum, and the key that
    # signs session cookies (the same on every web process).
    discourse_connect_secret: str | None = field(default=None, repr=False)
    session_secret: str | None = field(default=None, repr=False)
    # The flows' reply templates: the folder of each flow (its templates are `<flow>/<file>`), and
    # each template's declaration with sample values (integration.templates.TemplateSpec).
    template_folders: Mapping[str, Path] = field(default_factory=dict, repr=False)
    template_specs: tuple = field(default=(), repr=False)

    def __getattr__(self, name: str) -> Any:
        # YAML sections read like attributes: settings.worker.max_attempts
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.file, name)

    @property
    def bot_username(self) -> str:
        return self.discourse_api_username

    def require(self, *names: str) -> None:
        """Fail with a clear message when a command needs an environment setting that is missing."""
        missing = [n for n in names if not getattr(self, n)]
        if missing:
            env = ", ".join(_ENV_NAMES[n] for n in missing)
            raise ConfigError(f"{env} must be set in the environment for this command (see README, Configuration)")

    def check_working(self) -> None:
        """The queue worker's flows call Discourse for every event: without the forum and a key,
        each event would fail in turn."""
        self.require("discourse_url", "discourse_api_key")

    def check_serving(self) -> None:
        """The webhook receiver fails closed: no secret, no service, unless explicitly insecure."""
        self.require("discourse_url")
        if not self.webhook_secret and not self.insecure_dev:
            raise ConfigError(
                "DISCOURSE_WEBHOOK_SECRET is not set: circleup refuses to accept unsigned webhooks. "
                "Set it to the secret of the Discourse webhook, or set CIRCLEUP_INSECURE_DEV=1 for local development only."
            )


_ENV_NAMES = {
    "discourse_url": "DISCOURSE_URL",
    "discourse_api_key": "DISCOURSE_API_KEY",
    "discourse_api_username": "DISCOURSE_API_USERNAME",
    "webhook_secret": "DISCOURSE_WEBHOOK_SECRET",
}


def instance_path_from(env: Mapping[str, str]) -> Path:
    """The instance folder (local state: the SQLite files, the metrics of several processes)."""
    return Path(env.get("CIRCLEUP_INSTANCE_PATH") or "instance").resolve()


def load_settings(env: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None, *,
                  flows: Sequence[Any] = ()) -> Settings:
    """Read the environment and the YAML file; raise ConfigError naming the key and file on any problem.

    `overrides` replaces YAML sections (used by tests and `create_app(test_config)`). `flows` are the
    flows' declarations (sync.flow.Flow): their config sections, checks and templates join the
    settings. `circleup.sync.load_settings` passes every registered flow.
    """
    env = os.environ if env is None else env
    instance_path = instance_path_from(env)
    config_path, raw = _read_yaml(env)
    if overrides:
        raw = _deep_merge(raw, overrides)
    where = str(config_path) if config_path else "built-in defaults"
    sections = {flow.name: flow.config for flow in flows if flow.config is not None}
    for flow in flows:
        sections.update(getattr(flow, "more_config", None) or {})
    schema = file_schema(sections, [flow.config_check for flow in flows if flow.config_check is not None])
    try:
        values = schema.load(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{key}: {msg}" for key, msg in _flatten(exc.messages, schema))
        raise ConfigError(f"invalid configuration in {where}: {problems}") from None

    discourse_url = (env.get("DISCOURSE_URL") or "").strip().rstrip("/") or None
    if discourse_url:
        parts = urlsplit(discourse_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"DISCOURSE_URL must be an http(s) URL such as https://forum.example.org, got {safe_url(discourse_url)!r}")
    secret = env.get("DISCOURSE_WEBHOOK_SECRET") or None
    if secret is not None and len(secret) < MIN_WEBHOOK_SECRET_LENGTH and not _truthy(env.get("CIRCLEUP_INSECURE_DEV")):
        raise ConfigError(
            f"DISCOURSE_WEBHOOK_SECRET must be at least {MIN_WEBHOOK_SECRET_LENGTH} characters (Discourse refuses shorter secrets)"
        )
    return Settings(
        discourse_url=discourse_url,
        discourse_api_key=env.get("DISCOURSE_API_KEY") or None,
        discourse_api_username=env.get("DISCOURSE_API_USERNAME") or "system",
        webhook_secret=secret,
        database_url=_database_url(env.get("DATABASE_URL"), instance_path),
        queue_url=_queue_url(env.get("QUEUE_URL"), instance_path),
        config_path=config_path,
        instance_path=instance_path,
        insecure_dev=_truthy(env.get("CIRCLEUP_INSECURE_DEV")),
        file=Section(values),
        discourse_connect_secret=env.get("DISCOURSE_CONNECT_SECRET") or None,
        session_secret=env.get("CIRCLEUP_SESSION_SECRET") or None,
        template_folders={flow.name: flow.template_folder for flow in flows if flow.template_folder is not None},
        template_specs=tuple(spec for flow in flows
                             for spec in (flow.templates(values) if callable(flow.templates) else flow.templates)),
    )


def _database_url(value: str | None, instance_path: Path) -> str:
    """DATABASE_URL, checked now: a mistyped URL would otherwise surface as a traceback from
    whichever command first connects (and `circleup check` would pass)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    value = (value or "").strip()
    if not value:
        return f"sqlite:///{instance_path / 'circleup.db'}"
    expected = "expected sqlite:///path/to/circleup.db or postgresql://user:password@host:5432/dbname"
    try:
        url = make_url(value)
        url.port  # noqa: B018 - a port that is not a number raises only when read
    except (ArgumentError, ValueError):  # their messages repeat the URL, password and all
        raise ConfigError(f"DATABASE_URL is not a database URL ({safe_url(value)}): {expected}") from None
    plain_postgres = url.drivername in ("postgres", "postgresql")
    if plain_postgres:
        # Heroku's postgres:// and plain postgresql:// mean psycopg 3, the driver circleup installs
        # (SQLAlchemy would otherwise look for psycopg2, or not know "postgres" at all).
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(f"DATABASE_URL {safe_url(value)} names a database circleup does not support: {expected}")
    try:
        url.get_dialect().import_dbapi()
    except (NoSuchModuleError, ImportError):
        if url.drivername == "postgresql+psycopg":
            raise ConfigError(f"DATABASE_URL {safe_url(value)} is PostgreSQL, but its driver (psycopg 3, an optional extra) "
                              "is not installed: pip install 'circleup[postgres]'") from None
        raise ConfigError(f"DATABASE_URL {safe_url(value)} names the driver {url.drivername!r}, which is not installed: "
                          "use postgresql:// (psycopg 3, pip install 'circleup[postgres]')") from None
    return url.render_as_string(hide_password=False) if plain_postgres else value


# redis-py (and so RedisHuey and the shared API budget) reads rediss:// (TLS) and unix:// (a socket) too.
REDIS_SCHEMES = ("redis", "rediss", "unix")
QUEUE_SCHEMES = ("sqlite", *REDIS_SCHEMES, "memory")
QUEUE_URL_FORMS = "sqlite:///, redis://, rediss://, unix:// or memory://"


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def _queue_url(value: str | None, instance_path: Path) -> str:
    if not value:
        return f"sqlite:///{instance_path / 'queue.db'}"
    scheme = urlsplit(value).scheme
    if scheme not in QUEUE_SCHEMES:
        raise ConfigError(f"QUEUE_URL must start with {QUEUE_URL_FORMS}, got {safe_url(value)!r}")
    if scheme in REDIS_SCHEMES and not _installed("redis"):
        # Found now, not when the worker first touches the queue and crashes.
        raise ConfigError(f"QUEUE_URL {safe_url(value)} is Redis, but the redis package (an optional extra) is not "
                          "installed: pip install 'circleup[redis]'")
    return value


def _read_yaml(env: Mapping[str, str]) -> tuple[Path | None, dict]:
    named = env.get("CIRCLEUP_CONFIG")
    path = Path(named or DEFAULT_CONFIG_PATH)
    if not path.exists():
        if named:
            raise ConfigError(f"CIRCLEUP_CONFIG names {path}, which does not exist")
        return None, {}  # no file: every key has a default
    try:
        data = strict_yaml.load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text (byte {exc.start} cannot be read): save it as UTF-8") from None
    except OSError as exc:  # a directory, or a file this user may not read
        raise ConfigError(f"cannot read the configuration file {path}: {exc.strerror or exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must hold a mapping of sections (citizens:, skills:, …), not {type(data).__name__}")
    return path.resolve(), data


# marshmallow's words for "this section is not a mapping" and "no such key", reworded below.
_NOT_A_MAPPING = Schema._default_error_messages["type"]
_UNKNOWN_KEY = Schema._default_error_messages["unknown"]


def _flatten(messages: Any, node: Any = None, prefix: str = ""):
    """(key path, message) pairs; `node` is the schema or field the messages belong to, so that an
    unknown key can be answered with the keys that are allowed there."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":  # marshmallow's key for the section as a whole: name the section
                yield from _flatten(value, node, prefix)
            elif value == [_UNKNOWN_KEY]:
                yield f"{prefix}.{key}" if prefix else str(key), _unknown_key(str(key), _allowed_keys(node))
            else:
                yield from _flatten(value, _child(node, key), f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        reworded = ["must be a mapping of settings (key: value lines indented below it)" if m == _NOT_A_MAPPING else m
                    for m in messages]
        yield prefix or "(top level)", " ".join(reworded)
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            yield from _flatten(value, _child(node, index), f"{prefix}[{index}]")
    else:
        yield prefix or "(top level)", str(messages)


def _child(node: Any, key: Any) -> Any:
    if isinstance(node, fields.Nested):
        node = node.schema
    if isinstance(node, Schema):
        return node.fields.get(key)
    if isinstance(node, fields.List):
        return node.inner
    if isinstance(node, fields.Dict):  # a mapping of named sections (programmes:): each is the value field
        return node.value_field
    return None


def _allowed_keys(node: Any) -> list[str]:
    if isinstance(node, fields.Nested):
        node = node.schema
    return sorted(node.fields) if isinstance(node, Schema) else []


def _unknown_key(key: str, allowed: list[str]) -> str:
    if not allowed:
        return _UNKNOWN_KEY
    near = difflib.get_close_matches(key, allowed, n=1)
    if near:
        return f"{_UNKNOWN_KEY} Did you mean {near[0]}?"
    return f"{_UNKNOWN_KEY} Allowed keys: {', '.join(allowed)}."


def _deep_merge(base: Mapping, extra: Mapping) -> dict:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")
