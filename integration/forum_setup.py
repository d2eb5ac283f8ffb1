"""What circleup needs to exist in the forum: declared by the flows, created by `circleup setup`,
checked by `circleup doctor`.

The protocol
------------
A flow (sync.flow.Flow, registered in `sync.FLOWS`) may declare `requirements`, a function::

    def forum_requirements(settings) -> list:
        return [
            GroupRequirement(settings.citizens.group, full_name="Source Citizens", config_key="citizens.group"),
            CategoryRequirement("Source Citizens", read_restricted_to=settings.citizens.group,
                                id_config_key="citizens.category_id", configured_id=settings.citizens.category_id),
        ]

A flow without requirements is skipped. Requirements are plain frozen dataclasses; two flows
naming the same object (a group or tag by name, a category by name, a topic by category and
title, a user field by name) get one. Order does not matter: each kind has a rank (groups, user
fields and tags first, then categories, topics, and the webhook last), and a requirement's
`dependencies` (a topic's category) join the plan by themselves. The webhook is not declared by
flows: setup derives it from the event names the flows' routers handle (`WebhookRequirement.for_events`).

Configuration names things; setup records their ids. Objects whose id the configuration must hold
(a category id, a directory topic id, a user field id) name the key in `id_config_key`
("citizens.category_id", "skills.areas[0].directory_topic_id") and carry the id configured so far
in `configured_id`; the configured id wins over the name. `ids_to_configure` lists what setup found
or made that the configuration lacks (the CLI writes them back into circleup.yaml).

Adding a kind
-------------
A new kind of object (a badge, a calendar topic…) is a frozen dataclass with `kind`, `identity`
and `label` (and optionally `id_config_key`, `configured_id`, `dependencies()`), plus one function
that finds or creates it, registered with `register_kind`::

    @dataclass(frozen=True)
    class BadgeRequirement:
        name: str
        kind: ClassVar[str] = "badge"
        ...

    def ensure_badge(setup: ForumSetup, req: BadgeRequirement) -> Outcome:
        found = ...  # setup.call("…") waits out the API budget; nothing but reads when setup.dry_run
        return Outcome(EXISTS, req, found["id"]) if found else ...

    register_kind("badge", ensure_badge, rank=1)

`doctor` needs nothing more: it runs the same function with `dry_run` and reports a WOULD_CREATE,
WOULD_UPDATE or PROBLEM outcome as a FAIL.

This module is below the flows in the layering: it never imports `sync`. The CLI (the
composition root) collects the flows and their event names and passes them in.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from circleup.config.urls import safe_url
from circleup.config.write_back import set_value
from circleup.integration.errors import NotFound, PermanentError, RetryLater
from circleup.integration.webhook_events import event_names_by_type_id, webhook_event_type_id

# CategoryGroup.permission_types: full = create topics, reply and see.
FULL_PERMISSION = 1
JSON_CONTENT_TYPE = 1  # WebHook.content_types["application/json"]

# -- requirements ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRequirement:
    """A custom Discourse group, found or created by name."""

    name: str
    full_name: str | None = None
    visibility_level: int = 0  # 0 public, 1 logged-on users, 2 members, 3 staff, 4 owners
    public_admission: bool = False
    public_exit: bool = False
    config_key: str | None = None  # where the name is configured, for messages

    kind: ClassVar[str] = "group"

    @property
    def identity(self) -> tuple:
        return ("group", self.name.lower())

    @property
    def label(self) -> str:
        return self.name


@dataclass(frozen=True)
class CategoryRequirement:
    """A top-level category, found by its configured id or else by name, created by name.

    `read_restricted_to` names the group that alone (with staff) may read it, with full permission.
    """

    name: str
    read_restricted_to: str | None = None
    id_config_key: str | None = None
    configured_id: int | None = None
    color: str = "0088CC"
    text_color: str = "FFFFFF"
    description: str | None = None

    kind: ClassVar[str] = "category"

    @property
    def identity(self) -> tuple:
        return ("category", self.name.lower())

    @property
    def label(self) -> str:
        return self.name

    @property
    def permissions(self) -> dict[str, int] | None:
        """The `permissions` to create it with; None leaves Discourse's default (everyone, full)."""
        if not self.read_restricted_to:
            return None
        return {self.read_restricted_to: FULL_PERMISSION, "staff": FULL_PERMISSION}


@dataclass(frozen=True)
class TopicRequirement:
    """A topic circleup opens (as the API user) and the configuration then names by id.

    `category` is the CategoryRequirement it lives in, or a category id. Without a configured id
    setup creates it; Discourse refuses a second topic with the same title, which setup reports
    rather than creating a duplicate.
    """

    category: CategoryRequirement | int
    title: str
    raw: str
    id_config_key: str | None = None
    configured_id: int | None = None
    tags: tuple[str, ...] = ()

    kind: ClassVar[str] = "topic"

    @property
    def identity(self) -> tuple:
        category = self.category.identity if isinstance(self.category, CategoryRequirement) else self.category
        return ("topic", category, " ".join(self.title.split()).lower())

    @property
    def label(self) -> str:
        return f'"{self.title}"'

    def dependencies(self) -> list:
        return [self.category] if isinstance(self.category, CategoryRequirement) else []


