"""The skills taxonomy: canonical skills, the areas they belong to, and every way members write them.

The file is community-owned YAML (the default ships as config/taxonomy.yaml). It is loaded once and
validated as a whole, so a mistake — a synonym claimed by two skills, a skill in an area that does not
exist — is reported with the skill's name and the file's path before any member data is touched.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from circleup.config import DEFAULT_TAXONOMY_PATH, strict_yaml
from circleup.sync.skills.normalize import fold


_TOP_KEYS = frozenset({"version", "areas", "skills"})
_AREA_KEYS = frozenset({"name", "description", "category"})
_SKILL_KEYS = frozenset({"name", "area", "synonyms", "ambiguous", "translations", "related"})
# BCP 47-ish: "sw", "pt-BR", "zh-Hans". Enough to catch a term typed where a language code belongs.
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


class TaxonomyError(ValueError):
    """The taxonomy file is unusable; `problems` lists every issue found, each naming the skill."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid skills taxonomy {source}: {len(problems)} problem(s)\n{shown}")


@dataclass(frozen=True, slots=True)
class Area:
    name: str
    description: str = ""
    category: str = ""  # the Discourse category holding this area's directory; empty = same as name

    @property
    def category_name(self) -> str:
        return self.category or self.name


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    area: str
    synonyms: tuple[str, ...] = ()
    # Everyday words ("pitch", "node", "go") that name this skill in a profile field but would be
    # false positives in prose.
    ambiguous: tuple[str, ...] = ()
    # (language code, term) pairs: a tuple keeps the dataclass hashable and the file's order.
    translations: tuple[tuple[str, str], ...] = ()
    # Words people associate with the skill ("footage" for video editing): never matched as terms,
    # only read by the semantic layer, so they may be shared between skills.
    related: tuple[str, ...] = ()

    def terms(self) -> Iterable[tuple[str, str]]:
        """Every spelling of this skill as (kind, term), the name first; kind is the match method."""
        yield "exact", self.name
        for term in self.synonyms:
            yield "synonym", term
        for term in self.ambiguous:
            yield "synonym", term
        for _language, term in self.translations:
            yield "translation", term


@dataclass(frozen=True, slots=True)
class Taxonomy:
    areas: tuple[Area, ...]
    skills: tuple[Skill, ...]
    source: str = "<memory>"

    def area(self, name: str) -> Area:
        for area in self.areas:
            if area.name == name:
                return area
        raise KeyError(name)

    def skill(self, name: str) -> Skill:
        for skill in self.skills:
            if skill.name == name:
                return skill
        raise KeyError(name)

    def skills_in(self, area_name: str) -> tuple[Skill, ...]:
        return tuple(skill for skill in self.skills if skill.area == area_name)

    def skill_areas(self) -> dict[str, str]:
        """Canonical skill name → area name."""
        return {skill.name: skill.area for skill in self.skills}


