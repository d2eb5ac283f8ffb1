"""The simulator's HTTP face: Discourse's REST routes, request and response shapes.

Every route resolves the acting user from `Api-Key` / `Api-Username` (an admin key may act as
anyone), lets the fault switchboard have its say, then calls the same `Simulator` methods the
Python API uses, so validation and webhooks are identical either way.

Requests without a valid admin key are refused with Discourse's 403 `invalid_access` body;
anonymous (logged-out) browsing is not simulated.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs, urlencode

from flask import Flask, Response, g, jsonify, redirect, request
from werkzeug.exceptions import HTTPException

from circleup.simulator import serializers as ser
from circleup.simulator.adapter import ENVIRON_CLIENT
from circleup.simulator.errors import (
    RecordedRequest,
    SimulatorError,
    invalid_access,
    invalid_parameters,
    not_found,
)
from circleup.simulator.state import LIKE

_UNAUTHENTICATED = {"/session/sso_provider"}


def create_app(sim: Simulator) -> Flask:
    app = Flask("circleup.simulator")
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep Discourse's key order
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    def viewer():
        return g.viewer

    def require_staff() -> None:
        if not viewer().staff:
            raise invalid_access()

    def require_admin() -> None:
        if not viewer().admin:
            raise invalid_access()

    @app.before_request
    def authenticate() -> Any:
        g.viewer = None
        g.lose_answer = None
        key = request.headers.get("Api-Key")
        injected = sim.faults.check(request.path, key, request.method)
        if injected is not None and injected.lose_answer is not None:
            g.lose_answer = injected.lose_answer  # carried out below; its answer is lost (lose_answer)
        elif injected is not None:
            if injected.status is not None:
                response = jsonify(injected.body)
                response.status_code = injected.status
                response.headers.update(injected.headers or {})
                return response
            # Discourse (behind its web server) has the whole request before it starts working on
            # it, so a client that dies during the slow part still gets its request carried out.
            request.get_data(cache=True)
            client = request.environ.get(ENVIRON_CLIENT) or {}
            timeout = client.get("read_timeout")
            if timeout is not None and injected.delay >= timeout:
                # The client gives up before the answer; the request is still carried out.
                sim.faults.sleep(timeout)
                client["timed_out"] = True
            else:
                sim.faults.sleep(injected.delay)
        if request.path in _UNAUTHENTICATED:
            return None
        if not key or not hmac.compare_digest(key, sim.api_key):
            raise invalid_access()
        user = sim.find_user(request.headers.get("Api-Username") or "system")
        if user is None:
            raise invalid_access()
        g.viewer = user
        return None

    @app.after_request
    def record(response: Response) -> Response:
        if g.get("lose_answer") and response.status_code < 300:
            # A proxy gave up waiting after Discourse committed: the client sees a 5xx.
            response = jsonify({"errors": ["Bad Gateway"], "error_type": "server_error"})
            response.status_code = g.lose_answer
        body = request.get_json(silent=True) if request.is_json else (request.form.to_dict(flat=False) or None)
        sim.requests.append(RecordedRequest(
            method=request.method,
            path=request.path,
            query=request.args.to_dict(flat=False),
            json=body,
            api_username=request.headers.get("Api-Username"),
            status=response.status_code,
            response=response.get_json(silent=True) if response.is_json else None,
        ))
        return response

    @app.errorhandler(SimulatorError)
    def refused(error: SimulatorError) -> Any:
        return jsonify(error.body()), error.status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        if error.code in (404, 405):
            return jsonify(not_found().body()), 404
        return jsonify({"errors": [error.description], "error_type": "invalid_parameters"}), error.code

    def params() -> dict[str, Any]:
        """Query, form and JSON parameters merged, as Rails' `params` does (`tags[]` → `tags`)."""
        merged: dict[str, Any] = {}
        for source in (request.args, request.form):
            for key in source:
                values = source.getlist(key)
                name = key[:-2] if key.endswith("[]") else key
                merged[name] = values if key.endswith("[]") or len(values) > 1 else values[0]
        body = request.get_json(silent=True) if request.is_json else None
        if isinstance(body, dict):
            merged.update(body)
        return merged

    def required(p: dict[str, Any], name: str) -> Any:
        value = p.get(name)
        if value is None or value == "":
            raise invalid_parameters(f"param is missing or the value is empty: {name}")
        return value

    def user_by_id(user_id: int):
        user = sim.users.get(user_id)
        if user is None or user.deleted or user_id < 0:
            raise not_found()
        return user

    # -- topics and posts ----------------------------------------------------------------------

    @app.get("/t/<int:topic_id>.json")
    @app.get("/t/<slug>/<int:topic_id>.json")
    def show_topic(topic_id: int, slug: str | None = None) -> Any:
        with sim.lock:
            topic = sim._visible_topic(viewer(), topic_id)
            posts = sim._visible_posts(viewer(), topic)
            filters = params().get("username_filters")
            if filters:
                wanted = {n.strip().lower() for n in str(filters).split(",") if n.strip()}
                posts = [p for p in posts if sim.users[p.user_id].username.lower() in wanted]
            return jsonify(ser.topic_view(sim, topic, viewer(), posts))

    @app.get("/t/<int:topic_id>/posts.json")
    def topic_posts(topic_id: int) -> Any:
        with sim.lock:
            topic = sim._visible_topic(viewer(), topic_id)
            posts = sim._visible_posts(viewer(), topic)
            p = params()
            ids = p.get("post_ids")
            if ids is not None:
                wanted = {int(i) for i in (ids if isinstance(ids, list) else [ids])}
                posts = [p for p in posts if p.id in wanted]
            else:
                posts = posts[:20]
            # TopicsController#posts: `include_raw` (any value) adds each post's raw (PostSerializer add_raw).
            include_raw = bool(p.get("include_raw"))
            serialized = []
            for post in posts:
                fields = ser.post_in_stream(sim, post, viewer())
                if include_raw:
                    fields["raw"] = post.raw
                serialized.append(fields)
            return jsonify({"post_stream": {"posts": serialized}, "id": topic.id})

    @app.put("/t/-/<int:topic_id>.json")
    @app.put("/t/<slug>/<int:topic_id>.json")
    def update_topic(topic_id: int, slug: str | None = None) -> Any:
        p = params()
        fields = p.get("topic") if isinstance(p.get("topic"), dict) else p
        tags = fields.get("tags")
        topic = sim.edit_topic(
            topic_id,
            title=fields.get("title"),
            category_id=int(fields["category_id"]) if fields.get("category_id") else None,
            tags=[tags] if isinstance(tags, str) else tags,
            as_user=viewer().username,
        )
        with sim.lock:
            return jsonify({"basic_topic": {"id": topic.id, "title": topic.title, "fancy_title": topic.title,
                                            "slug": topic.slug, "posts_count": len(sim.live_posts(topic.id))}})

    def visible_post(post_id: int):
        post = sim.posts.get(post_id)
        if post is None or (post.deleted_at is not None and not viewer().staff):
            raise not_found()
        sim._visible_topic(viewer(), post.topic_id)
        if post.post_type == 4 and not viewer().staff:
            raise not_found()
        return post

    @app.get("/posts/<int:post_id>.json")
    def show_post(post_id: int) -> Any:
        with sim.lock:
            return jsonify(ser.post_for_show(sim, visible_post(post_id), viewer()))

    @app.get("/posts/by_number/<int:topic_id>/<int:post_number>.json")
    def show_post_by_number(topic_id: int, post_number: int) -> Any:
        with sim.lock:
            post = sim.post_by_number(topic_id, post_number)
            if post is None:
                raise not_found()
            return jsonify(ser.post_for_show(sim, visible_post(post.id), viewer()))

    @app.post("/post_actions.json")
    @app.post("/post_actions")
    def act_on_post() -> Any:
        p = params()
        post_id, action_type = int(required(p, "id")), int(required(p, "post_action_type_id"))
        if action_type != LIKE:
            raise invalid_parameters("post_action_type_id")
        with sim.lock:
            post = sim.like(viewer().username, post_id)
            # PostActionsController#create renders the post; badges_granted lists none here.
            return jsonify({**ser.post_for_show(sim, post, viewer()), "badges_granted": []})

    @app.delete("/post_actions/<int:post_id>.json")
    @app.delete("/post_actions/<int:post_id>")
    def take_back_action(post_id: int) -> Any:
        if int(required(params(), "post_action_type_id")) != LIKE:
            raise invalid_parameters("post_action_type_id")
        with sim.lock:
            post = sim.unlike(viewer().username, post_id)
            return jsonify(ser.post_for_show(sim, post, viewer()))

    @app.post("/posts.json")
    @app.post("/posts")
    def create_post() -> Any:
        p = params()
        raw = str(required(p, "raw"))
        username = viewer().username
        if p.get("topic_id"):
            reply_to = p.get("reply_to_post_number")
            post = sim.reply(username, int(p["topic_id"]), raw, int(reply_to) if reply_to else None)
        elif p.get("archetype") == "private_message":
            recipients = p.get("target_recipients") or p.get("target_usernames") or ""
            names = recipients if isinstance(recipients, list) else str(recipients).split(",")
            post = sim.send_private_message(username, str(p.get("title") or ""), raw, names)
        else:
            tags = p.get("tags") or []
            post = sim.create_topic(username, str(p.get("title") or ""), raw,
                                    int(p["category"]) if p.get("category") else None,
                                    [tags] if isinstance(tags, str) else tags)
        with sim.lock:
            return jsonify(ser.post_for_create(sim, post, viewer()))

    @app.put("/posts/<int:post_id>.json")
    def update_post(post_id: int) -> Any:
        p = params()
        fields = p.get("post") if isinstance(p.get("post"), dict) else p
        with sim.lock:
            visible_post(post_id)
        post = sim.edit_post(post_id, str(required(fields, "raw")), edit_reason=fields.get("edit_reason"),
                             as_user=viewer().username)
        with sim.lock:
            return jsonify({"post": ser.post_for_update(sim, post, viewer())})

    def topic_list(topics: list) -> Any:
        """A TopicQuery list: newest activity first, pages of 30 from page 0 (`?page=`)."""
        topics.sort(key=lambda t: (t.bumped_at or t.created_at, t.id), reverse=True)
        try:
            number = max(0, int(params().get("page") or 0))
        except ValueError:
            number = 0
        page = topics[number * 30:(number + 1) * 30]
        user_ids = dict.fromkeys(p.user_id for t in page for p in sim.live_posts(t.id))
        return jsonify({
            "users": [{k: v for k, v in ser.basic_user(sim.users[i]).items()} for i in user_ids],
            "primary_groups": [],
            "topic_list": {"can_create_topic": True, "draft": None, "draft_key": "new_topic",
                           "draft_sequence": 0, "per_page": 30,
                           "topics": [ser.topic_list_item(sim, t) for t in page]},
        })

    @app.post("/t/<int:topic_id>/invite.json")
    @app.post("/t/<int:topic_id>/invite")
    def invite_to_topic(topic_id: int) -> Any:
        target = sim.invite_to_message(viewer().username, topic_id, str(required(params(), "user")))
        with sim.lock:
            return jsonify({"user": ser.basic_user(target)})

    @app.put("/t/<int:topic_id>/remove-allowed-user.json")
    @app.put("/t/<int:topic_id>/remove-allowed-user")
    def remove_allowed_user(topic_id: int) -> Any:
        if sim.remove_from_message(viewer().username, topic_id, str(required(params(), "username"))):
            return jsonify({"success": "OK"})
        return jsonify({"failed": "FAILED"}), 422

    # -- badges ----------------------------------------------------------------------------------

    @app.get("/admin/badges.json")
    def admin_list_badges() -> Any:
        require_admin()
        with sim.lock:
            return jsonify(ser.admin_badges(sim))

    @app.post("/admin/badges.json")
    def admin_create_badge() -> Any:
        require_admin()
        p = params()
        fields = {k: _truthy_param(p[k]) for k in ("enabled", "allow_title", "multiple_grant", "listable", "show_posts")
                  if k in p}
        badge = sim.create_badge(str(p.get("name") or ""), str(p.get("description") or ""),
                                 badge_type_id=int(p.get("badge_type_id") or 0), icon=str(p.get("icon") or ""),
                                 long_description=str(p.get("long_description") or ""), **fields)
        with sim.lock:
            return jsonify({"badge_types": ser.BADGE_TYPES, "badge": ser.admin_badge(sim, badge)})

    @app.put("/admin/badges/<int:badge_id>.json")
    def admin_update_badge(badge_id: int) -> Any:
        require_admin()
        p = params()
        badge = sim.update_badge(badge_id, name=p.get("name"), description=p.get("description"),
                                 long_description=p.get("long_description"), icon=p.get("icon"))
        with sim.lock:
            return jsonify({"badge_types": ser.BADGE_TYPES, "badge": ser.admin_badge(sim, badge)})

    @app.post("/user_badges.json")
    @app.post("/user_badges")
    def grant_user_badge() -> Any:
        require_staff()
        p = params()
        username = str(required(p, "username"))
        if p.get("badge_id"):
            badge_id = int(p["badge_id"])
        else:
            with sim.lock:
                badge = sim.find_badge(str(required(p, "badge_name")))
            if badge is None:
                raise not_found()
            badge_id = badge.id
        user_badge = sim.grant_badge(username, badge_id, granted_by=viewer().username)
        with sim.lock:
            return jsonify(ser.user_badge_created(sim, user_badge))

    @app.get("/user-badges/<username>.json")
    def list_user_badges(username: str) -> Any:
        with sim.lock:
            user = sim.find_user(username)
            if user is None:
                raise not_found()
            return jsonify(ser.user_badges_of(sim, user))

    @app.delete("/user_badges/<int:user_badge_id>.json")
    def revoke_user_badge(user_badge_id: int) -> Any:
        require_staff()
        sim.revoke_user_badge(user_badge_id)
        return jsonify({"success": "OK"})

    @app.get("/topics/private-messages-sent/<username>.json")
    def private_messages_sent(username: str) -> Any:
        with sim.lock:
            user = sim.find_user(username)
            if user is None:
                raise not_found()
            if not (viewer().admin or viewer().id == user.id):
                raise invalid_access()
            topics = [t for t in sim.topics.values()
                      if t.is_private_message and t.deleted_at is None
                      and any(p.user_id == user.id for p in sim.live_posts(t.id))]
            return topic_list(topics)

    @app.get("/topics/created-by/<username>.json")
    def topics_created_by(username: str) -> Any:
        # ListController#topics_by: the regular topics the user opened that the viewer may see.
        with sim.lock:
            user = sim.find_user(username)
            if user is None:
                raise not_found()
            topics = []
            for topic in sim.topics.values():
                if topic.user_id != user.id or topic.is_private_message or topic.deleted_at is not None:
                    continue
                try:
                    sim._visible_topic(viewer(), topic.id)
                except SimulatorError:
                    continue
                topics.append(topic)
            return topic_list(topics)

    # -- users ---------------------------------------------------------------------------------

    @app.get("/u/<username>.json")
    def show_user(username: str) -> Any:
        with sim.lock:
            user = sim.find_user(username)
            if user is None:
                raise not_found()
            return jsonify(ser.user_profile(sim, user, viewer()))

    @app.put("/u/<username>.json")
    def update_user(username: str) -> Any:
        user = sim.find_user(username)
        if user is None:
            raise not_found()
        if not (viewer().staff or viewer().id == user.id):
            raise invalid_access()
        p = params()
        fields = p.get("user_fields")
        if fields is not None and not isinstance(fields, dict):
            raise invalid_parameters("user_fields")
        sim.update_user(user.username, name=p.get("name"), user_fields=fields, timezone=p.get("timezone"),
                        location=p.get("location"))
        with sim.lock:
            return jsonify({"success": "OK", "user": ser.user_profile(sim, user, viewer())["user"]})

    @app.get("/admin/users/<int:user_id>.json")
    def admin_show_user(user_id: int) -> Any:
        require_staff()
        with sim.lock:
            return jsonify(ser.admin_user(sim, user_by_id(user_id)))

    @app.delete("/admin/users/<int:user_id>.json")
    def admin_delete_user(user_id: int) -> Any:
        require_admin()
        user = user_by_id(user_id)
        if user.admin:
            raise invalid_access()
        sim.delete_user(user.username)
        return jsonify({"deleted": True})

    @app.put("/admin/users/<int:user_id>/suspend.json")
    def admin_suspend(user_id: int) -> Any:
        require_staff()
        user = user_by_id(user_id)
        p = params()
        until = _parse_time(str(required(p, "suspend_until")))
        sim.suspend(user.username, till=until, reason=str(required(p, "reason")))
        with sim.lock:
            return jsonify({"suspension": {
                "suspend_reason": user.suspend_reason, "full_suspend_reason": user.suspend_reason,
                "suspended_till": ser.iso(user.suspended_till), "suspended_at": ser.iso(user.suspended_at),
                "suspended_by": ser.basic_user(viewer()),
            }})

    @app.put("/admin/users/<int:user_id>/unsuspend.json")
    def admin_unsuspend(user_id: int) -> Any:
        require_staff()
        sim.unsuspend(user_by_id(user_id).username)
        return jsonify({"suspension": {"suspended_till": None, "suspended_at": None}})

    _LIST_FILTERS = {
        "active": lambda u: u.active and not u.staged,
        "new": lambda u: u.trust_level == 0,
        "staff": lambda u: u.staff,
        "admins": lambda u: u.admin,
        "moderators": lambda u: u.moderator,
        "suspended": lambda u: u.suspended(sim.now()),
        "staged": lambda u: u.staged,
    }

    @app.get("/admin/users/list/<flag>.json")
    def admin_list_users(flag: str) -> Any:
        require_staff()
        if flag not in _LIST_FILTERS:
            raise not_found()  # the simulator refuses unknown flags so a typo fails loudly
        p = params()
        with sim.lock:
            users = [u for u in sim.users.values() if u.id > 0 and not u.deleted and _LIST_FILTERS[flag](u)]
            order = p.get("order") or "created"
            ascending = str(p.get("asc", "")).lower() == "true"
            key = {"username": lambda u: u.username.lower(),
                   "trust_level": lambda u: (u.trust_level, u.id)}.get(order, lambda u: (u.created_at, u.id))
            users.sort(key=key, reverse=not ascending)
            size = sim.settings.admin_users_page_size
            page = max(int(p.get("page") or 1) - 1, 0)  # page 0 and page 1 are the same page
            chunk = users[page * size:(page + 1) * size]
            show_emails = str(p.get("show_emails", "")).lower() == "true"
            return jsonify([
                {**ser.admin_user_list_item(sim, u), **(ser.admin_user_list_email(u) if show_emails else {})}
                for u in chunk
            ])

    # -- groups --------------------------------------------------------------------------------

    def group_named(name: str):
        group = sim.find_group(name)
        if group is None:
            raise not_found()
        return group

    @app.get("/groups/<name>.json")
    def show_group(name: str) -> Any:
        with sim.lock:
            return jsonify(ser.group_detail(sim, group_named(name), viewer()))

    @app.get("/groups/by-id/<int:group_id>.json")
    def show_group_by_id(group_id: int) -> Any:
        with sim.lock:
            group = sim.groups.get(group_id)
            if group is None:
                raise not_found()
            return jsonify(ser.group_detail(sim, group, viewer()))

    @app.post("/admin/groups.json")
    @app.post("/admin/groups")
    def create_group() -> Any:
        require_admin()
        fields = params().get("group")
        if not isinstance(fields, dict):
            raise invalid_parameters("param is missing or the value is empty: group")
        group = sim.add_group(
            str(required(fields, "name")),
            full_name=fields.get("full_name"),
            members=_names(fields.get("usernames")),
            owners=_names(fields.get("owner_usernames")),
            visibility_level=int(fields.get("visibility_level") or 0),
            public_admission=bool(fields.get("public_admission", False)),
            public_exit=bool(fields.get("public_exit", False)),
            bio_raw=fields.get("bio_raw"),
        )
        with sim.lock:
            return jsonify({"basic_group": ser.basic_group(sim, group, viewer())})

    def editable_group(group_id: int):
        group = sim.groups.get(group_id)
        if group is None:
            raise not_found()
        if group.automatic:
            raise SimulatorError(422, "You cannot modify an automatic group")
        membership = group.memberships.get(viewer().id)
        if not (viewer().staff or (membership and membership.owner)):
            raise invalid_access()
        return group

    @app.put("/groups/<int:group_id>/members.json")
    def add_members(group_id: int) -> Any:
        with sim.lock:
            group = editable_group(group_id)
            users = [u for n in _names(params().get("usernames")) if (u := sim.find_user(n)) is not None]
            if not users:
                raise invalid_parameters("user_ids or usernames or user_emails must be present")
            already = sorted(u.username for u in users if u.id in group.memberships)
            if len(already) == len(users):
                if len(already) == 1:
                    raise SimulatorError(422, f"'{already[0]}' is already a member of this group.")
                raise SimulatorError(422, f"The following users are already members of this group: {', '.join(already)}")
        for user in users:
            sim.add_to_group(group.name, user.username)
        return jsonify({"success": "OK", "usernames": [u.username for u in users], "emails": []})

    @app.delete("/groups/<int:group_id>/members.json")
    def remove_members(group_id: int) -> Any:
        with sim.lock:
            group = editable_group(group_id)
            names = _names(params().get("usernames"))
            if not names:
                raise invalid_parameters("user_ids or usernames or user_emails must be present")
        removed, skipped = [], []
        for name in names:
            user = sim.find_user(name)
            with sim._mutation():
                if user is not None and sim._remove_member(group, user):
                    removed.append(user.username)
                else:
                    skipped.append(name)
        return jsonify({"success": "OK", "usernames": removed, "skipped_usernames": skipped})

    @app.get("/groups/<name>/members.json")
    def group_members(name: str) -> Any:
        p = params()
        limit = min(max(int(p.get("limit") or 50), 1), 1000)
        offset = max(int(p.get("offset") or 0), 0)
        with sim.lock:
            group = group_named(name)
            ids = sorted(sim.group_member_ids(group),
                         key=lambda i: (group.memberships[i].id if i in group.memberships else 0, i))
            owners = [i for i in ids if i in group.memberships and group.memberships[i].owner]
            return jsonify({
                "members": [ser.group_member(sim.users[i], group.memberships.get(i)) for i in ids[offset:offset + limit]],
                "owners": [ser.group_member(sim.users[i], group.memberships.get(i)) for i in owners],
                "meta": {"total": len(ids), "limit": limit, "offset": offset},
            })

    # -- categories ----------------------------------------------------------------------------

    @app.get("/categories.json")
    def list_categories() -> Any:
        nested = str(params().get("include_subcategories", "")).lower() == "true"
        with sim.lock:
            me = viewer()
            visible = [c for c in sorted(sim.categories.values(), key=lambda c: (c.position, c.id))
                       if sim.category_permission(c, me) is not None]

            def children(parent_id: int) -> list[dict]:
                return [ser.category_list_item(sim, c, me, children(c.id) if nested else None)
                        for c in visible if c.parent_category_id == parent_id]

            top = [ser.category_list_item(sim, c, me, children(c.id) if nested else None)
                   for c in visible if c.parent_category_id is None]
            return jsonify({"category_list": {"can_create_category": me.admin, "can_create_topic": True,
                                              "categories": top}})

    @app.get("/c/<int:category_id>/show.json")
    def show_category(category_id: int) -> Any:
        with sim.lock:
            category = sim.categories.get(category_id)
            if category is None:
                raise not_found()
            if sim.category_permission(category, viewer()) is None:
                raise invalid_access()
            return jsonify({"category": ser.category_detail(sim, category, viewer())})

    @app.get("/c/<slug>/<int:category_id>.json")
    def category_topics(slug: str, category_id: int) -> Any:
        """TopicList of one category, newest activity first, 30 a page (`?page=` from 0)."""
        try:
            page = max(0, int(params().get("page") or 0))
        except ValueError:
            raise invalid_parameters("page") from None
        with sim.lock:
            category = sim.categories.get(category_id)
            if category is None:
                raise not_found()
            me = viewer()
            if sim.category_permission(category, me) is None:
                raise invalid_access()
            topics = sorted((t for t in sim.topics.values()
                             if t.category_id == category_id and t.deleted_at is None and not t.is_private_message),
                            key=lambda t: (t.bumped_at or t.created_at, t.id), reverse=True)
            per_page = 30
            shown = topics[page * per_page:(page + 1) * per_page]
            return jsonify({"users": [], "primary_groups": [], "topic_list": {
                "can_create_topic": True, "per_page": per_page,
                "topics": [ser.category_topic_list_item(sim, t) for t in shown]}})

    @app.post("/categories.json")
    @app.post("/categories")
    def create_category() -> Any:
        require_admin()
        p = params()
        permissions = p.get("permissions")
        category = sim.add_category(
            str(required(p, "name")),
            slug=p.get("slug") or None,
            color=str(p.get("color") or "0088CC"),
            text_color=str(p.get("text_color") or "FFFFFF"),
            permissions={str(k): int(v) for k, v in permissions.items()} if isinstance(permissions, dict) else None,
            parent_category_id=int(p["parent_category_id"]) if p.get("parent_category_id") else None,
        )
        with sim.lock:
            return jsonify({"category": ser.category_detail(sim, category, viewer())})

    @app.put("/categories/<int:category_id>.json")
    @app.put("/categories/<int:category_id>")
    def update_category(category_id: int) -> Any:
        require_admin()
        p = params()
        permissions = p.get("permissions")
        category = sim.update_category(
            category_id, name=str(required(p, "name")),
            permissions={str(k): int(v) for k, v in permissions.items()} if isinstance(permissions, dict) else None,
        )
        with sim.lock:
            return jsonify({"success": "OK", "category": ser.category_detail(sim, category, viewer())})

    # -- user fields and tags ------------------------------------------------------------------
    # Discourse serves the admin user field routes under /admin/config (newer) and /admin/customize (older).

    @app.get("/admin/config/user_fields.json")
    @app.get("/admin/customize/user_fields.json")
    def list_user_fields() -> Any:
        require_admin()
        with sim.lock:
            fields = sorted(sim.user_fields.values(), key=lambda f: (f.position, f.id))
            return jsonify({"user_fields": [ser.user_field(f) for f in fields]})

    @app.post("/admin/config/user_fields.json")
    @app.post("/admin/customize/user_fields.json")
    def create_user_field() -> Any:
        require_admin()
        fields = params().get("user_field")
        if not isinstance(fields, dict):
            raise SimulatorError(400, "param is missing or the value is empty: user_field")
        field = sim.add_user_field(
            str(fields.get("name") or ""), description=str(fields.get("description") or ""),
            field_type=str(fields.get("field_type") or ""), editable=_truthy(fields.get("editable", True)),
            show_on_profile=_truthy(fields.get("show_on_profile", True)),
            requirement=str(fields.get("requirement") or "optional"),
        )
        with sim.lock:
            return jsonify({"user_field": ser.user_field(field)})

    @app.get("/tags.json")
    def list_tags() -> Any:
        with sim.lock:
            return jsonify({"tags": [ser.tag_list_item(sim, tag) for tag in sorted(sim.tags.values(), key=lambda t: t.id)],
                            "extras": {"categories": []}})

    @app.post("/tag_groups.json")
    def create_tag_group() -> Any:
        require_admin()
        p = params()
        tags = p.get("tags") or []
        names = [str(t.get("name")) for t in tags if isinstance(t, dict) and t.get("name")] + _names(p.get("tag_names"))
        group = sim.add_tag_group(str(required(p, "name")), names)
        with sim.lock:
            return jsonify({"tag_group": ser.tag_group(sim, group)})

    @app.post("/category/<int:category_id>/notifications")
    def category_notifications(category_id: int) -> Any:
        level = params().get("notification_level")
        try:
            level = int(level)
        except (TypeError, ValueError):
            raise invalid_parameters("notification_level") from None
        sim.set_category_notification_level(viewer().username, category_id, level)
        return jsonify({"success": "OK"})

    # -- webhooks (admin) ----------------------------------------------------------------------

    def hook_by_id(hook_id: int):
        hook = sim.webhooks.get(hook_id)
        if hook is None:
            raise not_found()
        return hook

    @app.get("/admin/api/web_hooks.json")
    def list_web_hooks() -> Any:
        require_admin()
        with sim.lock:
            hooks = [ser.web_hook(h) for h in sorted(sim.webhooks.values(), key=lambda h: h.id)]
            return jsonify({"web_hooks": hooks, "total_rows_web_hooks": len(hooks),
                            "load_more_web_hooks": "/admin/api/web_hooks.json?offset=50"})

    @app.post("/admin/api/web_hooks.json")
    @app.post("/admin/api/web_hooks")
    def create_web_hook() -> Any:
        require_admin()
        fields = params().get("web_hook")
        if not isinstance(fields, dict):
            raise invalid_parameters("param is missing or the value is empty: web_hook")
        hook = sim._create_webhook(
            str(fields.get("payload_url") or ""),
            str(fields.get("secret") or ""),
            {int(i) for i in fields.get("web_hook_event_type_ids") or ()},
            wildcard=bool(fields.get("wildcard_web_hook", False)),
            active=bool(fields.get("active", False)),
            content_type=int(fields.get("content_type") or 1),
            category_ids={int(i) for i in fields.get("category_ids") or ()},
            tag_names={str(t).lower() for t in fields.get("tag_names") or ()},
        )
        with sim.lock:
            return jsonify({"web_hook": ser.web_hook(hook)})

    @app.get("/admin/api/web_hooks/<int:hook_id>.json")
    def show_web_hook(hook_id: int) -> Any:
        require_admin()
        with sim.lock:
            return jsonify({"web_hook": ser.web_hook(hook_by_id(hook_id))})

    @app.put("/admin/api/web_hooks/<int:hook_id>.json")
    def update_web_hook(hook_id: int) -> Any:
        require_admin()
        fields = params().get("web_hook")
        if not isinstance(fields, dict):
            raise invalid_parameters("param is missing or the value is empty: web_hook")
        hook = sim._update_webhook(hook_by_id(hook_id), fields)
        with sim.lock:
            return jsonify({"web_hook": ser.web_hook(hook)})

    @app.delete("/admin/api/web_hooks/<int:hook_id>.json")
    def delete_web_hook(hook_id: int) -> Any:
        require_admin()
        with sim.lock:
            del sim.webhooks[hook_by_id(hook_id).id]
        return jsonify({"success": "OK"})

    @app.post("/admin/api/web_hooks/<int:hook_id>/ping")
    @app.post("/admin/api/web_hooks/<int:hook_id>/ping.json")
    def ping_web_hook(hook_id: int) -> Any:
        require_admin()
        sim.ping(hook_by_id(hook_id).id)
        return jsonify({"success": "OK"})

    # -- DiscourseConnect provider -------------------------------------------------------------

    @app.get("/session/sso_provider")
    def sso_provider() -> Any:
        settings = sim.settings
        secret = settings.discourse_connect_provider_secret
        if not settings.enable_discourse_connect_provider or not secret:
            raise not_found()
        sso, sig = request.args.get("sso", ""), request.args.get("sig", "")
        expected = hmac.new(secret.encode(), sso.encode(), hashlib.sha256).hexdigest()
        if not sso or not hmac.compare_digest(expected, sig):
            return Response("Invalid signature", status=400, mimetype="text/plain")
        try:
            incoming = {k: v[0] for k, v in parse_qs(base64.b64decode(sso).decode()).items()}
        except ValueError:
            return Response("Invalid payload", status=400, mimetype="text/plain")
        return_url = incoming.get("return_sso_url")
        if not return_url or "nonce" not in incoming:
            return Response("Missing nonce or return_sso_url", status=400, mimetype="text/plain")
        user = sim.find_user(sim.sso_username) if sim.sso_username else None
        if user is None:
            if incoming.get("prompt") == "none":
                payload = {"nonce": incoming["nonce"], "return_sso_url": return_url, "failed": "true"}
            else:
                return redirect("/login", code=302)
        else:
            with sim.lock:
                payload = {
                    "nonce": incoming["nonce"],
                    "return_sso_url": return_url,
                    "external_id": str(user.id),
                    "username": user.username,
                    "name": user.name or "",
                    "email": user.email,
                    "admin": "true" if user.admin else "false",
                    "moderator": "true" if user.moderator else "false",
                    "groups": ",".join(grp.name for grp in sim.groups_of(user)),
                }
        encoded = base64.b64encode(urlencode(payload).encode()).decode()
        signature = hmac.new(secret.encode(), encoded.encode(), hashlib.sha256).hexdigest()
        separator = "&" if "?" in return_url else "?"
        return redirect(f"{return_url}{separator}{urlencode({'sso': encoded, 'sig': signature})}", code=302)

    return app


def _truthy_param(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1", "on")


def _names(value: Any) -> list[str]:
    """A comma-separated string (what Discourse documents) or a list, as clean names."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(i).strip() for i in items if str(i).strip()]


def _parse_time(value: str) -> datetime:
    """suspend_until: a date ("2121-02-22") or an ISO timestamp."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid_parameters("suspend_until") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)



def _truthy(value: Any) -> bool:
    """Rails' boolean casting of a form or JSON value."""
    return value is True or str(value).strip().lower() in ("true", "1", "t", "yes", "on")