# UserField.field_types in Discourse: the two circleup uses.
TEXT_FIELD, CONFIRM_FIELD = "text", "confirm"


@dataclass(frozen=True)
class UserFieldRequirement:
    """A custom user field (Admin → Users → User fields), found by configured id or name, created by name.

    `field_type` "text" holds what members type (their skills); "confirm" is a checkbox (an opt-in).
    """

    name: str
    description: str
    field_type: str = TEXT_FIELD
    id_config_key: str | None = None
    configured_id: int | None = None
    editable: bool = True
    show_on_profile: bool = True

    kind: ClassVar[str] = "user field"

    @property
    def identity(self) -> tuple:
        return ("user field", self.name.strip().lower())

    @property
    def label(self) -> str:
        return f'"{self.name}"'


@dataclass(frozen=True)
class TagRequirement:
    """A tag members must be able to use although they may not create tags (Discourse lets only
    trust level 3 and staff do that by default). Created through a tag group named after it."""

    name: str
    config_key: str | None = None

    kind: ClassVar[str] = "tag"

    @property
    def identity(self) -> tuple:
        return ("tag", _tag_name(self.name))

    @property
    def label(self) -> str:
        return _tag_name(self.name)


@dataclass(frozen=True)
class BadgeRequirement:
    """A manual Discourse badge circleup grants (POST /user_badges.json), found or created by name
    through the admin badges API, its description kept as configured."""

    name: str
    description: str
    badge_type_id: int = 3  # bronze
    icon: str = "certificate"
    config_key: str | None = None  # where it is configured, for messages

    kind: ClassVar[str] = "badge"

    @property
    def identity(self) -> tuple:
        return ("badge", self.name.lower())

    @property
    def label(self) -> str:
        return f'"{self.name}"'


@dataclass(frozen=True)
class WebhookRequirement:
    """The hook delivering the events circleup's flows handle to its receiver."""

    payload_url: str
    secret: str = field(repr=False)  # the webhook secret must never reach a log line or a traceback
    event_type_ids: frozenset[int]
    event_names: frozenset[str] = frozenset()

    kind: ClassVar[str] = "webhook"

    @classmethod
    def for_events(cls, payload_url: str, secret: str, event_names: Iterable[str]) -> WebhookRequirement:
        names = frozenset(event_names)
        ids = frozenset(i for i in (webhook_event_type_id(n) for n in names) if i is not None)
        return cls(payload_url=payload_url, secret=secret, event_type_ids=ids, event_names=names)

    @property
    def identity(self) -> tuple:
        return ("webhook", _normal_url(self.payload_url))

    @property
    def label(self) -> str:
        return self.payload_url


Requirement = Any  # any registered kind's dataclass (see register_kind)


# -- kinds ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How one kind of requirement is found or made: `ensure(setup, requirement) -> Outcome`.
    `rank` orders the plan: a kind comes after every kind it may refer to."""

    name: str
    ensure: Callable[[ForumSetup, Any], Outcome]
    rank: int


_KINDS: dict[str, Kind] = {}


def register_kind(name: str, ensure: Callable[[ForumSetup, Any], Outcome], *, rank: int) -> None:
    """Make requirements whose `kind` is `name` known to setup and doctor (a second registration replaces the first)."""
    _KINDS[name] = Kind(name, ensure, rank)


def kind_names() -> list[str]:
    return sorted(_KINDS, key=lambda name: (_KINDS[name].rank, name))


def collect_requirements(settings: Any, flows: Iterable[Any]) -> list[Requirement]:
    """Every flow's `requirements(settings)`, de-duplicated, in dependency order.

    Flows that declare none are skipped; anything else than a list of requirements of a registered
    kind is a programming error in the flow and raises TypeError naming the flow.
    """
    found: list[Requirement] = []
    for flow in flows:
        provide = flow.requirements
        if provide is None:
            continue
        declared = provide(settings)
        if not isinstance(declared, (list, tuple)):
            raise TypeError(f"the {flow.name} flow's requirements must be a list, not {type(declared).__name__}")
        for requirement in declared:
            if getattr(requirement, "kind", None) not in _KINDS:
                raise TypeError(
                    f"the {flow.name} flow's requirements hold {requirement!r}; expected a requirement of a "
                    f"registered kind ({', '.join(kind_names())})"
                )
            found.append(requirement)
    return normalise(found)


def normalise(requirements: Iterable[Requirement]) -> list[Requirement]:
    """One requirement per object (the first declaration wins), with their dependencies, in rank order."""
    unique: dict[tuple, Requirement] = {}

    def add(requirement: Requirement) -> None:
        unique.setdefault(requirement.identity, requirement)
        dependencies = getattr(requirement, "dependencies", None)
        for dependency in (dependencies() if dependencies else ()):
            add(dependency)

    for requirement in requirements:
        add(requirement)
    return sorted(unique.values(), key=lambda r: _KINDS[r.kind].rank)


# -- outcomes -------------------------------------------------------------------------------------

CREATED, EXISTS, UPDATED, WOULD_CREATE, WOULD_UPDATE, PROBLEM = (
    "created", "exists", "updated", "would create", "would update", "problem")


@dataclass
class Outcome:
    """What setup found or did for one requirement (doctor reads the dry-run outcomes)."""

    status: str
    requirement: Requirement
    id: int | None = None
    detail: str = ""
    # The differences found and corrected (or to correct), each a short phrase ("inactive", "events: +post_edited").
    differences: list[str] = field(default_factory=list)
    # Only for webhooks not found at the URL: where the forum's other hooks deliver.
    other_urls: list[str] = field(default_factory=list)
    # Only for webhooks found at the URL: the hook as Discourse lists it.
    found: Mapping[str, Any] | None = None

    @property
    def kind(self) -> str:
        return self.requirement.kind

    @property
    def id_config_key(self) -> str | None:
        return getattr(self.requirement, "id_config_key", None)

    @property
    def id_to_configure(self) -> tuple[str, int] | None:
        """(config key, id) when the configuration must be told this object's id."""
        key = self.id_config_key
        configured = getattr(self.requirement, "configured_id", None)
        if key and self.id is not None and (configured is None or int(configured) != self.id):
            return key, self.id
        return None

    @property
    def changed(self) -> bool:
        return self.status in (CREATED, UPDATED)

    @property
    def ok(self) -> bool:
        return self.status != PROBLEM

    def line(self) -> str:
        text = f"{self.status} {self.kind} {self.requirement.label}"
        if self.id is not None:
            text += f" (id {self.id})"
        if isinstance(self.requirement, TopicRequirement) and self.status == WOULD_CREATE:
            text += f" in category {_category_label(self.requirement.category)}"
        if self.differences:
            text += ": " + "; ".join(self.differences)
        if self.detail:
            text += (", " if self.differences else ": ") + self.detail
        return text


