"""The programmes a member can apply to: the `citizens:` section and each section of `programmes:`,
seen as one kind of thing (sync.citizens.config describes the keys).

Everything the flow does is done for one programme: a post in a programme's application topic, a
change of its group, a decision at its desk (`Desk(uow, services, programme)`).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from circleup.integration.templates import TemplateSpec
from circleup.sync.citizens.config import CITIZENS

# Templates every programme shares: they say nothing about the programme.
SHARED_TEMPLATES = frozenset({"citizens/command_problems.md.j2"})


class UnknownProgramme(LookupError):
    """A programme name that circleup.yaml does not configure; the message lists those it does."""


@dataclass(frozen=True)
class Programme:
    name: str
    config: Any  # its section (config.settings.Section, or the loaded dict at start-up)

    @property
    def title(self) -> str:
        return self.config["title"]

    @property
    def member_noun(self) -> str:
        return self.config["member_noun"]

    @property
    def members_noun(self) -> str:
        noun = self.member_noun
        return noun if noun.endswith("s") else noun + "s"

    @property
    def a_member(self) -> str:
        """"a citizen", "an ambassador"."""
        noun = self.member_noun
        return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun

    def config_key(self, key: str) -> str:
        """Where one of its keys is in circleup.yaml, for setup's write-back and for messages."""
        return f"{CITIZENS}.{key}" if self.name == CITIZENS else f"programmes.{self.name}.{key}"

    def template(self, spec: TemplateSpec | str) -> str:
        """The name of this programme's version of one of the flow's templates (`citizens/thanks.md.j2`
        is the citizens programme's; another programme's is `citizens/<name>/thanks.md.j2`)."""
        name = str(spec)
        if self.name == CITIZENS or name in SHARED_TEMPLATES:
            return name
        flow, file = name.split("/", 1)
        return f"{flow}/{self.name}/{file}"

    def spec(self, spec: TemplateSpec) -> TemplateSpec:
        return replace(spec, name=self.template(spec))


def configured(values: Mapping[str, Any]) -> list[Programme]:
    """The programmes of a loaded configuration (settings, or the dict the schema loaded), citizens first."""
    citizens = values.get(CITIZENS) if isinstance(values, Mapping) else getattr(values, CITIZENS, None)
    others = values.get("programmes") if isinstance(values, Mapping) else getattr(values, "programmes", None)
    found = [Programme(CITIZENS, citizens)] if citizens is not None else []
    return found + [Programme(name, section) for name, section in (others or {}).items()]


def all_programmes(settings) -> list[Programme]:
    return configured(settings.file)


def programme(settings, name: str | Programme | None = None) -> Programme:
    """The programme called `name` (the citizens programme when None)."""
    if isinstance(name, Programme):
        return name
    wanted = name or CITIZENS
    for found in all_programmes(settings):
        if found.name == wanted:
            return found
    names = ", ".join(p.name for p in all_programmes(settings))
    raise UnknownProgramme(f"no programme is called {wanted!r} (circleup.yaml configures: {names})")


def of_topic(settings, topic_id: int | None) -> Programme | None:
    """The programme whose application topics include `topic_id`."""
    if topic_id is None:
        return None
    return next((p for p in all_programmes(settings) if topic_id in set(p.config.application_topic_ids)), None)


def approvers_groups(settings) -> tuple[str, ...]:
    """Every programme's approvers group, once each: their members may use the moderators' dashboard."""
    seen: dict[str, str] = {}
    for found in all_programmes(settings):
        group = found.config.approvers_group
        if group:
            seen.setdefault(group.lower(), group)
    return tuple(seen.values())
