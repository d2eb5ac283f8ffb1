"""`circleup setup` and `circleup doctor` against the Discourse simulator, and the forum requirements protocol.

The flows are replaced by a fake flow (`fake_flow`) that declares a group, a category
restricted to it and a topic in it, and handles three events; the commands run in-process with
click's runner, their DiscourseClient mounted on the simulator.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import requests
import yaml
from click.testing import CliRunner

import circleup.cli.core  # noqa: F401 - registers migrate etc. on `cli`
import circleup.cli.forum as forum_cli
from circleup.sync import load_settings
from circleup.cli import Context, cli
from circleup.integration.forum_setup import (
    CategoryRequirement,
    ForumSetup,
    GroupRequirement,
    TopicRequirement,
    WebhookRequirement,
    collect_requirements,
    config_snippet,
    set_config_value,
    webhook_event_type_id,
)
from circleup.integration.services import Services
from circleup.simulator import FULL, Simulator
from circleup.integration.store.migrate import upgrade
from circleup.sync.flow import Flow
from circleup.sync.router import Router
from tests.conftest import BOT, FORUM_URL, RECEIVER_URL, WEBHOOK_SECRET

API_KEY = "test-api-key-0123456789"
HANDLED = {"post_created": 201, "user_added_to_group": 1401, "topic_closed_status_updated": 103}


def make_fake_flow() -> Flow:
    """A flow as a flow engineer would declare one: a router and forum requirements."""
    router = Router()

    @router.register(*HANDLED)
    def handle(ctx) -> None:  # pragma: no cover - never routed here
        pass

    def forum_requirements(settings):
        section = settings.citizens
        private = CategoryRequirement("Facilitators", read_restricted_to=section.group,
                                      id_config_key="citizens.category_id", configured_id=section.category_id)
        return [
            GroupRequirement(section.group, full_name="Source Citizens", config_key="citizens.group"),
            private,
            TopicRequirement(private, "Facilitation tips for Source Citizens",
                             "Share the methods that made your last peer learning group work.",
                             id_config_key="citizens.application_topic_ids[0]",
                             configured_id=(section.application_topic_ids or [None])[0]),
        ]

    return Flow(name="fake", router=router, requirements=forum_requirements)


@pytest.fixture
def fake_flow() -> Flow:
    return make_fake_flow()


@pytest.fixture
def flows(monkeypatch, fake_flow):
    """The CLI sees the fake flow, plus a flow module that declares nothing (skipped)."""
    silent = Flow(name="silent", router=Router())
    modules = [fake_flow, silent]
    monkeypatch.setattr(forum_cli, "_flows", lambda: (modules, Router(*(m.router for m in modules)).event_names))
    return modules


@pytest.fixture
def sim():
    simulator = Simulator(base_url=FORUM_URL, api_key=API_KEY, bot_username=BOT, delivery="queue")
    simulator.add_user("ruth", moderator=True)
    yield simulator
    simulator.close()


class Instance:
    """An instance folder and its settings; `run(...)` invokes a circleup command in-process."""

    def __init__(self, tmp_path: Path, sim: Simulator) -> None:
        self.tmp_path = tmp_path
        self.sim = sim
        self.config: dict = {"webhook": {"public_url": RECEIVER_URL}, "logging": {"level": "WARNING", "format": "console"}}
        self.env = {
            "DISCOURSE_URL": FORUM_URL,
            "DISCOURSE_API_KEY": API_KEY,
            "DISCOURSE_API_USERNAME": BOT,
            "DISCOURSE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "CIRCLEUP_INSTANCE_PATH": str(tmp_path / "instance"),
            "CIRCLEUP_CONFIG": str(tmp_path / "circleup.yaml"),
        }

    def settings(self):
        Path(self.env["CIRCLEUP_CONFIG"]).write_text(yaml.safe_dump(self.config))
        return load_settings(self.env)

    def migrate(self) -> None:
        upgrade(self.settings().database_url)

    def run(self, *args: str):
        settings = self.settings()
        context = Context()
        context._settings = settings
        context._services = Services(settings, session=self.sim.mount(requests.Session()))
        try:
            return CliRunner().invoke(cli, list(args), obj=context, catch_exceptions=False)
        finally:
            context._services.close()
            # What the command recorded in the file (setup's ids) is what the next run starts from.
            self.config = yaml.safe_load(Path(self.env["CIRCLEUP_CONFIG"]).read_text())

    def apply_ids(self, output: str) -> None:
        """Paste the YAML snippet setup printed (`--no-write`) into circleup.yaml, as its reader would."""
        snippet = output.split("circleup.yaml", 2)[-1].split(":", 1)[1].split("\n\n", 1)[0]
        for key, value in _flatten(yaml.safe_load(snippet)):
            set_config_value(self.config, key, value)


def outcome_lines(output: str) -> list[str]:
    """setup's one line per object (before the ids and the summary)."""
    return output.split("\n\n", 1)[0].splitlines()