def _category_label(category: CategoryRequirement | int) -> str:
    return category.name if isinstance(category, CategoryRequirement) else f"id {category}"


# -- the engine -----------------------------------------------------------------------------------


class ForumSetup:
    """Finds each required object and, unless `dry_run`, creates or corrects what is missing.
    It never deletes anything.

    Only reads (GET) happen under `dry_run`, so `doctor` runs it to see what setup would do.
    The client's budget or a 429 may ask to wait: setup is a command a person runs, so it sleeps
    (up to `max_wait_s` in all) rather than failing half-way.
    """

    def __init__(
        self,
        client: Any,
        *,
        dry_run: bool = False,
        sleep: Callable[[float], None] = time.sleep,
        max_wait_s: float = 180.0,
        on_wait: Callable[[float, str], None] | None = None,
    ) -> None:
        self.client = client
        self.dry_run = dry_run
        self._sleep = sleep
        self._wait_left = max_wait_s
        self._on_wait = on_wait
        self._resolved: dict[tuple, int | None] = {}
        self._cache: dict[str, Any] = {}  # listings read once per run ("categories", "user fields", "tags")

    def ensure(self, requirements: Iterable[Requirement]) -> list[Outcome]:
        outcomes = []
        for requirement in normalise(requirements):
            try:
                outcome = _KINDS[requirement.kind].ensure(self, requirement)
            except PermanentError as exc:
                outcome = Outcome(PROBLEM, requirement, detail=str(exc))
            if outcome.status != PROBLEM or outcome.id is not None:
                self._resolved[requirement.identity] = outcome.id
            outcomes.append(outcome)
        return outcomes

    def resolved_id(self, requirement: Requirement) -> int | None:
        """The id an earlier requirement of this run found or made (None: not found, or dry run)."""
        return self._resolved.get(requirement.identity)

    def listing(self, name: str, read: Callable[[], Any]) -> Any:
        """A listing read once per run; `forget(name)` after creating something in it."""
        if name not in self._cache:
            self._cache[name] = read()
        return self._cache[name]

    def forget(self, name: str) -> None:
        self._cache.pop(name, None)

    # -- calls, with waiting for the budget --------------------------------------------------------

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """`client.<method>(…)`, sleeping out RetryLater within the run's waiting budget."""
        while True:
            try:
                return getattr(self.client, method)(*args, **kwargs)
            except RetryLater as exc:
                if exc.delay > self._wait_left:
                    raise PermanentError(f"{exc}; gave up waiting (try again in a minute)") from exc
                self._wait_left -= exc.delay
                if self._on_wait is not None:
                    self._on_wait(exc.delay, str(exc))
                self._sleep(exc.delay)

    _call = call


# -- groups -------------------------------------------------------------------------------------------


def ensure_group(setup: ForumSetup, req: GroupRequirement) -> Outcome:
    try:
        group = setup.call("get_group", req.name)
        return Outcome(EXISTS, req, group["id"])
    except NotFound:
        pass
    if setup.dry_run:
        return Outcome(WOULD_CREATE, req)
    group = setup.call(
        "create_group", req.name, full_name=req.full_name, visibility_level=req.visibility_level,
        public_admission=req.public_admission, public_exit=req.public_exit,
    )
    return Outcome(CREATED, req, group["id"])


