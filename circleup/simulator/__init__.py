"""A stateful fake Discourse, faithful enough that passing against it means working against the real thing.

It keeps users, groups, categories, topics, posts and webhooks; answers the REST endpoints
circleup uses with Discourse's request and response shapes (checked against Discourse's
published OpenAPI spec by tests/integration/test_contract.py) and its validation errors; and
sends the signed webhook deliveries Discourse would for every change, whether the change came
through the API or through the Python API below.

In-process, for tests (no port, no thread)::

    sim = Simulator(delivery="queue")          # hold deliveries until the test sends them
    sim.deliver_to(receiver_flask_app)         # deliveries go into the app via werkzeug
    hook = sim.add_webhook("http://circleup.test/webhooks/discourse", "a-long-secret!")
    client = sim.client()                      # DiscourseClient on a Session mounted on the sim
    amara = sim.add_user("amara", user_fields={"1": "Python"})
    post = sim.create_topic("amara", "Learning circle for Python", "Who wants to learn Python with me?",
                            tags=["learningcircles"])
    sim.deliver_pending()                      # user_created, topic_created, post_created → receiver
    client.create_post(post.topic_id, "Welcome! Here are some people to learn with.")
    assert sim.requests[-1].path == "/posts.json"

`DiscourseClient(base_url, key, session=sim.mount(requests.Session()))` is the same wiring done
by hand. Over real HTTP (the demo, process-level tests)::

    with sim.serve_in_thread(port=0) as url:   # werkzeug threaded server on 127.0.0.1
        client = DiscourseClient(url, sim.api_key, "circleup")

Delivery modes: "background" (default: a thread POSTs each delivery over HTTP, in order,
with Discourse's 20 s timeout), "sync" (sent right after the change, in the same thread),
"queue" (`deliver_pending()`, `take_pending()` + `send(event)`, `redeliver(event_id)` for the
same Event-Id, `retry(event_id)` for the same body under a new Event-Id).

Faults: `sim.faults.rate_limit(wait_seconds, times=n)`, `.server_error(times=n, status=502)`,
`.slow(seconds, times=n)`, `.limit_api(per_minute=60, clock=...)`; the duplicate-post window is
`sim.settings.unique_posts_mins` (0 turns it off).

Command line (wired to `circleup simulator --port P` by the CLI)::

    serve(host="127.0.0.1", port=4200, secret=None, bot_username="circleup", *,
          api_key=DEFAULT_API_KEY, webhook_url=None, seed=True, api_rate_limit=60,
          stop=None, on_ready=None)

runs the simulator over HTTP until interrupted, seeded with a small demo community
(`seed_demo_forum`); with `webhook_url` and `secret` it registers a wildcard hook delivering
to circleup. `main(port)` is `serve` with defaults.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from circleup.simulator.core import DEFAULT_API_KEY, RecordedRequest, Simulator, SimulatorError
from circleup.simulator.faults import Faults
from circleup.integration.webhook_events import EVENT_TYPE_IDS
from circleup.simulator.state import CREATE_POST, FULL, READONLY, WHISPER, SiteSettings
from circleup.simulator.webhooks import Delivery, HttpTransport, WebhookEvent, WsgiTransport, sign

__all__ = [
    "CREATE_POST",
    "DEFAULT_API_KEY",
    "Delivery",
    "EVENT_TYPE_IDS",
    "FULL",
    "Faults",
    "HttpTransport",
    "READONLY",
    "RecordedRequest",
    "Simulator",
    "SimulatorError",
    "SiteSettings",
    "WHISPER",
    "WebhookEvent",
    "WsgiTransport",
    "main",
    "seed_demo_forum",
    "serve",
    "sign",
]

log = logging.getLogger(__name__)


def seed_demo_forum(sim: Simulator) -> None:
    """A small community to try circleup on: members with skills, an approvers group and
    a facilitators' category only its group can read."""
    sim.add_user("ruth", name="Ruth Mensah", moderator=True, trust_level=4)
    sim.add_user("amara", name="Amara Okafor", user_fields={"1": "Python, Django", "2": "Rust"},
                 timezone="Africa/Lagos")
    sim.add_user("osioke", name="Osioke Eguavoen", user_fields={"1": "Rust, SQL", "2": "Python"},
                 timezone="Africa/Lagos")
    sim.add_user("lena", name="Lena Park", user_fields={"1": "Statistics", "2": "SQL"}, timezone="Europe/Berlin")
    sim.add_group("approvers", full_name="Application approvers", members=["ruth"])
    sim.add_group("facilitators", full_name="Circle facilitators")
    sim.add_category("Applications", description="Apply to become a facilitator")
    sim.add_category("Learning circles", slug="learning-circles")
    sim.add_category("Facilitators", permissions={"facilitators": FULL, "staff": FULL})


def serve(
    host: str = "127.0.0.1",
    port: int = 4200,
    secret: str | None = None,
    bot_username: str = "circleup",
    *,
    api_key: str = DEFAULT_API_KEY,
    webhook_url: str | None = None,
    seed: bool = True,
    api_rate_limit: int | None = 60,
    stop: threading.Event | None = None,
    on_ready: Callable[[Simulator, str], None] | None = None,
) -> None:
    """Run the simulator over HTTP until interrupted (or until `stop` is set).

    `secret` signs the deliveries to `webhook_url` (a wildcard hook is registered when a URL is
    given). `api_rate_limit` enforces Discourse's default admin API limit of 60 requests a
    minute (None turns it off). `on_ready(sim, base_url)` is called once the port is bound,
    e.g. to print the URL or, in tests, to learn the port chosen for `port=0`.
    """
    from werkzeug.serving import make_server

    sim = Simulator(api_key=api_key, bot_username=bot_username, delivery="background",
                    api_rate_limit=api_rate_limit)
    http = make_server(host, port, sim.app, threaded=True)
    sim.base_url = f"http://{host}:{http.server_port}"  # X-Discourse-Instance of every delivery
    if seed:
        seed_demo_forum(sim)
    if webhook_url:
        sim.add_webhook(webhook_url, secret or "")
    thread = threading.Thread(target=http.serve_forever, name="simulator-http", daemon=True)
    thread.start()
    log.info("Discourse simulator on %s (bot %s)", sim.base_url, bot_username)
    if on_ready is not None:
        on_ready(sim, sim.base_url)
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        http.shutdown()
        http.server_close()
        thread.join(timeout=5)
        sim.close()


def main(port: int = 4200) -> None:
    serve(port=port)