def _flatten(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _flatten(value, f"{prefix}[{index}]")
    else:
        yield prefix, data


@pytest.fixture
def instance(tmp_path, sim, flows) -> Instance:
    return Instance(tmp_path, sim)


def writes(sim: Simulator, since: int = 0) -> list[str]:
    return [f"{r.method} {r.path}" for r in sim.requests[since:] if r.method != "GET"]


def hook_of(sim: Simulator):
    [hook] = [h for h in sim.webhooks.values() if h.payload_url == RECEIVER_URL]
    return hook


# -- setup ----------------------------------------------------------------------------------------


def test_setup_creates_everything_once_and_records_the_ids_in_the_config(instance, sim, tmp_path):
    instance.config["citizens"] = {"goal": 50}  # a key of the admin's own, kept with its neighbours
    config_path = Path(instance.env["CIRCLEUP_CONFIG"])
    result = instance.run("setup")
    assert result.exit_code == 0, result.output
    group, category = sim.group("citizens"), next(c for c in sim.categories.values() if c.name == "Facilitators")
    topic = next(t for t in sim.topics.values() if t.title == "Facilitation tips for Source Citizens")
    hook = hook_of(sim)
    assert outcome_lines(result.output) == [
        f"created group citizens (id {group.id})",
        f"created category Facilitators (id {category.id})",
        f'created topic "Facilitation tips for Source Citizens" (id {topic.id})',
        f"created webhook {RECEIVER_URL} (id {hook.id}): events topic_edited, post_created, user_added_to_group",
    ]
    assert group.full_name == "Source Citizens"
    assert category.permissions == {"citizens": FULL, "staff": FULL}
    assert topic.category_id == category.id and sim.users[topic.user_id].username == BOT
    assert hook.event_type_ids == set(HANDLED.values()) and not hook.wildcard
    assert hook.active and hook.secret == WEBHOOK_SECRET and hook.content_type == 1
    recorded = yaml.safe_load(config_path.read_text())
    assert recorded["citizens"] == {"goal": 50, "category_id": category.id, "application_topic_ids": [topic.id]}
    assert recorded["webhook"] == {"public_url": RECEIVER_URL}
    [backup] = list(tmp_path.glob("circleup.yaml.bak-*"))
    assert yaml.safe_load(backup.read_text())["citizens"] == {"goal": 50}
    assert f"recorded 2 id(s) in {config_path}" in result.output


def test_recording_keeps_the_admins_comments(instance, sim):
    config_path = Path(instance.env["CIRCLEUP_CONFIG"])
    instance.settings()
    config_path.write_text("# our forum\nwebhook:\n  public_url: " + RECEIVER_URL + "  # the tunnel\n"
                           "citizens:\n  goal: 50  # for this year\n")
    instance.config = yaml.safe_load(config_path.read_text())
    settings = load_settings(instance.env)
    context = Context()
    context._settings = settings
    context._services = Services(settings, session=sim.mount(requests.Session()))
    try:
        result = CliRunner().invoke(cli, ["setup"], obj=context, catch_exceptions=False)
    finally:
        context._services.close()
    assert result.exit_code == 0, result.output
    text = config_path.read_text()
    assert "# our forum" in text and "# the tunnel" in text and "goal: 50  # for this year" in text
    assert yaml.safe_load(text)["citizens"]["category_id"] == next(c.id for c in sim.categories.values()
                                                                  if c.name == "Facilitators")


def test_no_write_prints_the_ids_and_leaves_the_file_alone(instance, sim, tmp_path):
    result = instance.run("setup", "--no-write")
    assert result.exit_code == 0, result.output
    assert "citizens" not in instance.config and not list(tmp_path.glob("circleup.yaml.bak-*"))
    instance.apply_ids(result.output)
    assert instance.config["citizens"]["category_id"] == next(c.id for c in sim.categories.values() if c.name == "Facilitators")


def test_a_second_run_changes_nothing(instance, sim, tmp_path):
    instance.run("setup")
    before = len(sim.requests)
    config = Path(instance.env["CIRCLEUP_CONFIG"]).read_text()
    second = instance.run("setup")
    assert second.exit_code == 0, second.output
    assert writes(sim, before) == []
    assert all(line.startswith("exists ") for line in outcome_lines(second.output)), second.output
    assert "recorded" not in second.output and "0 created or corrected, 4 already right" in second.output
    assert yaml.safe_load(Path(instance.env["CIRCLEUP_CONFIG"]).read_text()) == yaml.safe_load(config)
    assert len(list(tmp_path.glob("circleup.yaml.bak-*"))) == 1  # the first run's only


def test_a_second_run_without_the_ids_finds_the_category_and_the_topic(instance, sim):
    instance.run("setup", "--no-write")
    topics = len(sim.topics)
    second = instance.run("setup")
    assert second.exit_code == 0, second.output
    assert len(sim.topics) == topics
    category = next(c for c in sim.categories.values() if c.name == "Facilitators")
    topic = next(t for t in sim.topics.values() if t.title == "Facilitation tips for Source Citizens")
    assert f"exists category Facilitators (id {category.id})" in second.output
    assert f'exists topic "Facilitation tips for Source Citizens" (id {topic.id})' in second.output
    assert instance.config["citizens"] == {"category_id": category.id, "application_topic_ids": [topic.id]}


def test_a_title_taken_elsewhere_is_a_problem_not_a_duplicate(instance, sim):
    sim.add_user("tomi")
    sim.create_topic("tomi", "Facilitation tips for Source Citizens", "Somebody's own thread with this title, elsewhere.",
                     sim.uncategorized_id)
    result = instance.run("setup")
    assert result.exit_code == 1
    assert ('problem topic "Facilitation tips for Source Citizens": a topic with this title exists elsewhere in the '
            "forum; find it and put its id at citizens.application_topic_ids[0] in circleup.yaml") in result.output


def test_dry_run_changes_nothing_and_says_what_it_would_do(instance, sim):
    result = instance.run("setup", "--dry-run")
    assert result.exit_code == 0, result.output
    assert writes(sim) == []
    assert not sim.webhooks and sim.find_group("citizens") is None
    assert result.output.splitlines() == [
        "would create group citizens",
        "would create category Facilitators",
        'would create topic "Facilitation tips for Source Citizens" in category Facilitators',
        f"would create webhook {RECEIVER_URL}",
    ]
    assert "citizens" not in instance.config  # nothing recorded


def test_an_existing_hook_with_wrong_events_and_secret_is_corrected_in_place(instance, sim):
    stale = sim.add_webhook(RECEIVER_URL, "an-old-secret-value", events=["post_created", "user_logged_in"], active=False)
    other = sim.add_webhook("https://elsewhere.example.org/hook", "another-secret-1", events=["user_created"])
    result = instance.run("setup")
    assert result.exit_code == 0, result.output
    assert (f"updated webhook {RECEIVER_URL} (id {stale.id}): events +topic_edited +user_added_to_group "
            "-user_logged_in; inactive; secret differs from DISCOURSE_WEBHOOK_SECRET") in result.output
    assert hook_of(sim) is stale and len(sim.webhooks) == 2
    assert stale.event_type_ids == set(HANDLED.values()) and stale.active and stale.secret == WEBHOOK_SECRET
    assert other.event_type_ids == {304}  # the other hook is none of setup's business


def test_url_option_overrides_the_configured_public_url(instance, sim):
    result = instance.run("setup", "--url", "https://tunnel.example.net/webhooks/discourse")
    assert result.exit_code == 0, result.output
    assert [h.payload_url for h in sim.webhooks.values()] == ["https://tunnel.example.net/webhooks/discourse"]


def test_existing_objects_are_used_and_an_open_category_is_reported_not_changed(instance, sim):
    sim.add_group("citizens")
    open_category = sim.add_category("Facilitators")  # everyone may read it: not what the flow needs
    result = instance.run("setup")
    assert result.exit_code == 1
    assert f"exists group citizens (id {sim.group('citizens').id})" in result.output
    assert (f"problem category Facilitators (id {open_category.id}): not read-restricted: everyone can read it, "
            "but only citizens and staff should") in result.output
    assert open_category.permissions == {"everyone": FULL}
    assert "could not be set up" in result.output


def test_setup_without_a_webhook_url_says_where_to_set_it(instance, sim):
    instance.config["webhook"] = {}
    result = instance.run("setup")
    assert result.exit_code == 2
    assert "set webhook.public_url in circleup.yaml or pass --url" in result.output
    assert writes(sim) == []


def test_setup_waits_for_the_budget_instead_of_failing(sim):
    from circleup.integration.budget import InProcessBudget

    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    client = sim.client(budget=InProcessBudget(2, clock=lambda: now[0]))
    outcomes = ForumSetup(client, sleep=sleep).ensure([GroupRequirement("citizens"), GroupRequirement("approvers")])
    assert [o.line() for o in outcomes] == [
        f"created group citizens (id {sim.group('citizens').id})",
        f"created group approvers (id {sim.group('approvers').id})",
    ]
    assert slept == [60.0]  # four calls on a budget of two a minute


# -- the protocol ---------------------------------------------------------------------------------


def test_flows_without_forum_requirements_are_skipped_and_duplicates_merged(fake_flow):
    settings = load_settings({}, {"citizens": {"group": "citizens"}})
    twin = Flow(name="twin", router=Router(),
                requirements=lambda s: [GroupRequirement("Citizens"), GroupRequirement("approvers")])
    plain = Flow(name="plain", router=Router())
    found = collect_requirements(settings, [twin, plain, fake_flow])
    assert [(r.kind, r.label) for r in found] == [
        ("group", "Citizens"), ("group", "approvers"), ("category", "Facilitators"),
        ("topic", '"Facilitation tips for Source Citizens"'),
    ]


def test_a_flow_returning_something_else_is_named():
    broken = Flow(name="broken", router=Router(), requirements=lambda s: ["citizens"])
    with pytest.raises(TypeError, match="the broken flow's requirements hold 'citizens'"):
        collect_requirements(load_settings({}), [broken])


def test_event_names_map_to_discourse_webhook_event_types():
    assert webhook_event_type_id("topic_created") == 101
    assert webhook_event_type_id("topic_closed_status_updated") == 103  # topic_edited hooks get status updates
    assert webhook_event_type_id("reviewable_transitioned_to") == 902
    assert webhook_event_type_id("user_removed_from_group") == 1402
    assert webhook_event_type_id("ping") is None
    with pytest.raises(ValueError, match="no Discourse webhook event type delivers 'post_exploded'"):
        webhook_event_type_id("post_exploded")
    hook = WebhookRequirement.for_events(RECEIVER_URL, WEBHOOK_SECRET, ["topic_edited", "topic_pinned_status_updated", "ping"])
    assert hook.event_type_ids == {103}


def test_config_snippet_nests_dotted_keys_and_list_entries():
    snippet = config_snippet({"citizens.category_id": 12, "skills.areas[1].directory_topic_id": 345})
    assert yaml.safe_load(snippet) == {"citizens": {"category_id": 12},
                                       "skills": {"areas": [{}, {"directory_topic_id": 345}]}}


# -- doctor ---------------------------------------------------------------------------------------


@pytest.fixture
def healthy(instance, sim):
    """A forum set up by `circleup setup` (which records the ids), the database migrated."""
    assert instance.run("setup").exit_code == 0
    instance.migrate()
    return instance


def fails(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("FAIL")]


def test_doctor_passes_on_a_healthy_forum(healthy):
    result = healthy.run("doctor")
    assert result.exit_code == 0, result.output
    assert fails(result.output) == []
    subjects = [line.split(":", 1)[0] for line in result.output.splitlines() if line.startswith("ok")]
    assert subjects == ["ok   environment", "ok   configuration", "ok   database", "ok   queue", "ok   discourse",
                        "ok   api user", "ok   api key", "ok   webhook", "ok   group citizens",
                        "ok   category Facilitators", 'ok   topic "Facilitation tips for Source Citizens"']
    assert result.output.rstrip().endswith("all checks passed")


def test_doctor_fails_without_the_webhook(healthy, sim):
    sim.webhooks.clear()
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert fails(result.output) == [f"FAIL webhook: no webhook delivers to {RECEIVER_URL}: run `circleup setup`"]


def test_doctor_fails_on_an_inactive_hook(healthy, sim):
    hook_of(sim).active = False
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert fails(result.output) == [
        f"FAIL webhook: hook {hook_of(sim).id} to {RECEIVER_URL} is inactive, so Discourse sends it nothing: run `circleup setup`"]


def test_doctor_names_the_events_a_hook_misses(healthy, sim):
    hook_of(sim).event_type_ids = {201}
    result = healthy.run("doctor")
    assert fails(result.output) == [f"FAIL webhook: hook {hook_of(sim).id} to {RECEIVER_URL} does not subscribe to "
                                    "topic_closed_status_updated, user_added_to_group: run `circleup setup`"]


def test_doctor_fails_when_the_hook_points_elsewhere(healthy, sim):
    hook_of(sim).payload_url = "https://old-host.example.org/webhooks/discourse"
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert fails(result.output) == [
        f"FAIL webhook: no webhook delivers to {RECEIVER_URL} (the forum's webhooks deliver to "
        "https://old-host.example.org/webhooks/discourse: is webhook.public_url wrong?): run `circleup setup`"]


def test_doctor_fails_on_a_secret_mismatch(healthy, sim):
    hook_of(sim).secret = "somebody-changed-it"
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert "has a secret other than DISCOURSE_WEBHOOK_SECRET, so every delivery would be refused (401)" in fails(result.output)[0]


def test_doctor_fails_on_a_missing_group(healthy, sim):
    with sim.lock:
        del sim.groups[sim.group("citizens").id]
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert "FAIL group citizens: missing from the forum: run `circleup setup`" in fails(result.output)


def test_doctor_fails_when_an_id_is_not_configured(healthy):
    category_id = healthy.config["citizens"].pop("category_id")
    result = healthy.run("doctor")
    assert fails(result.output) == [f"FAIL category Facilitators: exists with id {category_id}, but circleup.yaml has "
                                    f"citizens.category_id: nothing: set citizens.category_id: {category_id}"]


def test_doctor_fails_on_a_bad_api_key_and_skips_what_needs_it(healthy):
    healthy.env["DISCOURSE_API_KEY"] = "not-the-forums-key"
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert fails(result.output) == [
        f"FAIL discourse: {FORUM_URL} refused the API key (403): check DISCOURSE_API_KEY and DISCOURSE_API_USERNAME "
        f"({BOT}); the key must be an admin key"]
    assert "webhook" not in result.output


def test_doctor_names_the_scope_a_granular_key_lacks(healthy, sim, monkeypatch):
    from circleup.simulator.errors import invalid_access

    real = sim.app.view_functions["list_web_hooks"]

    def forbidden():
        raise invalid_access()

    monkeypatch.setitem(sim.app.view_functions, "list_web_hooks", forbidden)
    result = healthy.run("doctor")
    assert real is not forbidden and result.exit_code == 1
    assert ("FAIL api key: the API key may not list webhooks (403): it needs a global key (no granular scope covers "
            "/admin/api/web_hooks; setup needs to create and update hooks)") in fails(result.output)


def test_doctor_fails_when_the_api_user_is_not_an_admin(healthy, sim):
    sim.user(BOT).admin = False
    sim.user(BOT).moderator = True  # staff, so it may still read, but not manage groups and hooks
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert f"FAIL api user: {BOT} is not an admin" in fails(result.output)[0]


def test_doctor_fails_on_an_unmigrated_database(instance, sim):
    instance.apply_ids(instance.run("setup").output)
    result = instance.run("doctor")
    assert result.exit_code == 1
    [line] = fails(result.output)
    assert line.startswith("FAIL database: sqlite:///") and "schema is at nothing (empty database)" in line
    assert line.endswith(": run `circleup migrate`")


def test_doctor_never_shows_a_database_or_queue_password(healthy):
    # Redis' requirepass form has no username; nothing listens on port 1.
    healthy.env.update(DATABASE_URL="postgresql://postgres:hunter2-db@127.0.0.1:1/circleup",
                       QUEUE_URL="redis://:hunter2-queue@127.0.0.1:1/0")
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    failed = fails(result.output)
    assert failed[0].startswith("FAIL database: cannot connect to postgresql+psycopg://postgres:***@127.0.0.1:1/circleup: ")
    assert failed[1].startswith("FAIL queue: redis://:***@127.0.0.1:1/0 does not answer: ")


def test_doctor_reports_missing_environment(healthy):
    del healthy.env["DISCOURSE_WEBHOOK_SECRET"]
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert fails(result.output)[0].startswith("FAIL environment: DISCOURSE_WEBHOOK_SECRET not set: export it")


# -- simulator ------------------------------------------------------------------------------------


def test_simulator_command_help_names_its_options():
    result = CliRunner().invoke(cli, ["simulator", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--webhook-url", "--no-seed", "--rate-limit"):
        assert option in result.output


def test_simulator_command_serves_and_prints_the_api_key(monkeypatch):
    import circleup.simulator as simulator_package

    seen = {}

    def fake_serve(host, port, secret, bot, **kwargs):
        seen.update(host=host, port=port, secret=secret, bot=bot, **kwargs)
        kwargs["on_ready"](None, f"http://{host}:{port}")

    monkeypatch.setattr(simulator_package, "serve", fake_serve)
    result = CliRunner().invoke(cli, ["simulator", "--port", "4321", "--rate-limit", "0", "--no-seed",
                                      "--webhook-url", "http://127.0.0.1:8000/webhooks/discourse"],
                                env={"DISCOURSE_WEBHOOK_SECRET": WEBHOOK_SECRET, "DISCOURSE_API_USERNAME": "circlebot"})
    assert result.exit_code == 0, result.output
    assert seen["port"] == 4321 and seen["secret"] == WEBHOOK_SECRET and seen["bot"] == "circlebot"
    assert seen["api_rate_limit"] is None and seen["seed"] is False
    assert "export DISCOURSE_API_KEY=simulator-admin-api-key" in result.output
    assert "export DISCOURSE_URL=http://127.0.0.1:4321" in result.output


def test_simulator_refuses_to_send_unsigned_deliveries():
    result = CliRunner().invoke(cli, ["simulator", "--webhook-url", "http://127.0.0.1:8000/webhooks/discourse"],
                                env={"DISCOURSE_WEBHOOK_SECRET": ""})
    assert result.exit_code == 2
    assert "needs DISCOURSE_WEBHOOK_SECRET" in result.output


def test_a_new_kind_of_requirement_plugs_in_with_one_function(sim, monkeypatch):
    """What a flow adding, say, badges does: a dataclass and an ensure function; setup and doctor need nothing else."""
    from dataclasses import dataclass
    from typing import ClassVar

    from circleup.integration import forum_setup
    from circleup.integration.forum_setup import CREATED, EXISTS, WOULD_CREATE, Outcome, register_kind

    monkeypatch.setattr(forum_setup, "_KINDS", dict(forum_setup._KINDS))  # registered for this test only
    made: dict[str, int] = {}

    @dataclass(frozen=True)
    class BadgeRequirement:
        name: str
        kind: ClassVar[str] = "badge"

        @property
        def identity(self):
            return ("badge", self.name.lower())

        @property
        def label(self):
            return self.name

    def ensure_badge(setup, req):
        if req.name in made:
            return Outcome(EXISTS, req, made[req.name])
        if setup.dry_run:
            return Outcome(WOULD_CREATE, req)
        made[req.name] = len(made) + 1
        return Outcome(CREATED, req, made[req.name])

    register_kind("badge", ensure_badge, rank=1)
    flow = Flow(name="circles", router=Router(),
                requirements=lambda s: [BadgeRequirement("Circle facilitator"), GroupRequirement("facilitators")])
    needs = collect_requirements(load_settings({}), [flow])
    assert [r.kind for r in needs] == ["group", "badge"]  # ranked: groups first
    client = sim.client()
    assert [o.status for o in ForumSetup(client, dry_run=True).ensure(needs)] == ["would create", "would create"]
    assert [o.line() for o in ForumSetup(client).ensure(needs)][1] == "created badge Circle facilitator (id 1)"
    assert [o.status for o in ForumSetup(client).ensure(needs)] == ["exists", "exists"]


def test_doctor_names_a_key_that_may_not_read_user_fields(healthy, sim, monkeypatch):
    from circleup.simulator.errors import invalid_access

    def forbidden():
        raise invalid_access()

    monkeypatch.setitem(sim.app.view_functions, "list_user_fields", forbidden)
    result = healthy.run("doctor")
    assert result.exit_code == 1
    assert ("FAIL api key: the API key may not list user fields (403): it needs a global key (no granular scope "
            "covers the admin user field routes setup reads and creates)") in fails(result.output)