# -- categories ---------------------------------------------------------------------------------------


def ensure_category(setup: ForumSetup, req: CategoryRequirement) -> Outcome:
    notes = []
    found = None
    if req.configured_id is not None:
        try:
            found = setup.call("get_category", req.configured_id)
        except NotFound:
            notes.append(f"{req.id_config_key or 'the configured id'} names category {req.configured_id}, which does not exist")
    if found is None:
        listed = _find_category_by_name(setup, req.name)
        if listed is not None:
            found = setup.call("get_category", listed["id"]) if req.read_restricted_to else listed
    if found is not None:
        return _correct_restriction(setup, req, found, notes)
    if setup.dry_run:
        return Outcome(WOULD_CREATE, req, detail="; ".join(notes))
    category = setup.call("create_category", req.name, color=req.color, text_color=req.text_color,
                          permissions=req.permissions)
    setup.forget("categories")
    return Outcome(CREATED, req, category["id"], detail="; ".join(notes))


def _find_category_by_name(setup: ForumSetup, name: str) -> dict | None:
    wanted = name.strip().lower()
    return next((c for c in setup.listing("categories", lambda: setup.call("get_categories"))
                 if c.get("name", "").strip().lower() == wanted and not c.get("parent_category_id")), None)


def _permissions_of(category: Mapping[str, Any]) -> dict[str, int]:
    return {p.get("group_name", "").lower(): p.get("permission_type") for p in category.get("group_permissions") or ()}


def _correct_restriction(setup: ForumSetup, req: CategoryRequirement, category: Mapping[str, Any],
                         notes: list[str]) -> Outcome:
    """A read-restricted category must be closed to everyone and open to its group (and staff).

    A grant the group lacks is added (setup adds, it does not take away). A category everyone can
    read is a PROBLEM, not corrected: hiding a category that is public now would hide its topics
    from members who read them, and that is for a person to decide.
    """
    group = req.read_restricted_to
    if not group:
        return Outcome(EXISTS, req, category["id"], detail="; ".join(notes))
    permissions = _permissions_of(category)
    if "everyone" in permissions or category.get("read_restricted") is False:
        notes.append(f"not read-restricted: everyone can read it, but only {group} and staff should "
                     f"(Discourse → category → Security: remove everyone, give {group} Create/Reply/See; "
                     "setup does not hide a public category by itself)")
        return Outcome(PROBLEM, req, category["id"], detail="; ".join(notes))
    lacking = [name for name in (group, "staff") if name.lower() not in permissions]
    if not lacking:
        return Outcome(EXISTS, req, category["id"], detail="; ".join(notes))
    differences = [f"{name} has no access" for name in lacking]
    if setup.dry_run:
        return Outcome(WOULD_UPDATE, req, category["id"], differences=differences, detail="; ".join(notes))
    wanted = {p["group_name"]: p["permission_type"] for p in category.get("group_permissions") or ()}
    wanted.update({name: FULL_PERMISSION for name in lacking})
    setup.call("update_category", category["id"], name=category.get("name") or req.name, permissions=wanted)
    return Outcome(UPDATED, req, category["id"], differences=[f"{name} given Create/Reply/See" for name in lacking],
                   detail="; ".join(notes))


# -- topics -------------------------------------------------------------------------------------------


def ensure_topic(setup: ForumSetup, req: TopicRequirement) -> Outcome:
    notes = []
    if req.configured_id is not None:
        try:
            topic = setup.call("get_topic", req.configured_id)
            return Outcome(EXISTS, req, topic["id"])
        except NotFound:
            notes.append(f"{req.id_config_key or 'the configured id'} names topic {req.configured_id}, which does not exist")
    category_id = req.category if isinstance(req.category, int) else setup.resolved_id(req.category)
    if category_id is None and setup.dry_run:
        return Outcome(WOULD_CREATE, req, detail="; ".join(notes))
    if category_id is None:
        notes.append(f"its category {_category_label(req.category)} could not be found or made (see above)")
        return Outcome(PROBLEM, req, detail="; ".join(notes))
    existing = _find_topic_by_title(setup, category_id, req.title)
    if existing is not None:
        return Outcome(EXISTS, req, existing, detail="; ".join(notes))
    if setup.dry_run:
        return Outcome(WOULD_CREATE, req, detail="; ".join(notes))
    try:
        post = setup.call("create_topic", req.title, req.raw, category_id, tags=list(req.tags) or None)
    except PermanentError as exc:
        if exc.status == 422 and "title has already been used" in str(exc).lower():
            where = f" and put its id at {req.id_config_key} in circleup.yaml" if req.id_config_key else ""
            notes.append(f"a topic with this title exists elsewhere in the forum; find it{where}, or choose another title")
            return Outcome(PROBLEM, req, detail="; ".join(notes))
        raise
    return Outcome(CREATED, req, post["topic_id"], detail="; ".join(notes))


