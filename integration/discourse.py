"""The Discourse boundary: the only code in circleup that calls Discourse.

`DiscourseClient` builds on pydiscourse's client (so its many endpoint methods stay usable)
but replaces its transport, `_request`, because circleup needs things pydiscourse does not do:

* one reused `requests.Session` (connection pooling) with a timeout on every call and a
  `circleup/<version>` user agent;
* the shared outbound budget is taken before every request (`budget.acquire()` raises
  BudgetExhausted rather than sleeping);
* a 429 is never slept on (pydiscourse sleeps and retries inside the worker thread): it
  becomes `RateLimited(delay)` and the job is rescheduled;
* every failure is one of circleup's error classes, so the worker knows whether to retry:
  5xx / timeout / connection error → TransientError, 404 → NotFound, other 4xx →
  PermanentError carrying Discourse's own `errors` text;
* an acting user per request (`Api-Username`), needed for per-user preferences.

Methods return plain dicts and lists as Discourse sends them, unwrapped from their root key
where Discourse wraps a single object (`{"user": {...}}` → the user).

The API key is a secret: it is only ever put in the `Api-Key` header, never in a log line,
an error message or the repr.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import time
from importlib import metadata
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import quote

import pydiscourse
import requests

from circleup.integration import metrics
from circleup.integration.budget import Budget
from circleup.integration.errors import NotFound, PermanentError, RateLimited, TransientError

log = logging.getLogger(__name__)

DEFAULT_RATE_LIMIT_WAIT = 60.0
# groups.errors.member_already_exist, singular and plural forms (English locale).
_ALREADY_MEMBER = re.compile(r"already (a member|members) of this group")


def _version() -> str:
    try:
        return metadata.version("circleup")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


USER_AGENT = f"circleup/{_version()}"


def tag_names(tags: Iterable[Any] | None) -> list[str]:
    """Tag names, lower-cased, whether Discourse sent strings or {id, name, slug} objects.

    Older Discourse serialises topic tags as `["python"]`, newer as
    `[{"id": 31, "name": "python", "slug": "python"}]`; both reach circleup in webhooks.
    """
    names = []
    for tag in tags or ():
        name = tag.get("name") if isinstance(tag, Mapping) else tag
        if name:
            names.append(str(name).lower())
    return names


def _segment(value: object) -> str:
    """A value safe to put in one URL path segment (usernames may contain dots and dashes)."""
    return quote(str(value), safe="")


def _error_text(body: object, response: requests.Response) -> str:
    if isinstance(body, Mapping):
        errors = body.get("errors")
        if isinstance(errors, list) and errors:
            return "; ".join(str(e) for e in errors)
        if isinstance(errors, str) and errors:
            return errors
        if body.get("message"):
            return str(body["message"])
    return response.reason or f"HTTP {response.status_code}"


def _rate_limit_delay(body: object, response: requests.Response) -> float:
    """Seconds to wait after a 429: Discourse's `extras.wait_seconds`, else `Retry-After`."""
    if isinstance(body, Mapping):
        extras = body.get("extras")
        if isinstance(extras, Mapping):
            try:
                return float(extras["wait_seconds"])
            except (KeyError, TypeError, ValueError):
                pass
    # Discourse sends Retry-After as seconds; an HTTP-date (allowed by RFC 9110) falls back
    # to the default rather than being parsed, as no Discourse limiter sends one.
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return DEFAULT_RATE_LIMIT_WAIT


