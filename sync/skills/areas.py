"""The `skills:` settings resolved against the taxonomy, and the process-wide normaliser.

Building a Normalizer indexes every term of the taxonomy and its cache is what makes normalising
cheap, so each process keeps one per (taxonomy, threshold) and every handler, job and command shares it.
The taxonomy file's modification time and size are part of that key: an edited taxonomy reaches a
running worker with the next event, without a restart.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from circleup.sync.skills.normalize import Normalizer, fold
from circleup.sync.skills.taxonomy import DEFAULT_TAXONOMY_PATH, load_taxonomy

WATCHING = 3
REGULAR = 1  # Discourse's default category notification level: what "stop following" returns to


@dataclass(frozen=True, slots=True)
class AreaConfig:
    name: str
    category_id: int
    topic_id: int
    # Folded names of the extra skills listed in this area whatever their taxonomy area.
    extra_keys: frozenset[str] = frozenset()

    def holds(self, skill: str, skill_area: str | None) -> bool:
        return skill_area == self.name or (bool(self.extra_keys) and fold(skill) in self.extra_keys)


@dataclass(frozen=True, slots=True)
class SkillsConfig:
    share_field: str | None
    learn_field: str | None
    follow_field: str | None
    support_field: str | None
    follow_group: str | None
    follow_level: int
    registration_topic_ids: frozenset[int]
    interval_s: float
    max_post_chars: int
    areas: tuple[AreaConfig, ...]

    @property
    def reads_fields(self) -> bool:
        return bool(self.share_field or self.learn_field or self.follow_field or self.support_field)

    @property
    def follows_enabled(self) -> bool:
        return bool(self.follow_field or self.follow_group)

    def area(self, name: str) -> AreaConfig | None:
        return next((area for area in self.areas if area.name == name), None)

    def area_of_topic(self, topic_id: int) -> AreaConfig | None:
        return next((area for area in self.areas if area.topic_id == topic_id), None)

    def areas_holding(self, skill: str, skill_area: str | None) -> list[AreaConfig]:
        return [area for area in self.areas if area.holds(skill, skill_area)]


def is_listed(member) -> bool:
    """Shown in directories, followed into categories, offered to matching."""
    return not (member.suspended or member.deleted or member.opted_out)


def taxonomy_path(settings) -> Path:
    configured = settings.skills.taxonomy
    return Path(configured).resolve() if configured else DEFAULT_TAXONOMY_PATH


_normalizers_lock = threading.Lock()


def get_normalizer(settings) -> Normalizer:
    """The process-wide Normalizer for these settings' taxonomy (as the file is now) and fuzzy threshold."""
    path = taxonomy_path(settings)
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = (0, 0)  # load_taxonomy reports the unreadable file
    with _normalizers_lock:  # two threads building the same index at start-up would waste seconds
        return _normalizer(str(path), float(settings.skills.fuzzy_threshold), version)


@lru_cache(maxsize=4)
def _normalizer(path: str, threshold: float, version: tuple[int, int]) -> Normalizer:
    return Normalizer(load_taxonomy(path), fuzzy_threshold=threshold)


def skills_config(settings) -> SkillsConfig:
    """The resolved `skills:` section (cached: handlers call this for every event)."""
    section = settings.skills.to_dict()
    max_chars = min(section["directory_max_post_chars"], settings.discourse.max_post_length)
    key = json.dumps([section, max_chars, str(taxonomy_path(settings))], sort_keys=True)
    return _resolve(key, get_normalizer(settings))


@lru_cache(maxsize=8)
def _resolve(key: str, normalizer: Normalizer) -> SkillsConfig:
    section, max_chars, _path = json.loads(key)
    areas = tuple(
        AreaConfig(name=area["name"], category_id=area["category_id"], topic_id=area["directory_topic_id"],
                   extra_keys=_extra_keys(normalizer, area["skills"]))
        for area in section["areas"]
        # An area `circleup setup` has not made yet has nowhere to publish: doctor says so.
        if area["category_id"] is not None and area["directory_topic_id"] is not None
    )
    return SkillsConfig(
        share_field=section["share_field"], learn_field=section["learn_field"],
        follow_field=section["follow_field"], support_field=section["support_field"], follow_group=section["follow_group"],
        follow_level=section["follow_level"],
        registration_topic_ids=frozenset(section["registration_topic_ids"]),
        interval_s=float(section["directory_interval_s"]), max_post_chars=max_chars, areas=areas,
    )


def _extra_keys(normalizer: Normalizer, skills: Iterable[str]) -> frozenset[str]:
    # Through the normaliser, so "python3" in the config names the same skill as "Python" in profiles.
    keys = set()
    for raw in skills:
        try:
            keys.add(fold(normalizer.normalize(raw).canonical))
        except ValueError:
            continue
    return frozenset(keys)