def _find_topic_by_title(setup: ForumSetup, category_id: int | None, title: str) -> int | None:
    """A topic of that title in the category (as Discourse compares titles: case and spacing aside)."""
    if category_id is None:
        return None
    wanted = " ".join(title.split()).lower()
    category = setup.call("get_category", category_id)
    for topic in setup.call("category_topics", category_id, category.get("slug") or "-"):
        if " ".join(str(topic.get("title", "")).split()).lower() == wanted:
            return int(topic["id"])
    return None


# -- badges -------------------------------------------------------------------------------------------


def ensure_badge(setup: ForumSetup, req: BadgeRequirement) -> Outcome:
    """Found by name in the admin badges list; its description set as configured; created if missing."""
    badges = setup.listing("badges", lambda: setup.call("list_badges"))
    found = next((b for b in badges if str(b.get("name") or "").strip().lower() == req.name.lower()), None)
    if found is not None:
        if (found.get("description") or "") == req.description:
            return Outcome(EXISTS, req, found["id"])
        if setup.dry_run:
            return Outcome(WOULD_UPDATE, req, found["id"], detail="its description differs from the configured one")
        setup.call("update_badge", found["id"], description=req.description)
        setup.forget("badges")
        return Outcome(UPDATED, req, found["id"], detail="description set as configured")
    if setup.dry_run:
        return Outcome(WOULD_CREATE, req)
    badge = setup.call("create_badge", req.name, req.description, badge_type_id=req.badge_type_id, icon=req.icon)
    setup.forget("badges")
    return Outcome(CREATED, req, badge["id"])


# -- user fields --------------------------------------------------------------------------------------


def ensure_user_field(setup: ForumSetup, req: UserFieldRequirement) -> Outcome:
    fields = setup.listing("user fields", lambda: setup.call("list_user_fields"))
    notes = []
    found = None
    if req.configured_id is not None:
        found = next((f for f in fields if int(f["id"]) == int(req.configured_id)), None)
        if found is None:
            notes.append(f"{req.id_config_key or 'the configured id'} names user field {req.configured_id}, which does not exist")
    if found is None:
        wanted = req.name.strip().lower()
        found = next((f for f in fields if str(f.get("name", "")).strip().lower() == wanted), None)
    if found is not None:
        if found.get("field_type") and found["field_type"] != req.field_type:
            notes.append(f"it is a {found['field_type']} field; circleup expects {req.field_type}")
            return Outcome(PROBLEM, req, int(found["id"]), detail="; ".join(notes))
        return Outcome(EXISTS, req, int(found["id"]), detail="; ".join(notes))
    if setup.dry_run:
        return Outcome(WOULD_CREATE, req, detail="; ".join(notes))
    created = setup.call("create_user_field", req.name, description=req.description, field_type=req.field_type,
                         editable=req.editable, show_on_profile=req.show_on_profile)
    setup.forget("user fields")
    return Outcome(CREATED, req, int(created["id"]), detail="; ".join(notes))


# -- tags -----------------------------------------------------------------------------------------------


def _tag_name(name: str) -> str:
    # Discourse's DiscourseTagging.clean_tag, the part that matters for names a config can hold.
    return re.sub(r"\s+", "-", name.strip().lower())


def ensure_tag(setup: ForumSetup, req: TagRequirement) -> Outcome:
    name = _tag_name(req.name)
    tags = setup.listing("tags", lambda: setup.call("list_tags"))
    found = next((t for t in tags if str(t.get("name") or t.get("id") or "").lower() == name), None)
    if found is not None:
        return Outcome(EXISTS, req, found.get("id") if isinstance(found.get("id"), int) else None)
    if setup.dry_run:
        return Outcome(WOULD_CREATE, req)
    group = setup.call("create_tag_group", f"circleup: {name}", [name])
    setup.forget("tags")
    tag = next((t for t in group.get("tags") or () if str(t.get("name", "")).lower() == name), None)
    return Outcome(CREATED, req, tag.get("id") if tag else None, detail=f"in the tag group {group.get('name')!r}")


# -- the webhook --------------------------------------------------------------------------------------


def ensure_webhook(setup: ForumSetup, req: WebhookRequirement) -> Outcome:
    hooks = setup.call("list_webhooks")
    mine = [h for h in hooks if _normal_url(h.get("payload_url", "")) == _normal_url(req.payload_url)]
    if not mine:
        others = sorted({h.get("payload_url", "") for h in hooks})
        if setup.dry_run:
            return Outcome(WOULD_CREATE, req, other_urls=others)
        hook = setup.call("create_webhook", req.payload_url, req.secret, sorted(req.event_type_ids),
                          active=True, content_type=JSON_CONTENT_TYPE, wildcard=False)
        return Outcome(CREATED, req, hook["id"], detail=_events_phrase(req))
    hook = min(mine, key=lambda h: h["id"])
    detail = f"{len(mine) - 1} more hook(s) deliver to the same URL: remove them in Discourse" if len(mine) > 1 else ""
    differences, update = webhook_differences(req, hook)
    if not differences:
        return Outcome(EXISTS, req, hook["id"], detail=detail, found=hook)
    if setup.dry_run:
        return Outcome(WOULD_UPDATE, req, hook["id"], detail=detail, differences=differences, found=hook)
    updated = setup.call("update_webhook", hook["id"], **update)
    return Outcome(UPDATED, req, hook["id"], detail=detail, differences=differences, found=updated)