def load_taxonomy(path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """Load and validate a taxonomy file; `None` loads the default shipped with circleup."""
    file = Path(path) if path is not None else DEFAULT_TAXONOMY_PATH
    source = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise TaxonomyError(source, [f"cannot read the file: {exc.strerror or exc}"]) from exc
    try:
        data = strict_yaml.load(text)
    except yaml.YAMLError as exc:
        raise TaxonomyError(source, [f"not valid YAML: {exc}"]) from exc
    return parse_taxonomy(data, source=source)


def parse_taxonomy(data: Any, *, source: str = "<memory>") -> Taxonomy:
    """Validate already-parsed YAML data. Collects every problem, then raises one TaxonomyError."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise TaxonomyError(source, ["the top level must be a mapping with 'areas' and 'skills'"])
    for key in sorted(set(map(str, data)) - _TOP_KEYS):
        problems.append(f"unknown top-level key {key!r} (expected: areas, skills, version)")

    areas = _parse_areas(data.get("areas"), problems)
    area_names = {area.name for area in areas}
    skills = _parse_skills(data.get("skills"), area_names, problems)
    _check_terms_are_unique(skills, problems)

    if problems:
        raise TaxonomyError(source, problems)
    return Taxonomy(areas=tuple(areas), skills=tuple(skills), source=source)


def _parse_areas(raw: Any, problems: list[str]) -> list[Area]:
    if not isinstance(raw, list) or not raw:
        problems.append("'areas' must be a non-empty list")
        return []
    areas: list[Area] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(raw, start=1):
        where = f"area #{index}"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: must be a mapping with a 'name'")
            continue
        name = _text(item.get("name"))
        if name:
            where = f"area {name!r}"
        for key in sorted(set(map(str, item)) - _AREA_KEYS):
            problems.append(f"{where}: unknown key {key!r}")
        if not name:
            problems.append(f"{where}: empty name")
            continue
        key = fold(name)
        if key in seen:
            problems.append(f"{where}: defined twice (also as {seen[key]!r})")
            continue
        seen[key] = name
        areas.append(Area(name=name, description=_text(item.get("description")),
                          category=_text(item.get("category"))))
    return areas


def _parse_skills(raw: Any, area_names: set[str], problems: list[str]) -> list[Skill]:
    if not isinstance(raw, list) or not raw:
        problems.append("'skills' must be a non-empty list")
        return []
    skills: list[Skill] = []
    for index, item in enumerate(raw, start=1):
        where = f"skill #{index}"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: must be a mapping with 'name' and 'area'")
            continue
        name = _text(item.get("name"))
        if name:
            where = f"skill {name!r}"
        for key in sorted(set(map(str, item)) - _SKILL_KEYS):
            problems.append(f"{where}: unknown key {key!r}")
        if not name or not fold(name):
            problems.append(f"{where}: empty name (a name needs at least one letter or digit)")
            continue
        area = _text(item.get("area"))
        if not area:
            problems.append(f"{where}: no area")
        elif area not in area_names:
            problems.append(f"{where}: unknown area {area!r}")
        synonyms = _terms(item.get("synonyms"), f"{where}: synonyms", problems)
        ambiguous = _terms(item.get("ambiguous"), f"{where}: ambiguous", problems)
        translations = _translations(item.get("translations"), where, problems)
        related = _terms(item.get("related"), f"{where}: related", problems)
        skills.append(Skill(name=name, area=area, synonyms=synonyms, ambiguous=ambiguous,
                            translations=translations, related=related))
    return skills


def _terms(raw: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, (str, int, float)):
        raw = [raw]  # a single synonym written without brackets is an easy slip, not an error
    if not isinstance(raw, list):
        problems.append(f"{where} must be a list of terms")
        return ()
    terms: list[str] = []
    for item in raw:
        term = _text(item)
        if not term or not fold(term):
            problems.append(f"{where}: empty term {item!r}")
            continue
        terms.append(term)
    return tuple(terms)


def _translations(raw: Any, where: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: translations must map a language code to terms, e.g. {{es: [fotografía]}}")
        return ()
    pairs: list[tuple[str, str]] = []
    for language, terms in raw.items():
        if language is False:
            language = "no"  # YAML 1.1 reads an unquoted `no:` (Norwegian) as false
        elif isinstance(language, bool):
            problems.append(f"{where}: YAML read a language code in translations as true (it does that "
                            "to yes, on, true); quote the code, e.g. 'on': [...]")
            continue
        language = str(language)
        if not _LANGUAGE_CODE.match(language):
            problems.append(f"{where}: {language!r} is not a language code")
            continue
        for term in _terms(terms, f"{where}: translations[{language}]", problems):
            pairs.append((language, term))
    return tuple(pairs)


def _check_terms_are_unique(skills: list[Skill], problems: list[str]) -> None:
    """A term (after folding case, accents and punctuation) may name only one skill."""
    owner: dict[str, tuple[str, str, str]] = {}
    for skill in skills:
        for kind, term in skill.terms():
            key = fold(term)
            claimed = owner.get(key)
            if claimed is None:
                owner[key] = (skill.name, kind, term)
            elif claimed[0] != skill.name:
                other_skill, other_kind, other_term = claimed
                problems.append(
                    f"skill {skill.name!r}: {_kind_label(kind)} {term!r} is already the "
                    f"{_kind_label(other_kind)} {other_term!r} of skill {other_skill!r}"
                )


def _kind_label(kind: str) -> str:
    return "name" if kind == "exact" else kind


def _text(value: Any) -> str:
    # YAML turns `name: 3D` or `name: yes` into non-strings; they are still text to a community.
    if value is None or isinstance(value, (Mapping, list)):
        return ""
    return " ".join(str(value).split())
