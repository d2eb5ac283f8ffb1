"""Reply templates: Jinja2 files a community can edit, rendered safely.

Every `{{ value }}` is escaped as inert text (no mentions, markdown or HTML) unless the value was
deliberately built as markup by a filter such as `mention` or `profile_link`, so a member's
username, title or skill can never inject anything into a post circleup writes.

Templates are looked up first in `templates_dir` (settings), then in the folder of the flow that
declares them (`citizens/thanks.md.j2` is the citizens flow's `templates/thanks.md.j2`). Each flow
declares the templates it uses with sample values (`TemplateSpec`, in its `Flow`);
`Templates.check()` renders them all at start-up and fails if one is broken or too short for
Discourse's validations.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from circleup.config.settings import ConfigError
from circleup.integration.markdown import escape_text, is_valid_username

KINDS = ("post", "private_message", "title")


@dataclass(frozen=True)
class TemplateSpec:
    """A template a flow renders: its name (`<flow>/<file>`), what it becomes in Discourse (which
    decides its minimum length) and sample values for the start-up check."""

    name: str
    kind: str  # "post", "private_message" or "title"
    sample: dict[str, Any]

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown template kind {self.kind!r}")

    @classmethod
    def of(cls, name: str, kind: str, **sample: Any) -> TemplateSpec:
        return cls(name, kind, sample)

    def __str__(self) -> str:  # a spec stands for its template wherever a name is expected
        return self.name


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return escape_text(value)


def mention(username: str) -> Markup:
    if not is_valid_username(str(username)):
        return Markup(escape_text(username))
    return Markup("@" + str(username))


def profile_link(username: str, label: str | None = None) -> Markup:
    """A link to a profile: tells the reader who, without notifying them like a mention would."""
    text = escape_text(label or username)
    if not is_valid_username(str(username)):
        return Markup(text)
    return Markup(f"[{text}](/u/{username})")


def url(value: str) -> Markup:
    """A URL circleup built itself (forum links); refuses anything that could break out of markdown."""
    value = str(value)
    if any(ch in value for ch in " \n()<>[]\"'`"):
        return Markup(escape_text(value))
    return Markup(value)


class Templates:
    def __init__(self, settings) -> None:
        loaders = []
        directories = []
        custom = getattr(settings, "templates_dir", None)
        if custom:
            loaders.append(FileSystemLoader(str(custom)))
            directories.append(str(custom))
        folders = {name: str(folder) for name, folder in settings.template_folders.items()}
        loaders.append(PrefixLoader({name: FileSystemLoader(folder) for name, folder in folders.items()}))
        directories.extend(folders.values())
        self.directories = directories
        self.specs = tuple(settings.template_specs)
        self.limits = settings.discourse
        self.env = SandboxedEnvironment(
            loader=ChoiceLoader(loaders),
            undefined=StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(mention=mention, profile_link=profile_link, url=url, raw=Markup)

    def render(self, name: str | TemplateSpec, **context: Any) -> str:
        template = self.env.get_template(str(name))
        return template.render(**context).strip()

    def check(self) -> list[str]:
        """Render every declared template with its sample values; return problems (empty when fine)."""
        problems = []
        minimums = {
            "post": self.limits.min_post_length,
            "private_message": self.limits.min_personal_message_post_length,
            "title": self.limits.min_topic_title_length,
        }
        for spec in sorted(self.specs, key=lambda s: s.name):
            try:
                text = self.render(spec.name, **spec.sample)
            except TemplateError as exc:
                problems.append(f"template {spec.name} ({' or '.join(self.directories)}): {exc}")
                continue
            if len(text) < minimums[spec.kind]:
                problems.append(
                    f"template {spec.name} renders {len(text)} characters; Discourse requires at least {minimums[spec.kind]} for a {spec.kind.replace('_', ' ')}"
                )
        return problems

    def check_or_raise(self) -> None:
        problems = self.check()
        if problems:
            raise ConfigError("; ".join(problems))