class DiscourseClient(pydiscourse.DiscourseClient):
    """circleup's Discourse API client (see the module docstring for the contract)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        api_username: str = "system",
        *,
        budget: Budget | None = None,
        timeout: float = 10.0,
        session: requests.Session | None = None,
    ) -> None:
        super().__init__(base_url.rstrip("/"), api_username, api_key, timeout=timeout)
        self.base_url = self.host
        self.budget = budget
        self.session = session if session is not None else requests.Session()

    def __repr__(self) -> str:
        return f"DiscourseClient({self.base_url!r}, api_username={self.api_username!r})"

    # -- transport ---------------------------------------------------------------------------

    def _request(
        self,
        verb: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        files: Any = None,
        data: Any = None,
        json: Any = None,
        override_request_kwargs: Mapping[str, Any] | None = None,
        *,
        api_username: str | None = None,
    ) -> Any:
        """Send one request and return its decoded JSON body (None for an empty body).

        Same signature as pydiscourse's `_request`, so its endpoint methods go through here
        too, plus `api_username` to act as another user for this one request.
        """
        if self.budget is not None:
            self.budget.acquire()
        headers = {
            "Accept": "application/json",
            "Api-Key": self.api_key,
            "Api-Username": api_username or self.api_username,
            "User-Agent": USER_AGENT,
        }
        kwargs: dict[str, Any] = {
            "params": params,
            "files": files,
            "data": data,
            "json": json,
            "headers": headers,
            "timeout": self.timeout,
            # Discourse answers a bad key on some routes with a redirect to the login page;
            # following it would turn an auth problem into a confusing HTML parse error.
            "allow_redirects": False,
        }
        kwargs.update(override_request_kwargs or {})
        what = f"{verb} {path}"
        started = time.monotonic()
        try:
            response = self.session.request(verb, self.host + path, **kwargs)
        except requests.RequestException as exc:
            metrics.DISCOURSE_REQUESTS.labels(method=verb, status="no answer").inc()
            if isinstance(exc, requests.Timeout):
                raise TransientError(f"{what}: no answer from Discourse within {self.timeout}s") from exc
            if isinstance(exc, requests.ConnectionError):
                raise TransientError(f"{what}: cannot connect to Discourse ({type(exc).__name__})") from exc
            raise TransientError(f"{what}: request failed ({type(exc).__name__})") from exc
        metrics.DISCOURSE_REQUESTS.labels(method=verb, status=f"{response.status_code // 100}xx").inc()
        log.debug(
            "discourse %s -> %s in %.0f ms", what, response.status_code, (time.monotonic() - started) * 1000
        )
        return self._decode(what, response)

    @staticmethod
    def _decode(what: str, response: requests.Response) -> Any:
        status = response.status_code
        try:
            body = response.json() if response.content.strip() else None
        except ValueError:
            body = None
            if 200 <= status < 300:
                raise PermanentError(
                    f"{what}: expected JSON, got {response.headers.get('Content-Type', 'no content type')}"
                    " (is the base URL a Discourse forum?)",
                    status,
                ) from None
        if status == 429:
            delay = _rate_limit_delay(body, response)
            raise RateLimited(delay, f"{what}: rate limited by Discourse for {delay:.0f}s")
        if status >= 500:
            raise TransientError(f"{what}: Discourse answered {status}: {_error_text(body, response)}")
        if status == 404:
            raise NotFound(f"{what}: {_error_text(body, response)}", status, body)
        if status >= 400:
            raise PermanentError(f"{what}: {_error_text(body, response)}", status, body)
        if 300 <= status < 400:
            raise PermanentError(f"{what}: unexpected redirect ({status}); wrong API key or base URL?", status)
        # A few endpoints answer 200 with an error list (pydiscourse treats these as errors too).
        if isinstance(body, Mapping) and isinstance(body.get("errors"), list) and body["errors"]:
            raise PermanentError(f"{what}: {_error_text(body, response)}", status, body)
        return body

    # -- topics and posts ----------------------------------------------------------------------

    def get_topic(self, topic_id: int, **params: Any) -> dict:
        """GET /t/{id}.json, plus `tag_names`: the tags as lower-case strings."""
        topic = self._request("GET", f"/t/{int(topic_id)}.json", params=params or None)
        topic["tag_names"] = tag_names(topic.get("tags"))
        return topic

    def get_post(self, post_id: int) -> dict:
        """GET /posts/{id}.json (includes `raw`)."""
        return self._request("GET", f"/posts/{int(post_id)}.json")

    def get_post_by_number(self, topic_id: int, post_number: int) -> dict:
        """GET /posts/by_number/{topic_id}/{post_number}.json (includes `raw`)."""
        return self._request("GET", f"/posts/by_number/{int(topic_id)}/{int(post_number)}.json")

    def create_post(self, topic_id: int, raw: str, reply_to_post_number: int | None = None) -> dict:
        """Reply in a topic; threaded under `reply_to_post_number` when given."""
        body: dict[str, Any] = {"topic_id": int(topic_id), "raw": raw}
        if reply_to_post_number is not None:
            body["reply_to_post_number"] = int(reply_to_post_number)
        return self._request("POST", "/posts.json", json=body)

    def create_topic(self, title: str, raw: str, category_id: int, tags: Iterable[str] | None = None) -> dict:
        """Open a topic; returns its first post (with `topic_id`)."""
        body: dict[str, Any] = {"title": title, "raw": raw, "category": int(category_id)}
        if tags:
            body["tags"] = list(tags)
        return self._request("POST", "/posts.json", json=body)

    def create_private_message(self, title: str, raw: str, recipients: Iterable[str]) -> dict:
        """Send a private message to usernames and/or group names; returns its first post."""
        names = [r for r in recipients if r]
        if not names:
            raise ValueError("a private message needs at least one recipient")
        body = {
            "title": title,
            "raw": raw,
            "archetype": "private_message",
            "target_recipients": ",".join(names),
        }
        return self._request("POST", "/posts.json", json=body)

    def invite_to_message(self, topic_id: int, username: str) -> dict:
        """POST /t/{id}/invite.json: add a user to a private message (422 if they already are in it)."""
        return self._request("POST", f"/t/{int(topic_id)}/invite.json", json={"user": username})

    def remove_from_message(self, topic_id: int, username: str) -> dict:
        """PUT /t/{id}/remove-allowed-user.json (TopicsController#remove_allowed_user): take a user off
        a private message's recipients; 422 (`failed`) when they are not one of them."""
        return self._request("PUT", f"/t/{int(topic_id)}/remove-allowed-user.json", json={"username": username})

    def message_recipients(self, topic_id: int) -> set[str]:
        """The lower-case usernames a private message is allowed to (GET /t/{id}.json, details.allowed_users)."""
        topic = self.get_topic(topic_id)
        return {str(u.get("username") or "").lower() for u in (topic.get("details") or {}).get("allowed_users") or []}

    def edit_post(self, post_id: int, raw: str, edit_reason: str | None = None) -> dict:
        """PUT /posts/{id}.json; returns the edited post."""
        post: dict[str, Any] = {"raw": raw}
        if edit_reason:
            post["edit_reason"] = edit_reason
        return self._request("PUT", f"/posts/{int(post_id)}.json", json={"post": post})["post"]

    # -- users -------------------------------------------------------------------------------

    def get_user(self, username: str) -> dict:
        """GET /u/{username}.json → the user, with `user_fields` keyed by field id string."""
        return self._request("GET", f"/u/{_segment(username)}.json")["user"]

    def get_user_by_id(self, user_id: int) -> dict:
        """GET /admin/users/{id}.json (admin view; webhooks about groups only carry ids)."""
        return self._request("GET", f"/admin/users/{int(user_id)}.json")

    def iter_users(self, flag: str = "active", *, page_size: int | None = None, show_emails: bool = False) -> Iterator[dict]:
        """Every user in the admin list `flag` (active, new, staff, suspended, ...), oldest first.

        Pages are numbered from 1: Discourse treats page 0 and page 1 alike, so starting at 0
        would return the first page twice. Ordering by creation date, ascending, keeps the
        pages stable while members sign up during a backfill (newcomers land at the end).
        Stops on an empty page, or on a short page when `page_size` (the server's page
        length, 100 on Discourse) is given, which saves one request.
        """
        seen: set[int] = set()
        page = 1
        while True:
            params: dict[str, Any] = {"page": page, "order": "created", "asc": "true"}
            if show_emails:
                params["show_emails"] = "true"
            users = self._request("GET", f"/admin/users/list/{_segment(flag)}.json", params=params) or []
            for user in users:
                if user["id"] not in seen:
                    seen.add(user["id"])
                    yield user
            if not users or (page_size is not None and len(users) < page_size):
                return
            page += 1

    # -- groups ------------------------------------------------------------------------------

    def get_group(self, name: str) -> dict:
        """GET /groups/{name}.json → the group."""
        return self._request("GET", f"/groups/{_segment(name)}.json")["group"]

    def get_group_by_id(self, group_id: int) -> dict:
        """GET /groups/by-id/{id}.json → the group (group_user webhooks only carry the id)."""
        return self._request("GET", f"/groups/by-id/{int(group_id)}.json")["group"]

    def create_group(
        self,
        name: str,
        full_name: str | None = None,
        visibility_level: int = 0,
        public_admission: bool = False,
        public_exit: bool = False,
        **fields: Any,
    ) -> dict:
        """POST /admin/groups.json; returns the new group (`basic_group`)."""
        group: dict[str, Any] = {
            "name": name,
            "visibility_level": visibility_level,
            "public_admission": public_admission,
            "public_exit": public_exit,
            **fields,
        }
        if full_name:
            group["full_name"] = full_name
        return self._request("POST", "/admin/groups.json", json={"group": group})["basic_group"]

    def add_group_members(self, group_id: int, usernames: Iterable[str]) -> dict:
        """Add members (idempotent).

        Discourse refuses with 422 "... is already a member of this group" only when EVERY
        given user is already a member; that is the state a retry wants, so it is success
        here (`usernames` is then empty). Any other refusal is a PermanentError.
        """
        names = list(usernames)
        try:
            return self._request("PUT", f"/groups/{int(group_id)}/members.json", json={"usernames": ",".join(names)})
        except PermanentError as exc:
            if exc.status == 422 and _ALREADY_MEMBER.search(str(exc)):
                return {"success": "OK", "usernames": [], "emails": [], "already_members": names}
            raise

    def remove_group_members(self, group_id: int, usernames: Iterable[str]) -> dict:
        """Remove members; users who were not members come back in `skipped_usernames`."""
        names = ",".join(usernames)
        return self._request("DELETE", f"/groups/{int(group_id)}/members.json", json={"usernames": names})

    def iter_group_members(self, name: str, *, page_size: int = 50) -> Iterator[dict]:
        """Owners and members of a group, each once.

        Every page repeats the full owner list and the member pages include the owners too,
        hence the de-duplication by user id.
        """
        seen: set[int] = set()
        offset = 0
        while True:
            page = self._request(
                "GET", f"/groups/{_segment(name)}/members.json", params={"offset": offset, "limit": page_size}
            )
            for user in list(page.get("owners", [])) + list(page.get("members", [])):
                if user["id"] not in seen:
                    seen.add(user["id"])
                    yield user
            members = page.get("members", [])
            offset += len(members)
            if not members or offset >= page.get("meta", {}).get("total", 0):
                return

    # -- categories ----------------------------------------------------------------------------

    def get_categories(self) -> list[dict]:
        """Every category the API user can see, subcategories included, as one flat list.

        With include_subcategories=true Discourse nests subcategories in their parent's
        `subcategory_list` rather than listing them at the top level.
        """
        body = self._request("GET", "/categories.json", params={"include_subcategories": "true"})
        flat: list[dict] = []

        def walk(categories: Iterable[dict]) -> None:
            for category in categories:
                flat.append(category)
                walk(category.get("subcategory_list") or ())

        walk(body["category_list"]["categories"])
        return flat

    def get_category(self, category_id: int) -> dict:
        """GET /c/{id}/show.json → the category (with `group_permissions`)."""
        return self._request("GET", f"/c/{int(category_id)}/show.json")["category"]

    def create_category(
        self,
        name: str,
        *,
        color: str = "0088CC",
        text_color: str = "FFFFFF",
        permissions: Mapping[str, int] | None = None,
        parent_category_id: int | None = None,
        slug: str | None = None,
    ) -> dict:
        """POST /categories.json.

        `permissions` maps group name → 1 (create, reply, see), 2 (reply, see) or 3 (see).
        Leaving out `everyone` makes the category read-restricted to the groups named.
        """
        body: dict[str, Any] = {"name": name, "color": color, "text_color": text_color}
        if permissions is not None:
            body["permissions"] = dict(permissions)
        if parent_category_id is not None:
            body["parent_category_id"] = int(parent_category_id)
        if slug:
            body["slug"] = slug
        return self._request("POST", "/categories.json", json=body)["category"]

    def category_topics(self, category_id: int, slug: str, *, max_pages: int = 20) -> list[dict]:
        """The topics of one category, newest activity first (GET /c/{slug}/{id}.json, page by page,
        at most `max_pages` pages)."""
        found: list[dict] = []
        for page in range(max_pages):
            body = self._request("GET", f"/c/{_segment(slug or '-')}/{int(category_id)}.json", params={"page": page})
            topics = (body.get("topic_list") or {}).get("topics") or []
            found.extend(topics)
            if len(topics) < int((body.get("topic_list") or {}).get("per_page") or 30):
                break
        return found

    def update_category(self, category_id: int, *, name: str, permissions: Mapping[str, int] | None = None) -> dict:
        """PUT /categories/{id}.json (Discourse requires the name with every update)."""
        body: dict[str, Any] = {"name": name}
        if permissions is not None:
            body["permissions"] = dict(permissions)
        return self._request("PUT", f"/categories/{int(category_id)}.json", json=body)["category"]

    def set_category_notification_level(self, category_id: int, level: int, username: str) -> dict:
        """Set `username`'s notification level for a category (0 muted … 3 watching, 4 first post).

        Discourse only sets it for the acting user, so the request is sent as that member
        (an admin key may act as anyone).
        """
        return self._request(
            "POST",
            f"/category/{int(category_id)}/notifications",
            json={"notification_level": int(level)},
            api_username=username,
        )

    # -- user fields and tags ------------------------------------------------------------------

    # Discourse moved the admin user field routes from /admin/customize to /admin/config (2024);
    # the newer path is tried first, the older one when the forum does not know it.
    USER_FIELD_PATHS = ("/admin/config/user_fields", "/admin/customize/user_fields")

    def list_user_fields(self) -> list[dict]:
        """GET /admin/config/user_fields.json → every custom user field ({id, name, field_type, …})."""
        for path in self.USER_FIELD_PATHS:
            try:
                return self._request("GET", f"{path}.json")["user_fields"]
            except NotFound:
                if path == self.USER_FIELD_PATHS[-1]:
                    raise
        return []

    def create_user_field(self, name: str, *, description: str, field_type: str = "text", editable: bool = True,
                          show_on_profile: bool = True) -> dict:
        """POST /admin/config/user_fields.json (Admin::UserFieldsController#create); returns the field.

        `requirement` is the newer column, `required` the older one: each Discourse reads its own.
        """
        field = {"name": name, "description": description, "field_type": field_type, "editable": editable,
                 "show_on_profile": show_on_profile, "requirement": "optional", "required": False}
        for path in self.USER_FIELD_PATHS:
            try:
                return self._request("POST", f"{path}.json", json={"user_field": field})["user_field"]
            except NotFound:
                if path == self.USER_FIELD_PATHS[-1]:
                    raise
        raise AssertionError("unreachable")

    def list_tags(self) -> list[dict]:
        """GET /tags.json → every tag ({id, name, count, …})."""
        return self._request("GET", "/tags.json")["tags"]

    def create_tag_group(self, name: str, tag_names: Iterable[str]) -> dict:
        """POST /tag_groups.json: a tag group holding `tag_names`, which Discourse creates when new.

        Newer Discourse reads `tags` ([{name}], new tags created); `tag_names` is the older
        spelling, deprecated since 2026.01, so only `tags` is sent.
        """
        body = {"name": name, "tags": [{"name": tag} for tag in tag_names]}
        return self._request("POST", "/tag_groups.json", json=body)["tag_group"]

    # -- webhooks ------------------------------------------------------------------------------

    # -- badges ------------------------------------------------------------------------------

    def list_badges(self) -> list[dict]:
        """GET /admin/badges.json: every badge (admin only)."""
        return list(self._request("GET", "/admin/badges.json").get("badges") or [])

    def create_badge(self, name: str, description: str, *, badge_type_id: int = 3, icon: str = "certificate",
                     long_description: str = "") -> dict:
        """POST /admin/badges.json: a manual badge, granted once per member; returns the badge."""
        body = {"name": name, "description": description, "long_description": long_description,
                "badge_type_id": int(badge_type_id), "icon": icon, "enabled": True, "allow_title": False,
                "multiple_grant": False, "listable": True, "show_posts": False, "badge_grouping_id": 5}
        return self._request("POST", "/admin/badges.json", json=body)["badge"]

    def update_badge(self, badge_id: int, **fields: Any) -> dict:
        return self._request("PUT", f"/admin/badges/{int(badge_id)}.json", json=fields)["badge"]

    def grant_badge(self, username: str, badge_id: int, reason: str | None = None) -> dict:
        """POST /user_badges.json; returns the user badge (Discourse answers the existing one when a
        badge without multiple grants is granted again)."""
        body: dict[str, Any] = {"username": username, "badge_id": int(badge_id)}
        if reason:
            body["reason"] = reason
        return self._request("POST", "/user_badges.json", json=body)["user_badge"]

    def user_badges(self, username: str) -> list[dict]:
        """GET /user-badges/{username}.json: the user's grants (each with its badge_id)."""
        return list(self._request("GET", f"/user-badges/{quote(username, safe='')}.json").get("user_badges") or [])

    def revoke_user_badge(self, user_badge_id: int) -> dict:
        """DELETE /user_badges/{id}.json."""
        return self._request("DELETE", f"/user_badges/{int(user_badge_id)}.json")

    def list_webhooks(self) -> list[dict]:
        return self._request("GET", "/admin/api/web_hooks.json")["web_hooks"]

    def create_webhook(
        self,
        payload_url: str,
        secret: str,
        event_type_ids: Iterable[int],
        *,
        active: bool = True,
        content_type: int = 1,
        wildcard: bool = False,
    ) -> dict:
        """POST /admin/api/web_hooks.json; returns the hook (`web_hook`)."""
        hook = {
            "payload_url": payload_url,
            "secret": secret,
            "content_type": content_type,
            "wildcard_web_hook": wildcard,
            "active": active,
            "verify_certificate": True,
            "web_hook_event_type_ids": [int(i) for i in event_type_ids],
        }
        return self._request("POST", "/admin/api/web_hooks.json", json={"web_hook": hook})["web_hook"]

    def update_webhook(self, webhook_id: int, **fields: Any) -> dict:
        """PUT /admin/api/web_hooks/{id}.json with Discourse's field names.

        `wildcard` and `event_type_ids` are accepted as aliases, matching create_webhook.
        """
        aliases = {"wildcard": "wildcard_web_hook", "event_type_ids": "web_hook_event_type_ids"}
        hook = {aliases.get(k, k): v for k, v in fields.items()}
        return self._request("PUT", f"/admin/api/web_hooks/{int(webhook_id)}.json", json={"web_hook": hook})["web_hook"]

    # -- idempotency recovery ------------------------------------------------------------------
    #
    # circleup puts a hidden marker (integration.markdown.marker) in every post it writes. After a
    # crash or a lost answer between Discourse accepting a post and circleup recording it, these find
    # the post so the action is completed instead of posted twice, in a few calls whatever the
    # topic's size: the ids of the bot's posts in the topic come in one call, the raws of those
    # circleup has no record of (`skip_ids`) in one more, a hundred at a time.

    RECOVERY_CHUNK = 100

    def find_post_with_marker(self, topic_id: int, marker: str, username: str, *, skip_ids: Iterable[int] = (),
                              max_chunks: int = 2) -> dict | None:
        """The post by `username` in a topic whose raw contains `marker`, or None.

        GET /t/{id}.json?username_filters= lists the ids of every post of the user in the topic
        (`post_stream.stream`); GET /t/{id}/posts.json?post_ids[]=…&include_raw=true returns those
        posts with their raw. Newest first, as the post looked for was made recently.
        """
        topic = self._request("GET", f"/t/{int(topic_id)}.json", params={"username_filters": username})
        stream = topic.get("post_stream", {})
        # `stream` lists every matching post id in order; `posts` only holds the first chunk.
        post_ids = stream.get("stream") or [p["id"] for p in stream.get("posts", [])]
        skip = set(skip_ids)
        candidates = [post_id for post_id in reversed(post_ids) if post_id not in skip]
        for start in range(0, min(len(candidates), max_chunks * self.RECOVERY_CHUNK), self.RECOVERY_CHUNK):
            chunk = candidates[start:start + self.RECOVERY_CHUNK]
            page = self._request("GET", f"/t/{int(topic_id)}/posts.json",
                                 params={"post_ids[]": chunk, "include_raw": "true"})
            for post in page.get("post_stream", {}).get("posts", []):
                if post.get("username", "").lower() == username.lower() and marker in (post.get("raw") or ""):
                    return post
        if len(candidates) > max_chunks * self.RECOVERY_CHUNK:
            log.warning("recovery looked at the newest %d of %d unrecorded posts by %s in topic %s without finding %s",
                        max_chunks * self.RECOVERY_CHUNK, len(candidates), username, topic_id, marker)
        return None

    def find_private_message_with_marker(self, username: str, marker: str, *, title: str | None = None,
                                         skip_topic_ids: Iterable[int] = (), since: dt.datetime | None = None,
                                         max_calls: int = 5) -> dict | None:
        """The first post of a private message sent by `username` whose raw contains `marker`, or None.

        The sent list (newest activity first, 30 a page) names each message's title and creation
        time: only messages created `since` (a little before the action was recorded) that
        circleup has no record of (`skip_topic_ids`) are opened, those titled `title` first (the
        others only when none matched). Paging stops at a page whose last message was last active
        before `since`. Usually two calls: the first page, and the message.
        """
        return self._find_first_post_in_list(f"/topics/private-messages-sent/{_segment(username)}.json", marker,
                                             title=title, skip_topic_ids=skip_topic_ids, since=since,
                                             max_calls=max_calls)

    def find_topic_with_marker(self, username: str, marker: str, *, title: str | None = None,
                               skip_topic_ids: Iterable[int] = (), since: dt.datetime | None = None,
                               max_calls: int = 5) -> dict | None:
        """The first post of a topic `username` created whose raw contains `marker`, or None
        (GET /topics/created-by/{username}.json, read as the private message list is)."""
        return self._find_first_post_in_list(f"/topics/created-by/{_segment(username)}.json", marker,
                                             title=title, skip_topic_ids=skip_topic_ids, since=since,
                                             max_calls=max_calls)

    def _find_first_post_in_list(self, path: str, marker: str, *, title: str | None, skip_topic_ids: Iterable[int],
                                 since: dt.datetime | None, max_calls: int) -> dict | None:
        skip = set(skip_topic_ids)
        wanted_title = _title_key(title)
        calls, page, opened = 0, 0, 0
        others: list[dict] = []  # fresh, but titled otherwise: opened only if no title matches
        while calls < max_calls:
            body = self._request("GET", path, params={"page": page} if page else None) or {}
            calls += 1
            topic_list = body.get("topic_list", {})
            topics = topic_list.get("topics", [])
            fresh = [t for t in topics if t["id"] not in skip and not _before(t.get("created_at"), since)]
            for topic in fresh:
                if wanted_title and _title_key(topic.get("title")) != wanted_title:
                    others.append(topic)
                    continue
                if calls >= max_calls:
                    break
                calls, opened = calls + 1, opened + 1
                post = self._first_post_if_marked(topic["id"], marker)
                if post is not None:
                    return post
            per_page = topic_list.get("per_page") or 30
            if len(topics) < per_page or _before(topics[-1].get("bumped_at"), since):
                break
            page += 1
        # Discourse may have tidied the title (capitals, spaces): the others, while calls remain.
        for topic in others:
            if calls >= max_calls:
                log.warning("recovery stopped after %d calls to %s (%d pages, %d messages opened) without finding %s",
                            calls, path, page + 1, opened, marker)
                return None
            calls, opened = calls + 1, opened + 1
            post = self._first_post_if_marked(topic["id"], marker)
            if post is not None:
                return post
        if calls >= max_calls and page > 0 and not others:
            log.warning("recovery stopped after %d calls to %s (%d pages, %d messages opened) without finding %s",
                        calls, path, page + 1, opened, marker)
        return None

    def _first_post_if_marked(self, topic_id: int, marker: str) -> dict | None:
        try:
            post = self.get_post_by_number(topic_id, 1)
        except NotFound:  # deleted between the list and now
            return None
        return post if marker in (post.get("raw") or "") else None


def _before(timestamp: str | None, since: dt.datetime | None) -> bool:
    """Whether Discourse's ISO time is before `since` (False when either is unknown)."""
    if since is None or not timestamp:
        return False
    try:
        return dt.datetime.fromisoformat(timestamp) < since
    except ValueError:
        return False


def _title_key(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()