register_kind("group", ensure_group, rank=0)
register_kind("user field", ensure_user_field, rank=0)
register_kind("tag", ensure_tag, rank=0)
register_kind("category", ensure_category, rank=1)
register_kind("topic", ensure_topic, rank=2)
register_kind("badge", ensure_badge, rank=1)
register_kind("webhook", ensure_webhook, rank=9)

def webhook_differences(req: WebhookRequirement, hook: Mapping[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """How an existing hook differs from the requirement, and the fields that would correct it.

    A wildcard hook already receives every needed event; it is still narrowed to the events
    circleup handles, so the receiver is not sent (and does not store) what nobody reads.
    The secret is compared only when Discourse shows it.
    """
    differences: list[str] = []
    update: dict[str, Any] = {}
    have = {t["id"] for t in hook.get("web_hook_event_types") or ()}
    missing, extra = req.event_type_ids - have, have - req.event_type_ids
    if hook.get("wildcard_web_hook"):
        differences.append("wildcard (every event), narrowed to the events circleup handles")
    elif missing or extra:
        parts = [f"+{_type_name(i)}" for i in sorted(missing)] + [f"-{_type_name(i)}" for i in sorted(extra)]
        differences.append("events " + " ".join(parts))
    if hook.get("wildcard_web_hook") or missing or extra:
        update.update(wildcard=False, event_type_ids=sorted(req.event_type_ids))
    if not hook.get("active"):
        differences.append("inactive")
        update["active"] = True
    if hook.get("content_type") not in (None, JSON_CONTENT_TYPE):
        differences.append("content type is form-encoded, not JSON")
        update["content_type"] = JSON_CONTENT_TYPE
    if "secret" in hook and (hook.get("secret") or "") != req.secret:
        differences.append("secret differs from DISCOURSE_WEBHOOK_SECRET")
        update["secret"] = req.secret
    return differences, update


def missing_events(req: WebhookRequirement, hook: Mapping[str, Any]) -> list[str]:
    """Event names circleup handles that the hook does not deliver."""
    if hook.get("wildcard_web_hook"):
        return []
    have = {t["id"] for t in hook.get("web_hook_event_types") or ()}
    return sorted(n for n in req.event_names if (i := webhook_event_type_id(n)) is not None and i not in have)


_TYPE_NAMES = event_names_by_type_id()


def _type_name(type_id: int) -> str:
    return _TYPE_NAMES.get(type_id, str(type_id))


def _events_phrase(req: WebhookRequirement) -> str:
    return "events " + ", ".join(_type_name(i) for i in sorted(req.event_type_ids))


def _normal_url(url: str) -> str:
    return (url or "").strip().rstrip("/").lower()


# -- the ids the configuration must hold ------------------------------------------------------------

def set_config_value(data: dict, key: str, value: Any) -> dict:
    """Set `value` at a dotted key with optional list indices ("skills.areas[1].category_id")."""
    set_value(data, key, value)
    return data


def ids_to_configure(outcomes: Sequence[Outcome]) -> dict[str, int]:
    """{config key: id} for every object whose id circleup.yaml lacks or has wrong."""
    return dict(o.id_to_configure for o in outcomes if o.id_to_configure)


def config_snippet(ids: Mapping[str, int]) -> str:
    """The ids as a YAML fragment to merge into circleup.yaml."""
    import yaml

    data: dict = {}
    for key, value in ids.items():
        set_config_value(data, key, value)
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False).rstrip()


# -- doctor -----------------------------------------------------------------------------------------

OK, FAIL, SKIP = "ok", "FAIL", "skip"


@dataclass(frozen=True)
class Check:
    """One line of `circleup doctor`: ok, FAIL (with what to do next) or skip (a check it depends on failed)."""

    status: str
    subject: str
    message: str

    def line(self) -> str:
        return f"{self.status:<4} {self.subject}: {self.message}"


# The granular API key scope that covers each read doctor tries (ApiKeyScope.default_mappings);
# admin routes without a granular scope need `global:read` or, for writes, a global key.
_SCOPE_HINTS = {
    "users": "users:show",
    "admin_users": "global:read (no granular scope covers /admin/users/{id}.json; a global key does)",
    "groups": "groups:administer_groups",
    "webhooks": "a global key (no granular scope covers /admin/api/web_hooks; setup needs to create and update hooks)",
    "user_fields": "a global key (no granular scope covers the admin user field routes setup reads and creates)",
    "tags": "tags:list",
}


class Doctor:
    """Runs every check in order; later checks are skipped when what they need has failed."""

    def __init__(
        self,
        settings: Any,
        *,
        services: Any,
        requirements: Sequence[Requirement],
        event_names: Iterable[str],
        webhook_url: str | None = None,
    ) -> None:
        self.settings = settings
        self.services = services
        self.requirements = [r for r in requirements if not isinstance(r, WebhookRequirement)]
        self.event_names = frozenset(event_names)
        self.webhook_url = webhook_url or settings.webhook.public_url
        self.checks: list[Check] = []

    @property
    def healthy(self) -> bool:
        return all(c.status != FAIL for c in self.checks)

    def _add(self, status: str, subject: str, message: str) -> Check:
        check = Check(status, subject, message)
        self.checks.append(check)
        return check

    def run(self, emit: Callable[[Check], None] | None = None) -> list[Check]:
        """Run the checks; `emit` sees each one as soon as it is known (the CLI prints them)."""
        done = 0

        def flush() -> None:
            nonlocal done
            if emit is not None:
                for check in self.checks[done:]:
                    emit(check)
            done = len(self.checks)

        for step in (self._environment, self._configuration, self._database, self._queue):
            step()
            flush()
        if self._discourse():
            flush()
            self._api_key()
            flush()
            self._webhook()
            flush()
            self._forum_objects()
        flush()
        return self.checks

    # -- local ------------------------------------------------------------------------------------

    def _environment(self) -> None:
        s = self.settings
        missing = [name for name, value in (("DISCOURSE_URL", s.discourse_url), ("DISCOURSE_API_KEY", s.discourse_api_key),
                                            ("DISCOURSE_WEBHOOK_SECRET", s.webhook_secret)) if not value]
        if missing:
            self._add(FAIL, "environment", f"{', '.join(missing)} not set: export {'them' if len(missing) > 1 else 'it'} "
                      "(README, Configuration); the API key is an admin key from Discourse → Admin → API → Keys")
        else:
            self._add(OK, "environment", f"DISCOURSE_URL={safe_url(s.discourse_url)}, DISCOURSE_API_KEY and DISCOURSE_WEBHOOK_SECRET set, "
                      f"posting as {s.discourse_api_username}")

    def _configuration(self) -> None:
        source = self.settings.config_path or "built-in defaults (no config file)"
        problems = self.services.templates.check()
        if problems:
            self._add(FAIL, "configuration", f"{source} loads, but {'; '.join(problems)}")
        else:
            self._add(OK, "configuration", f"{source} loads and every reply template renders")

    def _database(self) -> None:
        from circleup.integration.store.migrate import schema_status

        url = safe_url(self.settings.database_url)
        try:
            current, head = schema_status(self.settings.database_url)
        except Exception as exc:  # noqa: BLE001 - any failure to connect is the finding
            self._add(FAIL, "database", f"cannot connect to {url}: {_first_line(exc)}; check DATABASE_URL")
            return
        if current != head:
            self._add(FAIL, "database", f"{url} schema is at {current or 'nothing (empty database)'}, "
                      f"the code needs {head}: run `circleup migrate`")
        else:
            self._add(OK, "database", f"{url} answers, schema at {head} (current)")

    def _queue(self) -> None:
        from circleup.integration.queue import ping

        url = safe_url(self.settings.queue_url)
        try:
            waiting = ping(self.services.huey)
        except Exception as exc:  # noqa: BLE001
            self._add(FAIL, "queue", f"{url} does not answer: {_first_line(exc)}; check QUEUE_URL")
            return
        self._add(OK, "queue", f"{url} answers ({waiting} job{'s' if waiting != 1 else ''} waiting)")

    # -- Discourse --------------------------------------------------------------------------------

    def _discourse(self) -> bool:
        s = self.settings
        if not (s.discourse_url and s.discourse_api_key):
            self._add(SKIP, "discourse", "needs DISCOURSE_URL and DISCOURSE_API_KEY")
            return False
        forum = safe_url(s.discourse_url)
        try:
            categories = self.services.client.get_categories()
        except PermanentError as exc:
            if exc.status in (401, 403):
                self._add(FAIL, "discourse", f"{forum} refused the API key ({exc.status}): check DISCOURSE_API_KEY "
                          f"and DISCOURSE_API_USERNAME ({s.discourse_api_username}); the key must be an admin key")
            else:
                self._add(FAIL, "discourse", f"{forum} answered {exc}: is DISCOURSE_URL the forum's address?")
            return False
        except Exception as exc:  # noqa: BLE001 - TransientError and anything unexpected
            self._add(FAIL, "discourse", f"cannot reach {forum}: {_first_line(exc)}; check DISCOURSE_URL and the network")
            return False
        self._add(OK, "discourse", f"{forum} answers ({len(categories)} categories visible to the API key)")
        return True

    def _read(self, subject: str, scope: str, what: str, call: Callable[[], Any]) -> Any:
        """One read the API key must be allowed; None (and a FAIL line) when it is not."""
        try:
            return call()
        except PermanentError as exc:
            if exc.status == 403:
                self._add(FAIL, subject, f"the API key may not {what} (403): it needs {_SCOPE_HINTS[scope]}")
            elif isinstance(exc, NotFound):
                return exc
            else:
                self._add(FAIL, subject, f"cannot {what}: {exc}")
        except Exception as exc:  # noqa: BLE001
            self._add(FAIL, subject, f"cannot {what}: {_first_line(exc)}")
        return None

    def _api_key(self) -> None:
        client = self.services.client
        bot = self.settings.discourse_api_username
        user = self._read("api user", "users", f"read the user {bot}", lambda: client.get_user(bot))
        if isinstance(user, NotFound):
            self._add(FAIL, "api user", f"DISCOURSE_API_USERNAME={bot} is not a user of the forum: create that account "
                      "(an admin) or set DISCOURSE_API_USERNAME to the account circleup should post as")
            return
        if user is None:
            return
        if not user.get("admin"):
            self._add(FAIL, "api user", f"{bot} is not an admin: circleup manages groups and webhooks, "
                      "so make it an admin (Discourse → Admin → Users → Grant admin)")
            return
        self._add(OK, "api user", f"{bot} (id {user['id']}) is an admin")
        checks = (
            ("admin_users", "read users through the admin API", lambda: client.get_user_by_id(user["id"])),
            ("groups", "read groups", lambda: client.get_group("staff")),
            ("webhooks", "list webhooks", client.list_webhooks),
            ("user_fields", "list user fields", client.list_user_fields),
            ("tags", "list tags", client.list_tags),
        )
        allowed = []
        for scope, what, call in checks:
            result = self._read("api key", scope, what, call)
            if result is not None and not isinstance(result, NotFound):
                allowed.append(what)
        if len(allowed) == len(checks):
            self._add(OK, "api key", "may " + ", ".join(allowed))

    def _webhook(self) -> None:
        if not self.webhook_url:
            self._add(FAIL, "webhook", "webhook.public_url is not set in circleup.yaml: set it to the address Discourse "
                      "should post to (https://…/webhooks/discourse), then run `circleup setup`")
            return
        if not self.settings.webhook_secret:
            self._add(SKIP, "webhook", "needs DISCOURSE_WEBHOOK_SECRET")
            return
        req = WebhookRequirement.for_events(self.webhook_url, self.settings.webhook_secret, self.event_names)
        try:
            [outcome] = ForumSetup(self.services.client, dry_run=True, max_wait_s=60).ensure([req])
        except Exception as exc:  # noqa: BLE001
            self._add(FAIL, "webhook", f"cannot list webhooks: {_first_line(exc)}")
            return
        if outcome.status == PROBLEM:
            self._add(FAIL, "webhook", f"cannot list webhooks: {outcome.detail}")
            return
        if outcome.status == WOULD_CREATE:
            elsewhere = (f" (the forum's webhooks deliver to {', '.join(outcome.other_urls)}: is webhook.public_url wrong?)"
                         if outcome.other_urls else "")
            self._add(FAIL, "webhook", f"no webhook delivers to {self.webhook_url}{elsewhere}: run `circleup setup`")
            return
        hook = outcome.found
        problems = []
        if not hook.get("active"):
            problems.append("is inactive, so Discourse sends it nothing")
        lacking = missing_events(req, hook)
        if lacking:
            problems.append(f"does not subscribe to {', '.join(lacking)}")
        if "secret" in hook and (hook.get("secret") or "") != self.settings.webhook_secret:
            problems.append("has a secret other than DISCOURSE_WEBHOOK_SECRET, so every delivery would be refused (401)")
        if hook.get("content_type") not in (None, JSON_CONTENT_TYPE):
            problems.append("sends form-encoded bodies; circleup expects JSON")
        for problem in problems:
            self._add(FAIL, "webhook", f"hook {hook['id']} to {self.webhook_url} {problem}: run `circleup setup`")
        if not problems:
            how = "every event (wildcard)" if hook.get("wildcard_web_hook") else f"{len(req.event_type_ids)} event types"
            extra = f"; {outcome.detail}" if outcome.detail else ""
            self._add(OK, "webhook", f"hook {hook['id']} delivers {how} to {self.webhook_url}, active, secret matches{extra}")

    def _forum_objects(self) -> None:
        if not self.requirements:
            self._add(OK, "forum objects", "the flows declare no groups, categories or topics")
            return
        outcomes = ForumSetup(self.services.client, dry_run=True, max_wait_s=60).ensure(self.requirements)
        for outcome in outcomes:
            req = outcome.requirement
            subject = f"{outcome.kind} {req.label}"
            if outcome.status == PROBLEM:
                self._add(FAIL, subject, outcome.detail)
            elif outcome.status == WOULD_CREATE:
                note = f" ({outcome.detail})" if outcome.detail else ""
                self._add(FAIL, subject, f"missing from the forum{note}: run `circleup setup`")
            elif outcome.status == WOULD_UPDATE:
                self._add(FAIL, subject, f"exists (id {outcome.id}) but {'; '.join(outcome.differences)}: run `circleup setup`")
            elif outcome.id_to_configure:
                key, value = outcome.id_to_configure
                self._add(FAIL, subject, f"exists with id {value}, but circleup.yaml has "
                          f"{key}: {getattr(req, 'configured_id', None) or 'nothing'}: set {key}: {value}")
            elif outcome.id is None and getattr(req, "id_config_key", None):
                self._add(FAIL, subject, outcome.detail or f"its id is unknown: set {req.id_config_key}")
            else:
                where = f" ({req.config_key})" if getattr(req, "config_key", None) else (
                    f" ({req.id_config_key})" if getattr(req, "id_config_key", None) else "")
                self._add(OK, subject, f"exists, id {outcome.id}{where}")


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
